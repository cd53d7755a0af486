package io.trustlake.ledger.core;

import io.trustlake.common.crypto.Hashes;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers RFC 9162 questions about any prefix of the log: the tree head at a size, the inclusion
 * proof of an entry (section 2.1.3.1) and the consistency proof between two sizes (section
 * 2.1.4.1). It reads the hashes of stored perfect subtrees, so every answer costs O(log n) reads.
 * Thread-safe if its source is.
 */
public final class LogTree {
    private final SubtreeSource source;
    private final long size;

    /**
     * @param source the stored perfect subtrees of the log
     * @param size how many entries the log holds; no question may reach beyond it
     */
    public LogTree(SubtreeSource source, long size) {
        this.source = source;
        this.size = size;
    }

    /** The hash of a stored perfect subtree: leaves {@code index << level} up to, not including, {@code (index + 1) << level}. */
    @FunctionalInterface
    public interface SubtreeSource {
        byte[] subtree(int level, long index);
    }

    public long size() {
        return size;
    }

    /** MTH(D[0:treeSize]); SHA-256 of the empty string for an empty tree. */
    public byte[] root(long treeSize) {
        requireSize(treeSize);
        return treeSize == 0 ? Hashes.sha256(new byte[0]) : hash(0, treeSize);
    }

    /** The leaf hash of the entry at {@code index}. */
    public byte[] leafHash(long index) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("index must be below the log size");
        }
        return source.subtree(0, index);
    }

    /** PATH(index, D[0:treeSize]): the sibling hashes from the leaf up to the root, leaf side first. */
    public List<byte[]> inclusionProof(long index, long treeSize) {
        requireSize(treeSize);
        if (index < 0 || index >= treeSize) {
            throw new IllegalArgumentException("index must be below the tree size");
        }
        List<byte[]> proof = new ArrayList<>();
        path(index, 0, treeSize, proof);
        return proof;
    }

    /** PROOF(from, D[0:to]); empty when {@code from == to}. Needs {@code 1 <= from <= to}. */
    public List<byte[]> consistencyProof(long from, long to) {
        requireSize(to);
        if (from < 1 || from > to) {
            throw new IllegalArgumentException("from must be at least 1 and at most to");
        }
        List<byte[]> proof = new ArrayList<>();
        if (from < to) {
            subproof(from, 0, to, true, proof);
        }
        return proof;
    }

    private void path(long index, long start, long count, List<byte[]> proof) {
        if (count == 1) {
            return;
        }
        long split = largestPowerOfTwoBelow(count);
        if (index < split) {
            path(index, start, split, proof);
            proof.add(hash(start + split, start + count));
        } else {
            path(index - split, start + split, count - split, proof);
            proof.add(hash(start, start + split));
        }
    }

    private void subproof(long from, long start, long count, boolean complete, List<byte[]> proof) {
        if (from == count) {
            if (!complete) {
                proof.add(hash(start, start + count));
            }
            return;
        }
        long split = largestPowerOfTwoBelow(count);
        if (from <= split) {
            subproof(from, start, split, complete, proof);
            proof.add(hash(start + split, start + count));
        } else {
            subproof(from - split, start + split, count - split, false, proof);
            proof.add(hash(start, start + split));
        }
    }

    /** MTH(D[start:end]) from the stored perfect subtrees; {@code end > start}. */
    private byte[] hash(long start, long end) {
        long count = end - start;
        if (Long.bitCount(count) == 1 && start % count == 0) {
            return source.subtree(Long.numberOfTrailingZeros(count), start / count);
        }
        long split = largestPowerOfTwoBelow(count);
        return MerkleLog.nodeHash(hash(start, start + split), hash(start + split, end));
    }

    private void requireSize(long treeSize) {
        if (treeSize < 0 || treeSize > size) {
            throw new IllegalArgumentException("tree size must be between 0 and the log size");
        }
    }

    /** The largest power of two strictly below {@code n}, for {@code n >= 2}. */
    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }
}
