package io.trustlake.contracts.requests;

import java.time.Instant;
import java.util.List;

/**
 * A professional's request to a patient for access to some tags for a period, and what the
 * patient decided. {@code ruleId} is the rule created on approval (empty otherwise).
 */
public record AccessRequestRecord(
        String requestId,
        String patientId,
        String requesterId,
        String requesterOrganisation,
        List<String> tags,
        Instant validFrom,
        Instant validUntil,
        String reason,
        Status status,
        Instant createdAt,
        Instant decidedAt,
        String ruleId,
        long logIndex) {
    public AccessRequestRecord {
        tags = List.copyOf(tags);
    }

    public enum Status {
        PENDING,
        APPROVED,
        REJECTED
    }
}
