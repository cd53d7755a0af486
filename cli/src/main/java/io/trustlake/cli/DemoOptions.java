package io.trustlake.cli;

import java.nio.file.Path;

/**
 * What {@code trustlake demo} runs: the data directory, host, first HTTP port and first Raft port,
 * and the synthetic population (size, seed, years of history).
 */
public record DemoOptions(
        Path dataDirectory, String host, int basePort, int raftBasePort, int patients, long seed, int yearsOfHistory) {}
