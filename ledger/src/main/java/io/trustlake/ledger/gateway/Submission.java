package io.trustlake.ledger.gateway;

import io.trustlake.ledger.core.TxReceipt;

/** What became of a submitted transaction. */
public sealed interface Submission {
    /** Committed as valid; the receipt carries its ledger position and the contract's result. */
    record Committed(TxReceipt receipt) implements Submission {}

    /**
     * Refused by the contract: before ordering (nothing was written), or at commit (then {@code
     * receipt} records it as an invalid entry on the ledger).
     */
    record Refused(String code, String reason, java.util.Optional<TxReceipt> receipt) implements Submission {}
}
