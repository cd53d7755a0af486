package io.trustlake.ledger.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustlake.common.crypto.Ed25519;
import io.trustlake.ledger.KeyValueContract;
import io.trustlake.ledger.core.Submitter;
import io.trustlake.ledger.core.Transaction;
import io.trustlake.ledger.core.TxReceipt;
import io.trustlake.ledger.gateway.Submission;
import io.trustlake.ledger.store.Head;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Three Raft peers in one JVM: identical blocks, independent validation, catch-up after compaction. */
@Timeout(90)
class RaftOrdererIT {
    private static final Submitter ALICE = patientAt("org-a");

    private static Submitter patientAt(String org) {
        return new Submitter(org + ":alice", org, "PATIENT", "", List.of());
    }

    @TempDir
    Path dir;

    private static Object put(String key, String value) {
        return new KeyValueContract.Put(key, value);
    }

    @Test
    void everyPeerBuildsTheSameChainFromSubmissionsAtAnyNode() throws Exception {
        try (RaftCluster cluster = new RaftCluster(dir, 10_000).startAll()) {
            for (int i = 0; i < 30; i++) {
                String org = RaftCluster.ORGS.get(i % 3);
                Submission result = cluster.node(org).gateway().submit("kv.put", put("k" + i, "v" + i), patientAt(org));
                assertThat(result).isInstanceOf(Submission.Committed.class);
            }
            awaitSameHead(cluster, RaftCluster.ORGS);
            for (String org : RaftCluster.ORGS) {
                assertThat(cluster.node(org).peer().state().get("kv/k29"))
                        .hasValueSatisfying(v -> assertThat(new String(v, StandardCharsets.UTF_8))
                                .isEqualTo("v29"));
            }
        }
    }

    @Test
    void forgedTransactionIsRecordedInvalidByEveryPeer() throws Exception {
        try (RaftCluster cluster = new RaftCluster(dir, 10_000).startAll()) {
            Transaction forged = Transaction.sign(
                    "kv.put",
                    "{\"key\":\"x\",\"value\":\"forged\"}",
                    ALICE,
                    cluster.clock.instant(),
                    "forged-1",
                    Ed25519.generate());
            cluster.node("org-b").orderer().submit(forged);
            for (String org : RaftCluster.ORGS) {
                TxReceipt receipt = awaitReceipt(cluster, org, forged.id());
                assertThat(receipt.valid()).isFalse();
                assertThat(receipt.code()).isEqualTo("BAD_SIGNATURE");
                assertThat(cluster.node(org).peer().state().get("kv/x")).isEmpty();
            }
        }
    }

    @Test
    void stoppedPeerCatchesUpFromSnapshotAfterTheLogWasCompacted() throws Exception {
        try (RaftCluster cluster = new RaftCluster(dir, 8).startAll()) {
            cluster.node("org-a").gateway().submit("kv.put", put("before", "1"), ALICE);
            awaitSameHead(cluster, RaftCluster.ORGS);
            cluster.stop("org-c");
            for (int i = 0; i < 60; i++) {
                String org = i % 2 == 0 ? "org-a" : "org-b";
                assertThat(cluster.node(org).gateway().submit("kv.put", put("while-down-" + i, "v"), patientAt(org)))
                        .isInstanceOf(Submission.Committed.class);
            }
            assertThat(snapshots(dir.resolve("org-a"))).isNotEmpty();
            cluster.start("org-c");
            awaitSameHead(cluster, RaftCluster.ORGS);
            assertThat(cluster.node("org-c").peer().state().get("kv/while-down-59"))
                    .isPresent();
            assertThat(cluster.node("org-c").orderer().snapshotsInstalled()).isPositive();
            assertThat(cluster.node("org-c").gateway().submit("kv.put", put("after", "1"), patientAt("org-c")))
                    .isInstanceOf(Submission.Committed.class);
            awaitSameHead(cluster, RaftCluster.ORGS);
        }
    }

    @Test
    void nodeWhoseRaftPeerIsDownStillCommitsThroughTheOthers() throws Exception {
        try (RaftCluster cluster = new RaftCluster(dir, 10_000).startAll()) {
            cluster.node("org-a").gateway().submit("kv.put", put("before", "1"), patientAt("org-a"));
            awaitSameHead(cluster, RaftCluster.ORGS);
            cluster.node("org-c").orderer().stopRaftPeerForTesting();

            Submission result =
                    cluster.node("org-c").gateway().submit("kv.put", put("c-down", "1"), patientAt("org-c"));

            assertThat(result).isInstanceOf(Submission.Committed.class);
            assertThat(cluster.node("org-c").peer().state().get("kv/c-down")).isPresent();
            // org-c has the block as soon as its submission returns; org-a's own peer applies it
            // on its delivery thread, possibly a moment later.
            awaitSameHead(cluster, List.of("org-a", "org-c"));
        }
    }

    private static List<Path> snapshots(Path orgDir) throws java.io.IOException {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(orgDir)) {
            walk.filter(p -> p.getFileName().toString().startsWith("snapshot.")).forEach(found::add);
        }
        return found;
    }

    private static TxReceipt awaitReceipt(RaftCluster cluster, String org, String txId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            var receipt = cluster.node(org).peer().receipt(txId);
            if (receipt.isPresent()) {
                return receipt.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError(org + " never recorded " + txId);
    }

    static void awaitSameHead(RaftCluster cluster, List<String> orgs) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            List<Head> heads =
                    orgs.stream().map(o -> cluster.node(o).peer().head()).toList();
            long maxOrdered = orgs.stream()
                    .mapToLong(o -> cluster.node(o).orderer().height())
                    .max()
                    .orElseThrow();
            if (heads.stream().distinct().count() == 1 && heads.get(0).height() == maxOrdered) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("heads differ: "
                + orgs.stream()
                        .map(o -> o + "=" + cluster.node(o).peer().head().height())
                        .toList());
    }
}
