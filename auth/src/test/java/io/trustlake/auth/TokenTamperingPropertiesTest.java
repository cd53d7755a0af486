package io.trustlake.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustlake.common.crypto.Ed25519;
import io.trustlake.testkit.MutableClock;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class TokenTamperingPropertiesTest {
    private static final MutableClock CLOCK = new MutableClock(Fixtures.START);
    private static final TokenIssuer ISSUER =
            new TokenIssuer("hosp-es", new TokenKey("hosp-es-2025", Ed25519.generate()), CLOCK, TokenConfig.defaults());
    private static final String TOKEN =
            ISSUER.issue(Fixtures.patient("ana", "h")).compact();
    private static final TokenVerifier VERIFIER = verifier();

    private static TokenVerifier verifier() {
        InMemoryKeyDirectory keys = new InMemoryKeyDirectory();
        keys.add(ISSUER.publicKey());
        return new TokenVerifier(keys, tokenId -> false, CLOCK, TokenConfig.defaults());
    }

    @Property
    void theUntouchedTokenIsValid() {
        assertThat(VERIFIER.verify(TOKEN)).isInstanceOf(TokenCheck.Valid.class);
    }

    @Property(tries = 3000)
    void anySingleCharacterChangeIsNeverValid(
            @ForAll @IntRange(min = 0, max = 10_000) int position, @ForAll("replacements") char replacement) {
        int index = position % TOKEN.length();
        Assume.that(TOKEN.charAt(index) != replacement);
        String tampered = TOKEN.substring(0, index) + replacement + TOKEN.substring(index + 1);

        assertThat(VERIFIER.verify(tampered)).isInstanceOf(TokenCheck.Invalid.class);
    }

    @Property(tries = 500)
    void droppingOrInsertingACharacterIsNeverValid(
            @ForAll @IntRange(min = 0, max = 10_000) int position, @ForAll("replacements") char inserted) {
        int index = position % TOKEN.length();
        String dropped = TOKEN.substring(0, index) + TOKEN.substring(index + 1);
        String grown = TOKEN.substring(0, index) + inserted + TOKEN.substring(index);

        assertThat(List.of(VERIFIER.verify(dropped), VERIFIER.verify(grown)))
                .allSatisfy(check -> assertThat(check).isInstanceOf(TokenCheck.Invalid.class));
    }

    @Provide
    Arbitrary<Character> replacements() {
        return Arbitraries.oneOf(
                Arbitraries.chars().alpha().numeric().with('-', '_', '.', '=', '+', '/'), Arbitraries.chars());
    }
}
