package io.trustlake.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustlake.cli.DemoAccounts.DemoAccount;
import io.trustlake.testkit.ApiClient;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Consent decisions over HTTP: emergency access (justified, logged as an override, the patient told
 * live, the admin reviews), access requests answered by the patient, delegates, changing and
 * restoring rules, and the decision preview.
 */
@Timeout(300)
class EmergencyAndRequestsIT {
    private static DemoAccount patient;
    private static ApiClient patientNode;
    private static String patientToken;
    private static ApiClient spain;

    @BeforeAll
    static void start() {
        List<DemoAccount> patients = TestConsortium.patients();
        patient = patients.get(patients.size() / 2);
        patientNode = TestConsortium.client(patient.organisation());
        patientToken = patientNode.login(patient.username(), patient.password());
        spain = TestConsortium.client("hosp-es");
    }

    private static String login(String organisation, String username) {
        return TestConsortium.client(organisation)
                .login(username, TestConsortium.account(organisation, username).password());
    }

    private static String path(String rest) {
        return "/api/v1/patients/" + patient.patientId() + rest;
    }

    @Test
    void emergencyAccessIsJustifiedLoggedAsOverrideNotifiedAndReviewed() throws Exception {
        String ruiz = login("hosp-es", "dr.ruiz");
        ApiClient.Response unjustified =
                spain.post("/api/v1/records/" + patient.patientId(), Map.of("purpose", "ETREAT"), Optional.of(ruiz));
        assertThat(unjustified.status()).isEqualTo(400);

        CompletableFuture<String> event = listenForEvent(patientNode, patientToken, "access");
        ApiClient.Response emergency = spain.post(
                "/api/v1/records/" + patient.patientId(),
                Map.of("purpose", "ETREAT", "justification", "unconscious after a road accident"),
                Optional.of(ruiz));
        assertThat(emergency.status()).as(emergency.body()).isEqualTo(201);
        assertThat(WalkingSkeletonIT.texts(emergency.json().get("emergencyOverride")))
                .contains("allergies", "medications");
        assertThat(WalkingSkeletonIT.texts(emergency.json().get("released"))).doesNotContain("billing");
        long logIndex = emergency.json().at("/ledger/logIndex").asLong();

        assertThat(event.get(30, TimeUnit.SECONDS))
                .contains("\"emergency\":true")
                .contains("hosp-es:dr.ruiz");
        JsonNode latest = patientNode
                .get(path("/audit"), Optional.of(patientToken))
                .json()
                .get("entries")
                .get(0);
        assertThat(latest.get("logIndex").asLong()).isEqualTo(logIndex);
        assertThat(WalkingSkeletonIT.texts(latest.get("emergencyOverride"))).isNotEmpty();
        assertThat(latest.get("justification").asText()).isEqualTo("unconscious after a road accident");

        String admin = login("hosp-es", "admin");
        assertThat(spain.get("/api/v1/organisations/hosp-es/overrides", Optional.of(ruiz))
                        .status())
                .isEqualTo(403);
        JsonNode overrides = spain.get("/api/v1/organisations/hosp-es/overrides", Optional.of(admin))
                .json()
                .get("overrides");
        assertThat(overrides.findValuesAsText("patientId")).contains(patient.patientId());
        String review = "/api/v1/organisations/hosp-es/overrides/" + logIndex + "/review";
        assertThat(spain.post(review, Map.of("note", "checked with the ward"), Optional.of(admin))
                        .json()
                        .get("reviewedBy")
                        .asText())
                .isEqualTo("hosp-es:admin");
        assertThat(spain.post(review, Map.of("note", "again"), Optional.of(admin))
                        .status())
                .isEqualTo(409);
    }

