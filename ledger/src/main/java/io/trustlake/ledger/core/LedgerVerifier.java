package io.trustlake.ledger.core;

import io.trustlake.common.crypto.Hashes;
import io.trustlake.common.crypto.Hex;
import io.trustlake.common.encoding.Json;
import io.trustlake.ledger.contract.StateView;
import io.trustlake.ledger.store.Head;
import io.trustlake.ledger.store.LedgerStore;
import io.trustlake.ledger.store.StagedState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * The full offline check of a peer's stored ledger: for every block in order, the chain checks of
 * {@link ChainVerifier} (decoding, hash link, data hash, Merkle root), the stored log index, then a
 * replay of its transactions from genesis into a scratch state (membership, every node signature,
 * timestamps, the contracts) whose receipts must equal the stored ones; finally the replayed world
 * state must equal the stored state key by key. Names the first bad block. Signatures of a batch of
 * blocks are checked in parallel; the replay itself is sequential. Not thread-safe; the store must
 * not be written meanwhile.
 */
public final class LedgerVerifier {
    private static final int BATCH_TRANSACTIONS = 4096;

    private final PeerConfig config;

    public LedgerVerifier(PeerConfig config) {
        this.config = config;
    }

    /** What the check found; {@code transactions} counts the transactions replayed. */
    public record Report(
            boolean intact, long blocksChecked, long transactions, Optional<Long> firstBadBlock, String problem) {
        static Report bad(long block, long transactions, String problem) {
            return new Report(false, block, transactions, Optional.of(block), problem);
        }
    }

    public Report verify(LedgerStore store) {
        Head head = store.head();
        Replay replay = new Replay(store);
        long n = 0;
        while (n < head.height()) {
            List<Block> batch = new ArrayList<>();
            int transactions = 0;
            while (n < head.height() && transactions < BATCH_TRANSACTIONS) {
                Optional<Block> block = decode(store, n);
                if (block.isEmpty()) {
                    return Report.bad(n, replay.transactions, "block is missing or does not decode");
                }
                batch.add(block.get());
                transactions += block.get().transactions().size();
                n++;
            }
            IdentityHashMap<Transaction, Checked> signatures = checkSignatures(batch, replay.state);
            for (Block block : batch) {
                Optional<String> problem = replay.apply(block, signatures);
                if (problem.isPresent()) {
                    return Report.bad(block.number(), replay.transactions, problem.get());
                }
            }
        }
        if (!replay.previous.equals(head.hash()) || replay.log.size() != head.logSize()) {
            return Report.bad(
                    Math.max(0, head.height() - 1), replay.transactions, "head does not match the last block");
        }
        return replay.compareState(head.height());
    }

