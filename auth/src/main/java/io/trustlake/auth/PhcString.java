package io.trustlake.auth;

import io.trustlake.common.crypto.Argon2id;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PHC string form of an Argon2id hash: {@code $argon2id$v=19$m=<kib>,t=<iter>,p=<par>$<salt>$<hash>}
 * with salt and hash in standard base64 without padding. Parsing is strict (canonical numbers and
 * base64, bounded costs) and never throws: anything else is empty.
 */
final class PhcString {
    static final int MIN_SALT_LENGTH = 8;
    static final int MAX_SALT_LENGTH = 64;
    static final int MIN_HASH_LENGTH = 16;
    static final int MAX_HASH_LENGTH = 64;

    // Upper cost bounds, so that a corrupted or hostile stored string cannot exhaust the node.
    static final long MAX_MEMORY_KIB = 1L << 20;
    static final int MAX_ITERATIONS = 64;
    static final int MAX_PARALLELISM = 16;

    private static final String NUMBER = "(0|[1-9][0-9]{0,9})";
    private static final Pattern FORMAT = Pattern.compile("\\$argon2id\\$v=19\\$m=" + NUMBER + ",t=" + NUMBER + ",p="
            + NUMBER + "\\$([A-Za-z0-9+/]{1,128})\\$([A-Za-z0-9+/]{1,128})");

    private final Argon2id.Parameters parameters;
    private final byte[] salt;
    private final byte[] hash;

    private PhcString(Argon2id.Parameters parameters, byte[] salt, byte[] hash) {
        this.parameters = parameters;
        this.salt = salt;
        this.hash = hash;
    }

    static String format(Argon2id.Parameters parameters, byte[] salt, byte[] hash) {
        return "$argon2id$v=19$m=" + parameters.memoryKib() + ",t=" + parameters.iterations() + ",p="
                + parameters.parallelism() + "$" + encode(salt) + "$" + encode(hash);
    }

    static Optional<PhcString> parse(String phc) {
        Matcher matcher = FORMAT.matcher(phc);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long memory = Long.parseLong(matcher.group(1));
        long iterations = Long.parseLong(matcher.group(2));
        long parallelism = Long.parseLong(matcher.group(3));
        Optional<byte[]> salt = decode(matcher.group(4));
        Optional<byte[]> hash = decode(matcher.group(5));
        if (memory > MAX_MEMORY_KIB
                || iterations < 1
                || iterations > MAX_ITERATIONS
                || parallelism < 1
                || parallelism > MAX_PARALLELISM
                || memory < 8 * parallelism
                || salt.isEmpty()
                || hash.isEmpty()
                || !lengthWithin(salt.get(), MIN_SALT_LENGTH, MAX_SALT_LENGTH)
                || !lengthWithin(hash.get(), MIN_HASH_LENGTH, MAX_HASH_LENGTH)) {
            return Optional.empty();
        }
        Argon2id.Parameters parameters =
                new Argon2id.Parameters((int) memory, (int) iterations, (int) parallelism, hash.get().length);
        return Optional.of(new PhcString(parameters, salt.get(), hash.get()));
    }

    Argon2id.Parameters parameters() {
        return parameters;
    }

    byte[] salt() {
        return salt.clone();
    }

    byte[] hash() {
        return hash.clone();
    }

    private static boolean lengthWithin(byte[] bytes, int min, int max) {
        return bytes.length >= min && bytes.length <= max;
    }

    private static String encode(byte[] bytes) {
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Only the canonical unpadded encoding is accepted (no stray low bits in the last character). */
    private static Optional<byte[]> decode(String text) {
        if (text.length() % 4 == 1) {
            return Optional.empty();
        }
        byte[] bytes = Base64.getDecoder().decode(text);
        return encode(bytes).equals(text) ? Optional.of(bytes) : Optional.empty();
    }
}
