package io.trustlake.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustlake.cli.DataLayout;
import io.trustlake.cli.Main;
import io.trustlake.common.encoding.Json;
import io.trustlake.testkit.ApiClient;
import io.trustlake.testkit.FreePorts;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A three-organisation consortium founded with {@code trustlake init}, each node a separate OS
 * process started with {@code trustlake node}. Patients change rules over HTTP while one node is
 * killed with SIGKILL (once the Raft leader, once a follower) or cut off from the others' Raft
 * traffic by a blocked port; once it is back, every acknowledged change is on the ledger and all
 * three nodes report the same head (height and hash). A patient whose own hospital's node is down
 * changes rules through another member's node with the ledger proof from their sign-in.
 */
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RaftConsortiumProcessesIT {
    private static final List<String> ORGS = List.of("hosp-a", "hosp-b", "hosp-c");

    private Path dir;

    private final Map<String, Process> processes = new ConcurrentHashMap<>();
    private final Map<String, ApiClient> clients = new LinkedHashMap<>();
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private final Map<String, String> patients = new LinkedHashMap<>();
    private TcpProxy proxyToC;
    private Path consortium;

    @BeforeAll
    void foundConsortium() throws IOException {
        dir = Files.createTempDirectory("trustlake-raft-processes");
        int http = FreePorts.consecutive(3);
        int raft = FreePorts.consecutive(3);
        consortium = dir.resolve("consortium");
        List<String> args = new ArrayList<>(List.of("init", "--dir", consortium.toString(), "--sample-patients", "1"));
        for (int i = 0; i < 3; i++) {
            args.add("--node");
            args.add(ORGS.get(i) + "=127.0.0.1:" + (http + i) + ":" + (raft + i));
            clients.put(ORGS.get(i), new ApiClient("http://127.0.0.1:" + (http + i)));
        }
        StringWriter out = new StringWriter();
        assertThat(Main.commandLine().setOut(new PrintWriter(out)).execute(args.toArray(String[]::new)))
                .isZero();
        // hosp-c's Raft peer listens on a private port; the others reach it through a proxy on its
        // advertised port, which the test can cut.
        int hidden = FreePorts.consecutive(1);
        Path configC = consortium.resolve("hosp-c.json");
        com.fasterxml.jackson.databind.node.ObjectNode config =
                (com.fasterxml.jackson.databind.node.ObjectNode) Json.tree(Files.readAllBytes(configC));
        config.put("raftListenPort", hidden);
        Files.write(configC, Json.encode(config));
        proxyToC = new TcpProxy(raft + 2, hidden);
        for (JsonNode account : Json.tree(Files.readAllBytes(consortium.resolve("sample-accounts.json")))) {
            patients.put(
                    account.get("organisation").asText(),
                    account.get("patientId").asText());
        }
        ORGS.forEach(this::launchNode);
        ORGS.forEach(this::awaitHealthy);
        for (JsonNode account : Json.tree(Files.readAllBytes(consortium.resolve("sample-accounts.json")))) {
            String org = account.get("organisation").asText();
            tokens.put(
                    org,
                    clients.get(org)
                            .login(
                                    account.get("username").asText(),
                                    account.get("password").asText()));
        }
    }

    @AfterAll
    void stopAll() throws IOException {
        for (Process process : processes.values()) {
            try {
                process.destroyForcibly().waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (proxyToC != null) {
            proxyToC.close();
        }
        try (var walk = Files.walk(dir)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Test
    void killedLeaderCatchesUpAndNoAcknowledgedChangeIsLost() throws Exception {
        String leader = awaitLeader();
        runStreamWith(leader, () -> {
            processes.remove(leader).destroyForcibly().waitFor();
            pause(3_000);
            startNode(leader);
        });
    }

    @Test
    void killedFollowerCatchesUpAndNoAcknowledgedChangeIsLost() throws Exception {
        String leader = awaitLeader();
        String follower =
                ORGS.stream().filter(o -> !o.equals(leader)).findFirst().orElseThrow();
        runStreamWith(follower, () -> {
            processes.remove(follower).destroyForcibly().waitFor();
            pause(3_000);
            startNode(follower);
        });
    }

    @Test
    void cutOffNodeRejoinsAndCatchesUp() throws Exception {
        awaitLeader();
        runStreamWith("hosp-c", () -> {
            proxyToC.cut();
            pause(5_000);
            proxyToC.restore();
        });
    }

    @Test
    void patientChangesRulesThroughAnotherNodeWhileTheirOwnNodeIsDown() throws Exception {
        awaitLeader();
        String home = "hosp-a";
        String other = "hosp-b";
        String patientId = patients.get(home);
        ApiClient.Session session = clients.get(home).signIn("patient1", passwordOf(home));
        ApiClient.Session stranger = clients.get("hosp-c").signIn("patient1", passwordOf("hosp-c"));
        assertThat(session.ledgerProof()).isNotBlank();
        processes.remove(home).destroyForcibly().waitFor();

        ApiClient.Response withoutProof = ruleThrough(other, session.token(), Map.of(), patientId);
        assertThat(withoutProof.status()).isEqualTo(403);
        assertThat(withoutProof.json().get("message").asText()).contains(LEDGER_PROOF);
        ApiClient.Response othersProof =
                ruleThrough(other, session.token(), Map.of(LEDGER_PROOF, stranger.ledgerProof()), patientId);
        assertThat(othersProof.status()).isEqualTo(401);
        assertThat(clients.get(other)
                        .get("/api/v1/patients/" + patientId + "/rules", Optional.of(session.ledgerProof()))
                        .status())
                .as("a ledger proof is no access token")
                .isEqualTo(401);

        Map<String, String> proof = Map.of(LEDGER_PROOF, session.ledgerProof());
        ApiClient.Response created = ruleThrough(other, session.token(), proof, patientId);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String ruleId = created.json().get("ruleId").asText();
        long logIndex = created.json().get("ledger").get("logIndex").asLong();
        ApiClient.Response revoked = clients.get(other)
                .send(
                        "DELETE",
                        "/api/v1/patients/" + patientId + "/rules/" + ruleId,
                        null,
                        Optional.of(session.token()),
                        proof);
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);

        // The home node comes back, catches up, and has the change, signed by the other node.
        startNode(home);
        awaitSameHeads();
        JsonNode rules = clients.get(home)
                .get("/api/v1/patients/" + patientId + "/rules", Optional.of(session.token()))
                .json()
                .get("rules");
        assertThat(rules.findValuesAsText("ruleId")).contains(ruleId);
        JsonNode entry = clients.get(home)
                .get("/api/v1/ledger/entries/" + logIndex, Optional.of(session.token()))
                .json();
        assertThat(entry.get("transaction").get("signer").asText()).isEqualTo(other);
        assertThat(entry.get("transaction").get("submitter").get("userId").asText())
                .isEqualTo(home + ":patient1");
        assertThat(entry.get("outcome").asText()).isEqualTo("VALID");

        // The home node's stored copy passes the offline verification, which checks the proof again.
        processes.remove(home).destroyForcibly().waitFor();
        Path copy = dir.resolve("verify-" + home);
        copyTree(new DataLayout(consortium).ledger(home), new DataLayout(copy).ledger(home));
        startNode(home);
        StringWriter out = new StringWriter();
        int exit = Main.commandLine().setOut(new PrintWriter(out)).execute("verify", "--data", copy.toString());
        assertThat(exit).as(out.toString()).isZero();
        awaitSameHeads();
    }

    private static final String LEDGER_PROOF = "Trustlake-Ledger-Proof";

    private ApiClient.Response ruleThrough(String org, String token, Map<String, String> headers, String patientId) {
        return clients.get(org)
                .send(
                        "POST",
                        "/api/v1/patients/" + patientId + "/rules",
                        Map.of(
                                "grantee",
                                Map.of("type", "organisation", "id", "hosp-c"),
                                "tags",
                                List.of("allergies"),
                                "effect",
                                "allow",
                                "validUntil",
                                "2099-01-01T00:00:00Z"),
                        Optional.of(token),
                        headers);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    /** A fault that happens while changes stream in. */
    @FunctionalInterface
    interface Fault {
        void inject() throws Exception;
    }

    /**
     * Submits rule changes from the patients of the nodes other than {@code victim} on two threads,
     * injects the fault in the middle, keeps submitting a while, then checks the outcome.
     */
    private void runStreamWith(String victim, Fault fault) throws Exception {
        List<String> writers = ORGS.stream().filter(o -> !o.equals(victim)).toList();
        Map<String, List<String>> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (String org : writers) {
            acknowledged.put(org, java.util.Collections.synchronizedList(new ArrayList<>()));
            Thread thread = new Thread(() -> {
                for (int i = 0; running.get(); i++) {
                    createRule(org, i).ifPresent(acknowledged.get(org)::add);
                }
            });
            threads.add(thread);
            thread.start();
        }
        pause(2_000);
        fault.inject();
        pause(3_000);
        running.set(false);
        for (Thread thread : threads) {
            thread.join(120_000);
        }
        assertThat(acknowledged.values().stream().mapToInt(List::size).sum()).isGreaterThan(10);
        awaitSameHeads();
        for (String org : writers) {
            JsonNode rules = clients.get(org)
                    .get("/api/v1/patients/" + patients.get(org) + "/rules", Optional.of(tokens.get(org)))
                    .json()
                    .get("rules");
            assertThat(rules.findValuesAsText("ruleId")).containsAll(acknowledged.get(org));
        }
        // The victim serves its own patient again, with the same ledger.
        String victimPatient = patients.get(victim);
        String token = clients.get(victim).login("patient1", passwordOf(victim));
        assertThat(createRuleWith(victim, token, victimPatient, 0)).isPresent();
        awaitSameHeads();
    }

    private Optional<String> createRule(String org, int i) {
        return createRuleWith(org, tokens.get(org), patients.get(org), i);
    }

    private Optional<String> createRuleWith(String org, String token, String patientId, int i) {
        ApiClient.Response response = clients.get(org)
                .post(
                        "/api/v1/patients/" + patientId + "/rules",
                        Map.of(
                                "grantee",
                                Map.of("type", "organisation", "id", ORGS.get(i % 3)),
                                "tags",
                                List.of(i % 2 == 0 ? "allergies" : "medications"),
                                "effect",
                                "allow",
                                "validUntil",
                                "2099-01-01T00:00:00Z"),
                        Optional.of(token));
        return response.status() == 201
                ? Optional.of(response.json().get("ruleId").asText())
                : Optional.empty();
    }

    private String passwordOf(String org) throws IOException {
        for (JsonNode account : Json.tree(Files.readAllBytes(consortium.resolve("sample-accounts.json")))) {
            if (account.get("organisation").asText().equals(org)) {
                return account.get("password").asText();
            }
        }
        throw new AssertionError("no sample account at " + org);
    }

    private void startNode(String org) {
        launchNode(org);
        awaitHealthy(org);
    }

    private void launchNode(String org) {
        try {
            Path log = dir.resolve(org + ".log");
            ProcessBuilder builder = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx512m",
                            "-Dtrustlake.log.file=" + dir.resolve(org + "-trustlake.log"),
                            "-cp",
                            System.getProperty("java.class.path"),
                            Main.class.getName(),
                            "node",
                            "--config",
                            consortium.resolve(org + ".json").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            processes.put(org, builder.start());
        } catch (IOException e) {
            throw new AssertionError("cannot start " + org, e);
        }
    }

    private void awaitHealthy(String org) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (health(org).isPresent()) {
                return;
            }
            pause(200);
        }
        throw new AssertionError(org + " did not come up");
    }

    private Optional<JsonNode> health(String org) {
        try {
            ApiClient.Response response = clients.get(org).get("/health", Optional.empty());
            return response.status() == 200 ? Optional.of(response.json()) : Optional.empty();
        } catch (AssertionError e) {
            return Optional.empty();
        }
    }

    private String awaitLeader() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (String org : ORGS) {
                if (health(org)
                        .map(h -> h.get("ordererRole").asText())
                        .orElse("")
                        .equals("leader")) {
                    return org;
                }
            }
            pause(200);
        }
        throw new AssertionError("no Raft leader was elected");
    }

    private void awaitSameHeads() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<String> heads = List.of();
        while (System.nanoTime() < deadline) {
            heads = ORGS.stream()
                    .map(o -> health(o)
                            .map(h -> h.get("ledgerHeight").asLong() + "/"
                                    + h.get("ledgerHead").asText())
                            .orElse("down"))
                    .toList();
            if (!heads.contains("down") && heads.stream().distinct().count() == 1) {
                return;
            }
            pause(250);
        }
        throw new AssertionError("the nodes' heads differ: " + heads);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
