package io.trustlake.ledger.core;

import io.trustlake.ledger.contract.Context;
import io.trustlake.ledger.store.StagedState;
import java.util.Optional;
import java.util.SortedMap;

/** A {@link Context} over a transaction's own staging. Not thread-safe. */
final class TransactionContext implements Context {
    private final Transaction transaction;
    private final StagedState state;
    private final long logIndex;
    private final long blockNumber;

    TransactionContext(Transaction transaction, StagedState state, long logIndex, long blockNumber) {
        this.transaction = transaction;
        this.state = state;
        this.logIndex = logIndex;
        this.blockNumber = blockNumber;
    }

    @Override
    public Transaction transaction() {
        return transaction;
    }

    @Override
    public long logIndex() {
        return logIndex;
    }

    @Override
    public long blockNumber() {
        return blockNumber;
    }

    @Override
    public void put(String key, byte[] value) {
        state.put(key, value);
    }

    @Override
    public void delete(String key) {
        state.delete(key);
    }

    @Override
    public Optional<byte[]> get(String key) {
        return state.get(key);
    }

    @Override
    public SortedMap<String, byte[]> scan(String prefix) {
        return state.scan(prefix);
    }
}
