package io.trustlake.lake;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * What ingestion needs to know of one resource: its type and id, the codings {@link TagMapping}
 * tags it by, the sensitivity labels it already carries and the date the catalog records. Read
 * either from a JSON tree ({@link #of(JsonNode)}, the reference) or straight from the token stream
 * while a bundle is scanned ({@link #read(JsonParser)}), which gives the same facts without building
 * a tree.
 *
 * @param resourceType the top-level {@code resourceType} text, or empty
 * @param resourceId the top-level {@code id} text, or empty
 * @param codings every coding ({@link Codings#key}) outside {@code meta} and {@code text}, as {@link
 *     Codings#of} finds them
 * @param categoryCodings the codings under the top-level {@code category}
 * @param securityLabels the v3-ActCode codes in {@code meta.security} ({@link Codings#securityLabels})
 * @param date the catalog date ({@link ResourceDates#of}), or empty
 */
record ResourceFacts(
        String resourceType,
        String resourceId,
        Set<String> codings,
        Set<String> categoryCodings,
        Set<String> securityLabels,
        String date) {

    /** The facts of a resource given as a JSON tree. */
    static ResourceFacts of(JsonNode resource) {
        return new ResourceFacts(
                FhirJson.text(resource, "resourceType"),
                FhirJson.text(resource, "id"),
                Codings.of(resource),
                Codings.of(resource.path("category")),
                Codings.securityLabels(resource),
                ResourceDates.of(resource));
    }

    /**
     * Reads the facts of the resource object whose {@link JsonToken#START_OBJECT} is the parser's
     * current token, consuming it up to its matching {@link JsonToken#END_OBJECT}. Every token is
     * still read (so malformed JSON and duplicate keys fail exactly as a tree would), but only the
     * strings that matter are decoded.
     */
    static ResourceFacts read(JsonParser parser) throws IOException {
        return new Reader(parser).resource();
    }

    /** One streaming pass over one resource; mirrors {@link Codings} and {@link ResourceDates}. */
    private static final class Reader {
        private final JsonParser parser;
        private final Set<String> codings = new HashSet<>();
        private final Set<String> categoryCodings = new HashSet<>();
        private final Set<String> securityLabels = new HashSet<>();
        private final String[] dates = new String[ResourceDates.FIELDS.size()];

        Reader(JsonParser parser) {
            this.parser = parser;
        }

        ResourceFacts resource() throws IOException {
            String resourceType = "";
            String resourceId = "";
            String system = "";
            String code = "";
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                boolean text = value == JsonToken.VALUE_STRING;
                if (name.equals("meta")) {
                    meta(value);
                } else if (name.equals("text")) {
                    parser.skipChildren();
                } else if (name.equals("category")) {
                    value(value, categoryCodings, -1);
                } else if (!text) {
                    value(value, codings, ResourceDates.startSlotOf(name));
                } else if (name.equals("resourceType")) {
                    resourceType = parser.getText();
                } else if (name.equals("id")) {
                    resourceId = parser.getText();
                } else if (name.equals("system")) {
                    system = parser.getText();
                } else if (name.equals("code")) {
                    code = parser.getText();
                } else {
                    int slot = ResourceDates.slotOf(name);
                    if (slot >= 0) {
                        remember(slot);
                    }
                }
            }
            requireEnd(token);
            addCoding(codings, system, code);
            codings.addAll(categoryCodings);
            return new ResourceFacts(
                    resourceType, resourceId, codings, categoryCodings, securityLabels, ResourceDates.first(dates));
        }

        /**
         * Collects the codings of any value into {@code into}; for an object, {@code startSlot} >= 0
         * also records its {@code start} text as that date slot.
         */
        private void value(JsonToken value, Set<String> into, int startSlot) throws IOException {
            if (value == JsonToken.START_OBJECT) {
                object(into, startSlot);
            } else if (value == JsonToken.START_ARRAY) {
                JsonToken element;
                while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
                    if (element == null) {
                        throw new IOException("JSON ends inside an array");
                    }
                    value(element, into, -1);
                }
            }
        }

        private void object(Set<String> into, int startSlot) throws IOException {
            String system = "";
            String code = "";
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                boolean text = value == JsonToken.VALUE_STRING;
                if (name.equals("meta") || name.equals("text")) {
                    parser.skipChildren();
                } else if (text && name.equals("system")) {
                    system = parser.getText();
                } else if (text && name.equals("code")) {
                    code = parser.getText();
                } else if (text && startSlot >= 0 && name.equals("start")) {
                    remember(startSlot);
                } else {
                    value(value, into, -1);
                }
            }
            requireEnd(token);
            addCoding(into, system, code);
        }

        /** {@code meta.security}: each coding (or, for an object, each member value) with the v3 system. */
        private void meta(JsonToken value) throws IOException {
            if (value != JsonToken.START_OBJECT) {
                parser.skipChildren();
                return;
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken member = parser.nextToken();
                if (name.equals("security") && (member == JsonToken.START_ARRAY || member == JsonToken.START_OBJECT)) {
                    securityElements(member == JsonToken.START_ARRAY ? JsonToken.END_ARRAY : JsonToken.END_OBJECT);
                } else {
                    parser.skipChildren();
                }
            }
            requireEnd(token);
        }

        private void securityElements(JsonToken close) throws IOException {
            JsonToken token;
            while ((token = parser.nextToken()) != close) {
                if (token == null) {
                    throw new IOException("JSON ends inside meta.security");
                }
                if (token == JsonToken.FIELD_NAME) {
                    continue;
                }
                if (token == JsonToken.START_OBJECT) {
                    securityLabel();
                } else {
                    parser.skipChildren();
                }
            }
        }

        private void securityLabel() throws IOException {
            String system = "";
            String code = "";
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_STRING && name.equals("system")) {
                    system = parser.getText();
                } else if (value == JsonToken.VALUE_STRING && name.equals("code")) {
                    code = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
            requireEnd(token);
            if (TagMapping.SECURITY_SYSTEM.equals(system)) {
                securityLabels.add(code);
            }
        }

        private void remember(int slot) throws IOException {
            String date = parser.getText();
            if (!date.isEmpty()) {
                dates[slot] = date;
            }
        }

        private static void addCoding(Set<String> into, String system, String code) {
            if (!system.isEmpty() && !code.isEmpty()) {
                into.add(Codings.key(system, code));
            }
        }

        private static void requireEnd(JsonToken token) throws IOException {
            if (token != JsonToken.END_OBJECT) {
                throw new IOException("JSON ends inside an object");
            }
        }
    }
}
