package io.trustlake.bench;

import io.trustlake.auth.AccountRegistration;
import io.trustlake.auth.NewAccount;
import io.trustlake.cli.Consortium;
import io.trustlake.cli.ConsortiumConfig;
import io.trustlake.cli.NodeRuntime;
import io.trustlake.common.crypto.Randomness;
import io.trustlake.common.encoding.Json;
import io.trustlake.common.files.DirectoryTrees;
import io.trustlake.contracts.rules.Rule;
import io.trustlake.testkit.ApiClient;
import io.trustlake.testkit.FreePorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decision latency over HTTP at a fixed, moderate request rate. Starts the demo consortium in this
 * process (three nodes on Raft, no Synthea data), registers one patient at {@code hosp-es},
 * creates their rules through the API, then runs {@link HttpDriver} in a JVM of its own, which
 * drives {@code GET /health} (the limit: the same HTTP stack doing no work) and {@code POST
 * /api/v1/patients/{id}/decisions} (the decision preview) at the same rate from a few client
 * threads. Latency is measured from each request's scheduled send time, so a stalled server cannot
 * hide queueing (no coordinated omission).
 */
final class HttpLoad {
    /** Requests per second, seconds per phase (after as long a warm-up), client threads, rules. */
    record Settings(int rate, int seconds, int threads, int rules) {}

    /** The body of a decision preview. */
    record PreviewBody(String userId, String role, List<String> departments, String purpose, List<String> tags) {}

    /** A rule as the API takes it. */
    record RuleBody(
            Map<String, String> grantee,
            List<String> tags,
            String effect,
            Instant validFrom,
            Instant validUntil,
            List<String> purposes) {}

    private static final String HOSPITAL = "hosp-es";

    private final Settings settings;
    private final PrintStream out;

    HttpLoad(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    void run() throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("trustlake-bench-http");
        try (Consortium consortium = Consortium.open(ConsortiumConfig.of(directory, FreePorts.consecutive(3)))) {
            String node = consortium.startServers().get(HOSPITAL);
            String patientId = SyntheticRules.patientId(new Xorshift(Randomness.nextInt(Integer.MAX_VALUE)));
            String token = registerAndSignIn(consortium.node(HOSPITAL), new ApiClient(node), patientId);
            createRules(new ApiClient(node), patientId, token);
            String before = Machine.describe();
            List<HttpDriver.Result> results;
            try (FloorResponder floor = new FloorResponder()) {
                results = runDriver(node, floor.url(), patientId, token);
            }
            report(before, results);
        } finally {
            DirectoryTrees.delete(directory);
        }
    }

    private String registerAndSignIn(NodeRuntime node, ApiClient client, String patientId) {
        String password = "tl-" + Randomness.token(16);
        new AccountRegistration(
                        node.services().accounts(),
                        node.hasher(),
                        node.services().clock())
                .register(NewAccount.patient(HOSPITAL, "bench-patient", "Bench Patient", patientId), password);
        return client.login("bench-patient", password);
    }

    private void createRules(ApiClient client, String patientId, String token) {
        Xorshift random = new Xorshift(11);
        Instant now = Instant.now();
        long started = System.nanoTime();
        for (int i = 0; i < settings.rules(); i++) {
            Rule rule = SyntheticRules.rule(patientId, random, now);
            RuleBody body = new RuleBody(
                    Map.of(
                            "type",
                            rule.grantee().type().json(),
                            "id",
                            rule.grantee().id()),
                    rule.tags(),
                    rule.effect().json(),
                    rule.validFrom(),
                    rule.validUntil(),
                    rule.purposes());
            ApiClient.Response response =
                    client.post("/api/v1/patients/" + patientId + "/rules", body, Optional.of(token));
            if (response.status() != 201) {
                throw new IllegalStateException("creating a rule failed: " + response.status() + " " + response.body());
            }
        }
        out.printf(
                "created %d rules through the API in %.1f s%n", settings.rules(), (System.nanoTime() - started) / 1e9);
    }

    static List<byte[]> previewBodies() {
        Xorshift random = new Xorshift(13);
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            var requester = SyntheticRules.professional(random);
            String purpose = i % 8 == 0 ? "ETREAT" : "TREAT";
            List<String> tags = i % 2 == 0 ? List.of() : SyntheticRules.tags(random);
            bodies.add(Json.encode(
                    new PreviewBody(requester.userId(), "PROFESSIONAL", requester.departments(), purpose, tags)));
        }
        return bodies;
    }

    /**
     * Runs the load driver in a JVM of its own (same class path, small heap, serial collector) and
     * collects its {@code RESULT} lines; its other output is passed through.
     */
    private List<HttpDriver.Result> runDriver(String node, String floor, String patientId, String token)
            throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(
                        java.toString(),
                        "-Xms128m",
                        "-Xmx128m",
                        "-XX:+UseSerialGC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        HttpDriver.class.getName(),
                        node,
                        floor,
                        patientId,
                        Integer.toString(settings.rate()),
                        Integer.toString(settings.seconds()),
                        Integer.toString(settings.threads()))
                .redirectErrorStream(true);
        builder.environment().put(HttpDriver.TOKEN_VARIABLE, token);
        Process driver = builder.start();
        List<HttpDriver.Result> results = new ArrayList<>();
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(driver.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("RESULT ")) {
                    results.add(HttpDriver.Result.parse(line));
                } else {
                    out.println("driver: " + line);
                }
            }
        }
        int exit = driver.waitFor();
        if (exit != 0 || results.size() != 3) {
            throw new IllegalStateException(
                    "the load driver failed (exit " + exit + ", " + results.size() + " results)");
        }
        return results;
    }

    private void report(String before, List<HttpDriver.Result> results) {
        HttpDriver.Result floor = results.get(0);
        HttpDriver.Result health = results.get(1);
        HttpDriver.Result decisions = results.get(2);
        out.println();
        out.printf(
                "== Decisions over HTTP: %d rules, %d requests/s of each kind offered, interleaved, from %d client"
                        + " threads in their own JVM, %d s (after a warm-up as long) ==%n",
                settings.rules(), settings.rate(), settings.threads(), settings.seconds());
        out.println("before: " + before);
        out.println("after:  " + Machine.describe());
        line("floor: a bare socket responder in the nodes' JVM", floor);
        line("limit: GET /health", health);
        line("POST /api/v1/patients/{id}/decisions", decisions);
        out.printf(
                "decisions p99 / target (2 ms) = %.3f; decisions p99 / health p99 = %.1f; decisions p99 / floor p99"
                        + " = %.1f; floor p99 / target = %.2f%n",
                decisions.p99() / 2000,
                decisions.p99() / health.p99(),
                decisions.p99() / floor.p99(),
                floor.p99() / 2000);
    }

    private void line(String name, HttpDriver.Result latency) {
        out.printf(
                "%s: %,d ok (%.0f/s achieved), %d errors; p50 %.0f µs, p99 %.0f µs, p99.9 %.0f µs, max %.0f µs"
                        + " (client timer lateness p99 %.0f µs, not counted)%n",
                name,
                latency.count(),
                latency.count() / (double) settings.seconds(),
                latency.errors(),
                latency.p50(),
                latency.p99(),
                latency.p999(),
                latency.max(),
                latency.timerP99());
    }
}