    @Test
    void patientCanRefuseEmergencyAccessExplicitly() {
        patientNode.post(
                path("/rules"),
                Map.of(
                        "grantee",
                        Map.of("type", "organisation", "id", "hosp-nl"),
                        "tags",
                        List.of("medications"),
                        "effect",
                        "deny",
                        "validUntil",
                        "2099-01-01T00:00:00Z",
                        "purposes",
                        List.of("ETREAT", "BTG")),
                Optional.of(patientToken));
        String bakker = login("hosp-nl", "dr.bakker");
        ApiClient.Response response = TestConsortium.client("hosp-nl")
                .post(
                        "/api/v1/records/" + patient.patientId(),
                        Map.of("purpose", "BTG", "justification", "cardiac arrest"),
                        Optional.of(bakker));
        assertThat(response.status()).isEqualTo(201);
        assertThat(WalkingSkeletonIT.texts(response.json().get("released")))
                .doesNotContain("medications")
                .contains("allergies");
        assertThat(response.json().at("/withheld/medications").asText()).isEqualTo("DENIED_BY_RULE");
    }

    @Test
    void accessRequestIsAnsweredByThePatientAndApprovalCreatesTheRule() {
        String devries = login("hosp-nl", "dr.devries");
        ApiClient netherlands = TestConsortium.client("hosp-nl");
        ApiClient.Response asked = netherlands.post(
                path("/access-requests"),
                Map.of(
                        "tags",
                        List.of("lab-results"),
                        "validUntil",
                        "2099-01-01T00:00:00Z",
                        "reason",
                        "oncology follow-up"),
                Optional.of(devries));
        assertThat(asked.status()).as(asked.body()).isEqualTo(201);
        String requestId = asked.json().at("/request/requestId").asText();
        assertThat(netherlands
                        .get(path("/access-requests"), Optional.of(devries))
                        .status())
                .isEqualTo(403);
        // The request was committed at hosp-nl; the patient's node applies the block a moment later.
        assertThat(pendingAtPatientNode(requestId)).contains(requestId);

        ApiClient.Response approved = patientNode.post(
                path("/access-requests/" + requestId + "/approve"), Map.of(), Optional.of(patientToken));
        assertThat(approved.json().at("/request/status").asText()).isEqualTo("APPROVED");
        String ruleId = approved.json().at("/request/ruleId").asText();
        assertThat(patientNode
                        .get(path("/rules"), Optional.of(patientToken))
                        .json()
                        .get("rules")
                        .findValuesAsText("ruleId"))
                .contains(ruleId);
        ApiClient.Response record = netherlands.post(
                "/api/v1/records/" + patient.patientId(),
                Map.of("purpose", "TREAT", "tags", List.of("lab-results")),
                Optional.of(devries));
        assertThat(record.status()).isEqualTo(201);
        assertThat(patientNode
                        .post(path("/access-requests/" + requestId + "/reject"), Map.of(), Optional.of(patientToken))
                        .status())
                .isEqualTo(409);
        assertThat(netherlands
                        .get("/api/v1/access-requests", Optional.of(devries))
                        .json()
                        .get("requests")
                        .findValuesAsText("status"))
                .contains("APPROVED");
    }

