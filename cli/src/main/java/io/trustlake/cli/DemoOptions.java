package io.trustlake.cli;

import io.trustlake.lake.LakeConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@code trustlake demo} runs: the data directory, host, first HTTP port and first Raft port,
 * the synthetic population (size, seed, years of history) and how long research extracts are kept.
 */
public record DemoOptions(
        Path dataDirectory,
        String host,
        int basePort,
        int raftBasePort,
        int patients,
        long seed,
        int yearsOfHistory,
        Duration researchExtractTimeToLive) {
    /** With research extracts kept for the default 24 hours. */
    public DemoOptions(
            Path dataDirectory,
            String host,
            int basePort,
            int raftBasePort,
            int patients,
            long seed,
            int yearsOfHistory) {
        this(
                dataDirectory,
                host,
                basePort,
                raftBasePort,
                patients,
                seed,
                yearsOfHistory,
                LakeConfig.DEFAULT_EXTRACT_TIME_TO_LIVE);
    }
}
