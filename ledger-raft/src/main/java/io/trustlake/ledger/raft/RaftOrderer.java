package io.trustlake.ledger.raft;

import io.trustlake.common.crypto.Hashes;
import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.ledger.core.Block;
import io.trustlake.ledger.core.LedgerException;
import io.trustlake.ledger.core.Orderer;
import io.trustlake.ledger.core.Transaction;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Orderer} on Apache Ratis. Each organisation's node runs one Raft peer; submitted
 * transactions are grouped into batches, each batch is one Raft entry, and every peer's state
 * machine cuts each committed entry into the next block of its own block log, so all nodes hold
 * identical blocks. The node's ledger peer then validates every block itself. A batch goes to the
 * current leader through a Raft client that knows every member, so a submit still succeeds while
 * this node's own Raft peer is down or lagging. Thread-safe.
 */
public final class RaftOrderer implements Orderer {
    private static final Logger LOG = LoggerFactory.getLogger(RaftOrderer.class);
    private static final int QUEUE_CAPACITY = 100_000;
    private static final int MAX_IN_FLIGHT = 4;
    private static final long LAG_BEFORE_FETCH_MILLIS = 1_000;
    /** At most this many transactions (or one block, if larger) are delivered to the peer together. */
    private static final int MAX_DELIVERY_TRANSACTIONS = 500;

    private final RaftConfig config;
    private final BlockLog blocks;
    private final RaftServer server;
    private final BlockStateMachine machine;
    private final RaftClient client;
    private final BlockingQueue<Transaction> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean open = true;

    private RaftOrderer(
            RaftConfig config, BlockLog blocks, RaftServer server, BlockStateMachine machine, RaftClient client) {
        this.config = config;
        this.blocks = blocks;
        this.server = server;
        this.machine = machine;
        this.client = client;
    }

    /**
     * Starts this node's Raft peer and client. The block log starts with block 0 cut from {@code
     * genesis}, which must be the same signed transactions on every node.
     */
    public static RaftOrderer open(RaftConfig config, List<Transaction> genesis) {
        if (!CommonPool.isParallel()) {
            LOG.warn(
                    "The common thread pool has one thread, so Ratis will start a thread per task; start the JVM"
                            + " with -D{}=2 (or call CommonPool.ensureParallel() first in main)",
                    CommonPool.PARALLELISM);
        }
        try {
            Files.createDirectories(config.directory());
            BlockLog blocks = BlockLog.open(config.directory().resolve("blocks"), genesis);
            RaftGroup group = group(config);
            BlockStateMachine machine =
                    new BlockStateMachine(blocks, config.directory().resolve("staging"));
            RaftServer server = RaftServer.newBuilder()
                    .setServerId(RaftPeerId.valueOf(config.self()))
                    .setGroup(group)
                    .setProperties(RaftProperties.forServer(config))
                    .setStateMachine(machine)
                    .setOption(startupOption(config, group.getGroupId()))
                    .build();
            server.start();
            RaftClient client = RaftClient.newBuilder()
                    .setProperties(RaftProperties.forClient())
                    .setRaftGroup(group)
                    .setClientId(ClientId.randomId())
                    .setRetryPolicy(RaftProperties.clientRetry())
                    .build();
            RaftOrderer orderer = new RaftOrderer(config, blocks, server, machine, client);
            orderer.startThread("raft-batcher-" + config.self(), orderer::batchLoop);
            return orderer;
        } catch (IOException e) {
            throw new LedgerException(ErrorCode.LEDGER_UNAVAILABLE, "cannot start the Raft peer " + config.self(), e);
        }
    }

    /** The Raft group of a consortium: its id is derived from the consortium's name. */
    static RaftGroup group(RaftConfig config) {
        ByteBuffer hash = ByteBuffer.wrap(Hashes.sha256(config.group().getBytes(StandardCharsets.UTF_8)));
        RaftGroupId id = RaftGroupId.valueOf(new UUID(hash.getLong(), hash.getLong()));
        List<RaftPeer> peers = config.members().stream()
                .map(m -> RaftPeer.newBuilder()
                        .setId(m.id())
                        .setAddress(m.address())
                        .build())
                .toList();
        return RaftGroup.valueOf(id, peers);
    }

    private static RaftStorage.StartupOption startupOption(RaftConfig config, RaftGroupId groupId) {
        boolean exists = Files.isDirectory(
                config.directory().resolve("raft").resolve(groupId.getUuid().toString()));
        return exists ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT;
    }

    @Override
    public void submit(Transaction transaction) {
        if (!open || !queue.offer(transaction)) {
            throw new LedgerException(ErrorCode.LEDGER_UNAVAILABLE, "the orderer is not accepting transactions");
        }
    }

    /** How many blocks this node's block log holds. */
    public long height() {
        return blocks.height();
    }

    /** How many snapshots this node installed from the leader since it started. */
    public int snapshotsInstalled() {
        return machine.snapshotsInstalled();
    }

    /** This node's Raft role: {@code leader}, {@code follower}, {@code candidate} … or {@code down}. */
    @Override
    public String role() {
        try {
            return server.getDivision(group(config).getGroupId())
                    .getInfo()
                    .getCurrentRole()
                    .name()
                    .toLowerCase(java.util.Locale.ROOT);
        } catch (IOException | RuntimeException e) {
            return "down";
        }
    }

