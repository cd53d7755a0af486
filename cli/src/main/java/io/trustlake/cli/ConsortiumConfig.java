package io.trustlake.cli;

import io.trustlake.auth.AuthConfig;
import java.nio.file.Path;
import java.time.Clock;

/**
 * An in-process consortium: where its state lives, which host and first port its nodes use
 * (node {@code i} on {@code basePort + i}), the authentication settings and the clock.
 */
public record ConsortiumConfig(Path dataDirectory, String host, int basePort, AuthConfig auth, Clock clock) {
    public static ConsortiumConfig of(Path dataDirectory, int basePort) {
        return new ConsortiumConfig(dataDirectory, "127.0.0.1", basePort, AuthConfig.defaults(), Clock.systemUTC());
    }
}
