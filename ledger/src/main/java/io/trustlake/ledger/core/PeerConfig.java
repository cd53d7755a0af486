package io.trustlake.ledger.core;

import io.trustlake.ledger.contract.Contracts;
import io.trustlake.ledger.contract.SubmitterKeys;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A peer's configuration: where its store lives, the contracts it runs, how it finds signing keys,
 * and how far a transaction's timestamp may be from its block's (default 5 minutes).
 */
public record PeerConfig(Path directory, Contracts contracts, SubmitterKeys keys, Duration maxTimestampSkew) {
    public static PeerConfig of(Path directory, Contracts contracts, SubmitterKeys keys) {
        return new PeerConfig(directory, contracts, keys, Duration.ofMinutes(5));
    }
}
