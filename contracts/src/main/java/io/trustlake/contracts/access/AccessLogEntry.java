package io.trustlake.contracts.access;

import java.time.Instant;
import java.util.List;

/**
 * One access attempt as recorded on the ledger, granted or not, with the decision taken by the
 * contract itself at the transaction's time, and the justification of an emergency access.
 */
public record AccessLogEntry(
        String requestId,
        String patientId,
        Requester requester,
        String purpose,
        List<String> requestedTags,
        Decision decision,
        Instant at,
        long logIndex,
        long blockNumber,
        String justification) {
    public AccessLogEntry {
        requestedTags = List.copyOf(requestedTags);
        justification = justification == null ? "" : justification;
    }

    public boolean emergencyOverride() {
        return decision.emergencyOverride();
    }
}
