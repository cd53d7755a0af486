package io.trustlake.ledger.solo;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The single-process orderer: where it keeps its block log, the most transactions per block
 * (default 500), how long it waits to fill a block (default 5 ms), and its clock.
 */
public record SoloConfig(Path directory, int maxBatch, Duration batchTimeout, Clock clock) {
    public static SoloConfig of(Path directory, Clock clock) {
        return new SoloConfig(directory, 500, Duration.ofMillis(5), clock);
    }
}
