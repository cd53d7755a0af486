package io.trustlake.server.records;

import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.contracts.provenance.ProvenanceContract;
import io.trustlake.ledger.core.Submitter;
import io.trustlake.ledger.core.TxReceipt;
import io.trustlake.ledger.gateway.Gateway;
import io.trustlake.ledger.gateway.Submission;
import java.util.List;

/**
 * Notarises SPHR pipeline stages on the ledger as this node ({@code provenance.record}) and waits
 * for the commit; a stage whose provenance the ledger does not accept must not let data move on.
 */
final class Notary {
    private Notary() {}

    /**
     * Records {@code steps} for {@code requestId} as run by {@code organisation}'s node. Throws
     * {@link TrustlakeException} ({@code LEDGER_REJECTED} or {@code LEDGER_UNAVAILABLE}) when the
     * ledger refuses them or cannot be reached.
     */
    static TxReceipt notarise(
            Gateway gateway, String organisation, String requestId, List<ProvenanceContract.Step> steps) {
        ProvenanceContract.Notarisation notarisation =
                new ProvenanceContract.Notarisation(requestId, organisation, steps);
        Submission submission = gateway.submit(ProvenanceContract.RECORD, notarisation, Submitter.node(organisation));
        if (submission instanceof Submission.Committed committed) {
            return committed.receipt();
        }
        Submission.Refused refused = (Submission.Refused) submission;
        throw new TrustlakeException(
                ErrorCode.LEDGER_REJECTED,
                "the ledger refused the provenance of this record (" + refused.code() + ": " + refused.reason() + ")");
    }
}
