package io.trustlake.ledger.raft;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * One node's Raft orderer.
 *
 * <ul>
 *   <li>{@code group}: the consortium's name; every member must use the same one.
 *   <li>{@code self}: this node's organisation id, one of {@code members}.
 *   <li>{@code members}: every organisation's Raft peer, in the same order on every node.
 *   <li>{@code directory}: where the Raft log, snapshots and the ordered block log live.
 *   <li>{@code maxBatch} (default 500) transactions per Raft entry, and so per block. While none of
 *       the node's other batches is being ordered, a batch is sent as soon as no transaction has
 *       arrived for {@code idleGap} (default 20 ms), so under a light load a transaction waits at
 *       most that long; while Raft is busy with other batches, it goes on filling, and it is sent
 *       {@code batchTimeout} (default 50 ms) after its first transaction at the latest, so a heavy
 *       load makes fewer, larger Raft entries (each entry costs every peer about the same work,
 *       whatever it holds).
 *   <li>{@code snapshotEvery} (default 2,048) Raft entries between snapshots; the log before a
 *       snapshot is purged, so a peer that falls further behind receives the snapshot.
 *   <li>{@code segmentBytes} (default 4 MiB): the size of a Raft log segment file; only whole
 *       segments older than the last snapshot are purged.
 *   <li>{@code listenPort} (default 0: the port of this node's own member address): where this
 *       node's Raft peer listens, when others reach it through a forwarder on another port.
 *   <li>{@code electionTimeout} (default 1 s; a random value up to twice that is used): how long a
 *       follower waits for the leader before it starts an election.
 * </ul>
 */
public record RaftConfig(
        String group,
        String self,
        List<RaftMember> members,
        Path directory,
        Batching batching,
        long snapshotEvery,
        long segmentBytes,
        int listenPort,
        Duration electionTimeout,
        Clock clock) {
    public RaftConfig {
        members = List.copyOf(members);
        if (members.stream().noneMatch(m -> m.id().equals(self))) {
            throw new IllegalArgumentException("this node (" + self + ") is not one of the Raft members");
        }
    }

    /** How transactions are grouped into Raft entries (see above). */
    public record Batching(int maxBatch, Duration batchTimeout, Duration idleGap) {
        public Batching {
            if (maxBatch < 1 || batchTimeout.isNegative() || idleGap.isNegative()) {
                throw new IllegalArgumentException("a batch holds at least one transaction and waits no negative time");
            }
        }

        public static Batching defaults() {
            return new Batching(500, Duration.ofMillis(50), Duration.ofMillis(20));
        }
    }

    public static RaftConfig of(String group, String self, List<RaftMember> members, Path directory, Clock clock) {
        return new RaftConfig(
                group, self, members, directory, Batching.defaults(), 2_048, 4L << 20, 0, Duration.ofSeconds(1), clock);
    }

    /** Snapshots every {@code entries} Raft entries, with log segments of {@code bytes}. */
    public RaftConfig withCompaction(long entries, long bytes) {
        return new RaftConfig(
                group, self, members, directory, batching, entries, bytes, listenPort, electionTimeout, clock);
    }

    public RaftConfig withBatching(Batching newBatching) {
        return new RaftConfig(
                group,
                self,
                members,
                directory,
                newBatching,
                snapshotEvery,
                segmentBytes,
                listenPort,
                electionTimeout,
                clock);
    }

    /** Listens on {@code port} instead of the port of this node's member address (0: that port). */
    public RaftConfig withListenPort(int port) {
        return new RaftConfig(
                group, self, members, directory, batching, snapshotEvery, segmentBytes, port, electionTimeout, clock);
    }

    public RaftMember member() {
        return members.stream().filter(m -> m.id().equals(self)).findFirst().orElseThrow();
    }
}
