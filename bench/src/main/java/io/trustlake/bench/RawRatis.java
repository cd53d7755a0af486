package io.trustlake.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.netty.NettyConfigKeys;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.SizeInBytes;

/**
 * The consensus limit: three Ratis peers (Netty, synced log on this disk) whose state machine only
 * counts entries, driven with entries of a given size. What Raft alone can commit here.
 */
final class RawRatis implements AutoCloseable {
    private final List<RaftServer> servers;
    private final RaftClient client;

    private RawRatis(List<RaftServer> servers, RaftClient client) {
        this.servers = servers;
        this.client = client;
    }

    /** A state machine that does nothing but acknowledge. */
    static final class Counting extends BaseStateMachine {
        @Override
        public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
            updateLastAppliedTermIndex(
                    trx.getLogEntry().getTerm(), trx.getLogEntry().getIndex());
            return CompletableFuture.completedFuture(Message.EMPTY);
        }
    }

    static RawRatis start(Path directory, int basePort) throws IOException {
        List<RaftPeer> peers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            peers.add(RaftPeer.newBuilder()
                    .setId("raw-" + i)
                    .setAddress("127.0.0.1:" + (basePort + i))
                    .build());
        }
        RaftGroup group = RaftGroup.valueOf(RaftGroupId.valueOf(UUID.randomUUID()), peers);
        List<RaftServer> servers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RaftProperties properties = properties();
            RaftServerConfigKeys.setStorageDir(
                    properties, List.of(directory.resolve("raw-" + i).toFile()));
            NettyConfigKeys.Server.setPort(properties, basePort + i);
            RaftServer server = RaftServer.newBuilder()
                    .setServerId(peers.get(i).getId())
                    .setGroup(group)
                    .setProperties(properties)
                    .setStateMachine(new Counting())
                    .build();
            server.start();
            servers.add(server);
        }
        RaftClient client = RaftClient.newBuilder()
                .setProperties(properties())
                .setRaftGroup(group)
                .build();
        return new RawRatis(servers, client);
    }

    private static RaftProperties properties() {
        RaftProperties properties = new RaftProperties();
        RaftConfigKeys.Rpc.setType(properties, SupportedRpcType.NETTY);
        RaftServerConfigKeys.Log.Appender.setBufferByteLimit(properties, SizeInBytes.valueOf("8MB"));
        RaftServerConfigKeys.Log.setWriteBufferSize(properties, SizeInBytes.valueOf("16MB"));
        return properties;
    }

    /** Entries per second committed for {@code seconds}, entries of {@code bytes}, at most 64 in flight. */
    double entriesPerSecond(int bytes, double seconds) throws InterruptedException {
        ByteString entry = ByteString.copyFrom(new byte[bytes]);
        Semaphore inFlight = new Semaphore(64);
        AtomicLong done = new AtomicLong();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            inFlight.acquire();
            var unused = client.async().send(Message.valueOf(entry)).whenComplete((reply, error) -> {
                done.incrementAndGet();
                inFlight.release();
            });
        }
        inFlight.tryAcquire(64, 60, TimeUnit.SECONDS);
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    /** Waits until a first entry commits (a leader is elected). */
    void awaitLeader() throws IOException {
        client.io().send(Message.valueOf("warm-up"));
    }

    @Override
    public void close() throws IOException {
        client.close();
        for (RaftServer server : servers) {
            server.close();
        }
    }
}
