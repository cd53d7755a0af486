package io.trustlake.acceptance;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustlake.cli.Demo;
import io.trustlake.contracts.data.DataRecord;
import io.trustlake.contracts.data.DataRecordsContract;
import io.trustlake.lake.Lake;
import io.trustlake.server.NodeServices;
import io.trustlake.testkit.ApiClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code POST /api/v1/organisations/{organisation}/ingest}: an admin hands a running node a FHIR
 * Bundle larger than the API's usual 1 MiB; it lands in the lake, its data record is registered on
 * the ledger once, and everyone else — other roles, other organisations' admins, another node — is
 * refused, as is a malformed bundle, with nothing stored.
 */
@Timeout(240)
class IngestApiIT {
    private static final String PATH = "/api/v1/organisations/hosp-es/ingest";

    /** A Synthea-shaped transaction Bundle of one new patient with {@code observations} vital signs. */
    private static byte[] bundle(String patientUuid, int observations) {
        StringBuilder json = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
        json.append("{\"fullUrl\":\"urn:uuid:")
                .append(patientUuid)
                .append("\",\"resource\":{\"resourceType\":\"Patient\",\"id\":\"")
                .append(patientUuid)
                .append("\",\"gender\":\"female\",\"birthDate\":\"1961-04-12\"},")
                .append("\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}");
        for (int i = 0; i < observations; i++) {
            String id =
                    UUID.nameUUIDFromBytes((patientUuid + i).getBytes(UTF_8)).toString();
            json.append(",{\"fullUrl\":\"urn:uuid:")
                    .append(id)
                    .append("\",\"resource\":{\"resourceType\":\"Observation\",\"id\":\"")
                    .append(id)
                    .append("\",\"status\":\"final\",\"category\":[{\"coding\":[{\"system\":")
                    .append(
                            "\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"vital-signs\"}]}],")
                    .append("\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"8867-4\",")
                    .append(
                            "\"display\":\"Heart rate\"}],\"text\":\"Heart rate\"},\"subject\":{\"reference\":\"urn:uuid:")
                    .append(patientUuid)
                    .append("\"},\"effectiveDateTime\":\"2024-01-")
                    .append(String.format("%02d", 1 + i % 28))
                    .append("T10:00:00Z\",\"valueQuantity\":{\"value\":")
                    .append(60 + i % 40)
                    .append(",\"unit\":\"/min\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"/min\"}},")
                    .append("\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}");
        }
        return json.append("]}").toString().getBytes(UTF_8);
    }

    private static String login(String organisation, String username) {
        return TestConsortium.client(organisation)
                .login(username, TestConsortium.account(organisation, username).password());
    }

