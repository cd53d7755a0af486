package io.trustlake.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustlake.cli.DemoAccounts.DemoAccount;
import io.trustlake.common.crypto.Ed25519;
import io.trustlake.common.encoding.Base64Url;
import io.trustlake.testkit.ApiClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every endpoint checks who may call it, and bad input gets a precise 4xx with a JSON error and no
 * stack trace, leaving nothing half-written.
 */
@Timeout(300)
class BadInputIT {
    private static DemoAccount patient;
    private static DemoAccount otherPatient;
    private static ApiClient node;
    private static String patientToken;

    @BeforeAll
    static void start() {
        List<DemoAccount> patients = TestConsortium.patients();
        patient = patients.get(0);
        otherPatient = patients.stream()
                .filter(p -> !p.patientId().equals(patient.patientId()))
                .findFirst()
                .orElseThrow();
        node = TestConsortium.client(patient.organisation());
        patientToken = node.login(patient.username(), patient.password());
    }

    private static void assertCleanError(ApiClient.Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.json().get("error").asText()).isEqualTo(code);
        assertThat(response.json().get("message").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception", "\tat ", "io.trustlake.");
    }

    private static String rules(DemoAccount whose) {
        return "/api/v1/patients/" + whose.patientId() + "/rules";
    }

    @Test
    void missingForgedAndUnsignedTokensAreRefused() {
        assertCleanError(node.get(rules(patient), Optional.empty()), 401, "UNAUTHENTICATED");
        assertCleanError(node.get(rules(patient), Optional.of("not-a-token")), 401, "INVALID_TOKEN");
        String[] parts = patientToken.split("\\.", -1);
        String none = Base64Url.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + parts[1] + ".";
        assertCleanError(node.get(rules(patient), Optional.of(none)), 401, "INVALID_TOKEN");
        String forged = parts[0] + "." + parts[1] + "."
                + Base64Url.encode(
                        Ed25519.generate().sign((parts[0] + "." + parts[1]).getBytes(StandardCharsets.UTF_8)));
        assertCleanError(node.get(rules(patient), Optional.of(forged)), 401, "INVALID_TOKEN");
    }

    @Test
    void tokenIssuedByOneNodeIsAcceptedByEveryNode() {
        for (String organisation : List.of("hosp-es", "hosp-nl", "research-se")) {
            assertThat(TestConsortium.client(organisation)
                            .get("/api/v1/me", Optional.of(patientToken))
                            .status())
                    .isEqualTo(200);
        }
    }

    @Test
    void aPatientNeverSeesOrChangesAnotherPatientsRulesOrAudit() {
        assertCleanError(node.get(rules(otherPatient), Optional.of(patientToken)), 403, "FORBIDDEN");
        assertCleanError(
                node.get("/api/v1/patients/" + otherPatient.patientId() + "/audit", Optional.of(patientToken)),
                403,
                "FORBIDDEN");
        Map<String, Object> rule = Map.of(
                "grantee",
                Map.of("type", "organisation", "id", "hosp-es"),
                "tags",
                List.of("allergies"),
                "effect",
                "allow",
                "validUntil",
                "2099-01-01T00:00:00Z");
        assertCleanError(node.post(rules(otherPatient), rule, Optional.of(patientToken)), 403, "FORBIDDEN");
    }

    @Test
    void aProfessionalCannotManageAPatientsRules() {
        ApiClient spain = TestConsortium.client("hosp-es");
        String token = spain.login(
                "dr.garcia", TestConsortium.account("hosp-es", "dr.garcia").password());
        assertCleanError(spain.get(rules(patient), Optional.of(token)), 403, "FORBIDDEN");
    }

    @Test
    void malformedTruncatedAndOversizedBodiesAreRefusedWithoutWriting() {
        int before = ruleCount();
        assertCleanError(
                node.postRaw(
                        rules(patient), "{\"grantee\":".getBytes(StandardCharsets.UTF_8), Optional.of(patientToken)),
                400,
                "MALFORMED_JSON");
        assertCleanError(
                node.postRaw(rules(patient), "[1,2]".getBytes(StandardCharsets.UTF_8), Optional.of(patientToken)),
                400,
                "MALFORMED_JSON");
        byte[] huge = ("{\"tags\":[\"" + "a".repeat(2 * 1024 * 1024) + "\"]}").getBytes(StandardCharsets.UTF_8);
        assertCleanError(node.postRaw(rules(patient), huge, Optional.of(patientToken)), 413, "PAYLOAD_TOO_LARGE");
        assertThat(ruleCount()).isEqualTo(before);
    }

