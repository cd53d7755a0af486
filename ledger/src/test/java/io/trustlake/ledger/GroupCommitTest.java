package io.trustlake.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.ledger.contract.Contracts;
import io.trustlake.ledger.core.Block;
import io.trustlake.ledger.core.BlockHeader;
import io.trustlake.ledger.core.LedgerVerifier;
import io.trustlake.ledger.core.Peer;
import io.trustlake.ledger.core.PeerConfig;
import io.trustlake.ledger.core.Transaction;
import io.trustlake.ledger.store.LedgerStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A peer given several blocks at once commits exactly what it commits given them one by one. */
@Timeout(60)
class GroupCommitTest {
    @TempDir
    Path dir;

    private static Peer freshPeer(Path directory) {
        return Peer.open(PeerConfig.of(directory, Contracts.of(List.of(new KeyValueContract())), LedgerFixture.keys()));
    }

    /** Blocks committed one by one by a solo ledger; with {@code repeat}, a transaction submitted twice. */
    private List<Block> blocksOneByOne(boolean repeat) throws InterruptedException {
        try (LedgerFixture ledger = LedgerFixture.start(dir.resolve("one-by-one"))) {
            for (int i = 0; i < 5; i++) {
                ledger.gateway.submit("kv.put", Map.of("key", "k" + i, "value", "v" + i), LedgerFixture.ALICE);
            }
            if (repeat) {
                Transaction again = ledger.peer
                        .store()
                        .block(2)
                        .orElseThrow()
                        .transactions()
                        .get(0);
                long height = ledger.peer.height();
                ledger.orderer.submit(again);
                assertThat(ledger.peer.awaitHeight(height + 1, Duration.ofSeconds(30)))
                        .isTrue();
            }
            List<Block> blocks = new ArrayList<>();
            for (long n = 0; n < ledger.peer.height(); n++) {
                blocks.add(ledger.peer.store().block(n).orElseThrow());
            }
            return blocks;
        }
    }

    @Test
    void blocksCommittedTogetherLeaveTheSameLedgerAsOneByOne() throws InterruptedException {
        List<Block> blocks = blocksOneByOne(false);

        try (Peer together = freshPeer(dir.resolve("together"));
                LedgerStore oneByOne =
                        LedgerStore.open(dir.resolve("one-by-one").resolve("peer"))) {
            together.commit(blocks);

            assertThat(together.head()).isEqualTo(oneByOne.head());
            for (Block block : blocks) {
                for (Transaction tx : block.transactions()) {
                    assertThat(together.receipt(tx.id())).isEqualTo(oneByOne.receipt(tx.id()));
                }
            }
            assertThat(together.store().scan("")).containsExactlyEntriesOf(oneByOne.scan(""));
            long size = oneByOne.head().logSize();
            assertThat(together.store().logTree().root(size))
                    .isEqualTo(oneByOne.logTree().root(size));
        }
        for (String ledger : List.of("one-by-one/peer", "together")) {
            try (LedgerStore store = LedgerStore.open(dir.resolve(ledger))) {
                LedgerVerifier.Report report = new LedgerVerifier(PeerConfig.of(
                                dir.resolve("unused"),
                                Contracts.of(List.of(new KeyValueContract())),
                                LedgerFixture.keys()))
                        .verify(store);
                assertThat(report.problem()).as(ledger).isEqualTo("");
            }
        }
    }

    @Test
    void aTransactionRepeatedInALaterBlockOfTheSameGroupIsJudgedAsOneByOne() throws InterruptedException {
        List<Block> blocks = blocksOneByOne(true);
        Transaction repeated = blocks.get(blocks.size() - 1).transactions().get(0);
        assertThat(blocks.get(2).transactions()).contains(repeated);

        try (Peer together = freshPeer(dir.resolve("together"));
                LedgerStore oneByOne =
                        LedgerStore.open(dir.resolve("one-by-one").resolve("peer"))) {
            together.commit(blocks);

            assertThat(together.receipt(repeated.id())).isPresent().isEqualTo(oneByOne.receipt(repeated.id()));
            long position = blocks.get(blocks.size() - 1).header().firstIndex();
            assertThat(together.store().txIdAt(position)).isEqualTo(oneByOne.txIdAt(position));
        }
    }

    @Test
    void aRefusedBlockLeavesTheBlocksBeforeItCommitted() throws InterruptedException {
        List<Block> blocks = new ArrayList<>(blocksOneByOne(false));
        Block third = blocks.get(3);
        BlockHeader header = third.header();
        blocks.set(
                3,
                new Block(
                        new BlockHeader(
                                header.number(),
                                BlockHeader.NO_PREVIOUS,
                                header.dataHash(),
                                header.firstIndex(),
                                header.logSize(),
                                header.logRoot(),
                                header.timestamp()),
                        third.transactions()));

        try (Peer together = freshPeer(dir.resolve("together"))) {
            assertThatThrownBy(() -> together.commit(blocks))
                    .isInstanceOf(TrustlakeException.class)
                    .satisfies(
                            e -> assertThat(((TrustlakeException) e).code()).isEqualTo(ErrorCode.TAMPERING_DETECTED));

            assertThat(together.height()).isEqualTo(3);
            assertThat(together.head().hash()).isEqualTo(blocks.get(2).header().hash());
        }
    }
}
