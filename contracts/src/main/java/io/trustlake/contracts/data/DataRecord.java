package io.trustlake.contracts.data;

import java.time.Instant;
import java.util.List;

/**
 * A patient data record (CERTH): which organisation holds data for a pseudonymous patient, the
 * hash of that data, how much there is, which tags it covers, and where it lives.
 */
public record DataRecord(
        String patientId,
        String organisation,
        String dataHash,
        long resourceCount,
        List<String> tags,
        String location,
        Instant registeredAt) {
    public DataRecord {
        tags = List.copyOf(tags);
    }
}
