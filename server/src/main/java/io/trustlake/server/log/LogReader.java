package io.trustlake.server.log;

import io.trustlake.common.crypto.Hex;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.ledger.core.Block;
import io.trustlake.ledger.core.LogTree;
import io.trustlake.ledger.core.Transaction;
import io.trustlake.ledger.core.TxReceipt;
import io.trustlake.ledger.store.LedgerStore;
import java.util.Optional;

/** Reads this node's replica of the log: sizes, tree heads, proofs and entries. Thread-safe. */
public final class LogReader {
    private final LedgerStore store;

    public LogReader(LedgerStore store) {
        this.store = store;
    }

    /** An entry with where it sits in the chain. */
    public record Entry(long index, long blockNumber, Transaction transaction, Optional<TxReceipt> receipt) {}

    public long size() {
        return store.head().logSize();
    }

    /** The hex hash of the genesis block's header, which names this consortium's log. */
    public String origin() {
        return store.block(0)
                .map(b -> b.header().hash())
                .orElseThrow(() -> new TrustlakeException(ErrorCode.NOT_FOUND, "the ledger is empty"));
    }

    public LogTree tree() {
        return store.logTree();
    }

    public String rootHex(long size) {
        return Hex.encode(tree().root(size));
    }

    /** The entry at a log index, found by binary search over the block headers. */
    public Optional<Entry> entry(long index) {
        long low = 0;
        long high = store.head().height() - 1;
        while (low <= high && index >= 0 && index < size()) {
            long middle = (low + high) >>> 1;
            Block block = store.block(middle).orElseThrow(() -> missing(middle));
            if (index < block.header().firstIndex()) {
                high = middle - 1;
            } else if (index >= block.header().logSize()) {
                low = middle + 1;
            } else {
                Transaction tx =
                        block.transactions().get((int) (index - block.header().firstIndex()));
                Optional<TxReceipt> receipt = store.receiptAt(index);
                return Optional.of(new Entry(index, block.number(), tx, receipt));
            }
        }
        return Optional.empty();
    }

    private static TrustlakeException missing(long block) {
        return new TrustlakeException(ErrorCode.STORAGE_FAILURE, "block " + block + " is missing from the store");
    }
}
