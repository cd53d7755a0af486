package io.trustlake.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustlake.common.crypto.Hashes;
import io.trustlake.common.crypto.Hex;
import io.trustlake.ledger.core.MerkleLog;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class MerkleLogPropertiesTest {
    @Property(tries = 200)
    void compactRootEqualsTheRfc9162Definition(@ForAll @IntRange(min = 0, max = 300) int size) {
        MerkleLog log = MerkleLog.empty();
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            byte[] entry = ("entry-" + i).getBytes(StandardCharsets.UTF_8);
            log.append(entry);
            leaves.add(MerkleLog.leafHash(entry));
        }
        assertThat(log.root()).isEqualTo(MerkleLog.rootOf(leaves));
        assertThat(MerkleLog.fromFrontier(log.frontier(), log.size()).root()).isEqualTo(log.root());
    }

    @Property(tries = 100)
    void changingAnyEntryChangesTheRoot(
            @ForAll @IntRange(min = 1, max = 64) int size, @ForAll @IntRange(min = 0, max = 63) int changed) {
        MerkleLog original = MerkleLog.empty();
        MerkleLog altered = MerkleLog.empty();
        for (int i = 0; i < size; i++) {
            original.append(new byte[] {(byte) i});
            altered.append(new byte[] {(byte) (i == changed % size ? i + 100 : i)});
        }
        assertThat(altered.root()).isNotEqualTo(original.root());
    }

    @Test
    void emptyTreeHeadIsTheHashOfTheEmptyString() {
        assertThat(Hex.encode(MerkleLog.empty().root())).isEqualTo(Hex.encode(Hashes.sha256(new byte[0])));
    }

    @Test
    void leafAndNodeHashesAreDomainSeparated() {
        byte[] a = MerkleLog.leafHash(new byte[] {1});
        assertThat(MerkleLog.nodeHash(a, a)).isNotEqualTo(MerkleLog.leafHash(concat(a, a)));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
