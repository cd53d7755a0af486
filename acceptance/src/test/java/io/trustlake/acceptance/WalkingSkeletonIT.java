package io.trustlake.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustlake.cli.DemoAccounts.DemoAccount;
import io.trustlake.testkit.ApiClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The walking skeleton over HTTP against a running demo-like consortium: a patient grants, a
 * professional reads the record assembled from both hospitals, the patient sees it in the audit
 * trail; refusals, deny-over-allow, organisation-wide grants, expiry and revocation.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(300)
class WalkingSkeletonIT {
    private static DemoAccount patient;
    private static ApiClient patientNode;
    private static String patientToken;
    private static ApiClient spain;
    private static ApiClient netherlands;
    private static String cardiologyRuleId;

    @BeforeAll
    static void start() {
        patient = TestConsortium.patientAtBothHospitals();
        patientNode = TestConsortium.client(patient.organisation());
        spain = TestConsortium.client("hosp-es");
        netherlands = TestConsortium.client("hosp-nl");
        patientToken = patientNode.login(patient.username(), patient.password());
    }

    /** The patient's audit trail, newest entry first. */
    private static JsonNode auditTrail() {
        return patientNode
                .get("/api/v1/patients/" + patient.patientId() + "/audit", Optional.of(patientToken))
                .json()
                .get("entries");
    }

    private static String rules() {
        return "/api/v1/patients/" + patient.patientId() + "/rules";
    }

    private static Map<String, Object> rule(
            String type, String id, String effect, List<String> tags, String from, String until) {
        return Map.of(
                "grantee",
                Map.of("type", type, "id", id),
                "tags",
                tags,
                "effect",
                effect,
                "validFrom",
                from,
                "validUntil",
                until);
    }

    private static String token(ApiClient node, String organisation, String username) {
        return node.login(
                username, TestConsortium.account(organisation, username).password());
    }

    private static ApiClient.Response requestRecord(ApiClient node, String token) {
        return node.post("/api/v1/records/" + patient.patientId(), Map.of("purpose", "TREAT"), Optional.of(token));
    }

