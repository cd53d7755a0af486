package io.trustlake.ledger.solo;

import io.trustlake.common.crypto.Hex;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.ledger.core.Block;
import io.trustlake.ledger.core.BlockHeader;
import io.trustlake.ledger.core.LedgerException;
import io.trustlake.ledger.core.MerkleLog;
import io.trustlake.ledger.core.Orderer;
import io.trustlake.ledger.core.Transaction;
import io.trustlake.ledger.store.Head;
import io.trustlake.ledger.store.LedgerStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An orderer for one process: a single thread cuts queued transactions into blocks, stores each
 * block durably (synced) before delivering it, and serves any number of peers from its block log,
 * so a peer that restarts catches up from where it stopped. Thread-safe.
 */
public final class SoloOrderer implements Orderer {
    private static final Logger LOG = LoggerFactory.getLogger(SoloOrderer.class);
    private static final int QUEUE_CAPACITY = 100_000;

    private final SoloConfig config;
    private final LedgerStore log;
    private final BlockingQueue<Transaction> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Object newBlock = new Object();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean open = true;
    private volatile boolean accepting = true;
    private volatile long height;

    private SoloOrderer(SoloConfig config, LedgerStore log) {
        this.config = config;
        this.log = log;
    }

    /** Opens the block log; if it is empty, block 0 is cut from {@code genesis}. */
    public static SoloOrderer open(SoloConfig config, List<Transaction> genesis) {
        SoloOrderer orderer = new SoloOrderer(config, LedgerStore.open(config.directory()));
        orderer.height = orderer.log.head().height();
        if (orderer.height == 0) {
            orderer.cut(genesis);
        }
        Thread cutter = new Thread(orderer::cutLoop, "solo-orderer");
        cutter.setDaemon(true);
        orderer.threads.add(cutter);
        cutter.start();
        return orderer;
    }

    @Override
    public void submit(Transaction transaction) {
        if (!open || !accepting || !queue.offer(transaction)) {
            throw new LedgerException(ErrorCode.LEDGER_UNAVAILABLE, "the orderer is not accepting transactions");
        }
    }

    /** Makes the orderer refuse new transactions (or accept them again); for fail-closed tests. */
    public void setAccepting(boolean accepting) {
        this.accepting = accepting;
    }

    public long height() {
        return height;
    }

    @Override
    public void deliver(long fromBlock, BlockSink sink) {
        Thread thread = new Thread(() -> deliverLoop(fromBlock, sink), "solo-deliver");
        thread.setDaemon(true);
        synchronized (threads) {
            threads.add(thread);
        }
        thread.start();
    }

    private void deliverLoop(long fromBlock, BlockSink sink) {
        long next = fromBlock;
        try {
            while (open) {
                awaitBlock(next);
                if (next < height) {
                    sink.accept(List.of(log.block(next).orElseThrow()));
                    next++;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Delivery stopped at block {}: {}", next, e.getMessage());
        }
    }

    private void awaitBlock(long number) throws InterruptedException {
        synchronized (newBlock) {
            while (open && number >= height) {
                newBlock.wait(100);
            }
        }
    }

    private void cutLoop() {
        List<Transaction> batch = new ArrayList<>();
        try {
            while (open) {
                Transaction first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + config.batchTimeout().toNanos();
                while (batch.size() < config.maxBatch()) {
                    Transaction tx = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (tx == null) {
                        break;
                    }
                    batch.add(tx);
                }
                cut(batch);
                batch = new ArrayList<>();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("The orderer stopped cutting blocks: {}", e.getMessage());
            open = false;
        }
    }

    private void cut(List<Transaction> transactions) {
        Head head = log.head();
        MerkleLog merkle = MerkleLog.fromFrontier(head.frontier(), head.logSize());
        transactions.forEach(tx -> merkle.appendLeafHash(tx.leafHash()));
        BlockHeader header = new BlockHeader(
                head.height(),
                head.hash(),
                Block.dataHash(transactions),
                head.logSize(),
                merkle.size(),
                Hex.encode(merkle.root()),
                config.clock().instant());
        Block block = new Block(header, transactions);
        log.commit(
                block,
                List.of(),
                Map.of(),
                new Head(head.height() + 1, header.hash(), merkle.size(), merkle.frontier()));
        synchronized (newBlock) {
            height = header.number() + 1;
            newBlock.notifyAll();
        }
    }

    @Override
    public void close() {
        open = false;
        List<Thread> all;
        synchronized (threads) {
            all = List.copyOf(threads);
        }
        for (Thread thread : all) {
            thread.interrupt();
        }
        for (Thread thread : all) {
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        log.close();
    }
}
