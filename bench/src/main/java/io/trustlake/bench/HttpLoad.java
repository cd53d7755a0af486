package io.trustlake.bench;

import io.trustlake.auth.AccountRegistration;
import io.trustlake.auth.NewAccount;
import io.trustlake.cli.Consortium;
import io.trustlake.cli.ConsortiumConfig;
import io.trustlake.cli.NodeRuntime;
import io.trustlake.common.crypto.Randomness;
import io.trustlake.common.encoding.Json;
import io.trustlake.contracts.rules.Rule;
import io.trustlake.testkit.ApiClient;
import io.trustlake.testkit.FreePorts;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * Decision latency over HTTP at a fixed, moderate request rate. Starts the demo consortium in this
 * process (three nodes, solo orderer, no Synthea data), registers one patient at {@code hosp-es},
 * creates their rules through the API, then drives {@code GET /health} (the limit: the same HTTP
 * stack doing no work) and {@code POST /api/v1/patients/{id}/decisions} (the decision preview) at
 * the same rate from a few client threads. Latency is measured from each request's scheduled send
 * time, so a stalled server cannot hide queueing (no coordinated omission).
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
            List<byte[]> bodies = previewBodies();
            IntFunction<HttpRequest> health = i ->
                    HttpRequest.newBuilder(URI.create(node + "/health")).GET().build();
            IntFunction<HttpRequest> decisions =
                    i -> HttpRequest.newBuilder(URI.create(node + "/api/v1/patients/" + patientId + "/decisions"))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i % bodies.size())))
                            .build();
            String before = Machine.describe();
            drive(health);
            LatencyRecorder healthLatency = drive(health);
            drive(decisions);
            LatencyRecorder decisionLatency = drive(decisions);
            report(before, healthLatency, decisionLatency);
        } finally {
            deleteRecursively(directory);
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

    private static List<byte[]> previewBodies() {
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

    /** Runs one phase at the configured rate; returns the merged, sorted latencies. */
    private LatencyRecorder drive(IntFunction<HttpRequest> requests) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(settings.threads());
        try {
            long start = System.nanoTime() + 50_000_000L;
            long end = start + settings.seconds() * 1_000_000_000L;
            List<Future<LatencyRecorder>> parts = new ArrayList<>();
            for (int t = 0; t < settings.threads(); t++) {
                int thread = t;
                parts.add(pool.submit(() -> clientLoop(requests, thread, start, end)));
            }
            List<LatencyRecorder> recorded = new ArrayList<>();
            for (Future<LatencyRecorder> part : parts) {
                recorded.add(part.get());
            }
            return LatencyRecorder.merge(recorded);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a client thread failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** One client: sends request k at start + (k × threads + thread) / rate, or at once when late. */
    private LatencyRecorder clientLoop(IntFunction<HttpRequest> requests, int thread, long start, long end) {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        double interval = 1e9 / settings.rate();
        LatencyRecorder recorder = new LatencyRecorder(settings.rate() * settings.seconds() / settings.threads() + 1);
        for (long k = 0; ; k++) {
            long scheduled = start + (long) ((k * settings.threads() + thread) * interval);
            if (scheduled >= end) {
                return recorder;
            }
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            send(client, requests.apply((int) k), scheduled, recorder);
        }
    }

    private static void send(HttpClient client, HttpRequest request, long scheduled, LatencyRecorder recorder) {
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            long latency = System.nanoTime() - scheduled;
            if (response.statusCode() == 200) {
                recorder.record(latency);
            } else {
                recorder.error();
            }
        } catch (IOException e) {
            recorder.error();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            recorder.error();
        }
    }

    private void report(String before, LatencyRecorder health, LatencyRecorder decisions) {
        out.println();
        out.printf(
                "== Decisions over HTTP: %d rules, %d requests/s offered from %d client threads, %d s per phase"
                        + " (after a %d s warm-up) ==%n",
                settings.rules(), settings.rate(), settings.threads(), settings.seconds(), settings.seconds());
        out.println("before: " + before);
        out.println("after:  " + Machine.describe());
        line("limit: GET /health", health);
        line("POST /api/v1/patients/{id}/decisions", decisions);
        out.printf(
                "decisions p99 / target (2 ms) = %.3f; decisions p99 / health p99 = %.1f%n",
                decisions.percentileMicros(99) / 2000, decisions.percentileMicros(99) / health.percentileMicros(99));
    }

    private void line(String name, LatencyRecorder latency) {
        out.printf(
                "%s: %,d ok (%.0f/s achieved), %d errors; p50 %.0f µs, p99 %.0f µs, p99.9 %.0f µs, max %.0f µs%n",
                name,
                latency.count(),
                latency.count() / (double) settings.seconds(),
                latency.errors(),
                latency.percentileMicros(50),
                latency.percentileMicros(99),
                latency.percentileMicros(99.9),
                latency.maxMicros());
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
