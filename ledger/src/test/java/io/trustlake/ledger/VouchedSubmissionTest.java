package io.trustlake.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustlake.common.encoding.Json;
import io.trustlake.ledger.contract.StateView;
import io.trustlake.ledger.contract.SubmitterKeys;
import io.trustlake.ledger.core.Block;
import io.trustlake.ledger.core.Submitter;
import io.trustlake.ledger.core.Transaction;
import io.trustlake.ledger.core.TxReceipt;
import io.trustlake.ledger.gateway.Submission;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node signing for another organisation's user (whose own node is down): only with the user's
 * proof, which every peer checks through {@link SubmitterKeys#vouches}.
 */
@Timeout(60)
class VouchedSubmissionTest {
    private static final Submitter BOB = new Submitter("org-b:bob", "org-b", "PATIENT", "pat-1", List.of());
    private static final String GOOD_PROOF = "proof-for-bob";

    /** org-a's node key as in the fixture; a proof vouches when it is Bob's and says so. */
    private static final SubmitterKeys KEYS = new SubmitterKeys() {
        @Override
        public Optional<byte[]> nodeKey(Transaction transaction, StateView state) {
            return LedgerFixture.keys().nodeKey(transaction, state);
        }

        @Override
        public boolean vouches(Transaction transaction, StateView state) {
            return GOOD_PROOF.equals(transaction.proof())
                    && transaction.submitter().equals(BOB);
        }
    };

    @TempDir
    Path dir;

    @Test
    void withoutAProofAnotherOrganisationsUserIsRefusedBeforeOrdering() {
        try (LedgerFixture ledger = LedgerFixture.start(dir, KEYS)) {
            long height = ledger.peer.height();
            Submission submission = ledger.gateway.submit("kv.put", Map.of("key", "a", "value", "1"), BOB);
            assertThat(submission).isInstanceOfSatisfying(Submission.Refused.class, refused -> {
                assertThat(refused.code()).isEqualTo("UNVOUCHED_SUBMITTER");
                assertThat(refused.receipt()).isEmpty();
            });
            assertThat(ledger.peer.height()).isEqualTo(height);
            assertThat(ledger.gateway.state().get("kv/a")).isEmpty();
        }
    }

    @Test
    void withTheUsersProofThePeerCommitsAndTheEntryNamesTheSigningNode() {
        try (LedgerFixture ledger = LedgerFixture.start(dir, KEYS)) {
            Submission submission =
                    ledger.gateway.submit("kv.put", Map.of("key", "a", "value", "1"), BOB, Optional.of(GOOD_PROOF));
            assertThat(submission).isInstanceOf(Submission.Committed.class);
            TxReceipt receipt = ((Submission.Committed) submission).receipt();
            Block block = ledger.peer.store().block(receipt.blockNumber()).orElseThrow();
            Transaction stored = block.transactions().get(receipt.indexInBlock());
            assertThat(stored.submitter()).isEqualTo(BOB);
            assertThat(stored.signer()).isEqualTo("org-a");
            assertThat(stored.proof()).isEqualTo(GOOD_PROOF);
            assertThat(stored.signingOrganisation()).isEqualTo("org-a");
            assertThat(ledger.gateway.state().get("kv/a")).isPresent();
        }
    }

    @Test
    void aWrongProofThatReachesABlockIsRecordedInvalidAndChangesNothing() throws Exception {
        try (LedgerFixture ledger = LedgerFixture.start(dir, KEYS)) {
            Transaction forged = Transaction.sign(
                    "kv.put",
                    "{\"key\":\"a\",\"value\":\"1\"}",
                    BOB,
                    Instant.now(),
                    "n1",
                    Optional.of(new Transaction.Vouching("org-a", "someone-elses-proof")),
                    LedgerFixture.ORG_KEY);
            TxReceipt receipt = ordered(ledger, forged);
            assertThat(receipt.valid()).isFalse();
            assertThat(receipt.code()).isEqualTo("UNVOUCHED_SUBMITTER");
            assertThat(ledger.gateway.state().get("kv/a")).isEmpty();
        }
    }

    @Test
    void aNodeNeverSignsForAnotherOrganisationsNodeEvenWithAProof() throws Exception {
        try (LedgerFixture ledger = LedgerFixture.start(dir, KEYS)) {
            Transaction asNode = Transaction.sign(
                    "kv.put",
                    "{\"key\":\"a\",\"value\":\"1\"}",
                    Submitter.node("org-b"),
                    Instant.now(),
                    "n2",
                    Optional.of(new Transaction.Vouching("org-a", GOOD_PROOF)),
                    LedgerFixture.ORG_KEY);
            assertThat(ordered(ledger, asNode).code()).isEqualTo("UNVOUCHED_SUBMITTER");
        }
    }

    @Test
    void theSignatureCoversSignerAndProof() {
        Transaction tx = Transaction.sign(
                "kv.put",
                "{}",
                BOB,
                Instant.now(),
                "n",
                Optional.of(new Transaction.Vouching("org-a", GOOD_PROOF)),
                LedgerFixture.ORG_KEY);
        assertThat(tx.signatureValidFor(LedgerFixture.ORG_KEY.publicKey())).isTrue();
        Transaction otherProof = new Transaction(
                tx.type(), tx.payload(), BOB, tx.timestamp(), tx.nonce(), "org-a", "another-proof", tx.signature());
        Transaction otherSigner = new Transaction(
                tx.type(), tx.payload(), BOB, tx.timestamp(), tx.nonce(), "org-c", GOOD_PROOF, tx.signature());
        assertThat(otherProof.signatureValidFor(LedgerFixture.ORG_KEY.publicKey()))
                .isFalse();
        assertThat(otherSigner.signatureValidFor(LedgerFixture.ORG_KEY.publicKey()))
                .isFalse();
        assertThat(Json.decode(tx.entryBytes(), Transaction.class)).isEqualTo(tx);
    }

    @Test
    void aTransactionOfTheNodesOwnUserKeepsTheEncodingItAlwaysHad() {
        Transaction tx = Transaction.sign(
                "kv.put", "{}", LedgerFixture.ALICE, Instant.parse("2026-01-01T00:00:00Z"), "n", LedgerFixture.ORG_KEY);
        String entry = new String(tx.entryBytes(), StandardCharsets.UTF_8);
        assertThat(entry).doesNotContain("signer").doesNotContain("proof");
        assertThat(entry)
                .startsWith("{\"nonce\":\"n\",\"payload\":\"{}\",\"signature\":")
                .endsWith(
                        ",\"submitter\":{\"departments\":[],\"organisation\":\"org-a\",\"patientId\":\"\",\"role\":"
                                + "\"PATIENT\",\"userId\":\"org-a:alice\"},\"timestamp\":\"2026-01-01T00:00:00Z\",\"type\":\"kv.put\"}");
        assertThat(Json.decode(tx.entryBytes(), Transaction.class)).isEqualTo(tx);
        assertThat(tx.signingOrganisation()).isEqualTo("org-a");
        assertThat(tx.signedForAnotherOrganisation()).isFalse();
    }

    /** Orders a transaction directly (no simulation first) and waits for the peer's receipt. */
    private static TxReceipt ordered(LedgerFixture ledger, Transaction tx) throws Exception {
        CompletableFuture<TxReceipt> receipt = new CompletableFuture<>();
        ledger.peer.addListener((committed, r) -> {
            if (r.txId().equals(tx.id())) {
                receipt.complete(r);
            }
        });
        ledger.orderer.submit(tx);
        return receipt.get(30, TimeUnit.SECONDS);
    }
}
