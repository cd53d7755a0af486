package io.trustlake.auth;

import com.fasterxml.jackson.core.type.TypeReference;
import io.trustlake.common.crypto.Ed25519;
import io.trustlake.common.encoding.Base64Url;
import io.trustlake.common.encoding.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** Builds hostile tokens by hand: any header, any claims, any key. */
final class TokenForge {
    private TokenForge() {}

    static Map<String, Object> header(String algorithm, String kid) {
        Map<String, Object> header = new TreeMap<>();
        header.put("alg", algorithm);
        header.put("typ", "JWT");
        header.put("kid", kid);
        return header;
    }

    /** The claims of a token, as a mutable map. */
    static Map<String, Object> claimsOf(String token) {
        byte[] payload = Base64Url.decode(token.split("\\.", -1)[1]);
        try {
            return Json.canonical().readValue(payload, new TypeReference<TreeMap<String, Object>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String segment(Object json) {
        return Base64Url.encode(Json.encode(json));
    }

    static String signed(Map<String, Object> header, Map<String, Object> claims, Ed25519.KeyPair key) {
        String signingInput = segment(header) + "." + segment(claims);
        return signingInput + "." + Base64Url.encode(key.sign(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The token with its payload replaced and its original signature kept. */
    static String withPayload(String token, Map<String, Object> claims) {
        String[] parts = token.split("\\.", -1);
        return parts[0] + "." + segment(claims) + "." + parts[2];
    }
}
