package io.trustlake.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustlake.cli.DemoAccounts.DemoAccount;
import io.trustlake.common.encoding.Base64Url;
import io.trustlake.common.encoding.Json;
import io.trustlake.testkit.ApiClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Federation against a real Keycloak: {@code hosp-es} registers its Keycloak realm on the ledger, and
 * the realm's access tokens work on the API of both hospitals (the Dutch node verifies them on its
 * own, from its ledger replica and the realm's JWKS) exactly as far as the patient's rules allow.
 * Refused: a token whose only audience is {@code account}, a token of another realm, an expired
 * token, a tampered signature, a user without a mapped role, an ID token. One Keycloak start for
 * every case; runs only in the {@code keycloak} Maven profile (see {@code .ci/run}).
 */
@EnabledIfSystemProperty(named = "keycloak.dist", matches = ".+")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(900)
class KeycloakFederationIT {
    private static final String REALM = "hosp-es";
    private static final String AUDIENCE = "trustlake-hosp-es";
    private static final String CLIENT = "trustlake-portal";

    private static Keycloak keycloak;
    private static ApiClient spain;
    private static ApiClient netherlands;
    private static DemoAccount patient;
    private static String patientToken;
    private static String shortLivedToken;

    @BeforeAll
    static void start() throws Exception {
        // One after the other: on two shared cores, a starting Keycloak starves the consortium's ledger.
        TestConsortium.get();
        keycloak = Keycloak.start(Path.of(System.getProperty("keycloak.dist")), Path.of("src/test/resources/keycloak"));
        shortLivedToken = keycloak.accessToken(REALM, "trustlake-short", "dr.lopez", password("dr.lopez"));
        spain = TestConsortium.client("hosp-es");
        netherlands = TestConsortium.client("hosp-nl");
        patient = TestConsortium.patientAtBothHospitals();
        patientToken = TestConsortium.client(patient.organisation()).login(patient.username(), patient.password());
    }

    @AfterAll
    static void stop() {
        if (keycloak != null) {
            keycloak.close();
        }
    }

    private static String password(String username) {
        return "federated-" + username;
    }

    private static String token(String username) throws IOException {
        return keycloak.accessToken(REALM, CLIENT, username, password(username));
    }

    private static Map<String, Object> registration() {
        return Map.of(
                "issuer",
                keycloak.issuer(REALM),
                "audience",
                AUDIENCE,
                "roles",
                List.of(
                        Map.of("from", "client-role:" + AUDIENCE + ":auditor", "role", "AUDITOR"),
                        Map.of("from", "realm-role:doctor", "role", "PROFESSIONAL")),
                "departments",
                List.of(
                        Map.of("from", "group:/cardiology", "department", "hosp-es:cardiology"),
                        Map.of("from", "group:/emergency", "department", "hosp-es:emergency")));
    }

    private static String adminToken(String organisation) {
        return TestConsortium.client(organisation)
                .login("admin", TestConsortium.account(organisation, "admin").password());
    }

    private static ApiClient.Response me(ApiClient node, String token) {
        return node.get("/api/v1/me", Optional.of(token));
    }

    @Test
    @Order(1)
    void onlyTheOrganisationsAdminRegistersItsProviderOnTheLedger() {
        String path = "/api/v1/organisations/hosp-es/identity-provider";
        ApiClient.Response foreign = netherlands.put(path, registration(), Optional.of(adminToken("hosp-nl")));
        assertThat(foreign.status()).isEqualTo(403);
        ApiClient.Response accountAudience = spain.put(
                path,
                Map.of(
                        "issuer",
                        keycloak.issuer(REALM),
                        "audience",
                        "account",
                        "roles",
                        List.of(Map.of("from", "realm-role:doctor", "role", "PROFESSIONAL"))),
                Optional.of(adminToken("hosp-es")));
        assertThat(accountAudience.status()).isEqualTo(400);
        assertThat(accountAudience.json().get("message").asText()).contains("account");

        ApiClient.Response registered = spain.put(path, registration(), Optional.of(adminToken("hosp-es")));

        assertThat(registered.status()).as(registered.body()).isEqualTo(200);
        assertThat(registered.json().at("/ledger/logIndex").asLong()).isPositive();
    }

    @Test
    @Order(2)
    void keycloakUserIsAProfessionalOfHisDepartmentOnEveryNode() throws IOException {
        String token = token("dr.lopez");

        for (ApiClient node : List.of(spain, netherlands)) {
            ApiClient.Response me = me(node, token);
            assertThat(me.status()).as(me.body()).isEqualTo(200);
            assertThat(me.json().get("userId").asText()).isEqualTo("hosp-es:dr.lopez");
            assertThat(me.json().get("role").asText()).isEqualTo("PROFESSIONAL");
            assertThat(me.json().get("organisation").asText()).isEqualTo("hosp-es");
            assertThat(texts(me.json().get("departments"))).containsExactly("hosp-es:cardiology");
        }
        ApiClient.Response auditor = me(spain, token("auditor.gil"));
        assertThat(auditor.json().get("role").asText()).isEqualTo("AUDITOR");
    }

