package io.trustlake.ledger.contract;

import io.trustlake.ledger.core.Transaction;
import java.util.Optional;

/**
 * The membership facts a peer checks a transaction's envelope against, from the state before it.
 */
public interface SubmitterKeys {
    /**
     * The public key that must have signed the transaction: the node key of its {@linkplain
     * Transaction#signingOrganisation() signing organisation} as registered in the state. Empty when
     * the organisation is unknown.
     */
    Optional<byte[]> nodeKey(Transaction transaction, StateView state);

    /**
     * For a transaction that another organisation's node signed for a user: true only if its {@code
     * proof} was issued by the user's own organisation, with that organisation's token key in the
     * state, for exactly the transaction's submitter, and was valid at the transaction's time.
     * Deterministic: every peer and the offline verifier get the same answer. By default no such
     * proof is accepted.
     */
    default boolean vouches(Transaction transaction, StateView state) {
        return false;
    }
}
