package io.trustlake.synthetic;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustlake.common.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Streaming access to FHIR JSON bundles. Entries are read one at a time, so memory is bounded by the
 * largest entry, not the bundle; decimals are kept exactly as written ({@code 1.50} stays {@code
 * 1.50}) and properties keep their order, so entries are written back verbatim.
 */
final class FhirJson {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private FhirJson() {}

    /**
     * Calls {@code action} with each element of the top-level {@code entry} array of the bundle in
     * {@code file}, in order.
     *
     * @throws SyntheticException INVALID_BUNDLE if the file is not a JSON object whose entries are
     *     objects
     */
    static void forEachEntry(Path file, Consumer<ObjectNode> action) {
        try (JsonParser parser = MAPPER.createParser(file.toFile())) {
            expect(parser.nextToken() == JsonToken.START_OBJECT, file, "is not a JSON object");
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("entry".equals(field) && value == JsonToken.START_ARRAY) {
                    readEntries(parser, file, action);
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new SyntheticException(ErrorCode.INVALID_BUNDLE, "cannot read bundle " + file.getFileName(), e);
        }
    }

    /** The text at {@code path} (field names) under {@code node}, or "" if absent or not text. */
    static String text(JsonNode node, String... path) {
        JsonNode current = node;
        for (String field : path) {
            current = current.path(field);
        }
        return current.isTextual() ? current.asText() : "";
    }

    private static void readEntries(JsonParser parser, Path file, Consumer<ObjectNode> action) throws IOException {
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            expect(token == JsonToken.START_OBJECT, file, "has an entry that is not an object");
            JsonNode entry = MAPPER.readTree(parser);
            action.accept((ObjectNode) entry);
        }
    }

    private static void expect(boolean condition, Path file, String problem) {
        if (!condition) {
            throw new SyntheticException(ErrorCode.INVALID_BUNDLE, "bundle " + file.getFileName() + " " + problem);
        }
    }
}
