package io.trustlake.contracts.rules;

import java.time.Instant;
import java.util.List;

/**
 * A new rule as a patient states it. {@code ruleId} is chosen by the submitting node (random);
 * validity is half-open: [validFrom, validUntil). Empty {@code purposes} means any purpose.
 */
public record RuleDraft(
        String ruleId,
        String patientId,
        Grantee grantee,
        List<String> tags,
        Effect effect,
        Instant validFrom,
        Instant validUntil,
        List<String> purposes) {
    public RuleDraft {
        tags = tags == null ? List.of() : List.copyOf(tags);
        purposes = purposes == null ? List.of() : List.copyOf(purposes);
    }
}
