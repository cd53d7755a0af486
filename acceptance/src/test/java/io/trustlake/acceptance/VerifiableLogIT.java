package io.trustlake.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustlake.cli.DemoAccounts;
import io.trustlake.cli.NodeKeys;
import io.trustlake.common.crypto.Ed25519;
import io.trustlake.common.crypto.Hex;
import io.trustlake.common.encoding.Base64Url;
import io.trustlake.common.encoding.Json;
import io.trustlake.ledger.core.LogVerifier;
import io.trustlake.server.NodeServices;
import io.trustlake.server.ServerConfig;
import io.trustlake.server.log.Cosigning;
import io.trustlake.server.log.LogReader;
import io.trustlake.server.log.Witnesses;
import io.trustlake.testkit.ApiClient;
import io.trustlake.testkit.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The verifiable log over HTTP: checkpoints cosigned by every organisation's node, inclusion and
 * consistency proofs that check with the RFC 9162 algorithms against a checkpoint, entries that
 * hash to their leaves, who may read what, and a witness that refuses a root it does not have.
 */
@Timeout(180)
class VerifiableLogIT {
    private static DemoAccounts.DemoAccount patient;
    private static ApiClient node;
    private static String patientToken;

    @BeforeAll
    static void start() {
        patient = TestConsortium.patients().get(TestConsortium.patients().size() - 1);
        node = TestConsortium.client(patient.organisation());
        patientToken = node.login(patient.username(), patient.password());
        ApiClient spain = TestConsortium.client("hosp-es");
        String doctor = spain.login(
                "dr.garcia", TestConsortium.account("hosp-es", "dr.garcia").password());
        spain.post("/api/v1/records/" + patient.patientId(), Map.of("purpose", "TREAT"), Optional.of(doctor));
    }

