package io.trustlake.ledger.store;

import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.ledger.contract.StateView;
import io.trustlake.ledger.core.Block;
import io.trustlake.ledger.core.LedgerException;
import io.trustlake.ledger.core.LogTree;
import io.trustlake.ledger.core.MerkleLog;
import io.trustlake.ledger.core.Transaction;
import io.trustlake.ledger.core.TxReceipt;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.rocksdb.Checkpoint;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Blocks, per-transaction receipts, the world state and the chain head in one RocksDB, so that a
 * block and everything it changes commit atomically (one write batch, synced unless the store was
 * opened as {@linkplain #openRebuildable rebuildable}). Thread-safe.
 *
 * <p>Key layout: {@code b:<number>} block, {@code r:<txId>} receipt of the transaction's first
 * appearance, {@code d:<logIndex>} receipt of a later appearance of the same transaction (a
 * duplicate, refused; it never replaces the first one's receipt), {@code i:<logIndex>} txId,
 * {@code s:<key>} state, {@code m:head} head, {@code t:<level>:<index>} the hash of each perfect
 * subtree of the RFC 9162 log (level 0 = leaf hashes), from which the tree head at any size and
 * every proof are computed with O(log n) reads. Numbers are zero-padded hex so keys sort.
 */
public final class LedgerStore implements StateView, AutoCloseable {
    private static final String HEAD = "m:head";

    static {
        RocksDB.loadLibrary();
    }

    private final RocksDB db;
    private final WriteOptions syncWrites;
    private final boolean indexed;

    private LedgerStore(RocksDB db, WriteOptions syncWrites, boolean indexed) {
        this.db = db;
        this.syncWrites = syncWrites;
        this.indexed = indexed;
    }

    /** Opens a store whose commits are forced to disk before {@link #commit} returns. */
    public static LedgerStore open(Path directory) {
        return open(directory, true);
    }

    /**
     * Opens a store for blocks that another durable log can rebuild (the Raft orderer's blocks, cut
     * from its synced Raft log): a commit reaches the operating system before {@link #commit} returns,
     * so it survives the process being killed, but it is not forced to disk; after a crash of the
     * machine the owner replays what is missing from its durable log. It keeps no subtree index, so
     * {@link #logTree} and {@link #subtree} answer nothing: tree heads and proofs come from a peer's
     * store.
     */
    public static LedgerStore openRebuildable(Path directory) {
        return open(directory, false);
    }

    private static LedgerStore open(Path directory, boolean durable) {
        try (Options options = new Options().setCreateIfMissing(true)) {
            Files.createDirectories(directory);
            LedgerStore store = new LedgerStore(
                    RocksDB.open(options, directory.toString()), new WriteOptions().setSync(durable), durable);
            store.indexLogIfNeeded();
            return store;
        } catch (RocksDBException | java.io.IOException e) {
            throw new LedgerException(
                    ErrorCode.STORAGE_FAILURE, "cannot open ledger store at " + directory.getFileName(), e);
        }
    }

    public Head head() {
        return read(HEAD).map(bytes -> Json.decode(bytes, Head.class)).orElse(Head.empty());
    }

    public Optional<Block> block(long number) {
        return read(blockKey(number)).map(bytes -> Json.decode(bytes, Block.class));
    }

    /** The stored bytes of a block, for offline verification. */
    public Optional<byte[]> rawBlock(long number) {
        return read(blockKey(number));
    }

    public Optional<TxReceipt> receipt(String txId) {
        return read("r:" + txId).map(bytes -> Json.decode(bytes, TxReceipt.class));
    }

    /**
     * The receipt of the entry at {@code logIndex}: a duplicate's own receipt for a transaction that
     * appeared before, else the receipt of the transaction at that index.
     */
    public Optional<TxReceipt> receiptAt(long logIndex) {
        Optional<byte[]> duplicate = read("d:" + pad(logIndex));
        if (duplicate.isPresent()) {
            return duplicate.map(bytes -> Json.decode(bytes, TxReceipt.class));
        }
        return txIdAt(logIndex).flatMap(this::receipt).filter(receipt -> receipt.logIndex() == logIndex);
    }

    public Optional<String> txIdAt(long logIndex) {
        return read("i:" + pad(logIndex)).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    @Override
    public Optional<byte[]> get(String key) {
        return read("s:" + key);
    }

    @Override
    public SortedMap<String, byte[]> scan(String prefix) {
        SortedMap<String, byte[]> out = new TreeMap<>();
        byte[] start = ("s:" + prefix).getBytes(StandardCharsets.UTF_8);
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(start); it.isValid(); it.next()) {
                String key = new String(it.key(), StandardCharsets.UTF_8);
                if (!key.startsWith("s:" + prefix)) {
                    break;
                }
                out.put(key.substring(2), it.value());
            }
        }
        return Collections.unmodifiableSortedMap(out);
    }

    /** The hash of a perfect subtree of the log; throws if the log does not hold it. */
    public byte[] subtree(int level, long index) {
        return read(treeKey(level, index))
                .orElseThrow(() -> new LedgerException(
                        ErrorCode.STORAGE_FAILURE, "the log index has no subtree " + level + "/" + index));
    }

    /** The log as of the committed head: tree heads and proofs for every size up to it. */
    public LogTree logTree() {
        return new LogTree(this::subtree, head().logSize());
    }

    /** Atomically stores a block, its receipts, its state changes (empty = delete) and the new head. */
    public void commit(Block block, List<TxReceipt> receipts, Map<String, Optional<byte[]>> writes, Head head) {
        commit(List.of(new BlockCommit(block, receipts, writes, head)));
    }

    /** A block to store with its receipts, its state changes (empty = delete) and the head after it. */
    public record BlockCommit(Block block, List<TxReceipt> receipts, Map<String, Optional<byte[]>> writes, Head head) {
        public BlockCommit {
            receipts = List.copyOf(receipts);
            writes = Collections.unmodifiableMap(new TreeMap<>(writes));
        }
    }

    /**
     * Atomically stores consecutive blocks, each with its receipts and state changes, in order, and the
     * last one's head: one write (synced unless the store is rebuildable) for all of them.
     */
    public void commit(List<BlockCommit> blocks) {
        if (blocks.isEmpty()) {
            return;
        }
        long first = blocks.get(0).block().number();
        try (WriteBatch batch = new WriteBatch()) {
            Head previous = head();
            Set<String> receipted = new HashSet<>();
            for (BlockCommit commit : blocks) {
                write(commit, previous, batch, receipted);
                previous = commit.head();
            }
            batch.put(bytes(HEAD), Json.encode(previous));
            db.write(syncWrites, batch);
        } catch (RocksDBException e) {
            throw new LedgerException(ErrorCode.STORAGE_FAILURE, "cannot commit block " + first, e);
        }
    }

    /**
     * {@code receipted}: the transactions given a receipt earlier in the same write, which the store
     * does not show yet.
     */
    private void write(BlockCommit commit, Head previous, WriteBatch batch, Set<String> receipted)
            throws RocksDBException {
        Block block = commit.block();
        batch.put(bytes(blockKey(block.number())), Json.encode(block));
        for (TxReceipt receipt : commit.receipts()) {
            boolean seen = receipted.contains(receipt.txId())
                    || read("r:" + receipt.txId()).isPresent();
            if (seen) {
                batch.put(bytes("d:" + pad(receipt.logIndex())), Json.encode(receipt));
            } else {
                batch.put(bytes("r:" + receipt.txId()), Json.encode(receipt));
                receipted.add(receipt.txId());
            }
            batch.put(bytes("i:" + pad(receipt.logIndex())), bytes(receipt.txId()));
        }
        for (Map.Entry<String, Optional<byte[]>> write : commit.writes().entrySet()) {
            byte[] key = bytes("s:" + write.getKey());
            if (write.getValue().isPresent()) {
                batch.put(key, write.getValue().get());
            } else {
                batch.delete(key);
            }
        }
        if (indexed) {
            MerkleLog log = MerkleLog.fromFrontier(previous.frontier(), previous.logSize());
            for (Transaction tx : block.transactions()) {
                appendToIndex(log, tx, batch);
            }
        }
    }

    /**
     * Writes a consistent copy of the whole store (a RocksDB checkpoint: hard links where possible)
     * to {@code target}, which must not exist yet. Used for Raft snapshots.
     */
    public void checkpoint(Path target) {
        try (Checkpoint checkpoint = Checkpoint.create(db)) {
            checkpoint.createCheckpoint(target.toString());
        } catch (RocksDBException e) {
            throw new LedgerException(ErrorCode.STORAGE_FAILURE, "cannot write a checkpoint of the ledger store", e);
        }
    }

    private static void appendToIndex(MerkleLog log, Transaction tx, WriteBatch batch) throws RocksDBException {
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> hashes = new ArrayList<>();
        log.appendLeafHash(tx.leafHash(), (level, index, hash) -> {
            keys.add(bytes(treeKey(level, index)));
            hashes.add(hash);
        });
        for (int i = 0; i < keys.size(); i++) {
            batch.put(keys.get(i), hashes.get(i));
        }
    }

    /** Stores built before the subtree index existed get it rebuilt from their blocks once, on open. */
    private void indexLogIfNeeded() throws RocksDBException {
        Head head = head();
        if (!indexed
                || head.logSize() == 0
                || read(treeKey(0, head.logSize() - 1)).isPresent()) {
            return;
        }
        MerkleLog log = MerkleLog.empty();
        for (long n = 0; n < head.height(); n++) {
            Block block = block(n).orElseThrow(
                            () -> new LedgerException(ErrorCode.TAMPERING_DETECTED, "a stored block is missing"));
            try (WriteBatch batch = new WriteBatch()) {
                for (Transaction tx : block.transactions()) {
                    appendToIndex(log, tx, batch);
                }
                db.write(syncWrites, batch);
            }
        }
    }

    /** Overwrites raw bytes under a key; exists only so tests can simulate tampering on disk. */
    public void overwriteRawForTesting(String key, byte[] value) {
        try {
            db.put(syncWrites, bytes(key), value);
        } catch (RocksDBException e) {
            throw new LedgerException(ErrorCode.STORAGE_FAILURE, "cannot write", e);
        }
    }

    public static String blockKey(long number) {
        return "b:" + pad(number);
    }

    static String treeKey(int level, long index) {
        return "t:" + (level < 0x10 ? "0" : "") + Integer.toHexString(level) + ":" + pad(index);
    }

    private Optional<byte[]> read(String key) {
        try {
            return Optional.ofNullable(db.get(bytes(key)));
        } catch (RocksDBException e) {
            throw new LedgerException(ErrorCode.STORAGE_FAILURE, "cannot read ledger store", e);
        }
    }

    /** {@code number} as 16 hex digits (two's complement for a negative one), like {@code %016x}. */
    static String pad(long number) {
        String hex = Long.toHexString(number);
        return "0".repeat(16 - hex.length()) + hex;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        syncWrites.close();
        db.close();
    }
}
