package io.trustlake.ledger.store;

import io.trustlake.ledger.core.BlockHeader;
import java.util.List;

/** The committed tip of a chain: block count, last header hash, and the Merkle frontier. */
public record Head(long height, String hash, long logSize, List<String> frontier) {
    public Head {
        frontier = List.copyOf(frontier);
    }

    public static Head empty() {
        return new Head(0, BlockHeader.NO_PREVIOUS, 0, List.of());
    }
}
