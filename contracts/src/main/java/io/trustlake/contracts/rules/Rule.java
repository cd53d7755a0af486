package io.trustlake.contracts.rules;

import java.time.Instant;
import java.util.List;

/**
 * An access rule as recorded on the ledger. Every change (creation, revocation) is a new version;
 * {@code logIndex} is the ledger position of the version.
 */
public record Rule(
        String ruleId,
        String patientId,
        Grantee grantee,
        List<String> tags,
        Effect effect,
        Instant validFrom,
        Instant validUntil,
        List<String> purposes,
        int version,
        Status status,
        String changedBy,
        Instant changedAt,
        long logIndex) {
    public Rule {
        tags = List.copyOf(tags);
        purposes = List.copyOf(purposes);
    }

    public enum Status {
        ACTIVE,
        REVOKED
    }

    /** True when the rule exists at {@code at}: active and within [validFrom, validUntil). */
    public boolean inForceAt(Instant at) {
        return status == Status.ACTIVE && !at.isBefore(validFrom) && at.isBefore(validUntil);
    }

    public boolean appliesToPurpose(String purpose) {
        return purposes.isEmpty() || purposes.contains(purpose);
    }

    public Rule revoked(String by, Instant at, long index) {
        return new Rule(
                ruleId,
                patientId,
                grantee,
                tags,
                effect,
                validFrom,
                validUntil,
                purposes,
                version + 1,
                Status.REVOKED,
                by,
                at,
                index);
    }
}
