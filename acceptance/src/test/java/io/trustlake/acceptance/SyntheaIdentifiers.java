package io.trustlake.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The identifying values of a Synthea bundle that a de-identified copy must not contain: names of
 * patients, telecom values, address lines, postal codes (as JSON strings), the mother's maiden
 * name, every identifier value (SSN, driver's licence, passport, medical record number, the
 * Trustlake patient id, claim ids …), every resource id, and attached documents.
 */
final class SyntheaIdentifiers {
    private static final String PATIENT_ID_SYSTEM = "urn:trustlake:patient-id";

    private SyntheaIdentifiers() {}

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

    /** The exact birth date of the patient with this Trustlake id, if the bundle has them. */
    static Optional<String> birthDateOf(JsonNode bundle, String patientId) {
        for (JsonNode entry : bundle.path("entry")) {
            JsonNode resource = entry.path("resource");
            for (JsonNode identifier : resource.path("identifier")) {
                if (PATIENT_ID_SYSTEM.equals(identifier.path("system").asText())
                        && patientId.equals(identifier.path("value").asText())) {
                    return Optional.of(resource.path("birthDate").asText());
                }
            }
        }
        return Optional.empty();
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
            values.add("\"" + address.path("postalCode").asText() + "\"");
        }
        for (JsonNode extension : patient.path("extension")) {
            if (extension.path("url").asText().endsWith("mothersMaidenName")) {
                values.add(extension.path("valueString").asText());
            }
        }
    }

    private static void collect(JsonNode node, Set<String> values) {
        if (node.isArray()) {
            node.forEach(element -> collect(element, values));
            return;
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (field.getKey().equals("identifier")) {
                JsonNode identifiers = field.getValue();
                if (identifiers.isArray()) {
                    identifiers.forEach(
                            identifier -> values.add(identifier.path("value").asText()));
                } else {
                    values.add(identifiers.path("value").asText());
                }
            } else if (field.getKey().equals("data") && field.getValue().isTextual()) {
                values.add(field.getValue().asText());
            } else {
                collect(field.getValue(), values);
            }
        }
    }
}
