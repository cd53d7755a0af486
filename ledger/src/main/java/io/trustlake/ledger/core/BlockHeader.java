package io.trustlake.ledger.core;

import io.trustlake.common.crypto.Hashes;
import io.trustlake.common.crypto.Hex;
import io.trustlake.common.encoding.Json;
import java.time.Instant;

/**
 * A block header. {@code firstIndex} is the log index of the block's first transaction; {@code
 * logSize} and {@code logRoot} are the RFC 9162 tree size and root of the whole log after this
 * block; {@code dataHash} commits to the block's transactions in order.
 */
public record BlockHeader(
        long number,
        String previousHash,
        String dataHash,
        long firstIndex,
        long logSize,
        String logRoot,
        Instant timestamp) {
    public static final String NO_PREVIOUS = "0".repeat(64);

    public String hash() {
        return Hex.encode(Hashes.sha256(Json.encode(this)));
    }
}
