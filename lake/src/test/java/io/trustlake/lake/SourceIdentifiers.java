package io.trustlake.lake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every identifying value of a source bundle that a de-identified copy must not contain: names of
 * people, telecom values, address lines, cities and postal codes, identifier values, resource ids,
 * exact birth dates, the mother's maiden name, and attached documents.
 */
final class SourceIdentifiers {
    private SourceIdentifiers() {}

    static Set<String> of(JsonNode bundle) {
        Set<String> values = new TreeSet<>();
        for (JsonNode entry : bundle.path("entry")) {
            JsonNode resource = entry.path("resource");
            values.add(resource.path("id").asText());
            if ("Patient".equals(resource.path("resourceType").asText())) {
                patient(resource, values);
            }
            collect(resource, values);
        }
        values.removeIf(value -> value.length() < 4);
        return values;
    }

    private static void patient(JsonNode patient, Set<String> values) {
        for (JsonNode name : patient.path("name")) {
            name.path("given").forEach(given -> values.add(given.asText()));
            values.add(name.path("family").asText());
        }
        patient.path("telecom")
                .forEach(telecom -> values.add(telecom.path("value").asText()));
        for (JsonNode address : patient.path("address")) {
            address.path("line").forEach(line -> values.add(line.asText()));
            values.add(address.path("postalCode").asText());
            values.add(address.path("city").asText());
        }
        values.add(patient.path("birthDate").asText());
        for (JsonNode extension : patient.path("extension")) {
            if (extension.path("url").asText().endsWith("mothersMaidenName")) {
                values.add(extension.path("valueString").asText());
            }
        }
    }

    /** Identifier values and attachment data anywhere in the resource. */
    private static void collect(JsonNode node, Set<String> values) {
        if (node.isArray()) {
            node.forEach(element -> collect(element, values));
            return;
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (field.getKey().equals("identifier")) {
                identifierValues(field.getValue(), values);
            } else if (field.getKey().equals("data") && field.getValue().isTextual()) {
                values.add(field.getValue().asText());
            } else {
                collect(field.getValue(), values);
            }
        }
    }

    private static void identifierValues(JsonNode identifiers, Set<String> values) {
        if (identifiers.isArray()) {
            identifiers.forEach(
                    identifier -> values.add(identifier.path("value").asText()));
        } else {
            values.add(identifiers.path("value").asText());
        }
    }
}
