package io.trustlake.ledger.core;

import io.trustlake.common.crypto.Hashes;
import io.trustlake.common.crypto.Hex;
import java.security.MessageDigest;
import java.util.List;

/** An ordered batch of transactions with its hash-linked header. */
public record Block(BlockHeader header, List<Transaction> transactions) {
    public Block {
        transactions = List.copyOf(transactions);
    }

    public long number() {
        return header.number();
    }

    /** The hash that commits to the transactions: SHA-256 over their RFC 9162 leaf hashes. */
    public static String dataHash(List<Transaction> transactions) {
        MessageDigest digest = Hashes.sha256Digest();
        for (Transaction tx : transactions) {
            digest.update(tx.leafHash());
        }
        return Hex.encode(digest.digest());
    }
}
