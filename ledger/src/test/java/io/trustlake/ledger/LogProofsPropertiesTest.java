package io.trustlake.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustlake.ledger.core.LogTree;
import io.trustlake.ledger.core.LogVerifier;
import io.trustlake.ledger.core.MerkleLog;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class LogProofsPropertiesTest {
    /** A log of {@code size} distinct entries with every perfect subtree kept, as the store keeps them. */
    private record Fixture(LogTree tree, List<byte[]> leaves) {
        static Fixture of(int size) {
            Map<String, byte[]> subtrees = new HashMap<>();
            MerkleLog log = MerkleLog.empty();
            List<byte[]> leaves = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                byte[] leaf = MerkleLog.leafHash(("entry-" + i).getBytes(StandardCharsets.UTF_8));
                leaves.add(leaf);
                log.appendLeafHash(leaf, (level, index, hash) -> subtrees.put(level + "/" + index, hash));
            }
            return new Fixture(new LogTree((level, index) -> subtrees.get(level + "/" + index), size), leaves);
        }

        byte[] root(long size) {
            return tree.root(size);
        }
    }

    @Property(tries = 300)
    void headAtEverySizeEqualsTheRfcDefinition(
            @ForAll @IntRange(min = 0, max = 200) int size, @ForAll @IntRange(min = 0, max = 200) int prefix) {
        Assume.that(prefix <= size);
        Fixture log = Fixture.of(size);
        assertThat(log.root(prefix)).isEqualTo(MerkleLog.rootOf(log.leaves().subList(0, prefix)));
    }

    @Property(tries = 500)
    void inclusionProofsVerify(
            @ForAll @IntRange(min = 1, max = 300) int logSize,
            @ForAll @IntRange(min = 0, max = 299) int index,
            @ForAll @IntRange(min = 1, max = 300) int treeSize) {
        Assume.that(index < treeSize && treeSize <= logSize);
        Fixture log = Fixture.of(logSize);
        List<byte[]> proof = log.tree().inclusionProof(index, treeSize);
        assertThat(LogVerifier.inclusionValid(index, treeSize, log.leaves().get(index), proof, log.root(treeSize)))
                .isTrue();
    }

    /**
     * A proof binds the leaf to a (size, root) pair, which clients take together from a signed
     * checkpoint: so an altered size is checked against the genuine root of that size. (The same
     * hashes can fold to the same root under a neighbouring size, which is why a size alone, without
     * its root, proves nothing.)
     */
    @Property(tries = 500)
    void inclusionProofsFailForAnyAlteredHashIndexOrSize(
            @ForAll @IntRange(min = 2, max = 200) int treeSize,
            @ForAll @IntRange(min = 0, max = 199) int index,
            @ForAll @IntRange(min = 0, max = 199) int other,
            @ForAll @IntRange(min = 0, max = 63) int position,
            @ForAll @IntRange(min = 1, max = 255) int flip) {
        Assume.that(index < treeSize && other < 300 && other != index);
        Fixture log = Fixture.of(300);
        byte[] root = log.root(treeSize);
        byte[] leaf = log.leaves().get(index);
        List<byte[]> proof = log.tree().inclusionProof(index, treeSize);
        int element = position % proof.size();
        List<byte[]> alteredProof = altered(proof, element, position, flip);
        byte[] alteredLeaf = leaf.clone();
        alteredLeaf[position % 32] ^= (byte) flip;
        byte[] alteredRoot = root.clone();
        alteredRoot[position % 32] ^= (byte) flip;

        assertThat(LogVerifier.inclusionValid(index, treeSize, leaf, alteredProof, root))
                .isFalse();
        assertThat(LogVerifier.inclusionValid(index, treeSize, alteredLeaf, proof, root))
                .isFalse();
        assertThat(LogVerifier.inclusionValid(index, treeSize, leaf, proof, alteredRoot))
                .isFalse();
        assertThat(LogVerifier.inclusionValid(other, treeSize, leaf, proof, root))
                .isFalse();
        long otherSize = other + 1 == treeSize ? treeSize + 1 : other + 1;
        assertThat(LogVerifier.inclusionValid(index, otherSize, leaf, proof, log.root(otherSize)))
                .isFalse();
        assertThat(LogVerifier.inclusionValid(index, treeSize, leaf, proof.subList(0, proof.size() - 1), root))
                .isFalse();
    }

    @Property(tries = 500)
    void consistencyProofsVerify(
            @ForAll @IntRange(min = 1, max = 300) int from, @ForAll @IntRange(min = 1, max = 300) int to) {
        Assume.that(from <= to);
        Fixture log = Fixture.of(to);
        List<byte[]> proof = log.tree().consistencyProof(from, to);
        assertThat(LogVerifier.consistencyValid(from, to, log.root(from), log.root(to), proof))
                .isTrue();
    }

    @Property(tries = 500)
    void consistencyProofsFailForAnyAlteredHashOrSize(
            @ForAll @IntRange(min = 1, max = 200) int from,
            @ForAll @IntRange(min = 2, max = 200) int to,
            @ForAll @IntRange(min = 1, max = 200) int otherSize,
            @ForAll @IntRange(min = 0, max = 63) int position,
            @ForAll @IntRange(min = 1, max = 255) int flip) {
        Assume.that(from < to);
        Fixture log = Fixture.of(300);
        byte[] fromRoot = log.root(from);
        byte[] toRoot = log.root(to);
        List<byte[]> proof = log.tree().consistencyProof(from, to);
        List<byte[]> alteredProof = altered(proof, position % proof.size(), position, flip);
        byte[] alteredFrom = fromRoot.clone();
        alteredFrom[position % 32] ^= (byte) flip;
        byte[] alteredTo = toRoot.clone();
        alteredTo[position % 32] ^= (byte) flip;

        assertThat(LogVerifier.consistencyValid(from, to, fromRoot, toRoot, alteredProof))
                .isFalse();
        assertThat(LogVerifier.consistencyValid(from, to, alteredFrom, toRoot, proof))
                .isFalse();
        assertThat(LogVerifier.consistencyValid(from, to, fromRoot, alteredTo, proof))
                .isFalse();
        if (otherSize != from) {
            assertThat(LogVerifier.consistencyValid(otherSize, to, log.root(otherSize), toRoot, proof))
                    .isFalse();
        }
        if (otherSize != to) {
            assertThat(LogVerifier.consistencyValid(from, otherSize, fromRoot, log.root(otherSize), proof))
                    .isFalse();
        }
    }

    @Test
    void consistencyFromAnEqualSizeIsEmptyAndChecksTheRoots() {
        Fixture log = Fixture.of(7);
        assertThat(log.tree().consistencyProof(7, 7)).isEmpty();
        assertThat(LogVerifier.consistencyValid(7, 7, log.root(7), log.root(7), List.of()))
                .isTrue();
        assertThat(LogVerifier.consistencyValid(7, 7, log.root(6), log.root(7), List.of()))
                .isFalse();
    }

    @Test
    void questionsBeyondTheLogAreRefused() {
        Fixture log = Fixture.of(5);
        assertThatThrownBy(() -> log.tree().inclusionProof(5, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> log.tree().inclusionProof(0, 6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> log.tree().consistencyProof(0, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> log.tree().consistencyProof(3, 6)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<byte[]> altered(List<byte[]> proof, int element, int position, int flip) {
        List<byte[]> copy = new ArrayList<>(proof);
        byte[] changed = copy.get(element).clone();
        changed[position % 32] ^= (byte) flip;
        copy.set(element, changed);
        return copy;
    }
}