    @Override
    public void deliver(long fromBlock, BlockSink sink) {
        startThread("raft-deliver-" + config.self(), () -> deliverLoop(fromBlock, sink));
    }

    /**
     * Delivers blocks from this node's block log; when that log lags (this node's Raft peer is down,
     * cut off or catching up) for {@link #LAG_BEFORE_FETCH_MILLIS}, fetches committed blocks from the
     * leader instead. Either way the sink (the node's ledger peer) validates every block itself.
     */
    private void deliverLoop(long fromBlock, BlockSink sink) {
        long next = fromBlock;
        long waitingSince = System.nanoTime();
        try {
            while (open) {
                List<Block> ready = blocks.awaitBlock(next, 100)
                        ? readyFrom(next)
                        : fetchIfLagging(next, waitingSince).map(List::of).orElse(List.of());
                if (!ready.isEmpty()) {
                    sink.accept(ready);
                    next += ready.size();
                    waitingSince = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Delivery stopped at block {}: {}", next, e.getMessage());
        }
    }

    /**
     * The blocks from {@code first} on that this node's block log holds, handed over together (the
     * peer commits them with one write), up to {@link #MAX_DELIVERY_TRANSACTIONS} transactions.
     */
    private List<Block> readyFrom(long first) {
        List<Block> ready = new ArrayList<>();
        int transactions = 0;
        for (long n = first; n < blocks.height() && transactions < MAX_DELIVERY_TRANSACTIONS; n++) {
            Optional<Block> block = blocks.block(n);
            if (block.isEmpty()) {
                break;
            }
            ready.add(block.get());
            transactions += block.get().transactions().size();
        }
        return ready;
    }

    private Optional<Block> fetchIfLagging(long number, long waitingSince) throws InterruptedException {
        if (System.nanoTime() - waitingSince < TimeUnit.MILLISECONDS.toNanos(LAG_BEFORE_FETCH_MILLIS)) {
            return Optional.empty();
        }
        try {
            RaftClientReply reply = client.async()
                    .sendReadOnly(Message.valueOf("block:" + number))
                    .get(2, TimeUnit.SECONDS);
            ByteString content = reply.getMessage().getContent();
            return content.isEmpty() ? Optional.empty() : Optional.of(Json.decode(content.toByteArray(), Block.class));
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Cuts the queue into batches, each sent as one Raft entry. A batch is begun only once fewer than
     * {@link #MAX_IN_FLIGHT} are being ordered, so while Raft is busy, transactions gather into the
     * next, larger batch: few small entries when the load is light, fewer and larger ones (less work
     * per transaction) when it is heavy.
     */
    private void batchLoop() {
        try {
            while (open) {
                inFlight.acquire();
                Transaction first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    inFlight.release();
                } else {
                    send(fill(first));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Fills a batch until it is full, its time is up, or no transaction arrives for the idle gap
     * while none of this node's other batches is being ordered ({@link RaftConfig.Batching}): while
     * Raft is busy with them, the batch goes on filling up to its time.
     */
    private List<Transaction> fill(Transaction first) throws InterruptedException {
        List<Transaction> batch = new ArrayList<>();
        batch.add(first);
        RaftConfig.Batching batching = config.batching();
        long deadline = System.nanoTime() + batching.batchTimeout().toNanos();
        long gap = batching.idleGap().toNanos();
        while (batch.size() < batching.maxBatch()) {
            queue.drainTo(batch, batching.maxBatch() - batch.size());
            long left = deadline - System.nanoTime();
            if (batch.size() >= batching.maxBatch() || left <= 0) {
                break;
            }
            Transaction tx = queue.poll(Math.min(gap, left), TimeUnit.NANOSECONDS);
            if (tx != null) {
                batch.add(tx);
            } else if (inFlight.availablePermits() >= MAX_IN_FLIGHT - 1) {
                break;
            }
        }
        return batch;
    }

    /** Sends a batch that holds one of the {@link #inFlight} permits, which its completion returns. */
    private void send(List<Transaction> transactions) {
        byte[] entry = Json.encode(new Batch(config.clock().instant(), transactions));
        var unused = client.async()
                .send(Message.valueOf(ByteString.copyFrom(entry)))
                .whenComplete((reply, error) -> {
                    inFlight.release();
                    if (error != null || !reply.isSuccess()) {
                        LOG.warn(
                                "A batch of {} transactions was not ordered: {}",
                                transactions.size(),
                                error != null ? error.toString() : String.valueOf(reply.getException()));
                    }
                });
    }

    private void startThread(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        synchronized (threads) {
            threads.add(thread);
        }
        thread.start();
    }

    /** Stops only this node's Raft peer (its client keeps working); for failover tests. */
    public void stopRaftPeerForTesting() {
        closeQuietly(server);
    }

    @Override
    public void close() {
        open = false;
        List<Thread> all;
        synchronized (threads) {
            all = List.copyOf(threads);
        }
        all.forEach(Thread::interrupt);
        for (Thread thread : all) {
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeQuietly(client);
        closeQuietly(server);
        blocks.close();
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            LOG.warn("Closing the Raft peer failed: {}", e.getMessage());
        }
    }
}
