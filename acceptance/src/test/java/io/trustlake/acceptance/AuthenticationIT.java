package io.trustlake.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustlake.auth.Totp;
import io.trustlake.cli.DataLayout;
import io.trustlake.cli.DemoAccounts.DemoAccount;
import io.trustlake.cli.NodeKeys;
import io.trustlake.common.crypto.Ed25519;
import io.trustlake.common.encoding.Base64Url;
import io.trustlake.common.encoding.Json;
import io.trustlake.testkit.ApiClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Tokens every node trusts, and nothing else: each forged, expired, early, tampered or revoked
 * credential is refused with 401 and a plain message and leaves a security event; refresh tokens
 * rotate; repeated failures lock an account out; TOTP works end to end over HTTP.
 */
@Timeout(300)
class AuthenticationIT {
    private static ApiClient spain;
    private static DemoAccount patient;
    private static String patientToken;
    private static NodeKeys spanishKeys;

    @BeforeAll
    static void start() {
        spain = TestConsortium.client("hosp-es");
        patient = TestConsortium.patients().stream()
                .filter(p -> p.organisation().equals("hosp-es"))
                .reduce((a, b) -> b)
                .orElseThrow();
        patientToken = spain.login(patient.username(), patient.password());
        spanishKeys = NodeKeys.loadOrCreate(new DataLayout(TestConsortium.dataDirectory()).keys("hosp-es"), "hosp-es");
    }

