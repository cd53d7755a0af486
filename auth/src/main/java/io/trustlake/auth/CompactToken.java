package io.trustlake.auth;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.trustlake.common.encoding.Base64Url;
import io.trustlake.common.encoding.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The three base64url segments of an untrusted compact JWS. Every decoding step is strict (only the
 * base64url alphabet, no padding, canonical trailing bits; JSON objects without duplicate keys or
 * trailing data) and reports failure as {@link TokenRejected}, never as a runtime exception.
 */
final class CompactToken {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*");
    private static final ObjectReader UNTRUSTED_JSON = Json.canonical()
            .reader()
            .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY, DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final String header;
    private final String payload;
    private final String signature;

    private CompactToken(String header, String payload, String signature) {
        this.header = header;
        this.payload = payload;
        this.signature = signature;
    }

    /** Splits the token after checking its length (in characters, all ASCII) and shape. */
    static CompactToken split(String token, int maxLength) throws TokenRejected {
        if (token.length() > maxLength || !SHAPE.matcher(token).matches()) {
            throw TokenRejected.malformed();
        }
        int first = token.indexOf('.');
        int second = token.indexOf('.', first + 1);
        return new CompactToken(
                token.substring(0, first), token.substring(first + 1, second), token.substring(second + 1));
    }

    JsonNode header() throws TokenRejected {
        return json(decode(header));
    }

    JsonNode payload() throws TokenRejected {
        return json(decode(payload));
    }

    byte[] signature() throws TokenRejected {
        return decode(signature);
    }

    /** The bytes the signature covers: {@code header.payload} as ASCII. */
    byte[] signingInput() {
        return (header + "." + payload).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] decode(String segment) throws TokenRejected {
        if (segment.length() % 4 == 1) {
            throw TokenRejected.malformed();
        }
        byte[] bytes = Base64Url.decode(segment);
        if (!Base64Url.encode(bytes).equals(segment)) {
            throw TokenRejected.malformed();
        }
        return bytes;
    }

    /** Any failure of the parser on untrusted bytes means the token is malformed. */
    private static JsonNode json(byte[] bytes) throws TokenRejected {
        try {
            JsonNode node = UNTRUSTED_JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw TokenRejected.malformed();
            }
            return node;
        } catch (IOException | RuntimeException e) {
            throw TokenRejected.malformed();
        }
    }
}
