package io.trustlake.ledger.core;

import java.util.List;

/**
 * Puts transactions from every organisation into one order and cuts them into blocks. The ledger
 * core sees only this port; {@code solo} (one process) and {@code raft} (Apache Ratis) implement it.
 */
public interface Orderer extends AutoCloseable {
    /**
     * Accepts a transaction for ordering. Returning normally does not mean it was committed; the
     * caller learns that from its peer. Throws {@link LedgerException} with {@code
     * LEDGER_UNAVAILABLE} when the transaction cannot be accepted.
     */
    void submit(Transaction transaction);

    /**
     * Delivers every block from {@code fromBlock} on, in order, to {@code sink} on a dedicated
     * thread, then each new block as it is cut; blocks that are ready together may be handed over
     * together. If the sink throws, delivery to it stops.
     */
    void deliver(long fromBlock, BlockSink sink);

    /**
     * This node's part in ordering, for operators: {@code solo}, or a Raft role such as {@code
     * leader} or {@code follower}.
     */
    default String role() {
        return "solo";
    }

    @Override
    void close();

    /** Receives ordered blocks: the next ones, one or more at a time, in order. */
    @FunctionalInterface
    interface BlockSink {
        void accept(List<Block> blocks);
    }
}
