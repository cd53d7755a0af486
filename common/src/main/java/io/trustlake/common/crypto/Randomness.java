package io.trustlake.common.crypto;

import java.security.SecureRandom;

/** The one source of randomness in Trustlake's main code. Thread-safe. */
public final class Randomness {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

    private Randomness() {}

    public static byte[] bytes(int length) {
        byte[] out = new byte[length];
        RANDOM.nextBytes(out);
        return out;
    }

    /** A uniformly random integer in [0, bound). */
    public static int nextInt(int bound) {
        return RANDOM.nextInt(bound);
    }

    /**
     * A random, unguessable identifier of {@code length} characters from a 32-letter alphabet
     * without look-alike characters (5 bits each; 26 characters carry 130 bits).
     */
    public static String token(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }

    public static SecureRandom secureRandom() {
        return RANDOM;
    }
}
