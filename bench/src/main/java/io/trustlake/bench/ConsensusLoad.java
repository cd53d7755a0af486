package io.trustlake.bench;

import io.trustlake.common.crypto.Ed25519;
import io.trustlake.common.encoding.Json;
import io.trustlake.common.files.DirectoryTrees;
import io.trustlake.ledger.contract.Contracts;
import io.trustlake.ledger.contract.SubmitterKeys;
import io.trustlake.ledger.core.Peer;
import io.trustlake.ledger.core.PeerConfig;
import io.trustlake.ledger.core.Submitter;
import io.trustlake.ledger.core.Transaction;
import io.trustlake.ledger.raft.RaftConfig;
import io.trustlake.ledger.raft.RaftMember;
import io.trustlake.ledger.raft.RaftOrderer;
import io.trustlake.testkit.FreePorts;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * Committed signed transactions per second for three organisations on Raft (one process, loopback,
 * each with its own Raft peer, block log and validating ledger peer), at full load and at a fixed
 * offered rate, with commit latency from submit to commit by the submitting organisation's peer.
 * Each transaction is signed by its organisation's node key as it is submitted, so signing is part
 * of the measured work, as it is of a node's. Alongside, measured in the same run: raw Ratis with
 * entries of the same size (the consensus limit), Ed25519 verifies per second on one core (the crypto
 * limit: every peer verifies every transaction), and the CPU time the process spends per committed
 * transaction at full load, by part (peers, block cutting, Raft, client, JIT, GC), next to the CPU
 * time of the three Ed25519 verifications each transaction needs: on a machine shared with other
 * work, that ratio does not depend on how much of the machine the run got.
 */
final class ConsensusLoad {
    private static final List<String> ORGS = List.of("org-a", "org-b", "org-c");

    /**
     * {@code transactions} at full load, after {@code warmup} transactions that are not measured (the
     * JIT compiler works through much of Ratis, Netty and Jackson first); {@code rate} tx/s offered for
     * {@code seconds}; the orderers wait up to {@code batchTimeout} to fill a batch, or {@code
     * idleGap} without a new transaction while Raft is idle ({@code RaftConfig.Batching}).
     */
    record Settings(
            int transactions,
            int rate,
            int seconds,
            int warmup,
            java.time.Duration batchTimeout,
            java.time.Duration idleGap) {}

    private final Settings settings;
    private final PrintStream out;
    private final Map<String, Ed25519.KeyPair> keys = new LinkedHashMap<>();
    private final Map<String, Long> submitted = new ConcurrentHashMap<>();
    private final List<Peer> peers = new ArrayList<>();
    private final List<RaftOrderer> orderers = new ArrayList<>();
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();
    private double verifyCpuMicros;
    private LatencyRecorder latencies = new LatencyRecorder(1 << 16);

    ConsensusLoad(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
        ORGS.forEach(org -> keys.put(org, Ed25519.generate()));
    }

    void run() throws Exception {
        Path directory = Files.createTempDirectory("trustlake-bench-consensus");
        String machine = Machine.describe();
        double verifies = ed25519VerifiesPerSecond();
        try {
            start(directory);
            drive(settings.warmup(), "warm", 0);
            latencies = new LatencyRecorder(settings.transactions());
            long blocksBefore = peers.get(0).height();
            CpuAccount cpu = CpuAccount.start(ConsensusLoad::threadGroup);
            CpuAccount byName = CpuAccount.start(t -> t.replaceAll("[0-9]+", "N"));
            long start = System.nanoTime();
            drive(settings.transactions(), "full", 0);
            double fullSeconds = (System.nanoTime() - start) / 1e9;
            CpuAccount.Spent fullCpu = cpu.spent();
            if (Boolean.getBoolean("bench.threads")) {
                out.println("threads: " + byName.spent());
            }
            LatencyRecorder full = sorted(latencies);
            double perBlock = settings.transactions() / (double) (peers.get(0).height() - blocksBefore);
            latencies = new LatencyRecorder(settings.rate() * settings.seconds());
            long pacedBlocksBefore = peers.get(0).height();
            CpuAccount pacedCpu = CpuAccount.start(ConsensusLoad::threadGroup);
            drive(settings.rate() * settings.seconds(), "paced", settings.rate());
            CpuAccount.Spent pacedSpent = pacedCpu.spent();
            LatencyRecorder paced = sorted(latencies);
            reportPaced(pacedSpent, peers.get(0).height() - pacedBlocksBefore);
            int entryBytes = (int) (perBlock * sign(1, "size").get(0).entryBytes().length);
            close();
            double raw = rawRatis(directory, entryBytes);
            double rawSingle = rawRatis(directory, sign(1, "size").get(0).entryBytes().length);
            report(machine, settings.transactions() / fullSeconds, full, paced, perBlock, raw, rawSingle, verifies);
            reportCpu(fullCpu);
        } finally {
            close();
            DirectoryTrees.delete(directory);
        }
    }

