package io.trustlake.auth;

import io.trustlake.common.error.ErrorCode;
import java.time.Duration;

/**
 * How tokens are issued and checked. Keys (under {@code auth.tokens}) and defaults:
 *
 * <ul>
 *   <li>{@code audience} ({@link #DEFAULT_AUDIENCE}): the {@code aud} claim written and required;
 *   <li>{@code lifetime} (15 minutes): from {@code iat} to {@code exp};
 *   <li>{@code clock-skew} (30 seconds): tolerance on {@code exp} and {@code nbf} for clocks of
 *       different nodes;
 *   <li>{@code max-token-length} (8192 characters): longer tokens are refused before parsing.
 * </ul>
 */
public record TokenConfig(String audience, Duration lifetime, Duration clockSkew, int maxTokenLength) {
    public static final String DEFAULT_AUDIENCE = "trustlake";
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(15);
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_TOKEN_LENGTH = 8 * 1024;

    public TokenConfig {
        if (audience.isBlank()) {
            throw new AuthException(ErrorCode.CONFIGURATION, "token audience must not be blank");
        }
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new AuthException(ErrorCode.CONFIGURATION, "token lifetime must be positive");
        }
        if (clockSkew.isNegative()) {
            throw new AuthException(ErrorCode.CONFIGURATION, "token clock skew must not be negative");
        }
        if (maxTokenLength < 512) {
            throw new AuthException(ErrorCode.CONFIGURATION, "maximum token length must be at least 512");
        }
    }

    public static TokenConfig defaults() {
        return new TokenConfig(DEFAULT_AUDIENCE, DEFAULT_LIFETIME, DEFAULT_CLOCK_SKEW, DEFAULT_MAX_TOKEN_LENGTH);
    }

    public TokenConfig withAudience(String newAudience) {
        return new TokenConfig(newAudience, lifetime, clockSkew, maxTokenLength);
    }

    public TokenConfig withLifetime(Duration newLifetime) {
        return new TokenConfig(audience, newLifetime, clockSkew, maxTokenLength);
    }

    public TokenConfig withClockSkew(Duration newClockSkew) {
        return new TokenConfig(audience, lifetime, newClockSkew, maxTokenLength);
    }
}
