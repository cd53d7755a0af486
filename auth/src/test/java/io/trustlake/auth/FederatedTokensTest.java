package io.trustlake.auth;

import static io.trustlake.auth.Fixtures.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustlake.auth.TokenCheck.Reason;
import io.trustlake.common.encoding.Base64Url;
import io.trustlake.testkit.MutableClock;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Access tokens of organisations' own OIDC providers, served over loopback HTTP (no Keycloak). */
class FederatedTokensTest {
    private static final String AUDIENCE = "trustlake-hosp-es";

    private final MutableClock clock = new MutableClock(START);
    private final InMemoryRevocationList revocations = new InMemoryRevocationList(clock, TokenConfig.defaults());
    private final Map<String, IdentityProvider> registered = new HashMap<>();
    private TestIdentityProvider spain;
    private TestIdentityProvider italy;
    private TestIdentityProvider.SigningKey spainRsa;
    private TestIdentityProvider.SigningKey italyRsa;
    private TokenVerifier verifier;

    @BeforeEach
    void startProviders() throws Exception {
        spain = TestIdentityProvider.start("hosp-es");
        italy = TestIdentityProvider.start("hosp-it");
        spainRsa = spain.addKey("es-rsa", "RS256");
        italyRsa = italy.addKey("it-rsa", "RS256");
        register(provider("hosp-es", spain.issuer(), AUDIENCE));
        register(provider("hosp-it", italy.issuer(), "trustlake-hosp-it"));
        verifier = verifier(JwksSettings.defaults());
    }

    @AfterEach
    void stopProviders() {
        spain.close();
        italy.close();
    }

    private TokenVerifier verifier(JwksSettings settings) {
        HttpProviderKeys keys = new HttpProviderKeys(HttpClient.newHttpClient(), clock, settings);
        return new TokenVerifier(
                new InMemoryKeyDirectory(),
                revocations,
                clock,
                TokenConfig.defaults(),
                new OidcFederation(issuer -> Optional.ofNullable(registered.get(issuer)), keys));
    }

    private void register(IdentityProvider provider) {
        registered.put(provider.issuer(), provider);
    }

    static IdentityProvider provider(String organisation, String issuer, String audience) {
        return new IdentityProvider(
                organisation,
                issuer,
                audience,
                "",
                "",
                "",
                List.of(
                        new IdentityProvider.RoleMapping("client-role:" + audience + ":auditor", Role.AUDITOR),
                        new IdentityProvider.RoleMapping("realm-role:doctor", Role.PROFESSIONAL),
                        new IdentityProvider.RoleMapping("group:/patients", Role.PATIENT)),
                List.of(
                        new IdentityProvider.DepartmentMapping("group:/cardiology", organisation + ":cardiology"),
                        new IdentityProvider.DepartmentMapping("realm-role:er", organisation + ":emergency")));
    }

