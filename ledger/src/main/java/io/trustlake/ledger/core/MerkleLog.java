package io.trustlake.ledger.core;

import io.trustlake.common.crypto.Hashes;
import io.trustlake.common.crypto.Hex;
import java.util.ArrayList;
import java.util.List;

/**
 * The RFC 9162 Merkle tree head of an append-only log, kept as its compact frontier: the roots of
 * the perfect subtrees that make up the log, largest first. Appending and computing the root are
 * O(log n). Not thread-safe.
 */
public final class MerkleLog {
    private static final byte LEAF = 0x00;
    private static final byte NODE = 0x01;

    private final List<byte[]> roots;
    private final List<Long> sizes;
    private long size;

    private MerkleLog(List<byte[]> roots, List<Long> sizes, long size) {
        this.roots = roots;
        this.sizes = sizes;
        this.size = size;
    }

    public static MerkleLog empty() {
        return new MerkleLog(new ArrayList<>(), new ArrayList<>(), 0);
    }

    /** Restores a log from {@link #frontier()}. */
    public static MerkleLog fromFrontier(List<String> frontier, long size) {
        MerkleLog log = empty();
        long remaining = size;
        for (String hex : frontier) {
            long subtree = Long.highestOneBit(remaining);
            log.roots.add(Hex.decode(hex));
            log.sizes.add(subtree);
            remaining -= subtree;
        }
        if (remaining != 0) {
            throw new IllegalArgumentException("frontier does not match the log size");
        }
        log.size = size;
        return log;
    }

    public static byte[] leafHash(byte[] entry) {
        return Hashes.sha256(LEAF, entry);
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        return Hashes.sha256(NODE, left, right);
    }

    public void append(byte[] entry) {
        appendLeafHash(leafHash(entry));
    }

    public void appendLeafHash(byte[] leafHash) {
        appendLeafHash(leafHash, (level, index, hash) -> {});
    }

    /**
     * Appends a leaf hash and reports to {@code sink} every perfect subtree it completes: the leaf
     * itself at level 0, then each larger subtree whose last leaf it is.
     */
    public void appendLeafHash(byte[] leafHash, SubtreeSink sink) {
        long leafIndex = size;
        byte[] hash = leafHash;
        long subtree = 1;
        int level = 0;
        sink.completed(level, leafIndex, hash);
        while (!sizes.isEmpty() && sizes.get(sizes.size() - 1) == subtree) {
            hash = nodeHash(roots.remove(roots.size() - 1), hash);
            sizes.remove(sizes.size() - 1);
            subtree *= 2;
            level++;
            sink.completed(level, leafIndex >> level, hash);
        }
        roots.add(hash);
        sizes.add(subtree);
        size++;
    }

    /** Receives completed perfect subtrees: the subtree at {@code level} covers leaves {@code index << level} on. */
    @FunctionalInterface
    public interface SubtreeSink {
        void completed(int level, long index, byte[] hash);
    }

    public long size() {
        return size;
    }

    /** The tree head: SHA-256 of the empty string for an empty log. */
    public byte[] root() {
        if (roots.isEmpty()) {
            return Hashes.sha256(new byte[0]);
        }
        byte[] hash = roots.get(roots.size() - 1);
        for (int i = roots.size() - 2; i >= 0; i--) {
            hash = nodeHash(roots.get(i), hash);
        }
        return hash;
    }

    public List<String> frontier() {
        return roots.stream().map(Hex::encode).toList();
    }

    public MerkleLog copy() {
        return new MerkleLog(new ArrayList<>(roots), new ArrayList<>(sizes), size);
    }

    /** The RFC 9162 definition, computed recursively; used to check the compact form. */
    public static byte[] rootOf(List<byte[]> leafHashes) {
        if (leafHashes.isEmpty()) {
            return Hashes.sha256(new byte[0]);
        }
        if (leafHashes.size() == 1) {
            return leafHashes.get(0);
        }
        int split = Integer.highestOneBit(leafHashes.size() - 1);
        return nodeHash(rootOf(leafHashes.subList(0, split)), rootOf(leafHashes.subList(split, leafHashes.size())));
    }
}