    @Test
    void invalidRulesGetPreciseReasons() {
        int before = ruleCount();
        Map<String, Object> badType = Map.of(
                "grantee",
                Map.of("type", "everyone", "id", "x"),
                "tags",
                List.of("allergies"),
                "effect",
                "allow",
                "validUntil",
                "2099-01-01T00:00:00Z");
        assertCleanError(node.post(rules(patient), badType, Optional.of(patientToken)), 400, "INVALID_RULE");
        Map<String, Object> backwards = Map.of(
                "grantee",
                Map.of("type", "organisation", "id", "hosp-es"),
                "tags",
                List.of("allergies"),
                "effect",
                "allow",
                "validFrom",
                "2030-01-01T00:00:00Z",
                "validUntil",
                "2029-01-01T00:00:00Z");
        assertCleanError(node.post(rules(patient), backwards, Optional.of(patientToken)), 400, "INVALID_RULE");
        Map<String, Object> unknownDepartment = Map.of(
                "grantee",
                Map.of("type", "department", "id", "hosp-es:<script>"),
                "tags",
                List.of("allergies"),
                "effect",
                "allow",
                "validUntil",
                "2099-01-01T00:00:00Z");
        ApiClient.Response markup = node.post(rules(patient), unknownDepartment, Optional.of(patientToken));
        assertCleanError(markup, 400, "INVALID_RULE");
        assertThat(markup.body()).doesNotContain("<script>");
        Map<String, Object> badTag = Map.of(
                "grantee",
                Map.of("type", "organisation", "id", "hosp-es"),
                "tags",
                List.of("ALL TAGS"),
                "effect",
                "allow",
                "validUntil",
                "2099-01-01T00:00:00Z");
        assertCleanError(node.post(rules(patient), badTag, Optional.of(patientToken)), 400, "INVALID_RULE");
        assertThat(ruleCount()).isEqualTo(before);
    }

    @Test
    void unknownIdsAndPathTricksAreNotFound() {
        String unknownPatient = "p-" + "a".repeat(26);
        ApiClient spain = TestConsortium.client("hosp-es");
        String token = spain.login(
                "dr.garcia", TestConsortium.account("hosp-es", "dr.garcia").password());
        assertCleanError(
                spain.post("/api/v1/records/" + unknownPatient, Map.of("purpose", "TREAT"), Optional.of(token)),
                404,
                "NOT_FOUND");
        assertCleanError(
                spain.post("/api/v1/records/not-a-patient", Map.of("purpose", "TREAT"), Optional.of(token)),
                400,
                "INVALID_ID");
        assertCleanError(
                spain.post("/api/v1/records/" + patient.patientId(), Map.of("purpose", "SHOPPING"), Optional.of(token)),
                400,
                "BAD_REQUEST");
        assertCleanError(
                spain.get("/api/v1/records/" + patient.patientId() + "/zzzzzzzzzzzzzzzzzzzzzzzzzz", Optional.of(token)),
                404,
                "NOT_FOUND");
        assertCleanError(spain.get("/api/v1/records/..%2F..%2Fetc%2Fpasswd", Optional.of(token)), 404, "NOT_FOUND");
        assertCleanError(
                node.delete(rules(patient) + "/zzzzzzzzzzzzzzzzzzzzzzzzzz", Optional.of(patientToken)),
                404,
                "NOT_FOUND");
        assertCleanError(node.delete(rules(patient) + "/..%2F..", Optional.of(patientToken)), 404, "NOT_FOUND");
    }

    @Test
    void wrongPasswordGetsOneGenericAnswer() {
        assertCleanError(
                node.post(
                        "/api/v1/auth/login",
                        Map.of("username", patient.username(), "password", "wrong"),
                        Optional.empty()),
                401,
                "INVALID_CREDENTIALS");
        assertCleanError(
                node.post("/api/v1/auth/login", Map.of("username", "nobody", "password", "wrong"), Optional.empty()),
                401,
                "INVALID_CREDENTIALS");
        assertCleanError(
                node.post("/api/v1/auth/login", Map.of("username", patient.username()), Optional.empty()),
                400,
                "BAD_REQUEST");
    }

    @Test
    void nodeToNodeEndpointRefusesCallsWithoutANodeSignature() {
        ApiClient spain = TestConsortium.client("hosp-es");
        Map<String, Object> body =
                Map.of("requestId", "zzzzzzzzzzzzzzzzzzzzzzzzzz", "patientId", patient.patientId(), "blockNumber", 1);
        assertCleanError(
                spain.post("/internal/v1/disclosures", body, Optional.of(patientToken)), 401, "UNAUTHENTICATED");
    }

    @Test
    void openApiAndHealthAreServed() {
        assertThat(node.get("/api/openapi.json", Optional.empty())
                        .json()
                        .get("openapi")
                        .asText())
                .startsWith("3.");
        assertThat(node.get("/health", Optional.empty()).json().get("status").asText())
                .isEqualTo("up");
    }

    private int ruleCount() {
        return node.get(rules(patient), Optional.of(patientToken))
                .json()
                .get("rules")
                .size();
    }
}