    private static void assertRefused(String token) {
        ApiClient.Response response = spain.get("/api/v1/me", Optional.of(token));
        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.json().get("error").asText()).isEqualTo("INVALID_TOKEN");
        assertThat(response.json().get("message").asText()).isEqualTo("the access token is not valid; sign in again");
        assertThat(response.body()).doesNotContain("Exception", "\tat ");
    }

    private static Map<String, Object> claims(String organisation, String subject, Instant notBefore, Instant expires) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "trustlake:" + organisation);
        claims.put("aud", List.of("trustlake"));
        claims.put("sub", subject);
        claims.put("role", "PROFESSIONAL");
        claims.put("org", organisation);
        claims.put("depts", List.of());
        claims.put("amr", List.of("pwd"));
        claims.put("jti", "forged-" + System.nanoTime());
        claims.put("iat", notBefore.getEpochSecond());
        claims.put("nbf", notBefore.getEpochSecond());
        claims.put("exp", expires.getEpochSecond());
        return claims;
    }

    private static String sign(Map<String, Object> claims, String kid, Ed25519.KeyPair key) {
        String input = Base64Url.encode(Json.encode(Map.of("alg", "EdDSA", "typ", "JWT", "kid", kid))) + "."
                + Base64Url.encode(Json.encode(claims));
        return input + "." + Base64Url.encode(key.sign(input.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String spanish(Map<String, Object> claims) {
        return sign(claims, spanishKeys.tokenKeyId(), spanishKeys.token());
    }

    @Test
    void aTokenSignedWithTheRealKeyIsAcceptedSoTheForgeriesBelowFailForTheirFlawAlone() {
        Instant now = Instant.now();
        String genuine = spanish(claims("hosp-es", "hosp-es:dr.garcia", now, now.plusSeconds(300)));
        assertThat(spain.get("/api/v1/me", Optional.of(genuine)).status()).isEqualTo(200);
        assertThat(TestConsortium.client("hosp-nl")
                        .get("/api/v1/me", Optional.of(genuine))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void forgedExpiredEarlyAndTamperedTokensAreRefusedAndLogged() {
        Instant now = Instant.now();
        String[] parts = patientToken.split("\\.", -1);
        List<String> forgeries = new ArrayList<>();
        forgeries.add(Base64Url.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + parts[1] + ".");
        forgeries.add(sign(
                claims("hosp-es", "hosp-es:dr.garcia", now, now.plusSeconds(300)),
                "hosp-es-unknown",
                Ed25519.generate()));
        forgeries.add(sign(
                claims("hosp-es", "hosp-es:dr.garcia", now, now.plusSeconds(300)),
                spanishKeys.tokenKeyId(),
                Ed25519.generate()));
        forgeries.add(spanish(claims("hosp-nl", "hosp-nl:dr.devries", now, now.plusSeconds(300))));
        forgeries.add(spanish(claims("hosp-es", "hosp-es:dr.garcia", now.minusSeconds(3600), now.minusSeconds(600))));
        forgeries.add(spanish(claims("hosp-es", "hosp-es:dr.garcia", now.plusSeconds(600), now.plusSeconds(1200))));
        String payload =
                new String(Base64Url.decode(parts[1]), StandardCharsets.UTF_8).replace("\"PATIENT\"", "\"ADMIN\"");
        forgeries.add(parts[0] + "." + Base64Url.encode(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2]);

        forgeries.forEach(AuthenticationIT::assertRefused);

        String admin =
                spain.login("admin", TestConsortium.account("hosp-es", "admin").password());
        JsonNode events =
                spain.get("/api/v1/security-events", Optional.of(admin)).json().get("events");
        List<String> refusals = new ArrayList<>();
        events.forEach(e -> {
            if (e.get("type").asText().equals("TOKEN_REFUSED")) {
                refusals.add(e.get("detail").asText());
            }
        });
        assertThat(String.join("\n", refusals))
                .contains(
                        "unsupported algorithm",
                        "unknown key",
                        "bad signature",
                        "wrong issuer",
                        "expired",
                        "not yet valid");
    }

    @Test
    void refreshTokensRotateAndStopWorkingAfterSignOut() {
        JsonNode first = spain.post(
                        "/api/v1/auth/login",
                        Map.of("username", patient.username(), "password", patient.password()),
                        Optional.empty())
                .json();
        JsonNode second = spain.post(
                        "/api/v1/auth/refresh",
                        Map.of("refreshToken", first.get("refreshToken").asText()),
                        Optional.empty())
                .json();
        assertThat(second.get("status").asText()).isEqualTo("SIGNED_IN");
        String access = second.get("token").asText();
        String refresh = second.get("refreshToken").asText();
        assertThat(spain.get("/api/v1/me", Optional.of(access)).status()).isEqualTo(200);

        ApiClient.Response reused = spain.post(
                "/api/v1/auth/refresh",
                Map.of("refreshToken", first.get("refreshToken").asText()),
                Optional.empty());
        assertThat(reused.status()).isEqualTo(401);
        assertThat(reused.json().get("message").asText()).isEqualTo("the session has ended; sign in again");

        JsonNode third = spain.post(
                        "/api/v1/auth/login",
                        Map.of("username", patient.username(), "password", patient.password()),
                        Optional.empty())
                .json();
        String token = third.get("token").asText();
        assertThat(spain.post(
                                "/api/v1/auth/logout",
                                Map.of("refreshToken", third.get("refreshToken").asText()),
                                Optional.of(token))
                        .status())
                .isEqualTo(204);
        assertRefused(token);
        ApiClient.Response revoked = spain.post(
                "/api/v1/auth/refresh",
                Map.of("refreshToken", third.get("refreshToken").asText()),
                Optional.empty());
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(refresh).isNotEmpty();

        JsonNode mine = spain.get("/api/v1/me/security-events", Optional.of(access))
                .json()
                .get("events");
        List<String> types = new ArrayList<>();
        mine.forEach(e -> types.add(e.get("type").asText()));
        assertThat(types).contains("LOGIN_SUCCEEDED", "LOGGED_OUT", "REFRESH_REFUSED");
    }

    @Test
    void repeatedFailuresLockTheAccountOutWithRetryAfter() {
        ApiClient netherlands = TestConsortium.client("hosp-nl");
        DemoAccount visser = TestConsortium.account("hosp-nl", "nurse.visser");
        for (int i = 0; i < 5; i++) {
            assertThat(netherlands
                            .post(
                                    "/api/v1/auth/login",
                                    Map.of("username", "nurse.visser", "password", "guess" + i),
                                    Optional.empty())
                            .status())
                    .isEqualTo(401);
        }
        ApiClient.Response locked = netherlands.post(
                "/api/v1/auth/login",
                Map.of("username", "nurse.visser", "password", visser.password()),
                Optional.empty());
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.json().get("error").asText()).isEqualTo("TOO_MANY_ATTEMPTS");
        assertThat(locked.json().get("message").asText()).startsWith("too many failed sign-ins; try again in ");
    }

    @Test
    void totpEnrolmentAndSignInWithACodeThatWorksOnlyOnce() throws InterruptedException {
        DemoAccount nurse = TestConsortium.account("hosp-es", "nurse.sanchez");
        String token = spain.login("nurse.sanchez", nurse.password());
        JsonNode enrolment = spain.post("/api/v1/me/factors/totp", Map.of(), Optional.of(token))
                .json();
        assertThat(enrolment.get("otpauthUri").asText())
                .startsWith("otpauth://totp/")
                .contains("secret=");
        byte[] secret = Base32Text.decode(enrolment.get("secret").asText());
        assertThat(spain.post(
                                "/api/v1/me/factors/totp/confirm",
                                Map.of("code", Totp.code(secret, Instant.now())),
                                Optional.of(token))
                        .status())
                .isEqualTo(200);

        JsonNode challenge = spain.post(
                        "/api/v1/auth/login",
                        Map.of("username", "nurse.sanchez", "password", nurse.password()),
                        Optional.empty())
                .json();
        assertThat(challenge.get("status").asText()).isEqualTo("SECOND_FACTOR_REQUIRED");
        assertThat(challenge.get("token").asText()).isEmpty();
        String code = Totp.code(secret, Instant.now().plusSeconds(30));
        JsonNode signedIn = spain.post(
                        "/api/v1/auth/login/totp",
                        Map.of("challengeId", challenge.get("challengeId").asText(), "code", code),
                        Optional.empty())
                .json();
        assertThat(signedIn.get("status").asText()).isEqualTo("SIGNED_IN");
        JsonNode me = spain.get("/api/v1/me", Optional.of(signedIn.get("token").asText()))
                .json();
        assertThat(me.get("authenticationMethods").toString()).contains("otp");

        JsonNode again = spain.post(
                        "/api/v1/auth/login",
                        Map.of("username", "nurse.sanchez", "password", nurse.password()),
                        Optional.empty())
                .json();
        ApiClient.Response reused = spain.post(
                "/api/v1/auth/login/totp",
                Map.of("challengeId", again.get("challengeId").asText(), "code", code),
                Optional.empty());
        assertThat(reused.status()).isEqualTo(401);
        assertThat(reused.json().get("message").asText()).contains("already used");

        // The consortium is shared with other test classes: leave the account as it was.
        assertThat(spain.post(
                                "/api/v1/me/factors/totp/remove",
                                Map.of("password", nurse.password()),
                                Optional.of(signedIn.get("token").asText()))
                        .status())
                .isEqualTo(200);
        assertThat(spain.login("nurse.sanchez", nurse.password())).isNotEmpty();
    }

    @Test
    void jwksServesTheKeyThatSignsThisNodesTokens() {
        JsonNode keys =
                spain.get("/.well-known/jwks.json", Optional.empty()).json().get("keys");
        String kid = Json.tree(Base64Url.decode(patientToken.split("\\.", -1)[0]))
                .get("kid")
                .asText();
        assertThat(keys.get(0).get("kid").asText()).isEqualTo(kid);
        assertThat(keys.get(0).get("kty").asText()).isEqualTo("OKP");
        assertThat(Base64Url.decode(keys.get(0).get("x").asText()))
                .isEqualTo(spanishKeys.token().publicKey());
    }

    @Test
    void adminRegistersStaffInvitesAPatientAndEndsSessionsAndPasswordChangeSignsOutEverywhere()
            throws InterruptedException {
        ApiClient netherlands = TestConsortium.client("hosp-nl");
        String admin = netherlands.login(
                "admin", TestConsortium.account("hosp-nl", "admin").password());
        String strong = "violet tractor sings under ice";
        ApiClient.Response weak = netherlands.post(
                "/api/v1/organisations/hosp-nl/accounts",
                Map.of("username", "res.weak", "displayName", "R", "role", "researcher", "password", "password1"),
                Optional.of(admin));
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.json().get("message").asText()).startsWith("the password is too weak");
        ApiClient.Response created = netherlands.post(
                "/api/v1/organisations/hosp-nl/accounts",
                Map.of(
                        "username", "res.smit",
                        "displayName", "Dr. Noor Smit",
                        "role", "researcher",
                        "departments", List.of("hosp-nl:oncology"),
                        "password", strong),
                Optional.of(admin));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String patientAdmin = netherlands
                .post(
                        "/api/v1/organisations/hosp-es/accounts",
                        Map.of("username", "x", "displayName", "X", "role", "researcher", "password", strong),
                        Optional.of(admin))
                .json()
                .get("error")
                .asText();
        assertThat(patientAdmin).isEqualTo("FORBIDDEN");

        String patientId = "p-" + io.trustlake.common.crypto.Randomness.token(26);
        JsonNode invitation = netherlands
                .post("/api/v1/organisations/hosp-nl/invitations", Map.of("patientId", patientId), Optional.of(admin))
                .json();
        Map<String, Object> registration = Map.of(
                "invitationCode",
                invitation.get("code").asText(),
                "username",
                "sam.dekker",
                "displayName",
                "Sam Dekker",
                "password",
                strong);
        ApiClient.Response registered = netherlands.post("/api/v1/auth/register", registration, Optional.empty());
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        assertThat(registered.json().get("patientId").asText()).isEqualTo(patientId);
        assertThat(netherlands
                        .post("/api/v1/auth/register", registration, Optional.empty())
                        .status())
                .isEqualTo(400);

        String researcher = netherlands.login("res.smit", strong);
        assertThat(netherlands
                        .post(
                                "/api/v1/organisations/hosp-nl/accounts/res.smit/revoke-sessions",
                                Map.of(),
                                Optional.of(admin))
                        .status())
                .isEqualTo(200);
        assertThat(netherlands.get("/api/v1/me", Optional.of(researcher)).status())
                .isEqualTo(401);

        Thread.sleep(1100);
        String patient = netherlands.login("sam.dekker", strong);
        String replacement = "amber kettle whistles at noon";
        assertThat(netherlands
                        .post(
                                "/api/v1/me/password",
                                Map.of("currentPassword", strong, "newPassword", "sam.dekker1"),
                                Optional.of(patient))
                        .status())
                .isEqualTo(400);
        assertThat(netherlands
                        .post(
                                "/api/v1/me/password",
                                Map.of("currentPassword", strong, "newPassword", replacement),
                                Optional.of(patient))
                        .status())
                .isEqualTo(200);
        assertThat(netherlands.get("/api/v1/me", Optional.of(patient)).status()).isEqualTo(401);
        Thread.sleep(1100);
        assertThat(netherlands
                        .post(
                                "/api/v1/auth/login",
                                Map.of("username", "sam.dekker", "password", strong),
                                Optional.empty())
                        .status())
                .isEqualTo(401);
        assertThat(netherlands
                        .get("/api/v1/me", Optional.of(netherlands.login("sam.dekker", replacement)))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void pushApprovalReachesTheSignedInDeviceLiveAndSignsTheWaitingLoginIn() throws Exception {
        ApiClient netherlands = TestConsortium.client("hosp-nl");
        String admin = netherlands.login(
                "admin", TestConsortium.account("hosp-nl", "admin").password());
        String password = "copper lantern drifts over fields";
        assertThat(netherlands
                        .post(
                                "/api/v1/organisations/hosp-nl/accounts",
                                Map.of(
                                        "username",
                                        "res.push",
                                        "displayName",
                                        "R. Push",
                                        "role",
                                        "researcher",
                                        "password",
                                        password),
                                Optional.of(admin))
                        .status())
                .isEqualTo(201);
        String device = netherlands.login("res.push", password);
        assertThat(netherlands
                        .put("/api/v1/me/factors/push", Map.of("enabled", true), Optional.of(device))
                        .status())
                .isEqualTo(200);
        java.net.http.HttpResponse<java.io.InputStream> stream = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create(netherlands.baseUrl() + "/api/v1/events"))
                                .header("Authorization", "Bearer " + device)
                                .header("Accept", "text/event-stream")
                                .timeout(java.time.Duration.ofSeconds(60))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        java.io.BufferedReader lines =
                new java.io.BufferedReader(new java.io.InputStreamReader(stream.body(), StandardCharsets.UTF_8));
        readData(lines, "ready");
        var approval = java.util.concurrent.CompletableFuture.supplyAsync(() -> readData(lines, "login-approval"));

        JsonNode challenge = netherlands
                .post("/api/v1/auth/login", Map.of("username", "res.push", "password", password), Optional.empty())
                .json();
        assertThat(challenge.get("methods").toString()).contains("push");
        String id = challenge.get("challengeId").asText();
        assertThat(netherlands
                        .post("/api/v1/auth/login/push", Map.of("challengeId", id), Optional.empty())
                        .status())
                .isEqualTo(202);
        assertThat(approval.get(20, java.util.concurrent.TimeUnit.SECONDS)).contains(id);
        assertThat(netherlands
                        .get("/api/v1/auth/login/push/" + id, Optional.empty())
                        .status())
                .isEqualTo(202);
        assertThat(netherlands
                        .post("/api/v1/auth/push/" + id + "/approve", Map.of(), Optional.of(admin))
                        .status())
                .isEqualTo(404);
        assertThat(netherlands
                        .post("/api/v1/auth/push/" + id + "/approve", Map.of(), Optional.of(device))
                        .status())
                .isEqualTo(200);
        JsonNode signedIn = netherlands
                .get("/api/v1/auth/login/push/" + id, Optional.empty())
                .json();
        assertThat(signedIn.get("status").asText()).isEqualTo("SIGNED_IN");
        JsonNode me = netherlands
                .get("/api/v1/me", Optional.of(signedIn.get("token").asText()))
                .json();
        assertThat(me.get("authenticationMethods").toString()).contains("mca");
        lines.close();
    }

    /** The data of the next event of that name on the stream (empty if the stream ends). */
    private static String readData(java.io.BufferedReader lines, String name) {
        try {
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
