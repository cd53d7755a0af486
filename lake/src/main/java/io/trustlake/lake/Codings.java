package io.trustlake.lake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Finds FHIR Codings ({@code system} + {@code code}) in a JSON tree. Stateless. */
final class Codings {
    private Codings() {}

    /** {@code system|code}, the form codings are compared in. */
    static String key(String system, String code) {
        return system + "|" + code;
    }

    /**
     * Every coding under {@code node}, as {@link #key} strings, skipping {@code meta} (labels the
     * lake itself manages) and {@code text} (narrative) members at any depth.
     */
    static Set<String> of(JsonNode node) {
        Set<String> codings = new HashSet<>();
        collect(node, codings);
        return codings;
    }

    /** The v3-ActCode codes already in {@code meta.security}. */
    static Set<String> securityLabels(JsonNode resource) {
        Set<String> labels = new HashSet<>();
        for (JsonNode coding : resource.path("meta").path("security")) {
            if (TagMapping.SECURITY_SYSTEM.equals(FhirJson.text(coding, "system"))) {
                labels.add(FhirJson.text(coding, "code"));
            }
        }
        return labels;
    }

    private static void collect(JsonNode node, Set<String> codings) {
        if (node.isArray()) {
            node.forEach(element -> collect(element, codings));
        } else if (node.isObject()) {
            String system = FhirJson.text(node, "system");
            String code = FhirJson.text(node, "code");
            if (!system.isEmpty() && !code.isEmpty()) {
                codings.add(key(system, code));
            }
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (!field.getKey().equals("meta") && !field.getKey().equals("text")) {
                    collect(field.getValue(), codings);
                }
            }
        }
    }
}
