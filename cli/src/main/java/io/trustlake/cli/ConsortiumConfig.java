package io.trustlake.cli;

import io.trustlake.auth.AuthConfig;
import io.trustlake.lake.LakeConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * An in-process consortium: where its state lives, which host and first port its nodes' HTTP
 * servers use (node {@code i} on {@code basePort + i}), the first port of their Raft peers (node
 * {@code i} on {@code raftBasePort + i}), the authentication settings, the clock and how long
 * every node keeps research extracts.
 */
public record ConsortiumConfig(
        Path dataDirectory,
        String host,
        int basePort,
        int raftBasePort,
        AuthConfig auth,
        Clock clock,
        Duration researchExtractTimeToLive) {
    /** The Raft peers' ports by default: ten above the HTTP ports (8090-8092 for 8080-8082). */
    public static final int RAFT_PORT_OFFSET = 10;

    public static ConsortiumConfig of(Path dataDirectory, int basePort) {
        return new ConsortiumConfig(
                dataDirectory,
                "127.0.0.1",
                basePort,
                basePort + RAFT_PORT_OFFSET,
                AuthConfig.defaults(),
                Clock.systemUTC(),
                LakeConfig.DEFAULT_EXTRACT_TIME_TO_LIVE);
    }
}