    /** The part of the consortium a thread works for, by its name. */
    static String threadGroup(String thread) {
        if (thread.startsWith("raft-deliver-")) {
            return "peers";
        }
        if (thread.endsWith("StateMachineUpdater")) {
            return "block-cutting";
        }
        if (thread.startsWith("main") || thread.startsWith("raft-batcher-")) {
            return "client";
        }
        return thread.startsWith("org-") || thread.startsWith("client-") || thread.startsWith("NettyRpc")
                ? "raft"
                : "rest";
    }

    private void start(Path directory) {
        int base = FreePorts.consecutive(3);
        List<RaftMember> members = IntStream.range(0, 3)
                .mapToObj(i -> new RaftMember(ORGS.get(i), "127.0.0.1:" + (base + i)))
                .toList();
        Transaction genesis = sign(1, "genesis").get(0);
        SubmitterKeys submitterKeys = (tx, state) ->
                Optional.ofNullable(keys.get(tx.signingOrganisation())).map(Ed25519.KeyPair::publicKey);
        for (String org : ORGS) {
            RaftOrderer orderer = RaftOrderer.open(
                    RaftConfig.of("bench", org, members, directory.resolve(org).resolve("orderer"), Clock.systemUTC())
                            .withBatching(new RaftConfig.Batching(
                                    RaftConfig.Batching.defaults().maxBatch(),
                                    settings.batchTimeout(),
                                    settings.idleGap())),
                    List.of(genesis));
            Peer peer = Peer.open(PeerConfig.of(
                    directory.resolve(org).resolve("peer"), Contracts.of(List.of(new BenchContract())), submitterKeys));
            peer.addListener((tx, receipt) -> {
                if (tx.submitter().organisation().equals(org)) {
                    Long at = submitted.remove(tx.id());
                    if (at != null) {
                        synchronized (this) {
                            latencies.record(System.nanoTime() - at);
                        }
                    }
                }
            });
            orderer.deliver(peer.height(), peer::commit);
            orderers.add(orderer);
            peers.add(peer);
        }
    }

    private List<Transaction> sign(int count, String prefix) {
        return IntStream.range(0, count).mapToObj(i -> signed(i, prefix)).toList();
    }

    /** Transaction {@code i}: submitted by org-a, org-b, org-c in turn, signed by its node. */
    private Transaction signed(int i, String prefix) {
        String org = ORGS.get(i % 3);
        return Transaction.sign(
                BenchContract.PUT,
                Json.encodeToString(Map.of("value", i)),
                new Submitter(org + ":bench", org, "PATIENT", "", List.of()),
                Clock.systemUTC().instant(),
                prefix + "-" + i,
                keys.get(org));
    }

    /**
     * Signs and submits {@code count} transactions (at {@code rate} tx/s, or as fast as accepted if 0)
     * and waits for all peers. Each transaction is signed just before it is submitted, as a node's
     * gateway does, so the submitting nodes' signing is part of what is measured; its latency
     * counts from before the signing.
     */
    private void drive(int count, String prefix, int rate) throws InterruptedException {
        long target = peers.get(0).head().logSize() + count;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (rate > 0) {
                long due = start + (long) (i * 1e9 / rate);
                long early = due - System.nanoTime();
                if (early > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(early);
                }
            } else {
                while (i - committed(target - count) > 20_000) {
                    Thread.sleep(1);
                }
            }
            long at = System.nanoTime();
            Transaction tx = signed(i, prefix);
            submitted.put(tx.id(), at);
            orderers.get(i % 3).submit(tx);
        }
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (peers.stream().anyMatch(p -> p.head().logSize() < target) && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
    }

    private long committed(long base) {
        return peers.stream().mapToLong(p -> p.head().logSize()).min().orElse(0) - base;
    }

    private synchronized LatencyRecorder sorted(LatencyRecorder recorder) {
        return LatencyRecorder.merge(List.of(recorder));
    }

    private double rawRatis(Path directory, int entryBytes) throws Exception {
        try (RawRatis raw = RawRatis.start(directory.resolve("raw-" + entryBytes), FreePorts.consecutive(3))) {
            raw.awaitLeader();
            raw.entriesPerSecond(entryBytes, 1);
            return raw.entriesPerSecond(entryBytes, 5);
        }
    }

