package io.trustlake.auth;

import io.trustlake.common.error.ErrorCode;
import java.time.Duration;

/**
 * How identity providers' key sets are fetched and cached (keys under {@code auth.jwks}):
 *
 * <ul>
 *   <li>{@code max-age} (10 minutes): a key set older than this is fetched again when next used
 *       (the old one keeps serving if the provider cannot be reached);
 *   <li>{@code min-refresh-interval} (30 seconds): at most one fetch per provider in this time, so a
 *       flood of tokens with unknown key ids cannot make the node hammer the provider;
 *   <li>{@code timeout} (5 seconds): per HTTP request to the provider;
 *   <li>{@code max-bytes} (256 KiB): larger discovery documents or key sets are refused.
 * </ul>
 */
public record JwksSettings(Duration maxAge, Duration minRefreshInterval, Duration timeout, int maxBytes) {
    public JwksSettings {
        if (maxAge.isNegative() || minRefreshInterval.isNegative() || timeout.isNegative() || timeout.isZero()) {
            throw new AuthException(ErrorCode.CONFIGURATION, "JWKS durations must be positive");
        }
        if (maxBytes < 1024) {
            throw new AuthException(ErrorCode.CONFIGURATION, "JWKS max-bytes must be at least 1024");
        }
    }

    public static JwksSettings defaults() {
        return new JwksSettings(Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofSeconds(5), 256 * 1024);
    }
}