    private static JsonNode get(String path) {
        ApiClient.Response response = node.get(path, Optional.of(patientToken));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    @Test
    void checkpointIsSignedByEveryOrganisationsNode() {
        JsonNode checkpoint = get("/api/v1/ledger/checkpoint");
        assertThat(checkpoint.get("complete").asBoolean()).isTrue();
        String text = checkpoint.get("signedText").asText();
        assertThat(text)
                .isEqualTo(
                        "trustlake-checkpoint/v1\n" + checkpoint.get("origin").asText() + "\n"
                                + checkpoint.get("size").asLong() + "\n"
                                + checkpoint.get("root").asText() + "\n"
                                + checkpoint.get("time").asText() + "\n");
        List<String> organisations = new ArrayList<>();
        for (JsonNode signature : checkpoint.get("signatures")) {
            organisations.add(signature.get("organisation").asText());
            assertThat(signature.get("status").asText()).isEqualTo("SIGNED");
            assertThat(Ed25519.verify(
                            Hex.decode(signature.get("publicKey").asText()),
                            text.getBytes(StandardCharsets.UTF_8),
                            Base64Url.decode(signature.get("signature").asText())))
                    .isTrue();
        }
        assertThat(organisations).containsExactlyInAnyOrder("hosp-es", "hosp-nl", "research-se");
    }

    @Test
    void auditEntriesAreProvablyInTheCheckpointedLog() {
        JsonNode checkpoint = get("/api/v1/ledger/checkpoint");
        long size = checkpoint.get("size").asLong();
        byte[] root = Hex.decode(checkpoint.get("root").asText());
        JsonNode audit = get("/api/v1/patients/" + patient.patientId() + "/audit");
        assertThat(audit.get("entries")).isNotEmpty();
        for (JsonNode entry : audit.get("entries")) {
            long index = entry.get("logIndex").asLong();
            if (index >= size) {
                continue;
            }
            JsonNode proof = get("/api/v1/ledger/proofs/inclusion?index=" + index + "&size=" + size);
            JsonNode stored = get("/api/v1/ledger/entries/" + index);
            byte[] leaf =
                    LogVerifier.leafHash(Base64Url.decode(stored.get("entry").asText()));
            assertThat(Hex.encode(leaf)).isEqualTo(proof.get("leafHash").asText());
            assertThat(LogVerifier.inclusionValid(index, size, leaf, hashes(proof.get("proof")), root))
                    .isTrue();
            assertThat(stored.get("transaction").get("type").asText()).isEqualTo("access.record");
        }
    }

    @Test
    void consistencyProofLinksAnEarlierCheckpointToALaterOne() {
        JsonNode latest = get("/api/v1/ledger/checkpoint");
        long to = latest.get("size").asLong();
        long from = Math.max(1, to / 3);
        JsonNode proof = get("/api/v1/ledger/proofs/consistency?from=" + from + "&to=" + to);
        assertThat(proof.get("toRoot").asText()).isEqualTo(latest.get("root").asText());
        assertThat(LogVerifier.consistencyValid(
                        from,
                        to,
                        Hex.decode(proof.get("fromRoot").asText()),
                        Hex.decode(latest.get("root").asText()),
                        hashes(proof.get("proof"))))
                .isTrue();
    }

    @Test
    void badOrOutOfRangeParametersGetPreciseErrors() {
        long size = get("/api/v1/ledger/checkpoint").get("size").asLong();
        Optional<String> token = Optional.of(patientToken);
        assertThat(node.get("/api/v1/ledger/proofs/inclusion?index=abc&size=3", token)
                        .status())
                .isEqualTo(400);
        assertThat(node.get("/api/v1/ledger/proofs/inclusion?size=3", token).status())
                .isEqualTo(400);
        assertThat(node.get("/api/v1/ledger/proofs/inclusion?index=5&size=5", token)
                        .status())
                .isEqualTo(400);
        assertThat(node.get("/api/v1/ledger/proofs/inclusion?index=0&size=" + (size + 1000), token)
                        .status())
                .isEqualTo(404);
        assertThat(node.get("/api/v1/ledger/proofs/consistency?from=0&to=3", token)
                        .status())
                .isEqualTo(400);
        assertThat(node.get("/api/v1/ledger/proofs/consistency?from=4&to=3", token)
                        .status())
                .isEqualTo(400);
        assertThat(node.get("/api/v1/ledger/proofs/consistency?from=1&to=" + (size + 1000), token)
                        .status())
                .isEqualTo(404);
        assertThat(node.get("/api/v1/ledger/entries/" + (size + 1000), token).status())
                .isEqualTo(404);
        assertThat(node.get("/api/v1/ledger/entries/-1", token).status()).isEqualTo(400);
        assertThat(node.get("/api/v1/ledger/checkpoint", Optional.empty()).status())
                .isEqualTo(401);
    }

    @Test
    void patientsReadOnlyEntriesAboutThemselvesWhileAuditorsAndAdminsReadAny() {
        Optional<String> token = Optional.of(patientToken);
        ApiClient.Response genesis = node.get("/api/v1/ledger/entries/0", token);
        assertThat(genesis.status()).isEqualTo(403);
        assertThat(genesis.json().get("error").asText()).isEqualTo("FORBIDDEN");
        ApiClient spain = TestConsortium.client("hosp-es");
        String admin =
                spain.login("admin", TestConsortium.account("hosp-es", "admin").password());
        assertThat(spain.get("/api/v1/ledger/entries/0", Optional.of(admin)).status())
                .isEqualTo(200);
    }

    @Test
    void witnessRefusesARootItDoesNotHaveAndRejectsUnsignedRequests() throws Exception {
        JsonNode checkpoint = get("/api/v1/ledger/checkpoint");
        NodeKeys spainKeys =
                NodeKeys.loadOrCreate(TestConsortium.get().consortium().layout().keys("hosp-es"), "hosp-es");
        String wrongRoot = "ab".repeat(32);
        Cosigning.Request request = new Cosigning.Request(
                checkpoint.get("origin").asText(), checkpoint.get("size").asLong(), wrongRoot, Instant.now());
        String netherlands = TestConsortium.get().endpoints().get("hosp-nl");
        assertThat(cosign(netherlands, request, Optional.of(spainKeys.node()))).isEqualTo(409);
        assertThat(cosign(netherlands, request, Optional.empty())).isEqualTo(401);
        Cosigning.Request right = new Cosigning.Request(
                checkpoint.get("origin").asText(),
                checkpoint.get("size").asLong(),
                checkpoint.get("root").asText(),
                Instant.now());
        assertThat(cosign(netherlands, right, Optional.of(spainKeys.node()))).isEqualTo(200);
    }

    @Test
    void anUnreachableNodeIsListedAsMissingNotOmitted() {
        NodeServices spain = TestConsortium.get().consortium().node("hosp-es").services();
        int closedPort = FreePorts.consecutive(1);
        ServerConfig config =
                ServerConfig.defaults(0).withPeerEndpoints(Map.of("hosp-nl", "http://127.0.0.1:" + closedPort));
        Witnesses witnesses = new Witnesses(
                spain,
                new LogReader(spain.gateway().peer().store()),
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(),
                config);
        Witnesses.Cosigned cosigned = witnesses.current();
        assertThat(cosigned.complete()).isFalse();
        assertThat(cosigned.signatures())
                .extracting(Witnesses.Signature::organisation, Witnesses.Signature::status)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("hosp-es", Witnesses.Status.SIGNED),
                        org.assertj.core.groups.Tuple.tuple("hosp-nl", Witnesses.Status.MISSING),
                        org.assertj.core.groups.Tuple.tuple("research-se", Witnesses.Status.SIGNED));
    }

    private static int cosign(String endpoint, Cosigning.Request request, Optional<Ed25519.KeyPair> key)
            throws Exception {
        long now = System.currentTimeMillis();
        byte[] signed = Cosigning.SignedRequest.of("hosp-es", request, now).bytes();
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(endpoint + Cosigning.PATH))
                .header("Content-Type", "application/json")
                .header("X-Trustlake-Node", "hosp-es")
                .header("X-Trustlake-Timestamp", Long.toString(now))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.encode(request)));
        key.ifPresent(k -> builder.header("X-Trustlake-Signature", Base64Url.encode(k.sign(signed))));
        return HttpClient.newHttpClient()
                .send(builder.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static List<byte[]> hashes(JsonNode array) {
        List<byte[]> out = new ArrayList<>();
        array.forEach(h -> out.add(Hex.decode(h.asText())));
        return out;
    }
}
