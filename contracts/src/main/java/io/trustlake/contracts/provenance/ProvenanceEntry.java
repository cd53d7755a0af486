package io.trustlake.contracts.provenance;

import java.time.Instant;
import java.util.List;

/**
 * One notarised stage of the SPHR pipeline for one request, as stored on the ledger.
 *
 * @param requestId the record request (its access-log entry has the same id)
 * @param stage which stage ran
 * @param organisation the organisation whose node ran the stage and recorded it
 * @param inputHashes hex SHA-256 of what went into the stage, in order
 * @param outputHash hex SHA-256 of what came out
 * @param at the transaction's time
 * @param logIndex the transaction's position in the ledger's log
 */
public record ProvenanceEntry(
        String requestId,
        ProvenanceContract.Stage stage,
        String organisation,
        List<String> inputHashes,
        String outputHash,
        Instant at,
        long logIndex) {
    public ProvenanceEntry {
        inputHashes = List.copyOf(inputHashes);
    }
}
