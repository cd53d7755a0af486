package io.trustlake.auth;

import io.trustlake.common.error.ErrorCode;
import java.time.Duration;

/**
 * When repeated sign-in failures lock an account or a client address out. Keys (under {@code
 * auth.lockout}) and defaults:
 *
 * <ul>
 *   <li>{@code account-free-failures} (5): failures in a row an account may have before it waits;
 *   <li>{@code address-free-failures} (20): the same for one client address, higher because many
 *       people may share an address (a hospital's proxy);
 *   <li>{@code first-delay} (30 seconds): the wait after the first failure beyond the free ones;
 *       each further failure doubles it;
 *   <li>{@code max-delay} (15 minutes): the longest wait;
 *   <li>{@code forget-after} (1 hour): a key with no failure for this long starts again from zero.
 * </ul>
 */
public record LockoutPolicy(
        int accountFreeFailures,
        int addressFreeFailures,
        Duration firstDelay,
        Duration maxDelay,
        Duration forgetAfter) {
    public LockoutPolicy {
        if (accountFreeFailures < 1 || addressFreeFailures < 1) {
            throw new AuthException(ErrorCode.CONFIGURATION, "free failures must be at least 1");
        }
        if (firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) < 0) {
            throw new AuthException(ErrorCode.CONFIGURATION, "lock-out delays must be positive and first <= max");
        }
    }

    public static LockoutPolicy defaults() {
        return new LockoutPolicy(5, 20, Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofHours(1));
    }

    /** The wait after {@code failures} failures in a row with {@code free} of them free. */
    Duration delayAfter(int failures, int free) {
        if (failures < free) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - free, 30);
        Duration delay = firstDelay.multipliedBy(1L << doublings);
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }
}
