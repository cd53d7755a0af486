package io.trustlake.ledger.raft;

import io.trustlake.common.crypto.Hex;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.files.DirectoryTrees;
import io.trustlake.ledger.core.Block;
import io.trustlake.ledger.core.BlockHeader;
import io.trustlake.ledger.core.LedgerException;
import io.trustlake.ledger.core.MerkleLog;
import io.trustlake.ledger.core.Transaction;
import io.trustlake.ledger.store.Head;
import io.trustlake.ledger.store.LedgerStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A node's ordered blocks, cut deterministically from the Raft log: block {@code n + 1} is the
 * entry after block {@code n}, with the entry's time, so every node holds identical blocks. Each
 * block is stored together with the index of the Raft entry it came from, so an entry replayed after
 * a restart is recognised and skipped. The store is not synced per block: a stored block survives the
 * process being killed, and what a crash of the machine loses is cut again from the synced Raft log,
 * which Ratis replays from the last snapshot on restart (a snapshot is a consistent checkpoint of this
 * log, written to disk). Thread-safe; {@link #append} and {@link
 * #replaceWith} must be called from the Raft apply thread.
 */
final class BlockLog implements AutoCloseable {
    private static final String APPLIED = "raft/applied-index";
    /** How many of the latest blocks are kept in memory for delivery, besides being stored. */
    static final int RECENT_BLOCKS = 256;

    private final Path directory;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Object newBlock = new Object();
    private final Map<Long, Block> recent = new java.util.concurrent.ConcurrentHashMap<>();
    private LedgerStore store;
    private volatile long height;
    private volatile long appliedIndex;
    private volatile boolean open = true;

    private BlockLog(Path directory, LedgerStore store) {
        this.directory = directory;
        this.store = store;
    }

    /** Opens the log; an empty one starts with block 0 cut from {@code genesis} at its time. */
    static BlockLog open(Path directory, List<Transaction> genesis) {
        BlockLog log = new BlockLog(directory, LedgerStore.openRebuildable(directory));
        log.refresh();
        if (log.height == 0) {
            log.cut(new Batch(genesis.get(0).timestamp(), genesis), -1);
        }
        return log;
    }

    long height() {
        return height;
    }

    /** The index of the last Raft entry stored as a block, or -1. */
    long appliedIndex() {
        return appliedIndex;
    }

    /** Cuts the block for the Raft entry at {@code raftIndex}, unless that entry was stored before. */
    Optional<Block> append(Batch batch, long raftIndex) {
        if (raftIndex <= appliedIndex) {
            return Optional.empty();
        }
        return Optional.of(cut(batch, raftIndex));
    }

    private Block cut(Batch batch, long raftIndex) {
        lock.writeLock().lock();
        try {
            Head head = store.head();
            MerkleLog merkle = MerkleLog.fromFrontier(head.frontier(), head.logSize());
            batch.transactions().forEach(tx -> merkle.appendLeafHash(tx.leafHash()));
            BlockHeader header = new BlockHeader(
                    head.height(),
                    head.hash(),
                    Block.dataHash(batch.transactions()),
                    head.logSize(),
                    merkle.size(),
                    Hex.encode(merkle.root()),
                    batch.timestamp());
            Block block = new Block(header, batch.transactions());
            store.commit(
                    block,
                    List.of(),
                    Map.of(APPLIED, Optional.of(longBytes(raftIndex))),
                    new Head(head.height() + 1, header.hash(), merkle.size(), merkle.frontier()));
            appliedIndex = raftIndex;
            recent.put(block.number(), block);
            recent.remove(block.number() - RECENT_BLOCKS);
            signalHeight(head.height() + 1);
            return block;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Block {@code number}: one of the latest straight from memory (as stored), an older one read from the store. */
    Optional<Block> block(long number) {
        Block latest = open ? recent.get(number) : null;
        if (latest != null) {
            return Optional.of(latest);
        }
        lock.readLock().lock();
        try {
            return open ? store.block(number) : Optional.empty();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Waits up to {@code millis} for block {@code number} to exist; true if it does. */
    boolean awaitBlock(long number, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (newBlock) {
            long left = deadline - System.nanoTime();
            while (open && number >= height && left > 0) {
                newBlock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                left = deadline - System.nanoTime();
            }
            return number < height;
        }
    }

    /** Writes a consistent copy of the whole log to {@code target}. */
    void checkpoint(Path target) {
        lock.readLock().lock();
        try {
            store.checkpoint(target);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Replaces the whole log by the checkpoint in {@code source} (a snapshot from the leader), if that
     * checkpoint is further along than this log. The checkpoint directory is consumed.
     */
    void replaceWith(Path source) {
        lock.writeLock().lock();
        try {
            long theirs;
            try (LedgerStore candidate = LedgerStore.openRebuildable(source)) {
                theirs = candidate.get(APPLIED).map(BlockLog::longValue).orElse(-1L);
            }
            if (theirs <= appliedIndex) {
                return;
            }
            store.close();
            recent.clear();
            Path old = directory.resolveSibling(directory.getFileName() + ".replaced");
            DirectoryTrees.delete(old);
            Files.move(directory, old);
            Files.move(source, directory);
            DirectoryTrees.delete(old);
            store = LedgerStore.openRebuildable(directory);
            refresh();
        } catch (IOException e) {
            throw new LedgerException(ErrorCode.STORAGE_FAILURE, "cannot install the block log snapshot", e);
        } finally {
            lock.writeLock().unlock();
        }
        signalHeight(height);
    }

    private void refresh() {
        appliedIndex = store.get(APPLIED).map(BlockLog::longValue).orElse(-1L);
        height = store.head().height();
    }

    private void signalHeight(long newHeight) {
        synchronized (newBlock) {
            height = newHeight;
            newBlock.notifyAll();
        }
    }

    private static byte[] longBytes(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    private static long longValue(byte[] bytes) {
        return ByteBuffer.wrap(bytes).getLong();
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (open) {
                open = false;
                store.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
        synchronized (newBlock) {
            newBlock.notifyAll();
        }
    }
}