    /** Claims shaped like a Keycloak access token with the audience mapper. */
    private Map<String, Object> claims(String issuer, Object audience) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("iss", issuer);
        claims.put("aud", audience);
        claims.put("sub", "0b1c9a7e-5d43-4c1e-9a41-1f9c8e0d2b11");
        claims.put("typ", "Bearer");
        claims.put("azp", "trustlake-portal");
        claims.put("preferred_username", "dr.lopez");
        claims.put("realm_access", Map.of("roles", List.of("default-roles-hosp-es", "doctor", "er")));
        claims.put("resource_access", Map.of("account", Map.of("roles", List.of("manage-account"))));
        claims.put("groups", List.of("/cardiology"));
        claims.put("jti", "onrtro:1f0e-77aa");
        claims.put("iat", START.getEpochSecond());
        claims.put("exp", START.plusSeconds(300).getEpochSecond());
        return claims;
    }

    private Map<String, Object> spainClaims() {
        return claims(spain.issuer(), List.of(AUDIENCE, "account"));
    }

    private Reason refusal(String token) {
        TokenCheck check = verifier.verify(token);
        assertThat(check).isInstanceOf(TokenCheck.Invalid.class);
        return ((TokenCheck.Invalid) check).reason();
    }

    @Test
    void rs256TokenOfARegisteredProviderBecomesAProfessionalOfItsOrganisation() throws Exception {
        TokenCheck check = verifier.verify(TestIdentityProvider.sign(spainRsa, spainClaims()));

        assertThat(check)
                .isEqualTo(new TokenCheck.Valid(new Principal(
                        "hosp-es:dr.lopez",
                        Role.PROFESSIONAL,
                        "hosp-es",
                        List.of("hosp-es:cardiology", "hosp-es:emergency"),
                        "",
                        "onrtro:1f0e-77aa",
                        List.of(ProviderTokens.FEDERATED_METHOD),
                        START.plusSeconds(300))));
    }

    @Test
    void es256TokenIsAcceptedToo() throws Exception {
        TestIdentityProvider.SigningKey ec = spain.addKey("es-ec", "ES256");

        TokenCheck check = verifier.verify(TestIdentityProvider.sign(ec, spainClaims()));

        assertThat(check).isInstanceOf(TokenCheck.Valid.class);
    }

    @Test
    void firstMatchingRoleMappingWinsAndClientRolesAreReadFromResourceAccess() throws Exception {
        Map<String, Object> claims = spainClaims();
        claims.put("resource_access", Map.of(AUDIENCE, Map.of("roles", List.of("auditor"))));

        TokenCheck check = verifier.verify(TestIdentityProvider.sign(spainRsa, claims));

        assertThat(((TokenCheck.Valid) check).principal().role()).isEqualTo(Role.AUDITOR);
    }

    @Test
    void tokenWhoseOnlyAudienceIsKeycloaksAccountIsRefused() throws Exception {
        Map<String, Object> claims = claims(spain.issuer(), "account");

        assertThat(refusal(TestIdentityProvider.sign(spainRsa, claims))).isEqualTo(Reason.WRONG_AUDIENCE);
        assertThat(refusal(TestIdentityProvider.sign(spainRsa, claims(spain.issuer(), List.of("account")))))
                .isEqualTo(Reason.WRONG_AUDIENCE);
    }

    @Test
    void tokenForAnotherClientIsRefused() throws Exception {
        Map<String, Object> claims = claims(spain.issuer(), List.of("trustlake-hosp-it"));

        assertThat(refusal(TestIdentityProvider.sign(spainRsa, claims))).isEqualTo(Reason.WRONG_AUDIENCE);
    }

    @Test
    void issuerNoOrganisationRegisteredIsRefused() throws Exception {
        try (TestIdentityProvider stranger = TestIdentityProvider.start("stranger")) {
            TestIdentityProvider.SigningKey key = stranger.addKey("x", "RS256");

            assertThat(refusal(TestIdentityProvider.sign(key, claims(stranger.issuer(), AUDIENCE))))
                    .isEqualTo(Reason.UNKNOWN_ISSUER);
        }
    }

    @Test
    void providerOfOneOrganisationCannotSpeakForAnother() throws Exception {
        Map<String, Object> claimsOfSpain = spainClaims();

        // Italy's provider signs a token that claims to come from Spain's provider.
        assertThat(refusal(TestIdentityProvider.sign(italyRsa, claimsOfSpain))).isEqualTo(Reason.UNKNOWN_KEY);
        // Even with Spain's key id in the header, Italy's key does not verify against Spain's key.
        String forged =
                TestIdentityProvider.sign(italyRsa, Map.of("alg", "RS256", "kid", spainRsa.kid()), claimsOfSpain);
        assertThat(refusal(forged)).isEqualTo(Reason.BAD_SIGNATURE);
        // Italy's own token is Italy's, whatever its username says.
        Map<String, Object> italian = claims(italy.issuer(), "trustlake-hosp-it");
        Principal principal =
                ((TokenCheck.Valid) verifier.verify(TestIdentityProvider.sign(italyRsa, italian))).principal();
        assertThat(principal.organisationId()).isEqualTo("hosp-it");
        assertThat(principal.userId()).isEqualTo("hosp-it:dr.lopez");
        assertThat(principal.departments()).containsExactly("hosp-it:cardiology", "hosp-it:emergency");
    }

    @Test
    void expiredAndNotYetValidTokensAreRefusedBeyondTheClockSkew() throws Exception {
        String token = TestIdentityProvider.sign(spainRsa, spainClaims());
        Map<String, Object> future = spainClaims();
        future.put("nbf", START.plusSeconds(120).getEpochSecond());
        String early = TestIdentityProvider.sign(spainRsa, future);

        assertThat(refusal(early)).isEqualTo(Reason.NOT_YET_VALID);
        clock.advance(Duration.ofMinutes(5).plus(TokenConfig.DEFAULT_CLOCK_SKEW));
        assertThat(refusal(token)).isEqualTo(Reason.EXPIRED);
    }

    @Test
    void tamperedPayloadAndTamperedSignatureAreRefused() throws Exception {
        String token = TestIdentityProvider.sign(spainRsa, spainClaims());
        String[] parts = token.split("\\.", -1);
        Map<String, Object> elevated = spainClaims();
        elevated.put("resource_access", Map.of(AUDIENCE, Map.of("roles", List.of("auditor"))));
        String payload = Base64Url.encode(io.trustlake.common.encoding.Json.encode(elevated));
        byte[] signature = Base64Url.decode(parts[2]);
        signature[10] ^= 1;

        assertThat(refusal(parts[0] + "." + payload + "." + parts[2])).isEqualTo(Reason.BAD_SIGNATURE);
        assertThat(refusal(parts[0] + "." + parts[1] + "." + Base64Url.encode(signature)))
                .isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void algorithmNoneAndHmacWithThePublicKeyAreRefused() throws Exception {
        String claims = Base64Url.encode(io.trustlake.common.encoding.Json.encode(spainClaims()));
        String none = Base64Url.encode("{\"alg\":\"none\",\"kid\":\"es-rsa\"}".getBytes(StandardCharsets.UTF_8));
        String hmac = Base64Url.encode("{\"alg\":\"HS256\",\"kid\":\"es-rsa\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(refusal(none + "." + claims + ".")).isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
        assertThat(refusal(hmac + "." + claims + "." + Base64Url.encode(new byte[32])))
                .isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void rsaKeyCannotBeUsedUnderEs256() throws Exception {
        TestIdentityProvider.SigningKey ec = spain.unpublishedKey("ec-under-rsa-kid", "ES256");
        String token = TestIdentityProvider.sign(ec, Map.of("alg", "ES256", "kid", spainRsa.kid()), spainClaims());

        assertThat(refusal(token)).isEqualTo(Reason.UNKNOWN_KEY);
    }

    @Test
    void userWithoutAMappedRoleIsRefused() throws Exception {
        Map<String, Object> claims = spainClaims();
        claims.put("realm_access", Map.of("roles", List.of("default-roles-hosp-es", "nurse")));

        assertThat(refusal(TestIdentityProvider.sign(spainRsa, claims))).isEqualTo(Reason.UNMAPPED_ROLE);
    }

    @Test
    void patientNeedsAWellFormedPatientIdClaim() throws Exception {
        Map<String, Object> claims = spainClaims();
        claims.put("realm_access", Map.of("roles", List.of()));
        claims.put("groups", List.of("/patients"));

        assertThat(refusal(TestIdentityProvider.sign(spainRsa, claims))).isEqualTo(Reason.UNMAPPED_ROLE);
        claims.put(IdentityProvider.DEFAULT_PATIENT_ID_CLAIM, "p-abcdefghijkmnpqrstuvwxyz23");
        Principal patient =
                ((TokenCheck.Valid) verifier.verify(TestIdentityProvider.sign(spainRsa, claims))).principal();
        assertThat(patient.role()).isEqualTo(Role.PATIENT);
        assertThat(patient.patientId()).contains("p-abcdefghijkmnpqrstuvwxyz23");
    }

    @Test
    void idTokenIsNotAnAccessToken() throws Exception {
        Map<String, Object> claims = claims(spain.issuer(), AUDIENCE);
        claims.put("typ", "ID");

        assertThat(refusal(TestIdentityProvider.sign(spainRsa, claims))).isEqualTo(Reason.NOT_AN_ACCESS_TOKEN);
    }

    @Test
    void signedOutFederatedTokenIsRefused() throws Exception {
        String token = TestIdentityProvider.sign(spainRsa, spainClaims());
        Principal principal = ((TokenCheck.Valid) verifier.verify(token)).principal();

        revocations.revoke(principal.tokenId(), principal.expiresAt());

        assertThat(refusal(token)).isEqualTo(Reason.REVOKED);
    }

    @Test
    void unknownKeyIdRefreshesTheKeySetAtMostOncePerInterval() throws Exception {
        verifier = verifier(
                new JwksSettings(Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofSeconds(5), 256 * 1024));
        assertThat(verifier.verify(TestIdentityProvider.sign(spainRsa, spainClaims())))
                .isInstanceOf(TokenCheck.Valid.class);
        assertThat(spain.jwksFetches.get()).isEqualTo(1);

        TestIdentityProvider.SigningKey rotated = spain.addKey("es-rsa-2", "RS256");
        Map<String, Object> claims = spainClaims();
        claims.put("jti", "second");
        String token = TestIdentityProvider.sign(rotated, claims);
        String unknown = TestIdentityProvider.sign(spain.unpublishedKey("nobody", "RS256"), spainClaims());

        assertThat(refusal(unknown)).isEqualTo(Reason.UNKNOWN_KEY); // waits: fetched less than 30 s ago
        assertThat(refusal(token)).isEqualTo(Reason.UNKNOWN_KEY);
        assertThat(spain.jwksFetches.get()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(30));
        assertThat(verifier.verify(token)).isInstanceOf(TokenCheck.Valid.class);
        assertThat(refusal(unknown)).isEqualTo(Reason.UNKNOWN_KEY);
        assertThat(spain.jwksFetches.get()).isEqualTo(2);
    }

    @Test
    void unreachableProviderIsUnavailableNotAnUnknownKey() throws Exception {
        String token = TestIdentityProvider.sign(spainRsa, spainClaims());
        spain.close();

        assertThat(refusal(token)).isEqualTo(Reason.PROVIDER_UNAVAILABLE);
    }

    @Test
    void discoveryDocumentNamingAnotherIssuerIsNotTrusted() throws Exception {
        spain.discoveredIssuer = italy.issuer();

        assertThat(refusal(TestIdentityProvider.sign(spainRsa, spainClaims()))).isEqualTo(Reason.PROVIDER_UNAVAILABLE);
    }

    @Test
    void encryptionKeysAndWeakKeysInTheSetAreIgnored() throws Exception {
        spain.publishRaw(Map.of("kid", "enc", "kty", "RSA", "use", "enc", "n", "AQAB", "e", "AQAB"));
        spain.publishRaw(Map.of("kid", "weak", "kty", "RSA", "n", "AQAB", "e", "AQAB"));

        assertThat(verifier.verify(TestIdentityProvider.sign(spainRsa, spainClaims())))
                .isInstanceOf(TokenCheck.Valid.class);
    }

    @Test
    void registrationRefusesTheAccountAudiencePlainHttpAndForeignDepartments() {
        assertThatThrownBy(() -> provider("hosp-es", "https://idp.example/realms/a", "account"))
                .hasMessageContaining("audience 'account'");
        assertThatThrownBy(() -> provider("hosp-es", "http://idp.example/realms/a", AUDIENCE))
                .hasMessageContaining("https");
        assertThatThrownBy(() -> new IdentityProvider(
                        "hosp-es",
                        "https://idp.example/realms/a",
                        AUDIENCE,
                        "",
                        "",
                        "",
                        List.of(new IdentityProvider.RoleMapping("realm-role:doctor", Role.PROFESSIONAL)),
                        List.of(new IdentityProvider.DepartmentMapping("group:/x", "hosp-it:cardiology"))))
                .hasMessageContaining("not a department of hosp-es");
        assertThatThrownBy(() -> new IdentityProvider.RoleMapping("team:doctor", Role.PROFESSIONAL))
                .hasMessageContaining("unknown mapping source");
    }
}
