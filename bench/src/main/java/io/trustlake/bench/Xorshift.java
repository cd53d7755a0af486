package io.trustlake.bench;

/**
 * A small deterministic pseudo-random generator (xorshift64*), so that every run builds the same
 * world and asks the same questions. Not for anything secret; not thread-safe.
 */
final class Xorshift {
    private long state;

    Xorshift(long seed) {
        this.state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
    }

    long nextLong() {
        state ^= state >>> 12;
        state ^= state << 25;
        state ^= state >>> 27;
        return state * 0x2545F4914F6CDD1DL;
    }

    /** Uniform in [0, bound). */
    int nextInt(int bound) {
        return (int) Long.remainderUnsigned(nextLong(), bound);
    }

    /** True with probability {@code percent}/100. */
    boolean percent(int percent) {
        return nextInt(100) < percent;
    }

    <T> T pick(java.util.List<T> values) {
        return values.get(nextInt(values.size()));
    }

    /** {@code length} characters from the alphabet of Trustlake ids (a-z without l and o, 2-9). */
    String token(int length) {
        String alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
