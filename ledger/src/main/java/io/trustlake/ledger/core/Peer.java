package io.trustlake.ledger.core;

import io.trustlake.common.crypto.Hex;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.ledger.contract.Contracts;
import io.trustlake.ledger.contract.Outcome;
import io.trustlake.ledger.contract.StateView;
import io.trustlake.ledger.store.Head;
import io.trustlake.ledger.store.LedgerStore;
import io.trustlake.ledger.store.StagedState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A ledger peer: validates every block it is given (hash link, data hash, Merkle root), then
 * every transaction (signature by the submitting organisation's node key, timestamp, uniqueness,
 * contract), and commits the block with its state changes atomically. Invalid transactions are
 * recorded with a reason, never dropped. {@link #commit} must be called from one thread in block
 * order; reads and {@link #simulate} are safe from any thread.
 */
public final class Peer implements AutoCloseable {
    private final LedgerStore store;
    private final PeerConfig config;
    private final List<CommitListener> indexes = new CopyOnWriteArrayList<>();
    private final BlockExecutor executor;
    private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();
    private volatile Head head;

    private Peer(LedgerStore store, PeerConfig config, Head head) {
        this.store = store;
        this.config = config;
        this.executor = new BlockExecutor(config);
        this.head = head;
    }

    public static Peer open(PeerConfig config) {
        LedgerStore store = LedgerStore.open(config.directory());
        return new Peer(store, config, store.head());
    }

    public long height() {
        return head.height();
    }

    /** Waits until at least {@code height} blocks are committed; false if the wait timed out. */
    public synchronized boolean awaitHeight(long height, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (head.height() < height) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    public Head head() {
        return head;
    }

    public StateView state() {
        return store;
    }

    public LedgerStore store() {
        return store;
    }

    public Optional<TxReceipt> receipt(String txId) {
        return store.receipt(txId);
    }

    public void addListener(CommitListener listener) {
        listeners.add(listener);
    }

    public void removeListener(CommitListener listener) {
        listeners.remove(listener);
    }

    /**
     * Adds a view derived from the committed state (a cache, an index). Indexes are told of a
     * block's transactions before anyone else learns of the block — before {@link #awaitHeight}
     * returns for it and before any {@linkplain #addListener listener} is called — so a reader who
     * has seen a block committed never finds an index behind it.
     */
    public void addIndex(CommitListener index) {
        indexes.add(index);
    }

    public void removeIndex(CommitListener index) {
        indexes.remove(index);
    }

    /** Executes a transaction against the current state without committing anything. */
    public Outcome simulate(Transaction transaction) {
        Head current = head;
        return executor.simulate(transaction, store, current.logSize(), current.height());
    }

    /** Validates and commits the next block; a block that does not extend the chain is refused. */
    public void commit(Block block) {
        commit(List.of(block));
    }

    /**
     * Validates the next blocks in order, each against the state the ones before it leave, and commits
     * them in one store write (one sync for all: a peer that has fallen behind catches up with fewer,
     * larger writes). When a block is refused because it does not extend the chain, the blocks before
     * it are committed, and the refusal is thrown.
     */
    public synchronized void commit(List<Block> blocks) {
        Head current = head;
        StagedState state = new StagedState(store);
        List<LedgerStore.BlockCommit> valid = new ArrayList<>();
        List<List<TxReceipt>> receipts = new ArrayList<>();
        LedgerException refusal = null;
        for (Block block : blocks) {
            MerkleLog log = MerkleLog.fromFrontier(current.frontier(), current.logSize());
            try {
                checkHeader(block, current, log);
            } catch (LedgerException e) {
                refusal = e;
                break;
            }
            StagedState blockState = new StagedState(state);
            List<TxReceipt> blockReceipts = executor.execute(block, blockState);
            blockState.mergeInto(state);
            current = new Head(current.height() + 1, block.header().hash(), log.size(), log.frontier());
            valid.add(new LedgerStore.BlockCommit(block, blockReceipts, blockState.writes(), current));
            receipts.add(blockReceipts);
        }
        store.commit(valid);
        for (int i = 0; i < valid.size(); i++) {
            tell(indexes, valid.get(i).block(), receipts.get(i));
        }
        head = current;
        notifyAll();
        for (int i = 0; i < valid.size(); i++) {
            tell(listeners, valid.get(i).block(), receipts.get(i));
        }
        if (refusal != null) {
            throw refusal;
        }
    }

    private static void tell(List<CommitListener> audience, Block block, List<TxReceipt> receipts) {
        for (int i = 0; i < receipts.size(); i++) {
            for (CommitListener listener : audience) {
                listener.committed(block.transactions().get(i), receipts.get(i));
            }
        }
    }

    private void checkHeader(Block block, Head current, MerkleLog log) {
        BlockHeader header = block.header();
        for (Transaction tx : block.transactions()) {
            log.appendLeafHash(tx.leafHash());
        }
        String problem = header.number() != current.height()
                ? "block number " + header.number() + " does not follow height " + current.height()
                : !header.previousHash().equals(current.hash())
                        ? "previous hash does not match the chain"
                        : !header.dataHash().equals(Block.dataHash(block.transactions()))
                                ? "data hash does not match the transactions"
                                : header.firstIndex() != current.logSize() || header.logSize() != log.size()
                                        ? "log positions do not match"
                                        : !header.logRoot().equals(Hex.encode(log.root()))
                                                ? "Merkle root does not match"
                                                : "";
        if (!problem.isEmpty()) {
            throw new LedgerException(
                    ErrorCode.TAMPERING_DETECTED, "block " + header.number() + " refused: " + problem);
        }
    }

    public Contracts contracts() {
        return config.contracts();
    }

    @Override
    public void close() {
        store.close();
    }
}
