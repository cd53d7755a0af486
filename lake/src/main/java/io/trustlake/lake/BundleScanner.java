package io.trustlake.lake;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import io.trustlake.common.error.ErrorCode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams a FHIR JSON bundle once with Jackson's {@link JsonParser}, recording the byte range of
 * every {@code entry[].resource} object so the raw slice can be re-read later, and the {@link
 * ResourceFacts} of each resource, collected from the tokens without building a tree. Only {@code
 * resourceType} and {@code entry} of the top level are looked at; every other member is skipped.
 *
 * <p>The reference is a JSON tree per resource ({@link #scanWithTrees}); both give the same outcome
 * for every document. A tree decodes every string and so rejects one longer than the parser allows,
 * which streaming (decoding only the strings it needs) would let pass; such a string needs more
 * bytes than that limit, so a document that is longer, and either holds a resource that is too or
 * cannot be scanned, is scanned again through trees. Stateless and thread-safe.
 */
final class BundleScanner {
    private BundleScanner() {}

    /** What streaming a document found. */
    sealed interface Outcome {
        /** A well-formed JSON object with the given top-level resource type and entries. */
        record Scanned(String resourceType, List<ScannedEntry> entries) implements Outcome {
            public Scanned {
                entries = List.copyOf(entries);
            }
        }

        /** The document could not be scanned. */
        record Unreadable(RejectionReason reason, String detail) implements Outcome {}
    }

    private static final int MAX_STRING_LENGTH =
            FhirJson.SCAN_MAPPER.getFactory().streamReadConstraints().getMaxStringLength();

    static Outcome scan(byte[] document) {
        Outcome streamed = scan(document, false);
        if (document.length > MAX_STRING_LENGTH && mayHideTooLongString(streamed)) {
            return scanWithTrees(document);
        }
        return streamed;
    }

    private static boolean mayHideTooLongString(Outcome streamed) {
        if (streamed instanceof Outcome.Scanned scanned) {
            return scanned.entries().stream().anyMatch(entry -> entry.length() > MAX_STRING_LENGTH);
        }
        return true;
    }

    /** The reference way: a JSON tree per resource, read for its facts. */
    static Outcome scanWithTrees(byte[] document) {
        return scan(document, true);
    }

    private static Outcome scan(byte[] document, boolean trees) {
        try (JsonParser parser = FhirJson.SCAN_MAPPER.createParser(document)) {
            return scanDocument(parser, document, trees);
        } catch (JsonEOFException e) {
            return new Outcome.Unreadable(RejectionReason.TRUNCATED_JSON, "JSON ends early " + where(e));
        } catch (JsonProcessingException e) {
            return new Outcome.Unreadable(RejectionReason.MALFORMED_JSON, "invalid JSON " + where(e));
        } catch (Invalid e) {
            return new Outcome.Unreadable(e.reason, e.getMessage());
        } catch (IOException e) {
            throw new LakeException(ErrorCode.INTERNAL, "reading a byte array failed", e);
        }
    }

    private static Outcome scanDocument(JsonParser parser, byte[] document, boolean trees) throws IOException, Invalid {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new Invalid(RejectionReason.MALFORMED_JSON, "the document is empty");
        }
        if (first != JsonToken.START_OBJECT) {
            throw new Invalid(RejectionReason.NOT_A_BUNDLE, "the top-level JSON value is not an object");
        }
        String resourceType = "";
        List<ScannedEntry> entries = new ArrayList<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals("resourceType") && value == JsonToken.VALUE_STRING) {
                resourceType = parser.getText();
            } else if (name.equals("entry") && value == JsonToken.START_ARRAY) {
                readEntries(parser, document, entries, trees);
            } else if (name.equals("entry")) {
                throw new Invalid(RejectionReason.INVALID_ENTRY, "Bundle.entry is not an array");
            } else {
                parser.skipChildren();
            }
        }
        if (parser.nextToken() != null) {
            throw new Invalid(RejectionReason.MALFORMED_JSON, "content follows the top-level object");
        }
        return new Outcome.Scanned(resourceType, entries);
    }

    private static void readEntries(JsonParser parser, byte[] document, List<ScannedEntry> entries, boolean trees)
            throws IOException, Invalid {
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.START_OBJECT) {
                throw new Invalid(RejectionReason.INVALID_ENTRY, "entry " + entries.size() + " is not an object");
            }
            entries.add(readEntry(parser, document, entries.size(), trees));
        }
    }

    private static ScannedEntry readEntry(JsonParser parser, byte[] document, int index, boolean trees)
            throws IOException, Invalid {
        String fullUrl = "";
        ResourceFacts resource = null;
        long start = -1;
        long end = -1;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals("fullUrl") && value == JsonToken.VALUE_STRING) {
                fullUrl = parser.getText();
            } else if (name.equals("resource") && value == JsonToken.START_OBJECT) {
                start = parser.currentTokenLocation().getByteOffset();
                resource = trees
                        ? ResourceFacts.of(FhirJson.SCAN_MAPPER.<JsonNode>readTree(parser))
                        : ResourceFacts.read(parser);
                end = parser.currentTokenLocation().getByteOffset() + 1;
            } else {
                parser.skipChildren();
            }
        }
        if (resource == null) {
            throw new Invalid(RejectionReason.INVALID_ENTRY, "entry " + index + " has no resource object");
        }
        return new ScannedEntry(resource, (int) start, checkedLength(document, start, end), fullUrl);
    }

    private static int checkedLength(byte[] document, long start, long end) {
        if (start < 0 || end > document.length || document[(int) start] != '{' || document[(int) end - 1] != '}') {
            throw new LakeException(ErrorCode.INTERNAL, "resource byte offsets do not frame a JSON object");
        }
        return (int) (end - start);
    }

    private static String where(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        return location == null
                ? "at an unknown position"
                : "at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** A scanning problem that becomes a rejection; never escapes this class. */
    private static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        private final RejectionReason reason;

        Invalid(RejectionReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}
