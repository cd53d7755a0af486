package io.trustlake.contracts.access;

import java.time.Instant;
import java.util.List;

/**
 * One access attempt as recorded on the ledger, granted or not, with the decision taken by the
 * contract itself at the transaction's time.
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
        long blockNumber) {
    public AccessLogEntry {
        requestedTags = List.copyOf(requestedTags);
    }
}
