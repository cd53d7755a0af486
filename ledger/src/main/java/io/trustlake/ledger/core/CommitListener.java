package io.trustlake.ledger.core;

/**
 * Told about every transaction a peer commits, valid or not, after the block is durable. Called
 * on the peer's delivery thread, in log order; implementations must be quick and must not throw.
 */
@FunctionalInterface
public interface CommitListener {
    void committed(Transaction transaction, TxReceipt receipt);
}
