package io.trustlake.ledger.contract;

import io.trustlake.ledger.core.Transaction;
import java.util.Optional;

/**
 * Finds the public key that must have signed a transaction: the submitting organisation's node
 * key as registered in the state. Empty when the organisation is unknown.
 */
public interface SubmitterKeys {
    Optional<byte[]> nodeKey(Transaction transaction, StateView state);
}
