package io.trustlake.ledger.core;

import io.trustlake.common.crypto.Hashes;
import java.util.List;

/**
 * The client side of RFC 9162: checks an inclusion proof (section 2.1.3.2) or a consistency proof
 * (section 2.1.4.2) against tree heads, trusting nothing from whoever served them. Deliberately
 * self-contained (only SHA-256), so that it reads as the reference for a port to another language.
 * Hashes are raw 32-byte SHA-256 values. Stateless and thread-safe.
 */
public final class LogVerifier {
    private static final int HASH_LENGTH = 32;

    private LogVerifier() {}

    /** SHA-256(0x00 ‖ entry): the leaf hash of an entry's bytes. */
    public static byte[] leafHash(byte[] entry) {
        return Hashes.sha256((byte) 0x00, entry);
    }

    private static byte[] node(byte[] left, byte[] right) {
        return Hashes.sha256((byte) 0x01, left, right);
    }

    /** True when {@code proof} shows that the leaf at {@code index} is in the tree of {@code size} with {@code root}. */
    public static boolean inclusionValid(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
        if (index < 0 || index >= size || !wellFormed(leafHash, root, proof)) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = node(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Hashes.equal(r, root);
    }

    /** True when {@code proof} shows that the tree of size {@code to} extends the tree of size {@code from}. */
    public static boolean consistencyValid(long from, long to, byte[] fromRoot, byte[] toRoot, List<byte[]> proof) {
        if (from < 1 || from > to || !wellFormed(fromRoot, toRoot, proof)) {
            return false;
        }
        if (from == to) {
            return proof.isEmpty() && Hashes.equal(fromRoot, toRoot);
        }
        if (proof.isEmpty()) {
            return false;
        }
        boolean powerOfTwo = Long.bitCount(from) == 1;
        int next = powerOfTwo ? 0 : 1;
        long fn = from - 1;
        long sn = to - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = powerOfTwo ? fromRoot : proof.get(0);
        byte[] sr = fr;
        for (int i = next; i < proof.size(); i++) {
            byte[] c = proof.get(i);
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = node(c, fr);
                sr = node(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = node(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Hashes.equal(fr, fromRoot) && Hashes.equal(sr, toRoot);
    }

    private static boolean wellFormed(byte[] a, byte[] b, List<byte[]> proof) {
        return a.length == HASH_LENGTH
                && b.length == HASH_LENGTH
                && proof.stream().allMatch(p -> p.length == HASH_LENGTH);
    }
}
