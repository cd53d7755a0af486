package io.trustlake.synthetic;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * Where Synthea's FHIR R4 resources point to their encounter and provider. Covers {@code encounter}
 * (Condition, Observation, Procedure, MedicationRequest, Immunization, DiagnosticReport, CarePlan,
 * CareTeam, ImagingStudy, ...), {@code context} (MedicationAdministration), {@code context.encounter}
 * (DocumentReference) and {@code item[].encounter} (Claim, ExplanationOfBenefit).
 */
final class EncounterLinks {
    /** Synthea's conditional reference to a provider of its hospital bundle. */
    static final String ORGANIZATION_BY_IDENTIFIER = "Organization?identifier=";

    private EncounterLinks() {}

    /** The reference text of the encounter {@code resource} belongs to, if it names one. */
    static Optional<String> encounterOf(JsonNode resource) {
        Optional<String> direct = firstReference(resource.path("encounter"));
        if (direct.isPresent()) {
            return direct;
        }
        JsonNode context = resource.path("context");
        Optional<String> contextual = firstReference(context).or(() -> firstReference(context.path("encounter")));
        if (contextual.isPresent()) {
            return contextual;
        }
        for (JsonNode item : resource.path("item")) {
            Optional<String> billed = firstReference(item.path("encounter"));
            if (billed.isPresent()) {
                return billed;
            }
        }
        return Optional.empty();
    }

    /**
     * The key identifying an encounter's provider: {@code system|value} of Synthea's conditional
     * reference, or the reference text itself for any other form of reference.
     */
    static Optional<String> providerOf(JsonNode encounter) {
        String reference = FhirJson.text(encounter, "serviceProvider", "reference");
        return reference.isEmpty() ? Optional.empty() : Optional.of(providerKey(reference));
    }

    /** The provider key of a {@code serviceProvider} reference; see {@link #providerOf}. */
    static String providerKey(String reference) {
        return reference.startsWith(ORGANIZATION_BY_IDENTIFIER)
                ? reference.substring(ORGANIZATION_BY_IDENTIFIER.length())
                : reference;
    }

    /** The Medication resource a MedicationRequest or MedicationAdministration references, if any. */
    static Optional<String> medicationOf(JsonNode resource) {
        return firstReference(resource.path("medicationReference"));
    }

    /** The keys under which other resources may reference the resource of {@code entry}. */
    static List<String> keysOf(JsonNode entry) {
        JsonNode resource = entry.path("resource");
        String fullUrl = FhirJson.text(entry, "fullUrl");
        String local = FhirJson.text(resource, "resourceType") + "/" + FhirJson.text(resource, "id");
        return fullUrl.isEmpty() ? List.of(local) : List.of(fullUrl, local);
    }

    private static Optional<String> firstReference(JsonNode node) {
        JsonNode reference = node.isArray() ? node.path(0).path("reference") : node.path("reference");
        return reference.isTextual() && !reference.asText().isEmpty()
                ? Optional.of(reference.asText())
                : Optional.empty();
    }
}
