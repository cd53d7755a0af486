package io.trustlake.ledger.raft;

import io.trustlake.ledger.core.Transaction;
import java.time.Instant;
import java.util.List;

/**
 * One Raft log entry: transactions in the order they become one block, and the block's time as the
 * submitting node's orderer saw it. Every peer cuts the same block from the same entry.
 */
record Batch(Instant timestamp, List<Transaction> transactions) {
    Batch {
        transactions = List.copyOf(transactions);
    }
}