    @Test
    void anAdminIngestsABundleIntoTheRunningNodeAndItsDataRecordIsRegisteredOnce() {
        Demo.Running running = TestConsortium.get();
        NodeServices spainNode = running.consortium().node("hosp-es").services();
        ApiClient spain = TestConsortium.client("hosp-es");
        String admin = login("hosp-es", "admin");
        byte[] bundle = bundle(UUID.randomUUID().toString(), 3_000);
        assertThat(bundle.length).isGreaterThan(1024 * 1024);

        ApiClient.Response first = spain.postRaw(PATH + "?sourceSystem=hosp-es-portal", bundle, Optional.of(admin));

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        JsonNode report = first.json();
        String patientId = report.path("patientId").asText();
        assertThat(report.path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(report.path("sourceSystem").asText()).isEqualTo("hosp-es-portal");
        assertThat(report.path("resourceCount").asInt()).isEqualTo(3_001);
        assertThat(report.path("changedCount").asInt()).isEqualTo(3_001);
        assertThat(report.path("registered").asBoolean()).isTrue();
        assertThat(report.at("/ledger/blockNumber").asLong()).isPositive();
        Lake lake = spainNode.lake();
        assertThat(lake.entries(patientId)).hasSize(3_001);
        List<DataRecord> holders =
                DataRecordsContract.holders(spainNode.gateway().state(), patientId);
        assertThat(holders).singleElement().satisfies(record -> {
            assertThat(record.organisation()).isEqualTo("hosp-es");
            assertThat(record.dataHash()).isEqualTo(report.path("dataHash").asText());
        });

        ApiClient.Response again = spain.postRaw(PATH + "?sourceSystem=hosp-es-portal", bundle, Optional.of(admin));

        assertThat(again.status()).as(again.body()).isEqualTo(201);
        assertThat(again.json().path("patientId").asText()).isEqualTo(patientId);
        assertThat(again.json().path("changedCount").asInt()).isZero();
        assertThat(again.json().path("registered").asBoolean()).isFalse();
        assertThat(DataRecordsContract.holders(spainNode.gateway().state(), patientId))
                .hasSize(1);
    }

    @Test
    void onlyTheOrganisationsOwnAdminAtItsOwnNodeMayIngest() {
        ApiClient spain = TestConsortium.client("hosp-es");
        byte[] bundle = bundle(UUID.randomUUID().toString(), 2);
        int patientsBefore = TestConsortium.get()
                .consortium()
                .node("hosp-es")
                .services()
                .lake()
                .patients()
                .size();

        assertThat(spain.postRaw(PATH, bundle, Optional.empty()).status()).isEqualTo(401);
        ApiClient.Response professional = spain.postRaw(PATH, bundle, Optional.of(login("hosp-es", "dr.garcia")));
        assertThat(professional.status()).isEqualTo(403);
        assertThat(professional.json().path("message").asText()).isEqualTo("only an admin of hosp-es ingests its data");
        assertThat(spain.postRaw(PATH, bundle, Optional.of(login("hosp-nl", "admin")))
                        .status())
                .isEqualTo(403);
        ApiClient.Response otherNode =
                spain.postRaw("/api/v1/organisations/hosp-nl/ingest", bundle, Optional.of(login("hosp-nl", "admin")));
        assertThat(otherNode.status()).isEqualTo(403);
        assertThat(otherNode.json().path("message").asText()).contains("use your own node");

        assertThat(TestConsortium.get()
                        .consortium()
                        .node("hosp-es")
                        .services()
                        .lake()
                        .patients())
                .hasSize(patientsBefore);
    }

    @Test
    void aBadBundleIsRefusedWithItsReasonAndNothingIsStored() throws Exception {
        ApiClient spain = TestConsortium.client("hosp-es");
        String admin = login("hosp-es", "admin");
        Lake lake = TestConsortium.get().consortium().node("hosp-es").services().lake();
        int patientsBefore = lake.patients().size();
        byte[] whole = bundle(UUID.randomUUID().toString(), 3);

        ApiClient.Response truncated =
                spain.postRaw(PATH, java.util.Arrays.copyOf(whole, whole.length - 40), Optional.of(admin));
        assertThat(truncated.status()).isEqualTo(400);
        assertThat(truncated.json().path("error").asText()).isEqualTo("INVALID_BUNDLE");
        assertThat(truncated.json().path("message").asText())
                .startsWith("the bundle was rejected and nothing was stored: ");

        ApiClient.Response badSystem = spain.postRaw(PATH + "?sourceSystem=Not%20A%20Slug", whole, Optional.of(admin));
        assertThat(badSystem.status()).isEqualTo(400);
        assertThat(badSystem.json().path("message").asText()).startsWith("sourceSystem must be");

        HttpResponse<String> xml = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(spain.baseUrl() + PATH))
                                .timeout(Duration.ofSeconds(30))
                                .header("Authorization", "Bearer " + admin)
                                .header("Content-Type", "application/fhir+xml")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(whole))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(xml.statusCode()).isEqualTo(400);
        assertThat(xml.body()).contains("application/fhir+json");

        assertThat(lake.patients()).hasSize(patientsBefore);
    }

    @Test
    void aBundleAboveTheLakesLimitIsRefusedBeforeItIsRead() throws Exception {
        ApiClient spain = TestConsortium.client("hosp-es");
        String admin = login("hosp-es", "admin");
        URI base = URI.create(spain.baseUrl());
        long declared = io.trustlake.lake.LakeConfig.DEFAULT_MAX_BUNDLE_BYTES + 1;
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            String head = "POST " + PATH + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + "\r\nAuthorization: Bearer " + admin
                    + "\r\nContent-Type: application/fhir+json\r\nContent-Length: " + declared
                    + "\r\nConnection: close\r\n\r\n{\"resourceType\":\"Bundle\"";
            socket.getOutputStream().write(head.getBytes(UTF_8));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), UTF_8);

            assertThat(answer)
                    .startsWith("HTTP/1.1 413")
                    .contains("PAYLOAD_TOO_LARGE")
                    .contains("larger than this node's limit");
        }
    }
}
