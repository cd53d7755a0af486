package io.trustlake.lake;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Picks the one date the catalog records for a resource. Stateless. */
final class ResourceDates {
    /**
     * Where to look, first match wins: the list of the lake's design, then a few fallbacks for
     * resources (Claim, ExplanationOfBenefit) that carry none of those. Each is a top-level member or
     * the {@code start} of a top-level object.
     */
    static final List<String> FIELDS = List.of(
            "effectiveDateTime",
            "onsetDateTime",
            "performedPeriod/start",
            "period/start",
            "authoredOn",
            "occurrenceDateTime",
            "recordedDate",
            "issued",
            "date",
            "birthDate",
            "effectivePeriod/start",
            "performedDateTime",
            "billablePeriod/start",
            "created");

    private static final String START = "/start";
    private static final List<JsonPointer> POINTERS =
            FIELDS.stream().map(field -> JsonPointer.compile("/" + field)).toList();
    private static final Map<String, Integer> SLOTS = slots(false);
    private static final Map<String, Integer> START_SLOTS = slots(true);

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

    /** The index in {@link #FIELDS} of a top-level member read as text, or -1. */
    static int slotOf(String member) {
        Integer slot = SLOTS.get(member);
        return slot == null ? -1 : slot;
    }

    /** The index in {@link #FIELDS} of the {@code start} of a top-level object member, or -1. */
    static int startSlotOf(String member) {
        Integer slot = START_SLOTS.get(member);
        return slot == null ? -1 : slot;
    }

    /**
     * The date {@link #of} picks, given the non-empty texts found per index of {@link #FIELDS}
     * (null where none was found).
     */
    static String first(String[] found) {
        for (String date : found) {
            if (date != null) {
                return date;
            }
        }
        return "";
    }

    private static Map<String, Integer> slots(boolean starts) {
        Map<String, Integer> slots = new HashMap<>();
        for (int i = 0; i < FIELDS.size(); i++) {
            String field = FIELDS.get(i);
            if (starts == field.endsWith(START)) {
                slots.put(starts ? field.substring(0, field.length() - START.length()) : field, i);
            }
        }
        return Map.copyOf(slots);
    }
}
