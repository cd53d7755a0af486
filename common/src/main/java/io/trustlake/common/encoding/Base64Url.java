package io.trustlake.common.encoding;

import java.util.Base64;

/** Base64url without padding (RFC 4648 §5), as used in JWTs and URLs. */
public final class Base64Url {
    private Base64Url() {}

    public static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Throws {@link IllegalArgumentException} for characters outside the alphabet. */
    public static byte[] decode(String text) {
        return Base64.getUrlDecoder().decode(text);
    }
}
