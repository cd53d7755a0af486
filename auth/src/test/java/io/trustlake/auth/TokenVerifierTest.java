package io.trustlake.auth;

import static io.trustlake.auth.Fixtures.START;
import static io.trustlake.auth.TokenForge.claimsOf;
import static io.trustlake.auth.TokenForge.header;
import static io.trustlake.auth.TokenForge.segment;
import static io.trustlake.auth.TokenForge.signed;
import static org.assertj.core.api.Assertions.assertThat;

import io.trustlake.auth.TokenCheck.Reason;
import io.trustlake.common.crypto.Ed25519;
import io.trustlake.common.crypto.Randomness;
import io.trustlake.common.encoding.Base64Url;
import io.trustlake.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {
    private final MutableClock clock = new MutableClock(START);
    private final TokenKey spainKey = new TokenKey("hosp-es-2025", Ed25519.generate());
    private final TokenKey italyKey = new TokenKey("hosp-it-2025", Ed25519.generate());
    private final InMemoryKeyDirectory keys = new InMemoryKeyDirectory();
    private final InMemoryRevocationList revocations = new InMemoryRevocationList(clock, TokenConfig.defaults());
    private final TokenIssuer issuer = new TokenIssuer("hosp-es", spainKey, clock, TokenConfig.defaults());
    private final TokenVerifier verifier = new TokenVerifier(keys, revocations, clock, TokenConfig.defaults());

    @BeforeEach
    void publishKeysOfBothOrganisations() {
        keys.add(issuer.publicKey());
        keys.add(italyKey.publicKey("hosp-it"));
    }

    @Test
    void issuedTokenVerifiesIntoThePrincipalOfTheAccount() {
        IssuedToken token = issuer.issue(Fixtures.professional("bob", "h"));

        TokenCheck check = verifier.verify(token.compact());

        assertThat(check)
                .isEqualTo(new TokenCheck.Valid(new Principal(
                        "hosp-es:bob",
                        Role.PROFESSIONAL,
                        "hosp-es",
                        List.of("hosp-es:cardiology", "hosp-es:emergency"),
                        "",
                        token.tokenId(),
                        List.of("pwd"),
                        START.plus(TokenConfig.DEFAULT_LIFETIME))));
        assertThat(token.expiresAt()).isEqualTo(START.plusSeconds(15 * 60));
    }

    @Test
    void tokenCarriesTheDocumentedHeaderAndClaims() {
        IssuedToken token = issuer.issue(Fixtures.patient("ana", "h"));
        String header = new String(Base64Url.decode(token.compact().split("\\.", -1)[0]), StandardCharsets.UTF_8);

        assertThat(header).isEqualTo("{\"alg\":\"EdDSA\",\"kid\":\"hosp-es-2025\",\"typ\":\"JWT\"}");
        assertThat(claimsOf(token.compact()))
                .containsEntry("iss", "trustlake:hosp-es")
                .containsEntry("aud", "trustlake")
                .containsEntry("sub", "hosp-es:ana")
                .containsEntry("role", "PATIENT")
                .containsEntry("org", "hosp-es")
                .containsEntry("depts", List.of())
                .containsEntry("pid", Fixtures.PATIENT_ID)
                .containsEntry("amr", List.of("pwd"))
                .containsEntry("jti", token.tokenId())
                .containsEntry("iat", (int) START.getEpochSecond())
                .containsEntry("nbf", (int) START.getEpochSecond())
                .containsEntry("exp", (int) token.expiresAt().getEpochSecond());
        assertThat(verifier.verify(token.compact())).isInstanceOfSatisfying(TokenCheck.Valid.class, valid -> assertThat(
                        valid.principal().patientId())
                .contains(Fixtures.PATIENT_ID));
    }

    @Test
    void professionalTokensCarryNoPatientId() {
        assertThat(claimsOf(issuer.issue(Fixtures.professional("bob", "h")).compact()))
                .doesNotContainKey("pid");
    }

    @Test
    void algorithmNoneIsUnsupported() {
        Map<String, Object> header = header("none", "hosp-es-2025");
        header.remove("kid");
        String token = segment(header) + "." + segment(validClaims()) + ".";

        assertThat(verifier.verify(token)).isEqualTo(invalid(Reason.UNSUPPORTED_ALGORITHM));
    }

    @Test
    void algorithmHs256IsUnsupportedEvenWithTheRightKeyId() {
        String token = segment(header("HS256", "hosp-es-2025")) + "." + segment(validClaims()) + "."
                + Base64Url.encode(Randomness.bytes(32));

        assertThat(verifier.verify(token)).isEqualTo(invalid(Reason.UNSUPPORTED_ALGORITHM));
    }

    @Test
    void unknownKeyIdIsRefused() {
        Ed25519.KeyPair stranger = Ed25519.generate();

        assertThat(verifier.verify(signed(header("EdDSA", "hosp-xx-2025"), validClaims(), stranger)))
                .isEqualTo(invalid(Reason.UNKNOWN_KEY));
        assertThat(verifier.verify(signed(header("EdDSA", "../../etc/passwd"), validClaims(), stranger)))
                .isEqualTo(invalid(Reason.UNKNOWN_KEY));
    }

    @Test
    void withdrawnKeyNoLongerVerifies() {
        String token = issuer.issue(Fixtures.professional("bob", "h")).compact();
        keys.remove("hosp-es-2025");

        assertThat(verifier.verify(token)).isEqualTo(invalid(Reason.UNKNOWN_KEY));
    }

    @Test
    void keyOfOneOrganisationCannotIssueTokensForAnother() {
        Map<String, Object> header = header("EdDSA", "hosp-it-2025");

        assertThat(verifier.verify(signed(header, validClaims(), italyKey.keyPair())))
                .isEqualTo(invalid(Reason.WRONG_ISSUER));
        Map<String, Object> italianExceptOrg = italianClaims();
        italianExceptOrg.put("org", "hosp-es");
        assertThat(verifier.verify(signed(header, italianExceptOrg, italyKey.keyPair())))
                .isEqualTo(invalid(Reason.WRONG_ISSUER));
        Map<String, Object> italianExceptIssuer = italianClaims();
        italianExceptIssuer.put("iss", "trustlake:hosp-es");
        assertThat(verifier.verify(signed(header, italianExceptIssuer, italyKey.keyPair())))
                .isEqualTo(invalid(Reason.WRONG_ISSUER));
        Map<String, Object> italianWithSpanishDepartment = italianClaims();
        italianWithSpanishDepartment.put("depts", List.of("hosp-es:cardiology"));
        assertThat(verifier.verify(signed(header, italianWithSpanishDepartment, italyKey.keyPair())))
                .isEqualTo(invalid(Reason.WRONG_ISSUER));
        assertThat(verifier.verify(signed(header, italianClaims(), italyKey.keyPair())))
                .isInstanceOf(TokenCheck.Valid.class);
    }

    @Test
    void tamperedPayloadWithTheOriginalSignatureIsRefused() {
        String token = issuer.issue(Fixtures.professional("bob", "h")).compact();
        Map<String, Object> promoted = claimsOf(token);
        promoted.put("role", "ADMIN");

        assertThat(verifier.verify(TokenForge.withPayload(token, promoted))).isEqualTo(invalid(Reason.BAD_SIGNATURE));
    }

    @Test
    void signatureByAnotherKeyUnderOurKeyIdIsRefused() {
        String token = signed(header("EdDSA", "hosp-es-2025"), validClaims(), Ed25519.generate());

        assertThat(verifier.verify(token)).isEqualTo(invalid(Reason.BAD_SIGNATURE));
    }

    @Test
    void tokenExpiresAfterItsLifetimePlusClockSkew() {
        String token = issuer.issue(Fixtures.professional("bob", "h")).compact();

        clock.advance(Duration.ofMinutes(15).plusSeconds(29));
        assertThat(verifier.verify(token)).isInstanceOf(TokenCheck.Valid.class);
        clock.advance(Duration.ofSeconds(1));
        assertThat(verifier.verify(token)).isEqualTo(invalid(Reason.EXPIRED));
    }

    @Test
    void tokenFromTheFutureIsNotYetValidBeyondClockSkew() {
        MutableClock fastClock = new MutableClock(START.plusSeconds(31));
        String early = new TokenIssuer("hosp-es", spainKey, fastClock, TokenConfig.defaults())
                .issue(Fixtures.professional("bob", "h"))
                .compact();
        fastClock.set(START.plusSeconds(30));
        String withinSkew = new TokenIssuer("hosp-es", spainKey, fastClock, TokenConfig.defaults())
                .issue(Fixtures.professional("bob", "h"))
                .compact();

        assertThat(verifier.verify(early)).isEqualTo(invalid(Reason.NOT_YET_VALID));
        assertThat(verifier.verify(withinSkew)).isInstanceOf(TokenCheck.Valid.class);
    }

    @Test
    void tokenForAnotherAudienceIsRefused() {
        String token = issuer.issue(Fixtures.professional("bob", "h")).compact();
        TokenVerifier portal = new TokenVerifier(
                keys, revocations, clock, TokenConfig.defaults().withAudience("portal"));

        assertThat(portal.verify(token)).isEqualTo(invalid(Reason.WRONG_AUDIENCE));
    }

    @Test
    void audienceListContainingOursIsAccepted() {
        Map<String, Object> claims = validClaims();
        claims.put("aud", List.of("portal", "trustlake"));

        assertThat(verifier.verify(signed(header("EdDSA", "hosp-es-2025"), claims, spainKey.keyPair())))
                .isInstanceOf(TokenCheck.Valid.class);
    }

    @Test
    void revokedTokenIsRefused() {
        IssuedToken token = issuer.issue(Fixtures.professional("bob", "h"));
        revocations.revoke(token.tokenId(), token.expiresAt());

        assertThat(verifier.verify(token.compact())).isEqualTo(invalid(Reason.REVOKED));
        assertThat(verifier.verify(
                        issuer.issue(Fixtures.professional("bob", "h")).compact()))
                .isInstanceOf(TokenCheck.Valid.class);
    }

    @Test
    void garbageAndWrongSegmentCountsAreMalformed() {
        String valid = issuer.issue(Fixtures.professional("bob", "h")).compact();
        String[] parts = valid.split("\\.", -1);
        List<String> garbage = List.of(
                "",
                "garbage",
                "..",
                "a.b",
                parts[0] + "." + parts[1],
                valid + ".",
                valid + "." + parts[2],
                "Bearer " + valid,
                valid + " ",
                valid + "=",
                parts[0] + "=." + parts[1] + "." + parts[2],
                "é." + parts[1] + "." + parts[2],
                "e30." + parts[1] + "." + parts[2],
                "WzFd." + parts[1] + "." + parts[2],
                "bm90IGpzb24." + parts[1] + "." + parts[2],
                "A." + parts[1] + "." + parts[2],
                parts[0] + "." + parts[1] + "." + parts[2].substring(1));
        for (String token : garbage) {
            assertThat(verifier.verify(token)).as(token).isEqualTo(invalid(Reason.MALFORMED));
        }
    }

    @Test
    void nonCanonicalBase64ThatDecodesToTheSameSignatureIsMalformed() {
        String token = issuer.issue(Fixtures.professional("bob", "h")).compact();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(token.charAt(token.length() - 1));
        String sameBytes = token.substring(0, token.length() - 1) + alphabet.charAt(last ^ 1);

        assertThat(Base64Url.decode(sameBytes.substring(sameBytes.lastIndexOf('.') + 1)))
                .isEqualTo(Base64Url.decode(token.substring(token.lastIndexOf('.') + 1)));
        assertThat(verifier.verify(sameBytes)).isEqualTo(invalid(Reason.MALFORMED));
    }

    @Test
    void oversizedTokenIsRefusedEvenIfProperlySigned() {
        Map<String, Object> claims = validClaims();
        claims.put("note", "x".repeat(TokenConfig.DEFAULT_MAX_TOKEN_LENGTH));
        String token = signed(header("EdDSA", "hosp-es-2025"), claims, spainKey.keyPair());

        assertThat(verifier.verify(token)).isEqualTo(invalid(Reason.MALFORMED));
    }

    @Test
    void signedTokensWithBrokenHeaderOrClaimsAreMalformed() {
        Map<String, Object> jku = header("EdDSA", "hosp-es-2025");
        jku.put("jku", "https://attacker.example/keys");
        assertThat(verifier.verify(signed(jku, validClaims(), spainKey.keyPair())))
                .isEqualTo(invalid(Reason.MALFORMED));
        assertThat(verifier.verify(signedWith("exp", "tomorrow"))).isEqualTo(invalid(Reason.MALFORMED));
        assertThat(verifier.verify(signedWith("exp", 1.5e9))).isEqualTo(invalid(Reason.MALFORMED));
        assertThat(verifier.verify(signedWith("role", "ROOT"))).isEqualTo(invalid(Reason.MALFORMED));
        assertThat(verifier.verify(signedWith("pid", Fixtures.PATIENT_ID))).isEqualTo(invalid(Reason.MALFORMED));
        assertThat(verifier.verify(signedWith("sub", "bob"))).isEqualTo(invalid(Reason.MALFORMED));
        assertThat(verifier.verify(signedWith("amr", List.of()))).isEqualTo(invalid(Reason.MALFORMED));
        Map<String, Object> noSubject = validClaims();
        noSubject.remove("sub");
        assertThat(verifier.verify(signed(header("EdDSA", "hosp-es-2025"), noSubject, spainKey.keyPair())))
                .isEqualTo(invalid(Reason.MALFORMED));
    }

    @Test
    void duplicateHeaderKeysAreMalformed() {
        String headerJson = "{\"alg\":\"EdDSA\",\"kid\":\"hosp-es-2025\",\"alg\":\"none\"}";
        String signingInput =
                Base64Url.encode(headerJson.getBytes(StandardCharsets.UTF_8)) + "." + segment(validClaims());
        String token = signingInput + "."
                + Base64Url.encode(spainKey.keyPair().sign(signingInput.getBytes(StandardCharsets.US_ASCII)));

        assertThat(verifier.verify(token)).isEqualTo(invalid(Reason.MALFORMED));
    }

    private String signedWith(String claim, Object value) {
        Map<String, Object> claims = validClaims();
        claims.put(claim, value);
        return signed(header("EdDSA", "hosp-es-2025"), claims, spainKey.keyPair());
    }

    private Map<String, Object> validClaims() {
        return claimsOf(issuer.issue(Fixtures.professional("bob", "h")).compact());
    }

    private Map<String, Object> italianClaims() {
        Map<String, Object> claims = validClaims();
        claims.put("iss", "trustlake:hosp-it");
        claims.put("org", "hosp-it");
        claims.put("sub", "hosp-it:bob");
        claims.put("depts", List.of("hosp-it:oncology"));
        return claims;
    }

    private static TokenCheck invalid(Reason reason) {
        return new TokenCheck.Invalid(reason);
    }
}
