package io.trustlake.auth;

import static io.trustlake.auth.Fixtures.START;
import static io.trustlake.auth.TokenForge.claimsOf;
import static io.trustlake.auth.TokenForge.header;
import static io.trustlake.auth.TokenForge.signed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustlake.auth.TokenCheck.Reason;
import io.trustlake.common.crypto.Ed25519;
import io.trustlake.testkit.MutableClock;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LedgerProofsTest {
    private final MutableClock clock = new MutableClock(START);
    private final TokenKey spainKey = new TokenKey("hosp-es-2025", Ed25519.generate());
    private final TokenKey italyKey = new TokenKey("hosp-it-2025", Ed25519.generate());
    private final InMemoryKeyDirectory keys = new InMemoryKeyDirectory();
    private final TokenIssuer issuer = new TokenIssuer("hosp-es", spainKey, clock, TokenConfig.defaults());
    private final TokenIssuer italy = new TokenIssuer("hosp-it", italyKey, clock, TokenConfig.defaults());

    @BeforeEach
    void publishKeys() {
        keys.add(issuer.publicKey());
        keys.add(italy.publicKey());
    }

    @Test
    void everyAccessTokenComesWithAProofForTheSameUserThatOnlyTheLedgerAccepts() {
        IssuedToken token = issuer.issue(Fixtures.patient("ana", "h"));

        TokenCheck proof = LedgerProofs.check(token.ledgerProof(), keys, START.plusSeconds(60));

        assertThat(proof).isInstanceOfSatisfying(TokenCheck.Valid.class, valid -> {
            assertThat(valid.principal().userId()).isEqualTo("hosp-es:ana");
            assertThat(valid.principal().patientId()).contains(Fixtures.PATIENT_ID);
        });
        Map<String, Object> claims = claimsOf(token.ledgerProof());
        assertThat(claims).containsEntry("aud", LedgerProofs.AUDIENCE);
        assertThat(claims.get("jti")).isNotEqualTo(token.tokenId());
        assertThat(claims.get("exp")).isEqualTo((int) token.expiresAt().getEpochSecond());
        Principal access = ((TokenCheck.Valid) new TokenVerifier(keys, tokenId -> false, clock, TokenConfig.defaults())
                        .verify(token.compact()))
                .principal();
        assertThat(LedgerProofs.sameUser(((TokenCheck.Valid) proof).principal(), access))
                .isTrue();
    }

    @Test
    void aProofIsNoAccessTokenAndAnAccessTokenIsNoProof() {
        IssuedToken token = issuer.issue(Fixtures.patient("ana", "h"));
        TokenVerifier api = new TokenVerifier(keys, tokenId -> false, clock, TokenConfig.defaults());

        assertThat(api.verify(token.ledgerProof())).isEqualTo(new TokenCheck.Invalid(Reason.WRONG_AUDIENCE));
        assertThat(LedgerProofs.check(token.compact(), keys, START))
                .isEqualTo(new TokenCheck.Invalid(Reason.WRONG_AUDIENCE));
    }

    @Test
    void aProofCountsOnlyWhileItsAccessTokenIsValidAtTheTransactionsTime() {
        IssuedToken token = issuer.issue(Fixtures.patient("ana", "h"));

        assertThat(LedgerProofs.check(
                        token.ledgerProof(), keys, token.expiresAt().minusSeconds(1)))
                .isInstanceOf(TokenCheck.Valid.class);
        assertThat(LedgerProofs.check(
                        token.ledgerProof(), keys, token.expiresAt().plus(TokenConfig.DEFAULT_CLOCK_SKEW)))
                .isEqualTo(new TokenCheck.Invalid(Reason.EXPIRED));
        assertThat(LedgerProofs.check(
                        token.ledgerProof(),
                        keys,
                        START.minus(TokenConfig.DEFAULT_CLOCK_SKEW).minusSeconds(1)))
                .isEqualTo(new TokenCheck.Invalid(Reason.NOT_YET_VALID));
    }

    @Test
    void anotherOrganisationsKeyCannotVouchForThisOrganisationsUser() {
        Map<String, Object> claims =
                claimsOf(issuer.issue(Fixtures.patient("ana", "h")).ledgerProof());
        String forgedByItaly = signed(header("EdDSA", "hosp-it-2025"), claims, italyKey.keyPair());
        String tampered = signed(header("EdDSA", "hosp-es-2025"), claims, italyKey.keyPair());

        assertThat(LedgerProofs.check(forgedByItaly, keys, START))
                .isEqualTo(new TokenCheck.Invalid(Reason.WRONG_ISSUER));
        assertThat(LedgerProofs.check(tampered, keys, START)).isEqualTo(new TokenCheck.Invalid(Reason.BAD_SIGNATURE));
        assertThat(LedgerProofs.check("not.a.token", keys, START)).isInstanceOf(TokenCheck.Invalid.class);
    }

    @Test
    void aProofOfOneUserDoesNotSpeakForAnother() {
        Principal ana = ((TokenCheck.Valid) LedgerProofs.check(
                        issuer.issue(Fixtures.patient("ana", "h")).ledgerProof(), keys, START))
                .principal();
        Principal bob = ((TokenCheck.Valid) LedgerProofs.check(
                        issuer.issue(Fixtures.professional("bob", "h")).ledgerProof(), keys, START))
                .principal();

        assertThat(LedgerProofs.sameUser(ana, bob)).isFalse();
        assertThat(LedgerProofs.sameUser(ana, ana.withLedgerProof("x"))).isTrue();
        assertThat(ana.withLedgerProof("secret-proof").toString()).doesNotContain("secret-proof");
    }

    @Test
    void theLedgerAudienceCannotBeUsedForAccessTokens() {
        assertThatThrownBy(() -> new TokenIssuer(
                        "hosp-es", spainKey, clock, TokenConfig.defaults().withAudience(LedgerProofs.AUDIENCE)))
                .isInstanceOf(AuthException.class)
                .hasMessageContaining("reserved");
    }
}
