package io.trustlake.ledger.core;

import io.trustlake.common.crypto.Hex;
import io.trustlake.common.encoding.Json;
import io.trustlake.ledger.store.Head;
import io.trustlake.ledger.store.LedgerStore;
import java.util.Optional;

/**
 * Re-checks a stored chain offline: every block decodes, links to the previous block's hash,
 * commits to its transactions, and carries the right Merkle log root; the head matches the last
 * block. Names the first bad block. (Signatures and state replay are checked by the full offline
 * verifier.)
 */
public final class ChainVerifier {
    private ChainVerifier() {}

    /** The first problem found, or empty if the chain is intact. */
    public record Report(boolean intact, long blocksChecked, Optional<Long> firstBadBlock, String problem) {}

    public static Report verify(LedgerStore store) {
        Head head = store.head();
        String previous = BlockHeader.NO_PREVIOUS;
        MerkleLog log = MerkleLog.empty();
        for (long n = 0; n < head.height(); n++) {
            Optional<String> problem = check(store, n, previous, log);
            if (problem.isPresent()) {
                return new Report(false, n, Optional.of(n), problem.get());
            }
            previous = store.block(n).orElseThrow().header().hash();
        }
        if (!previous.equals(head.hash())) {
            return new Report(
                    false, head.height(), Optional.of(head.height() - 1), "head does not match the last block");
        }
        return new Report(true, head.height(), Optional.empty(), "");
    }

    private static Optional<String> check(LedgerStore store, long number, String previous, MerkleLog log) {
        Optional<byte[]> raw = store.rawBlock(number);
        if (raw.isEmpty()) {
            return Optional.of("block is missing");
        }
        Block block;
        try {
            block = Json.canonical().readValue(raw.get(), Block.class);
        } catch (java.io.IOException e) {
            return Optional.of("block does not decode");
        }
        BlockHeader header = block.header();
        block.transactions().forEach(tx -> log.appendLeafHash(tx.leafHash()));
        if (header.number() != number || !header.previousHash().equals(previous)) {
            return Optional.of("hash link broken");
        }
        if (!header.dataHash().equals(Block.dataHash(block.transactions()))) {
            return Optional.of("transactions do not match the block's data hash");
        }
        if (header.logSize() != log.size() || !header.logRoot().equals(Hex.encode(log.root()))) {
            return Optional.of("Merkle root does not match the log");
        }
        return Optional.empty();
    }
}