    private static Optional<Block> decode(LedgerStore store, long number) {
        Optional<byte[]> raw = store.rawBlock(number);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.canonical().readValue(raw.get(), Block.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A signature checked ahead of the replay, under the key the organisation had then. */
    private record Checked(String key, boolean valid) {}

    /**
     * Verifies, in parallel, each transaction's signature under its organisation's key as of the
     * batch's start. The replay re-uses an answer only when the key it finds is the same one.
     */
    private IdentityHashMap<Transaction, Checked> checkSignatures(List<Block> batch, StateView state) {
        List<Transaction> all =
                batch.stream().flatMap(b -> b.transactions().stream()).toList();
        Checked[] checked = new Checked[all.size()];
        IntStream.range(0, all.size()).parallel().forEach(i -> {
            Transaction tx = all.get(i);
            checked[i] = config.keys()
                    .nodeKey(tx, state)
                    .map(key -> new Checked(Hex.encode(key), tx.signatureValidFor(key)))
                    .orElse(null);
        });
        IdentityHashMap<Transaction, Checked> out = new IdentityHashMap<>();
        for (int i = 0; i < checked.length; i++) {
            if (checked[i] != null) {
                out.put(all.get(i), checked[i]);
            }
        }
        return out;
    }

    /** The replay's running state: scratch world state, log, chain link and who last wrote each key. */
    private final class Replay {
        private final LedgerStore store;
        private final StagedState state = new StagedState(EmptyState.INSTANCE);
        private final Map<String, Long> lastWriter = new HashMap<>();
        private final MerkleLog log = MerkleLog.empty();
        private String previous = BlockHeader.NO_PREVIOUS;
        private long transactions;

        Replay(LedgerStore store) {
            this.store = store;
        }

        Optional<String> apply(Block block, IdentityHashMap<Transaction, Checked> signatures) {
            Optional<String> chain = checkChain(block);
            if (chain.isPresent()) {
                return chain;
            }
            BlockExecutor executor = new BlockExecutor(config, (tx, key) -> {
                Checked known = signatures.get(tx);
                return (known != null && known.key().equals(Hex.encode(key)))
                        ? known.valid()
                        : tx.signatureValidFor(key);
            });
            StagedState blockState = new StagedState(state);
            List<TxReceipt> receipts = executor.execute(block, blockState);
            transactions += receipts.size();
            for (TxReceipt receipt : receipts) {
                Optional<TxReceipt> stored = store.receipt(receipt.txId());
                if (stored.isEmpty() || !stored.get().equals(receipt)) {
                    return Optional.of("transaction " + receipt.txId() + " replays to "
                            + (receipt.valid() ? "valid" : "invalid (" + receipt.code() + ")")
                            + " but its stored receipt differs");
                }
            }
            blockState.writes().keySet().forEach(key -> lastWriter.put(key, block.number()));
            blockState.mergeInto(state);
            previous = block.header().hash();
            return Optional.empty();
        }

        private Optional<String> checkChain(Block block) {
            BlockHeader header = block.header();
            long first = log.size();
            for (Transaction tx : block.transactions()) {
                long index = log.size();
                List<String> wrong = new ArrayList<>();
                log.appendLeafHash(MerkleLog.leafHash(tx.entryBytes()), (level, at, hash) -> {
                    if (!storedSubtreeEquals(level, at, hash)) {
                        wrong.add(level + "/" + at);
                    }
                });
                if (!wrong.isEmpty()
                        || !store.txIdAt(index).map(tx.id()::equals).orElse(false)) {
                    return Optional.of("the stored log index disagrees with entry " + index);
                }
            }
            if (!header.previousHash().equals(previous)) {
                return Optional.of("hash link broken");
            }
            if (!header.dataHash().equals(Block.dataHash(block.transactions()))) {
                return Optional.of("transactions do not match the block's data hash");
            }
            if (header.firstIndex() != first
                    || header.logSize() != log.size()
                    || !header.logRoot().equals(Hex.encode(log.root()))) {
                return Optional.of("Merkle root does not match the log");
            }
            return Optional.empty();
        }

        private boolean storedSubtreeEquals(int level, long index, byte[] hash) {
            try {
                return Hashes.equal(store.subtree(level, index), hash);
            } catch (LedgerException e) {
                return false;
            }
        }

        Report compareState(long height) {
            SortedMap<String, byte[]> stored = store.scan("");
            SortedMap<String, byte[]> replayed = state.scan("");
            Iterator<String> keys = union(stored, replayed).iterator();
            while (keys.hasNext()) {
                String key = keys.next();
                byte[] a = stored.get(key);
                byte[] b = replayed.get(key);
                if (a == null || b == null || !java.util.Arrays.equals(a, b)) {
                    long block = lastWriter.getOrDefault(key, Math.max(0, height - 1));
                    String what = a == null ? "is missing" : b == null ? "should not exist" : "differs from the replay";
                    return Report.bad(
                            block,
                            transactions,
                            "state key " + key + " " + what + " (last written by block "
                                    + lastWriter.getOrDefault(key, -1L) + ")");
                }
            }
            return new Report(true, height, transactions, Optional.empty(), "");
        }

        private static java.util.SortedSet<String> union(Map<String, byte[]> a, Map<String, byte[]> b) {
            java.util.TreeSet<String> keys = new java.util.TreeSet<>(a.keySet());
            keys.addAll(b.keySet());
            return keys;
        }
    }

    /** The state before genesis. */
    private enum EmptyState implements StateView {
        INSTANCE;

        @Override
        public Optional<byte[]> get(String key) {
            return Optional.empty();
        }

        @Override
        public SortedMap<String, byte[]> scan(String prefix) {
            return Collections.unmodifiableSortedMap(new TreeMap<>());
        }
    }
}
