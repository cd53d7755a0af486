package io.trustlake.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {
    /** The SHA-1 seed of RFC 6238 Appendix B. */
    private static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @CsvSource({
        "59, 94287082",
        "1111111109, 07081804",
        "1111111111, 14050471",
        "1234567890, 89005924",
        "2000000000, 69279037",
        "20000000000, 65353130"
    })
    void matchesTheRfc6238Sha1TestVectors(long unixSeconds, String expected) {
        assertThat(Totp.hotp(RFC_SECRET, Totp.step(Instant.ofEpochSecond(unixSeconds)), 8))
                .isEqualTo(expected);
        assertThat(Totp.code(RFC_SECRET, Instant.ofEpochSecond(unixSeconds))).isEqualTo(expected.substring(2));
    }

    @Test
    void matchesTheRfc4226HotpTestVectors() {
        String[] expected = {
            "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"
        };
        for (int counter = 0; counter < expected.length; counter++) {
            assertThat(Totp.hotp(RFC_SECRET, counter, 6)).isEqualTo(expected[counter]);
        }
    }

    @Test
    void acceptsOneStepEitherSideAndNoFurther() {
        Instant now = Instant.ofEpochSecond(1_700_000_000L);
        long step = Totp.step(now);
        assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, now.minusSeconds(30)), now, Long.MIN_VALUE))
                .hasValue(step - 1);
        assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, now.plusSeconds(30)), now, Long.MIN_VALUE))
                .hasValue(step + 1);
        assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, now.minusSeconds(60)), now, Long.MIN_VALUE))
                .isEmpty();
        assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, now.plusSeconds(60)), now, Long.MIN_VALUE))
                .isEmpty();
    }

    @Test
    void aCodeOfAStepAlreadyUsedIsRefused() {
        Instant now = Instant.ofEpochSecond(1_700_000_000L);
        String code = Totp.code(RFC_SECRET, now);
        assertThat(Totp.matchingStep(RFC_SECRET, code, now, Totp.step(now))).isEmpty();
        assertThat(Totp.matchingStep(RFC_SECRET, code, now, Totp.step(now) - 1)).hasValue(Totp.step(now));
    }

    @Test
    void malformedCodesAreRefused() {
        Instant now = Instant.ofEpochSecond(1_700_000_000L);
        assertThat(Totp.matchingStep(RFC_SECRET, "", now, Long.MIN_VALUE)).isEmpty();
        assertThat(Totp.matchingStep(RFC_SECRET, "12345", now, Long.MIN_VALUE)).isEmpty();
        assertThat(Totp.matchingStep(RFC_SECRET, "abcdef", now, Long.MIN_VALUE)).isEmpty();
    }

    @Test
    void uriCarriesTheBase32SecretAndIssuer() {
        assertThat(Totp.uri("Hospital ES", "ana", RFC_SECRET))
                .isEqualTo("otpauth://totp/Hospital%20ES:ana?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                        + "&issuer=Hospital%20ES&algorithm=SHA1&digits=6&period=30");
        assertThat(Base32.decode("gezd gnbv gy3t qojq gezd gnbv gy3t qojq")).isEqualTo(RFC_SECRET);
    }
}