    private double ed25519VerifiesPerSecond() {
        Ed25519.KeyPair key = Ed25519.generate();
        byte[] message = new byte[300];
        byte[] signature = key.sign(message);
        for (int i = 0; i < 20_000; i++) {
            Ed25519.verify(key.publicKey(), message, signature);
        }
        long end = System.nanoTime() + 3_000_000_000L;
        long start = System.nanoTime();
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long n = 0;
        while (System.nanoTime() < end) {
            if (!Ed25519.verify(key.publicKey(), message, signature)) {
                throw new IllegalStateException("verification failed");
            }
            n++;
        }
        verifyCpuMicros = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e3 / n;
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private void report(
            String machine,
            double fullRate,
            LatencyRecorder full,
            LatencyRecorder paced,
            double perBlock,
            double rawEntries,
            double rawSingle,
            double verifies) {
        out.println("Machine: " + machine);
        out.printf(
                "Raft consortium, 3 organisations, full load (%,d tx): %,.0f committed tx/s; commit p50 %.1f ms, p99 %.1f ms;"
                        + " %.0f tx per block%n",
                settings.transactions(),
                fullRate,
                full.percentileMicros(50) / 1000,
                full.percentileMicros(99) / 1000,
                perBlock);
        out.printf(
                "Offered %,d tx/s for %d s: commit p50 %.1f ms, p99 %.1f ms, max %.1f ms (%,d committed)%n",
                settings.rate(),
                settings.seconds(),
                paced.percentileMicros(50) / 1000,
                paced.percentileMicros(99) / 1000,
                paced.maxMicros() / 1000,
                paced.count());
        out.printf(
                "Raw Ratis (counting state machine): %,.0f entries/s of %.0f tx = %,.0f tx/s (consensus limit); unbatched %,.0f entries/s%n",
                rawEntries, perBlock, rawEntries * perBlock, rawSingle);
        int cores = Runtime.getRuntime().availableProcessors();
        double allPeers = cores * verifies / ORGS.size();
        out.printf("Ed25519 verifies/s on one core (BouncyCastle): %,.0f (crypto limit)%n", verifies);
        out.printf(
                "All peers' crypto limit on this machine: %d cores × %,.0f verifies/s ÷ %d peers verifying every"
                        + " transaction = %,.0f tx/s (target / it = %.2f)%n",
                cores, verifies, ORGS.size(), allPeers, 5_000 / allPeers);
        out.printf(
                "Ratios: full load / target 5,000 = %.2f; / consensus limit = %.2f; / crypto limit = %.2f;"
                        + " / all peers' crypto limit = %.2f; p99 at %,d tx/s / 200 ms = %.2f%n",
                fullRate / 5_000,
                fullRate / (rawEntries * perBlock),
                fullRate / verifies,
                fullRate / allPeers,
                settings.rate(),
                paced.percentileMicros(99) / 1000 / 200);
    }

    /** Printed first: what the offered rate cost, so whether it fits in the machine's cores can be read. */
    private void reportPaced(CpuAccount.Spent cpu, long blocks) {
        int count = settings.rate() * settings.seconds();
        double perTx = cpu.totalNanos() / 1e3 / count;
        out.printf(
                "At %,d tx/s offered: %.0f tx per block, %,.0f µs CPU per committed tx (%s) = %.2f cores at that rate%n",
                settings.rate(),
                count / (double) Math.max(1, blocks),
                perTx,
                cpu.shares(List.of("peers", "block-cutting", "raft", "client", "jit", "gc")),
                perTx * settings.rate() / 1e6);
    }

    private void reportCpu(CpuAccount.Spent cpu) {
        double perTx = cpu.totalNanos() / 1e3 / settings.transactions();
        double verifyPerTx = ORGS.size() * verifyCpuMicros;
        int cores = Runtime.getRuntime().availableProcessors();
        out.printf(
                "CPU at full load: %,.0f µs per committed tx (all threads of the process; %s)%n",
                perTx,
                cpu.shares(List.of("peers", "block-cutting", "raft", "client", "jit", "gc", "rocksdb-background")));
        out.printf(
                "Ed25519 verification alone: %d peers × %,.0f µs CPU per verify = %,.0f µs per tx: crypto share of"
                        + " the CPU per tx %.2f%n",
                ORGS.size(), verifyCpuMicros, verifyPerTx, verifyPerTx / perTx);
        out.printf(
                "CPU capacity: %d cores ÷ %,.0f µs per tx = %,.0f tx/s with the machine to itself; all peers' crypto"
                        + " limit by CPU time: %,.0f tx/s%n",
                cores, perTx, cores * 1e6 / perTx, cores * 1e6 / verifyPerTx);
    }

    private void close() {
        orderers.forEach(RaftOrderer::close);
        orderers.clear();
        peers.forEach(Peer::close);
        peers.clear();
    }
}
