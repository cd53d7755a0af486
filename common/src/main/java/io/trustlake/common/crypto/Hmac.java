package io.trustlake.common.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC (RFC 2104). SHA-1 exists only for one-time passwords (RFC 4226/6238 authenticator apps
 * compute HMAC-SHA-1, where SHA-1's collision weakness does not matter); use SHA-256 for anything
 * else. Thread-safe: every call uses a fresh {@link Mac}.
 */
public final class Hmac {
    private Hmac() {}

    public static byte[] sha1(byte[] key, byte[] message) {
        return compute("HmacSHA1", key, message);
    }

    public static byte[] sha256(byte[] key, byte[] message) {
        return compute("HmacSHA256", key, message);
    }

    private static byte[] compute(String algorithm, byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new CryptoException(algorithm + " unavailable", e);
        }
    }
}
