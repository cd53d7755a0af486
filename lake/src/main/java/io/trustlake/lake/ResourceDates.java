package io.trustlake.lake;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Stream;

/** Picks the one date the catalog records for a resource. Stateless. */
final class ResourceDates {
    /**
     * Where to look, first match wins: the list of the lake's design, then a few fallbacks for
     * resources (Claim, ExplanationOfBenefit) that carry none of those.
     */
    private static final List<JsonPointer> POINTERS = Stream.of(
                    "/effectiveDateTime",
                    "/onsetDateTime",
                    "/performedPeriod/start",
                    "/period/start",
                    "/authoredOn",
                    "/occurrenceDateTime",
                    "/recordedDate",
                    "/issued",
                    "/date",
                    "/birthDate",
                    "/effectivePeriod/start",
                    "/performedDateTime",
                    "/billablePeriod/start",
                    "/created")
            .map(JsonPointer::compile)
            .toList();

    private ResourceDates() {}

    /** The FHIR date or dateTime text, or empty when the resource has none of the fields. */
    static String of(JsonNode resource) {
        for (JsonPointer pointer : POINTERS) {
            JsonNode value = resource.at(pointer);
            if (value.isTextual() && !value.textValue().isEmpty()) {
                return value.textValue();
            }
        }
        return "";
    }
}
