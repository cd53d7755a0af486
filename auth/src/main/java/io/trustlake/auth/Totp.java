package io.trustlake.auth;

import io.trustlake.common.crypto.Hmac;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * Time-based one-time passwords (RFC 6238) over HOTP (RFC 4226): HMAC-SHA-1, 30-second steps from
 * the Unix epoch, 6 digits, accepted one step either side of now. A code is accepted only once:
 * callers pass the last step used and store the step returned. Stateless and thread-safe.
 */
public final class Totp {
    public static final int STEP_SECONDS = 30;
    public static final int DIGITS = 6;
    public static final int SECRET_LENGTH = 20;
    private static final int WINDOW = 1;

    private Totp() {}

    /** A fresh random 160-bit secret, as RFC 4226 recommends. */
    public static byte[] newSecret() {
        return io.trustlake.common.crypto.Randomness.bytes(SECRET_LENGTH);
    }

    /** The HOTP value for a counter, zero-padded to {@code digits} digits (RFC 4226 §5.3). */
    static String hotp(byte[] secret, long counter, int digits) {
        byte[] mac = Hmac.sha1(
                secret, ByteBuffer.allocate(Long.BYTES).putLong(counter).array());
        int offset = mac[mac.length - 1] & 0x0f;
        int binary = ((mac[offset] & 0x7f) << 24)
                | ((mac[offset + 1] & 0xff) << 16)
                | ((mac[offset + 2] & 0xff) << 8)
                | (mac[offset + 3] & 0xff);
        long modulus = (long) Math.pow(10, digits);
        String code = Long.toString(binary % modulus);
        return "0".repeat(digits - code.length()) + code;
    }

    public static long step(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
    }

    /** The 6-digit code for the step containing {@code at}. */
    public static String code(byte[] secret, Instant at) {
        return hotp(secret, step(at), DIGITS);
    }

    /**
     * The step whose code this is, within one step of now and after {@code lastUsedStep}; empty
     * if the code is wrong, too old, or already used. Compares every candidate in constant time.
     */
    public static OptionalLong matchingStep(byte[] secret, String code, Instant now, long lastUsedStep) {
        if (code.length() != DIGITS || !code.chars().allMatch(Character::isDigit)) {
            return OptionalLong.empty();
        }
        long current = step(now);
        OptionalLong found = OptionalLong.empty();
        for (long step = current - WINDOW; step <= current + WINDOW; step++) {
            boolean same = io.trustlake.common.crypto.Hashes.equal(
                    hotp(secret, step, DIGITS).getBytes(StandardCharsets.US_ASCII),
                    code.getBytes(StandardCharsets.US_ASCII));
            if (same && step > lastUsedStep && found.isEmpty()) {
                found = OptionalLong.of(step);
            }
        }
        return found;
    }

    /** The {@code otpauth://} URI an authenticator app reads (Key Uri Format). */
    public static String uri(String issuer, String accountName, byte[] secret) {
        String label = encode(issuer) + ":" + encode(accountName);
        return "otpauth://totp/" + label + "?secret=" + Base32.encode(secret) + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP_SECONDS;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
