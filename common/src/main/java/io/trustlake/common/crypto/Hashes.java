package io.trustlake.common.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, the only digest Trustlake uses. Thread-safe. */
public final class Hashes {
    public static final int SHA256_LENGTH = 32;

    private Hashes() {}

    /** A fresh SHA-256 digest for incremental hashing; not thread-safe itself. */
    public static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new CryptoException("SHA-256 unavailable", e);
        }
    }

    public static byte[] sha256(byte[] data) {
        return sha256Digest().digest(data);
    }

    public static byte[] sha256(byte[] data, int offset, int length) {
        MessageDigest digest = sha256Digest();
        digest.update(data, offset, length);
        return digest.digest();
    }

    /** SHA-256 of a one-byte prefix followed by each part, as used by RFC 9162 Merkle hashing. */
    public static byte[] sha256(byte prefix, byte[]... parts) {
        MessageDigest digest = sha256Digest();
        digest.update(prefix);
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }

    /** Constant-time comparison of two digests or MACs. */
    public static boolean equal(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }
}
