package io.trustlake.contracts.membership;

import java.util.List;

/**
 * Consortium-wide settings fixed at genesis. {@code emergencyTags}: the record sections a
 * professional may see in an emergency (purpose ETREAT or BTG, with a justification) without an
 * allow rule, unless the patient denied them for emergencies.
 */
public record ConsortiumSettings(List<String> emergencyTags) {
    public static final List<String> DEFAULT_EMERGENCY_TAGS =
            List.of("allergies", "conditions", "demographics", "immunizations", "medications");

    public ConsortiumSettings {
        emergencyTags = emergencyTags == null ? DEFAULT_EMERGENCY_TAGS : List.copyOf(emergencyTags);
    }

    public static ConsortiumSettings defaults() {
        return new ConsortiumSettings(DEFAULT_EMERGENCY_TAGS);
    }
}
