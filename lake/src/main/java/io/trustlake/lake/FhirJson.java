package io.trustlake.lake;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustlake.common.error.ErrorCode;
import java.io.IOException;

/**
 * The Jackson mapper for FHIR resource JSON: decimals are kept exactly as written ({@code 0.10}
 * stays {@code 0.10}, as FHIR requires), property order is preserved, duplicate keys are rejected.
 * Thread-safe.
 */
final class FhirJson {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /**
     * The mapper ingestion scans bundles with: the same strictness (duplicate keys rejected), but
     * decimals become doubles, since the trees it builds are only read for tagging and dates and
     * never written out (released JSON always comes from the stored bytes).
     */
    static final ObjectMapper SCAN_MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private FhirJson() {}

    /** Parses JSON the lake itself stored; a failure means stored data is damaged. */
    static ObjectNode readStoredObject(byte[] json) {
        return readObject(json, ErrorCode.TAMPERING_DETECTED);
    }

    /** Parses JSON handed in by a caller; a failure is a bad request. */
    static ObjectNode readInputObject(byte[] json) {
        return readObject(json, ErrorCode.BAD_REQUEST);
    }

    private static ObjectNode readObject(byte[] json, ErrorCode onFailure) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            throw new LakeException(onFailure, "resource JSON is unreadable", e);
        }
        throw new LakeException(onFailure, "resource JSON is not an object");
    }

    static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new LakeException(ErrorCode.INTERNAL, "resource JSON cannot be written", e);
        }
    }

    /** The text at {@code field} of {@code node}, or empty when absent or not a string. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.textValue() : "";
    }
}
