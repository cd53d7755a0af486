package io.trustlake.ledger.contract;

import io.trustlake.ledger.core.Transaction;

/**
 * What a contract sees while it executes one transaction: the state as of the transactions
 * before it, the transaction itself, and its position. Writes are staged and become visible only
 * if the contract returns {@link Outcome.Applied}.
 */
public interface Context extends StateView {
    Transaction transaction();

    /** The transaction's index in the ledger's Merkle log. */
    long logIndex();

    long blockNumber();

    void put(String key, byte[] value);

    void delete(String key);
}
