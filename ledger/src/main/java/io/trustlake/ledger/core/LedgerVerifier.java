package io.trustlake.ledger.core;

import io.trustlake.common.crypto.Ed25519;
import io.trustlake.common.crypto.Hashes;
import io.trustlake.common.crypto.Hex;
import io.trustlake.common.encoding.Base64Url;
import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.ledger.contract.StateView;
import io.trustlake.ledger.store.Head;
import io.trustlake.ledger.store.LedgerStore;
import io.trustlake.ledger.store.StagedState;
import java.io.IOException;
import java.security.MessageDigest;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * The full offline check of a peer's stored ledger: for every block in order, the chain checks of
 * {@link ChainVerifier} (decoding, hash link, data hash, Merkle root), the stored log index, then a
 * replay of its transactions from genesis into a scratch state (membership, every node signature,
 * timestamps, the contracts) whose receipts must equal the stored ones; finally the replayed world
 * state must equal the stored state key by key. Names the first bad block. While one batch of
 * blocks is replayed (sequentially), the next is read and its transactions' ids, leaf hashes and
 * signatures are worked out in parallel. Not thread-safe; the store must not be written meanwhile.
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
        ExecutorService background = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ledger-verify-precheck");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Future<Batch> next = background.submit(() -> read(store, 0, head.height()));
            while (true) {
                Batch batch = next.get();
                if (batch.end() < head.height() && batch.problem().isEmpty()) {
                    next = background.submit(() -> read(store, batch.end(), head.height()));
                }
                for (Block block : batch.blocks()) {
                    Optional<String> problem = replay.apply(block, batch.facts());
                    if (problem.isPresent()) {
                        return Report.bad(block.number(), replay.transactions, problem.get());
                    }
                }
                if (batch.problem().isPresent()) {
                    return Report.bad(
                            batch.end(), replay.transactions, batch.problem().get());
                }
                if (batch.end() >= head.height()) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerException(ErrorCode.INTERNAL, "interrupted while verifying", e);
        } catch (ExecutionException e) {
            throw new LedgerException(ErrorCode.INTERNAL, "the verification failed", e);
        } finally {
            background.shutdownNow();
        }
        if (!replay.previous.equals(head.hash()) || replay.log.size() != head.logSize()) {
            return Report.bad(
                    Math.max(0, head.height() - 1), replay.transactions, "head does not match the last block");
        }
        return replay.compareState(head.height());
    }

    /**
     * Blocks {@code start} up to {@code end} (exclusive), decoded, with their transactions' facts.
     * {@code problem} is set when block {@code end} is missing or does not decode.
     */
    private record Batch(
            List<Block> blocks, long end, IdentityHashMap<Transaction, Facts> facts, Optional<String> problem) {}

    /**
     * What the replay needs to know about a transaction, worked out ahead of it and in parallel: its
     * id, its leaf hash, and whether its signature verifies under the key its organisation has in the
     * stored state (the replay re-uses that answer only when it finds the same key).
     */
    private record Facts(String id, String leafHash, String key, boolean signatureValid) {}

    private Batch read(LedgerStore store, long start, long height) {
        List<Block> blocks = new ArrayList<>();
        int transactions = 0;
        long n = start;
        Optional<String> problem = Optional.empty();
        while (n < height && transactions < BATCH_TRANSACTIONS) {
            Optional<Block> block = decode(store, n);
            if (block.isEmpty()) {
                problem = Optional.of("block is missing or does not decode");
                break;
            }
            blocks.add(block.get());
            transactions += block.get().transactions().size();
            n++;
        }
        return new Batch(blocks, n, facts(blocks, store), problem);
    }

    private IdentityHashMap<Transaction, Facts> facts(List<Block> batch, StateView state) {
        List<Transaction> all =
                batch.stream().flatMap(b -> b.transactions().stream()).toList();
        Facts[] facts = new Facts[all.size()];
        Map<String, Optional<byte[]>> keys = new java.util.concurrent.ConcurrentHashMap<>();
        IntStream.range(0, all.size()).parallel().forEach(i -> facts[i] = factsOf(all.get(i), state, keys));
        IdentityHashMap<Transaction, Facts> out = new IdentityHashMap<>();
        for (int i = 0; i < facts.length; i++) {
            out.put(all.get(i), facts[i]);
        }
        return out;
    }

    /** {@code keys}: each organisation's key, looked up once per batch (a guess the replay checks). */
    private Facts factsOf(Transaction tx, StateView state, Map<String, Optional<byte[]>> keys) {
        byte[] signed = tx.signingBytes();
        String id = Hex.encode(Hashes.sha256(signed));
        String leaf = Hex.encode(MerkleLog.leafHash(tx.entryBytes()));
        Optional<byte[]> key = keys.computeIfAbsent(
                tx.signingOrganisation(), organisation -> config.keys().nodeKey(tx, state));
        return key.map(k -> new Facts(id, leaf, Hex.encode(k), verifies(k, signed, tx.signature())))
                .orElse(new Facts(id, leaf, "", false));
    }

    /** The same check as {@link Transaction#signatureValidFor}, on signed bytes already encoded. */
    private static boolean verifies(byte[] key, byte[] signed, String signature) {
        try {
            return Ed25519.verify(key, signed, Base64Url.decode(signature));
        } catch (IllegalArgumentException e) {
            return false;
        }
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

        Optional<String> apply(Block block, IdentityHashMap<Transaction, Facts> facts) {
            Optional<String> chain = checkChain(block, facts);
            if (chain.isPresent()) {
                return chain;
            }
            BlockExecutor executor = new BlockExecutor(config, new BlockExecutor.SignatureCheck() {
                @Override
                public boolean valid(Transaction tx, byte[] key) {
                    Facts known = facts.get(tx);
                    return (known != null && known.key().equals(Hex.encode(key)))
                            ? known.signatureValid()
                            : tx.signatureValidFor(key);
                }

                @Override
                public String id(Transaction tx) {
                    Facts known = facts.get(tx);
                    return known != null ? known.id() : tx.id();
                }
            });
            StagedState blockState = new StagedState(state);
            List<TxReceipt> receipts = executor.execute(block, blockState);
            transactions += receipts.size();
            for (TxReceipt receipt : receipts) {
                Optional<TxReceipt> stored = store.receiptAt(receipt.logIndex());
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

        private Optional<String> checkChain(Block block, IdentityHashMap<Transaction, Facts> facts) {
            BlockHeader header = block.header();
            long first = log.size();
            MessageDigest dataHash = Hashes.sha256Digest();
            for (Transaction tx : block.transactions()) {
                long index = log.size();
                Facts known = facts.get(tx);
                byte[] leaf = Hex.decode(known.leafHash());
                dataHash.update(leaf);
                List<String> wrong = new ArrayList<>();
                log.appendLeafHash(leaf, (level, at, hash) -> {
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
            if (!header.dataHash().equals(Hex.encode(dataHash.digest()))) {
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
