package io.trustlake.ledger.raft;

import io.trustlake.common.encoding.Json;
import io.trustlake.common.files.DirectoryTrees;
import io.trustlake.ledger.core.Block;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Raft state machine: each committed entry (a {@link Batch}) becomes the next block of the
 * node's {@link BlockLog}. Ratis calls {@link #applyTransaction} on one thread in log order; the
 * block is durable before the call returns. A snapshot is a zipped checkpoint of the block log at
 * the last applied entry; installing one (on a peer that fell behind the leader's purged log)
 * replaces the block log by it. The reply to the submitting client is the new block's number.
 */
final class BlockStateMachine extends BaseStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(BlockStateMachine.class);

    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final BlockLog blocks;
    private final Path staging;
    private final AtomicInteger installed = new AtomicInteger();

    BlockStateMachine(BlockLog blocks, Path staging) {
        this.blocks = blocks;
        this.staging = staging;
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        storage.init(raftStorage);
        getLifeCycle().startAndTransition(this::loadLatestSnapshot, IOException.class);
    }

    /** Called by Ratis before it installs a snapshot received from the leader. */
    @Override
    public void pause() {
        getLifeCycle().transition(LifeCycle.State.PAUSING);
        getLifeCycle().transition(LifeCycle.State.PAUSED);
    }

    /** Called by Ratis after it installed a snapshot received from the leader. */
    @Override
    public void reinitialize() throws IOException {
        getLifeCycle().transition(LifeCycle.State.STARTING);
        storage.loadLatestSnapshot();
        loadLatestSnapshot();
        installed.incrementAndGet();
        getLifeCycle().transition(LifeCycle.State.RUNNING);
    }

    /** How many snapshots were installed from the leader since this peer started. */
    int snapshotsInstalled() {
        return installed.get();
    }

    private void loadLatestSnapshot() throws IOException {
        SingleFileSnapshotInfo snapshot = storage.getLatestSnapshot();
        if (snapshot == null) {
            return;
        }
        Path unpacked = staging.resolve("install-" + snapshot.getIndex());
        DirectoryTrees.delete(unpacked);
        SnapshotArchive.unpack(snapshot.getFile().getPath(), unpacked);
        blocks.replaceWith(unpacked);
        DirectoryTrees.delete(unpacked);
        setLastAppliedTermIndex(snapshot.getTermIndex());
        LOG.info("Block log at height {} after loading snapshot {}", blocks.height(), snapshot.getTermIndex());
    }

    @Override
    public SimpleStateMachineStorage getStateMachineStorage() {
        return storage;
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        Batch batch = Json.decode(entry.getStateMachineLogEntry().getLogData().toByteArray(), Batch.class);
        Optional<Block> block = blocks.append(batch, entry.getIndex());
        updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        long number = block.map(Block::number).orElse(-1L);
        return CompletableFuture.completedFuture(Message.valueOf(Long.toString(number)));
    }

    @Override
    public long takeSnapshot() throws IOException {
        TermIndex last = getLastAppliedTermIndex();
        if (last == null || last.getIndex() < 0) {
            return -1;
        }
        Path checkpoint = staging.resolve("checkpoint-" + last.getIndex());
        DirectoryTrees.delete(checkpoint);
        Files.createDirectories(staging);
        blocks.checkpoint(checkpoint);
        Path file = storage.getSnapshotFile(last.getTerm(), last.getIndex()).toPath();
        SnapshotArchive.pack(checkpoint, file);
        DirectoryTrees.delete(checkpoint);
        MD5Hash digest = MD5FileUtil.computeAndSaveMd5ForFile(file.toFile());
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file, digest), last));
        LOG.info("Snapshot at {} (block height {})", last, blocks.height());
        return last.getIndex();
    }

    /**
     * Read-only queries: {@code height} (blocks in this node's block log) and {@code block:N} (block
     * N as JSON, or empty when this node does not have it). Lagging nodes use them to fetch
     * committed blocks from the leader.
     */
    @Override
    public CompletableFuture<Message> query(Message request) {
        String text = request.getContent().toString(StandardCharsets.UTF_8);
        if (text.startsWith("block:")) {
            long number = Long.parseLong(text.substring("block:".length()));
            return CompletableFuture.completedFuture(blocks.block(number)
                    .map(b -> Message.valueOf(ByteString.copyFrom(Json.encode(b))))
                    .orElse(Message.EMPTY));
        }
        return CompletableFuture.completedFuture(
                Message.valueOf("height".equals(text) ? Long.toString(blocks.height()) : ""));
    }
}
