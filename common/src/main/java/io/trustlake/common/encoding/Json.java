package io.trustlake.common.encoding;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import java.io.IOException;

/**
 * The JSON mappers used everywhere. {@link #canonical()} writes the canonical form that is hashed
 * and signed: object keys sorted, no insignificant whitespace, instants as ISO-8601 strings.
 * Mappers are thread-safe once built.
 */
public final class Json {
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private Json() {}

    public static ObjectMapper canonical() {
        return CANONICAL;
    }

    /** Canonical UTF-8 bytes of a value (records, maps, lists, strings, numbers). */
    public static byte[] encode(Object value) {
        try {
            return CANONICAL.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new TrustlakeException(ErrorCode.INTERNAL, "value cannot be encoded as JSON", e);
        }
    }

    public static String encodeToString(Object value) {
        try {
            return CANONICAL.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new TrustlakeException(ErrorCode.INTERNAL, "value cannot be encoded as JSON", e);
        }
    }

    /** Decodes bytes that this system produced; a failure is an internal error, not bad input. */
    public static <T> T decode(byte[] bytes, Class<T> type) {
        try {
            return CANONICAL.readValue(bytes, type);
        } catch (IOException e) {
            throw new TrustlakeException(
                    ErrorCode.INTERNAL, "stored JSON cannot be decoded as " + type.getSimpleName(), e);
        }
    }

    /** Decodes bytes that came from outside; a failure is a client error with a precise message. */
    public static <T> T parseInput(byte[] bytes, Class<T> type) {
        try {
            T value = CANONICAL.readValue(bytes, type);
            if (value == null) {
                throw new TrustlakeException(ErrorCode.MALFORMED_JSON, "request body is empty");
            }
            return value;
        } catch (IOException e) {
            throw new TrustlakeException(ErrorCode.MALFORMED_JSON, describe(e));
        }
    }

    /** A plain-language reason for unreadable input that never names our classes. */
    static String describe(IOException e) {
        if (e instanceof com.fasterxml.jackson.core.io.JsonEOFException) {
            return "the request body ends before the JSON is complete";
        }
        if (e instanceof com.fasterxml.jackson.core.JsonParseException parse) {
            return "the request body is not valid JSON (line "
                    + parse.getLocation().getLineNr() + ", column "
                    + parse.getLocation().getColumnNr() + ")";
        }
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping) {
            String field = mapping.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(java.util.stream.Collectors.joining("."));
            return field.isEmpty()
                    ? "the request body must be a JSON object with the documented fields"
                    : "field '" + field + "' has the wrong type or format";
        }
        return "the request body could not be read";
    }

    public static JsonNode tree(byte[] bytes) {
        try {
            return CANONICAL.readTree(bytes);
        } catch (IOException e) {
            throw new TrustlakeException(ErrorCode.MALFORMED_JSON, describe(e));
        }
    }
}