    @Test
    @Order(3)
    void federatedProfessionalGetsExactlyWhatThePatientsRulesAllow() throws IOException {
        ApiClient patientNode = TestConsortium.client(patient.organisation());
        ApiClient.Response rule = patientNode.post(
                "/api/v1/patients/" + patient.patientId() + "/rules",
                Map.of(
                        "grantee",
                        Map.of("type", "department", "id", "hosp-es:cardiology"),
                        "tags",
                        List.of("allergies", "conditions"),
                        "effect",
                        "allow",
                        "validUntil",
                        "2099-01-01T00:00:00Z"),
                Optional.of(patientToken));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        String ruleId = rule.json().get("ruleId").asText();
        try {
            ApiClient.Response granted = requestRecord(token("dr.lopez"));
            assertThat(granted.status()).as(granted.body()).isEqualTo(201);
            assertThat(texts(granted.json().get("released"))).containsExactly("allergies", "conditions");
            assertThat(granted.json().get("sources").findValuesAsText("status")).containsOnly("included");
            assertThat(granted.json().get("sources").findValuesAsText("organisation"))
                    .contains("hosp-es", "hosp-nl");

            ApiClient.Response refused = requestRecord(token("dr.vega"));
            assertThat(refused.status()).as(refused.body()).isEqualTo(403);

            JsonNode audit = patientNode
                    .get("/api/v1/patients/" + patient.patientId() + "/audit", Optional.of(patientToken))
                    .json();
            List<String> requesters = audit.findValuesAsText("who");
            assertThat(requesters).contains("hosp-es:dr.lopez", "hosp-es:dr.vega");
        } finally {
            // The consortium's patients are shared by the test classes: leave the rules as they were.
            patientNode.delete(
                    "/api/v1/patients/" + patient.patientId() + "/rules/" + ruleId, Optional.of(patientToken));
        }
    }

    private static ApiClient.Response requestRecord(String token) {
        return spain.post("/api/v1/records/" + patient.patientId(), Map.of("purpose", "TREAT"), Optional.of(token));
    }

    @Test
    @Order(4)
    void tokenWhoseOnlyAudienceIsAccountIsRefused() throws IOException {
        String token = keycloak.accessToken(REALM, "trustlake-plain", "dr.lopez", password("dr.lopez"));
        assertThat(claims(token).get("aud").toString()).contains("account").doesNotContain(AUDIENCE);

        assertRefused(token, "wrong audience");
    }

    @Test
    @Order(5)
    void tokenOfAnotherRealmIsRefused() throws IOException {
        String token = keycloak.accessToken("elsewhere", CLIENT, "dr.lopez", password("dr.lopez"));
        assertThat(claims(token).get("aud").toString()).contains(AUDIENCE);

        assertRefused(token, "unknown issuer");
    }

    @Test
    @Order(6)
    void tamperedTokensAreRefused() throws IOException {
        String[] parts = token("dr.vega").split("\\.", -1);
        byte[] signature = Base64Url.decode(parts[2]);
        signature[signature.length / 2] ^= 1;
        JsonNode claims = claims(token("dr.vega"));
        String elevated = new String(Json.encode(claims), StandardCharsets.UTF_8).replace("/emergency", "/cardiology");

        assertRefused(parts[0] + "." + parts[1] + "." + Base64Url.encode(signature), "bad signature");
        assertRefused(
                parts[0] + "." + Base64Url.encode(elevated.getBytes(StandardCharsets.UTF_8)) + "." + parts[2],
                "bad signature");
        String none = Base64Url.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        assertRefused(none + "." + parts[1] + ".", "unsupported algorithm");
    }

    @Test
    @Order(7)
    void userWithoutAMappedRoleAndIdTokensAreRefused() throws IOException {
        assertRefused(token("porter.ruiz"), "unmapped role");
        String idToken = keycloak.passwordGrant(REALM, CLIENT, "dr.lopez", password("dr.lopez"))
                .get("id_token")
                .asText();
        ApiClient.Response response = me(spain, idToken);
        assertThat(response.status()).isEqualTo(401);
    }

    @Test
    @Order(8)
    void expiredTokenIsRefused() {
        Instant expiry =
                Instant.ofEpochSecond(claims(shortLivedToken).get("exp").asLong());
        Instant beyondSkew = expiry.plusSeconds(31);
        while (Instant.now().isBefore(beyondSkew)) {
            Keycloak.sleep(Duration.ofMillis(500));
        }

        assertRefused(shortLivedToken, "expired");
    }

    /** 401 with the one plain message, and a security event naming the reason. */
    private static void assertRefused(String token, String reason) {
        ApiClient.Response response = me(spain, token);
        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.json().get("error").asText()).isEqualTo("INVALID_TOKEN");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at io.");
        JsonNode events = spain.get("/api/v1/security-events", Optional.of(adminToken("hosp-es")))
                .json();
        assertThat(events.findValuesAsText("detail"))
                .as("security events")
                .anyMatch(detail -> detail.contains("token refused (" + reason + ")"));
    }

    private static JsonNode claims(String token) {
        return Json.tree(Base64Url.decode(token.split("\\.", -1)[1]));
    }

    private static List<String> texts(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }
}