    @Test
    void changedAndRestoredRulesAreNewVersionsAndThePreviewShowsTheEffect() {
        JsonNode created = patientNode
                .post(
                        path("/rules"),
                        Map.of(
                                "grantee",
                                Map.of("type", "professional", "id", "hosp-es:nurse.martinez"),
                                "tags",
                                List.of("immunizations"),
                                "effect",
                                "allow",
                                "validUntil",
                                "2099-01-01T00:00:00Z"),
                        Optional.of(patientToken))
                .json();
        String ruleId = created.get("ruleId").asText();
        Map<String, Object> preview = Map.of(
                "userId",
                "hosp-es:nurse.martinez",
                "departments",
                List.of("hosp-es:cardiology"),
                "purpose",
                "TREAT",
                "tags",
                List.of("immunizations", "procedures"));
        assertThat(WalkingSkeletonIT.texts(patientNode
                        .post(path("/decisions"), preview, Optional.of(patientToken))
                        .json()
                        .get("released")))
                .containsExactly("immunizations");

        ApiClient.Response changed = patientNode.put(
                path("/rules/" + ruleId),
                Map.of(
                        "grantee",
                        Map.of("type", "professional", "id", "hosp-es:nurse.martinez"),
                        "tags",
                        List.of("immunizations", "procedures"),
                        "effect",
                        "allow",
                        "validUntil",
                        "2099-01-01T00:00:00Z"),
                Optional.of(patientToken));
        assertThat(changed.json().get("version").asInt()).isEqualTo(2);
        assertThat(WalkingSkeletonIT.texts(patientNode
                        .post(path("/decisions"), preview, Optional.of(patientToken))
                        .json()
                        .get("released")))
                .containsExactly("immunizations", "procedures");

        ApiClient.Response restored = patientNode.post(
                path("/rules/" + ruleId + "/restore"), Map.of("version", 1), Optional.of(patientToken));
        assertThat(restored.json().get("version").asInt()).isEqualTo(3);
        assertThat(WalkingSkeletonIT.texts(restored.json().at("/rule/tags"))).containsExactly("immunizations");
        assertThat(patientNode
                        .get(path("/rules/" + ruleId + "/history"), Optional.of(patientToken))
                        .json()
                        .get("versions")
                        .size())
                .isEqualTo(3);
        assertThat(patientNode
                        .post(path("/rules/" + ruleId + "/restore"), Map.of("version", 7), Optional.of(patientToken))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aDelegateManagesRulesButAnAdminNeverCan() {
        DemoAccount relative = TestConsortium.patients().stream()
                .filter(p -> p.organisation().equals(patient.organisation())
                        && !p.patientId().equals(patient.patientId()))
                .findFirst()
                .orElseThrow();
        String relativeId = relative.organisation() + ":" + relative.username();
        String relativeToken = patientNode.login(relative.username(), relative.password());
        Map<String, Object> rule = Map.of(
                "grantee",
                Map.of("type", "organisation", "id", "hosp-es"),
                "tags",
                List.of("vital-signs"),
                "effect",
                "allow",
                "validUntil",
                "2099-01-01T00:00:00Z");
        assertThat(patientNode
                        .post(path("/rules"), rule, Optional.of(relativeToken))
                        .status())
                .isEqualTo(403);
        assertThat(patientNode
                        .post(path("/delegates"), Map.of("userId", relativeId), Optional.of(patientToken))
                        .status())
                .isEqualTo(200);
        assertThat(patientNode
                        .post(path("/rules"), rule, Optional.of(relativeToken))
                        .status())
                .isEqualTo(201);
        assertThat(patientNode
                        .post(path("/delegates"), Map.of("userId", "hosp-es:someone"), Optional.of(relativeToken))
                        .status())
                .isEqualTo(403);
        assertThat(patientNode
                        .delete(path("/delegates/" + relativeId), Optional.of(patientToken))
                        .status())
                .isEqualTo(200);
        assertThat(patientNode
                        .post(path("/rules"), rule, Optional.of(relativeToken))
                        .status())
                .isEqualTo(403);
        String admin = login(patient.organisation(), "admin");
        assertThat(patientNode.post(path("/rules"), rule, Optional.of(admin)).status())
                .isEqualTo(403);
    }

    /** Subscribes to the node's server-sent events and completes with the data of the first event of that name. */
    private static CompletableFuture<String> listenForEvent(ApiClient node, String token, String name)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.baseUrl() + "/api/v1/events"))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(60))
                .build();
        HttpResponse<InputStream> response =
                HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        awaitReady(lines);
        return CompletableFuture.supplyAsync(() -> readEvent(lines, name));
    }

    /** The patient's node's list of requests, once it holds {@code requestId} (or after 30 s). */
    private List<String> pendingAtPatientNode(String requestId) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (true) {
            List<String> ids = patientNode
                    .get(path("/access-requests"), Optional.of(patientToken))
                    .json()
                    .get("requests")
                    .findValuesAsText("requestId");
            if (ids.contains(requestId) || System.nanoTime() > deadline) {
                return ids;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    private static void awaitReady(BufferedReader lines) throws java.io.IOException {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.startsWith("data:")) {
                return;
            }
        }
    }

    private static String readEvent(BufferedReader lines, String name) {
        try (lines) {
            boolean wanted = false;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("event:")) {
                    wanted = line.substring(6).trim().equals(name);
                } else if (wanted && line.startsWith("data:")) {
                    return line.substring(5).trim();
                }
            }
            return "";
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
