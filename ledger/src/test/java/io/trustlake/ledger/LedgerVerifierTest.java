package io.trustlake.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustlake.common.crypto.Hex;
import io.trustlake.common.encoding.Json;
import io.trustlake.ledger.contract.Contracts;
import io.trustlake.ledger.core.Block;
import io.trustlake.ledger.core.LedgerVerifier;
import io.trustlake.ledger.core.LogTree;
import io.trustlake.ledger.core.LogVerifier;
import io.trustlake.ledger.core.PeerConfig;
import io.trustlake.ledger.core.Transaction;
import io.trustlake.ledger.core.TxReceipt;
import io.trustlake.ledger.store.LedgerStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class LedgerVerifierTest {
    @TempDir
    Path dir;

    private static LedgerVerifier verifier(Path dir) {
        return new LedgerVerifier(PeerConfig.of(
                dir.resolve("unused"), Contracts.of(List.of(new KeyValueContract())), LedgerFixture.keys()));
    }

    private void writeSome() {
        try (LedgerFixture ledger = LedgerFixture.start(dir)) {
            for (int i = 0; i < 6; i++) {
                ledger.gateway.submit("kv.put", Map.of("key", "k" + i, "value", "v" + i), LedgerFixture.ALICE);
            }
        }
    }

    @Test
    void intactLedgerReplaysToItsStoredState() {
        writeSome();
        try (LedgerStore store = LedgerStore.open(dir.resolve("peer"))) {
            LedgerVerifier.Report report = verifier(dir).verify(store);
            assertThat(report.intact()).as(report.problem()).isTrue();
            assertThat(report.transactions()).isEqualTo(7);
        }
    }

    @Test
    void everyStoredHeadAndProofMatchesTheBlocks() {
        writeSome();
        try (LedgerStore store = LedgerStore.open(dir.resolve("peer"))) {
            LogTree tree = store.logTree();
            for (long n = 0; n < store.head().height(); n++) {
                Block block = store.block(n).orElseThrow();
                long size = block.header().logSize();
                assertThat(Hex.encode(tree.root(size))).isEqualTo(block.header().logRoot());
                for (int i = 0; i < block.transactions().size(); i++) {
                    long index = block.header().firstIndex() + i;
                    byte[] leaf =
                            LogVerifier.leafHash(block.transactions().get(i).entryBytes());
                    assertThat(LogVerifier.inclusionValid(
                                    index,
                                    tree.size(),
                                    leaf,
                                    tree.inclusionProof(index, tree.size()),
                                    tree.root(tree.size())))
                            .isTrue();
                }
            }
        }
    }

    @Test
    void flippedByteInAStoredBlockNamesThatBlock() {
        writeSome();
        try (LedgerStore store = LedgerStore.open(dir.resolve("peer"))) {
            byte[] raw = store.rawBlock(3).orElseThrow();
            String text = new String(raw, StandardCharsets.UTF_8).replace("v2", "v9");
            store.overwriteRawForTesting(LedgerStore.blockKey(3), text.getBytes(StandardCharsets.UTF_8));
            LedgerVerifier.Report report = verifier(dir).verify(store);
            assertThat(report.intact()).isFalse();
            assertThat(report.firstBadBlock()).contains(3L);
        }
    }

    @Test
    void alteredStateValueNamesTheBlockThatWroteIt() {
        writeSome();
        try (LedgerStore store = LedgerStore.open(dir.resolve("peer"))) {
            store.overwriteRawForTesting("s:kv/k4", "forged".getBytes(StandardCharsets.UTF_8));
            LedgerVerifier.Report report = verifier(dir).verify(store);
            assertThat(report.intact()).isFalse();
            assertThat(report.firstBadBlock()).contains(5L);
            assertThat(report.problem()).contains("kv/k4");
        }
    }

    @Test
    void insertedStateKeyIsCaught() {
        writeSome();
        try (LedgerStore store = LedgerStore.open(dir.resolve("peer"))) {
            store.overwriteRawForTesting("s:kv/extra", "x".getBytes(StandardCharsets.UTF_8));
            LedgerVerifier.Report report = verifier(dir).verify(store);
            assertThat(report.intact()).isFalse();
            assertThat(report.problem()).contains("kv/extra");
        }
    }

    @Test
    void receiptThatDisagreesWithTheReplayIsCaught() {
        writeSome();
        try (LedgerStore store = LedgerStore.open(dir.resolve("peer"))) {
            Transaction tx = store.block(2).orElseThrow().transactions().get(0);
            TxReceipt stored = store.receipt(tx.id()).orElseThrow();
            TxReceipt forged = TxReceipt.invalid(
                    stored.txId(), stored.blockNumber(), stored.indexInBlock(), stored.logIndex(), "X", "forged");
            store.overwriteRawForTesting("r:" + tx.id(), Json.encode(forged));
            LedgerVerifier.Report report = verifier(dir).verify(store);
            assertThat(report.intact()).isFalse();
            assertThat(report.firstBadBlock()).contains(2L);
        }
    }
}
