package io.trustlake.ledger.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustlake.common.crypto.Ed25519;
import io.trustlake.common.encoding.Json;
import io.trustlake.ledger.core.Block;
import io.trustlake.ledger.core.Submitter;
import io.trustlake.ledger.core.Transaction;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class BlockLogTest {
    private static final Ed25519.KeyPair KEY = Ed25519.generate();
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    @TempDir
    Path dir;

    private static List<Transaction> transactions(String prefix, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> Transaction.sign(
                        "kv.put",
                        "{\"key\":\"" + prefix + i + "\"}",
                        Submitter.node("org-a"),
                        T0.plusSeconds(i),
                        prefix + "-" + i,
                        KEY))
                .toList();
    }

    @Test
    void blocksServedFromMemoryAreTheStoredBlocks() {
        List<Block> served = new ArrayList<>();
        try (BlockLog log = BlockLog.open(dir, transactions("genesis", 1))) {
            for (int n = 1; n <= 5; n++) {
                log.append(new Batch(T0.plusSeconds(60L * n), transactions("b" + n, n)), 10L + n);
            }
            for (long n = 0; n < log.height(); n++) {
                served.add(log.block(n).orElseThrow());
            }
        }
        try (BlockLog reopened = BlockLog.open(dir, transactions("genesis", 1))) {
            assertThat(reopened.height()).isEqualTo(6);
            assertThat(reopened.appliedIndex()).isEqualTo(15);
            for (Block block : served) {
                Block stored = reopened.block(block.number()).orElseThrow();
                assertThat(stored).isEqualTo(block);
                assertThat(Json.encode(stored)).isEqualTo(Json.encode(block));
                assertThat(stored.header().hash()).isEqualTo(block.header().hash());
            }
        }
    }

    @Test
    void anEntryStoredBeforeIsNotCutAgain() {
        try (BlockLog log = BlockLog.open(dir, transactions("genesis", 1))) {
            assertThat(log.append(new Batch(T0, transactions("a", 2)), 7)).isPresent();
            assertThat(log.append(new Batch(T0, transactions("a", 2)), 7)).isEmpty();
            assertThat(log.height()).isEqualTo(2);
        }
    }

    @Test
    void aClosedLogServesNoBlock() {
        BlockLog log = BlockLog.open(dir, transactions("genesis", 1));
        log.append(new Batch(T0, transactions("a", 2)), 1);
        log.close();

        assertThat(log.block(1)).isEmpty();
    }
}
