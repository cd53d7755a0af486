package io.trustlake.contracts.access;

import java.time.Instant;
import java.util.List;

/**
 * An emergency access that released tags without an allow rule, kept for review by the requester's
 * organisation admin. {@code reviewedBy} is empty until reviewed.
 */
public record EmergencyOverride(
        long logIndex,
        String requestId,
        String patientId,
        Requester requester,
        String justification,
        List<String> overridden,
        Instant at,
        String reviewedBy,
        String reviewNote,
        Instant reviewedAt) {
    public EmergencyOverride {
        overridden = List.copyOf(overridden);
    }

    public boolean reviewed() {
        return !reviewedBy.isEmpty();
    }
}
