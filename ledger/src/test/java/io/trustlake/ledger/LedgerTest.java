package io.trustlake.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustlake.common.crypto.Ed25519;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.ledger.core.ChainVerifier;
import io.trustlake.ledger.core.Submitter;
import io.trustlake.ledger.core.Transaction;
import io.trustlake.ledger.core.TxReceipt;
import io.trustlake.ledger.gateway.Submission;
import io.trustlake.ledger.store.LedgerStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class LedgerTest {
    @TempDir
    Path dir;

    @Test
    void committedTransactionChangesStateAndReportsItsPosition() {
        try (LedgerFixture ledger = LedgerFixture.start(dir)) {
            Submission submission =
                    ledger.gateway.submit("kv.put", Map.of("key", "a", "value", "1"), LedgerFixture.ALICE);
            assertThat(submission).isInstanceOf(Submission.Committed.class);
            TxReceipt receipt = ((Submission.Committed) submission).receipt();
            assertThat(receipt.logIndex()).isEqualTo(1);
            assertThat(receipt.blockNumber()).isEqualTo(1);
            assertThat(ledger.gateway.state().get("kv/a"))
                    .hasValueSatisfying(v ->
                            assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("1"));
        }
    }

    @Test
    void indexesAreUpToDateBeforeTheBlockIsAnnounced() throws InterruptedException {
        try (LedgerFixture ledger = LedgerFixture.start(dir)) {
            List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.concurrent.CountDownLatch listened = new java.util.concurrent.CountDownLatch(1);
            ledger.peer.addListener((tx, receipt) -> {
                if (tx.payload().contains("\"b\"")) {
                    order.add("listener saw height " + ledger.peer.height());
                    listened.countDown();
                }
            });
            ledger.peer.addIndex((tx, receipt) -> {
                if (tx.payload().contains("\"b\"")) {
                    order.add("index saw height " + ledger.peer.height());
                }
            });
            Submission submission =
                    ledger.gateway.submit("kv.put", Map.of("key", "b", "value", "2"), LedgerFixture.ALICE);
            assertThat(submission).isInstanceOf(Submission.Committed.class);
            long before = ((Submission.Committed) submission).receipt().blockNumber();
            // The gateway's own listener acknowledged the submit; ours runs after it.
            assertThat(listened.await(10, TimeUnit.SECONDS)).isTrue();
            // The index runs while the block is not yet visible as the head; listeners after.
            assertThat(order).containsExactly("index saw height " + before, "listener saw height " + (before + 1));
        }
    }

    @Test
    void contractRefusalBeforeOrderingWritesNothing() {
        try (LedgerFixture ledger = LedgerFixture.start(dir)) {
            long height = ledger.peer.height();
            Submission submission =
                    ledger.gateway.submit("kv.put", Map.of("key", "", "value", "1"), LedgerFixture.ALICE);
            assertThat(submission).isInstanceOfSatisfying(Submission.Refused.class, r -> assertThat(r.code())
                    .isEqualTo("EMPTY_KEY"));
            assertThat(ledger.peer.height()).isEqualTo(height);
        }
    }

    @Test
    void forgedTransactionIsRecordedAsInvalidNotDropped() throws Exception {
        try (LedgerFixture ledger = LedgerFixture.start(dir)) {
            Transaction forged = Transaction.sign(
                    "kv.put",
                    "{\"key\":\"x\",\"value\":\"evil\"}",
                    LedgerFixture.ALICE,
                    Instant.now(),
                    "n1",
                    Ed25519.generate());
            CompletableFuture<TxReceipt> seen = new CompletableFuture<>();
            ledger.peer.addListener((tx, receipt) -> {
                if (tx.id().equals(forged.id())) {
                    seen.complete(receipt);
                }
            });
            ledger.orderer.submit(forged);
            TxReceipt receipt = seen.get(10, TimeUnit.SECONDS);
            assertThat(receipt.valid()).isFalse();
            assertThat(receipt.code()).isEqualTo("BAD_SIGNATURE");
            assertThat(ledger.peer.receipt(forged.id())).contains(receipt);
            assertThat(ledger.gateway.state().get("kv/x")).isEmpty();
        }
    }

    @Test
    void replayedTransactionIsInvalidTheSecondTime() throws Exception {
        try (LedgerFixture ledger = LedgerFixture.start(dir)) {
            Transaction tx = Transaction.sign(
                    "kv.put",
                    "{\"key\":\"r\",\"value\":\"1\"}",
                    LedgerFixture.ALICE,
                    Instant.now(),
                    "n2",
                    LedgerFixture.ORG_KEY);
            CompletableFuture<TxReceipt> second = new CompletableFuture<>();
            ledger.peer.addListener((t, receipt) -> {
                if (!receipt.valid() && t.id().equals(tx.id())) {
                    second.complete(receipt);
                }
            });
            ledger.orderer.submit(tx);
            ledger.orderer.submit(tx);
            TxReceipt duplicate = second.get(10, TimeUnit.SECONDS);
            assertThat(duplicate.code()).isEqualTo("DUPLICATE");

            TxReceipt first = ledger.peer.receipt(tx.id()).orElseThrow();
            assertThat(first.valid())
                    .as("the first appearance keeps its receipt")
                    .isTrue();
            assertThat(first.logIndex()).isLessThan(duplicate.logIndex());
            LedgerStore store = ledger.peer.store();
            assertThat(store.receiptAt(first.logIndex())).contains(first);
            assertThat(store.receiptAt(duplicate.logIndex())).contains(duplicate);
            io.trustlake.ledger.core.LedgerVerifier.Report report = new io.trustlake.ledger.core.LedgerVerifier(
                            io.trustlake.ledger.core.PeerConfig.of(
                                    dir.resolve("unused"),
                                    io.trustlake.ledger.contract.Contracts.of(List.of(new KeyValueContract())),
                                    LedgerFixture.keys()))
                    .verify(store);
            assertThat(report.problem())
                    .as("an honest ledger with a replayed transaction verifies")
                    .isEmpty();
        }
    }

    @Test
    void refusingOrdererMakesSubmissionFailAsUnavailable() {
        try (LedgerFixture ledger = LedgerFixture.start(dir)) {
            ledger.orderer.setAccepting(false);
            assertThatThrownBy(() ->
                            ledger.gateway.submit("kv.put", Map.of("key", "a", "value", "1"), LedgerFixture.ALICE))
                    .isInstanceOfSatisfying(TrustlakeException.class, e -> assertThat(e.code())
                            .isEqualTo(ErrorCode.LEDGER_UNAVAILABLE));
        }
    }

    @Test
    void restartedPeerKeepsItsStateAndCatchesUp() {
        try (LedgerFixture ledger = LedgerFixture.start(dir)) {
            ledger.gateway.submit("kv.put", Map.of("key", "k1", "value", "1"), LedgerFixture.ALICE);
        }
        try (LedgerFixture ledger = LedgerFixture.start(dir)) {
            assertThat(ledger.gateway.state().get("kv/k1")).isPresent();
            ledger.gateway.submit("kv.put", Map.of("key", "k2", "value", "2"), LedgerFixture.ALICE);
            assertThat(ledger.peer.height()).isEqualTo(3);
            assertThat(ChainVerifier.verify(ledger.peer.store()).intact()).isTrue();
        }
    }

    @Test
    void tamperedStoredBlockIsDetectedAndNamed() {
        try (LedgerFixture ledger = LedgerFixture.start(dir)) {
            for (int i = 0; i < 3; i++) {
                ledger.gateway.submit("kv.put", Map.of("key", "k" + i, "value", "v" + i), LedgerFixture.ALICE);
            }
            LedgerStore store = ledger.peer.store();
            byte[] block2 = store.rawBlock(2).orElseThrow();
            String text = new String(block2, StandardCharsets.UTF_8).replace("v1", "v9");
            store.overwriteRawForTesting(LedgerStore.blockKey(2), text.getBytes(StandardCharsets.UTF_8));
            ChainVerifier.Report report = ChainVerifier.verify(store);
            assertThat(report.intact()).isFalse();
            assertThat(report.firstBadBlock()).contains(2L);
        }
    }

    @Test
    void submitterIsPartOfTheSignedContent() {
        Transaction tx =
                Transaction.sign("kv.put", "{}", LedgerFixture.ALICE, Instant.now(), "n", LedgerFixture.ORG_KEY);
        Transaction impersonating = new Transaction(
                tx.type(),
                tx.payload(),
                new Submitter("org-a:mallory", "org-a", "PATIENT", "", List.of()),
                tx.timestamp(),
                tx.nonce(),
                tx.signature());
        assertThat(tx.signatureValidFor(LedgerFixture.ORG_KEY.publicKey())).isTrue();
        assertThat(impersonating.signatureValidFor(LedgerFixture.ORG_KEY.publicKey()))
                .isFalse();
    }
}