    @Test
    @Order(1)
    void patientCreatesRuleAndGetsItsLedgerPosition() {
        ApiClient.Response created = patientNode.post(
                rules(),
                rule(
                        "department",
                        "hosp-es:cardiology",
                        "allow",
                        List.of("allergies", "conditions", "demographics", "medications"),
                        "2020-01-01T00:00:00Z",
                        "2099-01-01T00:00:00Z"),
                Optional.of(patientToken));
        assertThat(created.status()).isEqualTo(201);
        cardiologyRuleId = created.json().get("ruleId").asText();
        assertThat(created.json().at("/ledger/logIndex").asLong()).isPositive();
        ApiClient.Response listed = patientNode.get(rules(), Optional.of(patientToken));
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().get("rules").findValuesAsText("ruleId")).contains(cardiologyRuleId);
    }

    @Test
    @Order(2)
    void professionalOfGrantedDepartmentGetsRecordFromBothHospitalsOnce() {
        String token = token(spain, "hosp-es", "dr.garcia");
        ApiClient.Response response = requestRecord(spain, token);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        JsonNode result = response.json();
        assertThat(texts(result.get("released")))
                .containsExactly("allergies", "conditions", "demographics", "medications");
        assertThat(result.get("sources").findValuesAsText("status")).containsOnly("included");
        assertThat(result.get("sources").findValuesAsText("organisation")).contains("hosp-es", "hosp-nl");

        ApiClient.Response bundle = spain.get(result.get("record").asText(), Optional.of(token));
        assertThat(bundle.status()).isEqualTo(200);
        assertThat(bundle.contentType()).startsWith("application/fhir+json");
        JsonNode json = bundle.json();
        assertThat(json.get("resourceType").asText()).isEqualTo("Bundle");
        Set<String> provenanceAgents = new HashSet<>();
        for (JsonNode entry : json.get("entry")) {
            JsonNode resource = entry.get("resource");
            if (resource.get("resourceType").asText().equals("Provenance")) {
                provenanceAgents.add(resource.at("/agent/0/who/reference").asText());
                continue;
            }
            List<String> tags = tagsOf(resource);
            assertThat(tags).isNotEmpty().allMatch(t -> Set.of("allergies", "conditions", "demographics", "medications")
                    .contains(t));
        }
        assertThat(provenanceAgents).hasSize(2);
        assertThat(FhirValidation.errors(bundle.body())).isEmpty();
        assertThat(spain.get(result.get("record").asText(), Optional.of(token)).status())
                .isEqualTo(410);
        provenanceIsNotarisedAndMatchesTheDeliveredBundle(
                result.get("requestId").asText(), bundle.body(), token);
    }

    /** Every stage of the request is on the ledger, and its hashes chain up to the delivered Bundle. */
    private static void provenanceIsNotarisedAndMatchesTheDeliveredBundle(
            String requestId, String bundleBody, String requesterToken) {
        String path = "/api/v1/records/" + requestId + "/provenance";
        ApiClient.Response asPatient = spain.get(path, Optional.of(patientToken));
        assertThat(asPatient.status()).as(asPatient.body()).isEqualTo(200);
        assertThat(spain.get(path, Optional.of(requesterToken)).status()).isEqualTo(200);
        assertThat(spain.get(path, Optional.of(token(spain, "hosp-es", "admin")))
                        .status())
                .isEqualTo(200);
        assertThat(spain.get(path, Optional.of(token(spain, "hosp-es", "dr.ruiz")))
                        .status())
                .isEqualTo(403);
        assertThat(spain.get("/api/v1/records/" + "a".repeat(26) + "/provenance", Optional.of(patientToken))
                        .status())
                .isEqualTo(404);

        String bundleHash = io.trustlake.common.crypto.Hex.encode(
                io.trustlake.common.crypto.Hashes.sha256(bundleBody.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        Map<String, List<JsonNode>> byStage = new java.util.TreeMap<>();
        for (JsonNode stage : asPatient.json().get("stages")) {
            assertThat(stage.get("requestId").asText()).isEqualTo(requestId);
            assertThat(stage.get("logIndex").asLong()).isPositive();
            byStage.computeIfAbsent(stage.get("stage").asText(), k -> new ArrayList<>())
                    .add(stage);
        }
        assertThat(byStage).containsOnlyKeys("SELECT", "ASSEMBLE", "CONSUMER", "DELIVER");
        assertThat(byStage.get("SELECT"))
                .extracting(s -> s.get("organisation").asText())
                .containsExactlyInAnyOrder("hosp-es", "hosp-nl");
        JsonNode assemble = byStage.get("ASSEMBLE").get(0);
        JsonNode consumer = byStage.get("CONSUMER").get(0);
        JsonNode deliver = byStage.get("DELIVER").get(0);
        assertThat(List.of(assemble, consumer, deliver))
                .allMatch(s -> s.get("organisation").asText().equals("hosp-es"));
        assertThat(texts(assemble.get("inputHashes")))
                .containsExactlyInAnyOrderElementsOf(byStage.get("SELECT").stream()
                        .map(s -> s.get("outputHash").asText())
                        .toList());
        assertThat(assemble.get("outputHash").asText()).isEqualTo(bundleHash);
        assertThat(texts(consumer.get("inputHashes"))).containsExactly(bundleHash);
        assertThat(texts(deliver.get("inputHashes")))
                .containsExactly(consumer.get("outputHash").asText());
        assertThat(deliver.get("outputHash").asText()).isEqualTo(bundleHash);
    }

    @Test
    @Order(3)
    void accessIsInThePatientsAuditTrailWithItsLedgerPosition() {
        JsonNode entries = auditTrail();
        JsonNode latest = entries.get(0);
        assertThat(latest.get("who").asText()).isEqualTo("hosp-es:dr.garcia");
        assertThat(latest.get("organisation").asText()).isEqualTo("hosp-es");
        assertThat(latest.get("purpose").asText()).isEqualTo("TREAT");
        assertThat(latest.get("outcome").asText()).isEqualTo("GRANTED");
        assertThat(texts(latest.get("releasedTags"))).contains("conditions");
        assertThat(latest.get("logIndex").asLong()).isPositive();
        assertThat(latest.get("at").asText()).isNotEmpty();
    }

    @Test
    @Order(4)
    void professionalWithoutRuleIsRefusedAndTheAttemptIsLogged() {
        ApiClient.Response refused = requestRecord(spain, token(spain, "hosp-es", "dr.ruiz"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("error").asText()).isEqualTo("ACCESS_DENIED");
        long position = refused.json().at("/decision/ledger/logIndex").asLong();
        JsonNode latest = auditTrail().get(0);
        assertThat(latest.get("who").asText()).isEqualTo("hosp-es:dr.ruiz");
        assertThat(latest.get("outcome").asText()).isEqualTo("DENIED");
        assertThat(latest.get("logIndex").asLong()).isEqualTo(position);
    }

    @Test
    @Order(5)
    void denyRuleWinsOverAllowForTheSameTag() {
        assertThat(patientNode
                        .post(
                                rules(),
                                rule(
                                        "organisation",
                                        "hosp-es",
                                        "deny",
                                        List.of("medications"),
                                        "2020-01-01T00:00:00Z",
                                        "2099-01-01T00:00:00Z"),
                                Optional.of(patientToken))
                        .status())
                .isEqualTo(201);
        String token = token(spain, "hosp-es", "dr.garcia");
        JsonNode result = requestRecord(spain, token).json();
        assertThat(texts(result.get("released"))).doesNotContain("medications").contains("conditions");
        assertThat(result.at("/withheld/medications").asText()).isEqualTo("DENIED_BY_RULE");
        JsonNode bundle =
                spain.get(result.get("record").asText(), Optional.of(token)).json();
        for (JsonNode entry : bundle.get("entry")) {
            assertThat(entry.at("/resource/resourceType").asText())
                    .isNotIn("MedicationRequest", "MedicationStatement", "Medication");
        }
    }

    @Test
    @Order(6)
    void organisationWideGrantCoversEveryDepartment() {
        assertThat(patientNode
                        .post(
                                rules(),
                                rule(
                                        "organisation",
                                        "hosp-nl",
                                        "allow",
                                        List.of("encounters"),
                                        "2020-01-01T00:00:00Z",
                                        "2099-01-01T00:00:00Z"),
                                Optional.of(patientToken))
                        .status())
                .isEqualTo(201);
        for (String username : List.of("dr.bakker", "nurse.jansen")) {
            ApiClient.Response response = requestRecord(netherlands, token(netherlands, "hosp-nl", username));
            assertThat(response.status()).as(username).isEqualTo(201);
            assertThat(texts(response.json().get("released"))).containsExactly("encounters");
        }
    }

    @Test
    @Order(7)
    void expiredRuleCoversNothing() {
        assertThat(patientNode
                        .post(
                                rules(),
                                rule(
                                        "professional",
                                        "hosp-es:dr.ruiz",
                                        "allow",
                                        List.of("allergies"),
                                        "2020-01-01T00:00:00Z",
                                        "2021-01-01T00:00:00Z"),
                                Optional.of(patientToken))
                        .status())
                .isEqualTo(201);
        assertThat(requestRecord(spain, token(spain, "hosp-es", "dr.ruiz")).status())
                .isEqualTo(403);
    }

    @Test
    @Order(8)
    void revokedRuleIsRecordedAndNoLongerGrants() {
        ApiClient.Response revoked = patientNode.delete(rules() + "/" + cardiologyRuleId, Optional.of(patientToken));
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().at("/rule/status").asText()).isEqualTo("REVOKED");
        assertThat(revoked.json().get("version").asInt()).isEqualTo(2);
        assertThat(requestRecord(spain, token(spain, "hosp-es", "dr.garcia")).status())
                .isEqualTo(403);
        assertThat(patientNode
                        .delete(rules() + "/" + cardiologyRuleId, Optional.of(patientToken))
                        .status())
                .isEqualTo(409);
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static List<String> tagsOf(JsonNode resource) {
        List<String> tags = new ArrayList<>();
        for (JsonNode tag : resource.at("/meta/tag")) {
            if (tag.get("system").asText().equals("urn:trustlake:tag")) {
                tags.add(tag.get("code").asText());
            }
        }
        return tags;
    }

    @Test
    @Order(9)
    void aRecordRequestedAtAnotherOrganisationsNodeIsRefusedBeforeAnythingIsLogged() {
        JsonNode before = auditTrail();
        ApiClient.Session garcia = spain.signIn(
                "dr.garcia", TestConsortium.account("hosp-es", "dr.garcia").password());

        ApiClient.Response refused = netherlands.send(
                "POST",
                "/api/v1/records/" + patient.patientId(),
                Map.of("purpose", "TREAT"),
                Optional.of(garcia.token()),
                Map.of("Trustlake-Ledger-Proof", garcia.ledgerProof()));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("message").asText()).contains("your own organisation's node (hosp-es)");
        JsonNode after = auditTrail();
        assertThat(after.size()).isEqualTo(before.size());
        assertThat(after.get(0)).isEqualTo(before.get(0));
    }
}
