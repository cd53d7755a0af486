package io.trustlake.server.records;

import io.trustlake.contracts.access.Decision;
import io.trustlake.server.api.Submitters;
import java.util.List;
import java.util.Map;

/**
 * The answer to a record request: what was released and withheld (and why), where the access was
 * recorded on the ledger, where to fetch the assembled record once, and what each organisation
 * holding data contributed.
 */
public record RecordResult(
        String requestId,
        String patientId,
        String purpose,
        String outcome,
        List<String> released,
        Map<String, Decision.Withheld> withheld,
        Submitters.LedgerPosition ledger,
        String record,
        int resourceCount,
        List<SourceStatus> sources,
        List<String> emergencyOverride) {

    /** One organisation's contribution: {@code included} with a count, or {@code missing} with why. */
    public record SourceStatus(String organisation, String status, int resources, String detail) {}

    public RecordResult {
        emergencyOverride = emergencyOverride == null ? List.of() : List.copyOf(emergencyOverride);
    }

    public boolean granted() {
        return "GRANTED".equals(outcome);
    }
}
