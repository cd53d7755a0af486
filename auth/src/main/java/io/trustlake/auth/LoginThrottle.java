package io.trustlake.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exponential back-off on failed sign-ins, per account and per client address: after the free
 * failures each further failure locks the key out for twice as long as the one before, up to the
 * policy's maximum. A success clears the account's count (not the address's, so one good account
 * cannot be used to keep guessing others from the same address). Held in memory by the node that
 * manages the accounts. Thread-safe.
 */
public final class LoginThrottle {
    private final LockoutPolicy policy;
    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    public LoginThrottle(LockoutPolicy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    private record Failures(int count, Instant last, Instant lockedUntil) {}

    /** How long the account or the address must still wait, if either is locked out. */
    public Optional<Duration> lockedFor(String userId, String clientAddress) {
        Instant now = clock.instant();
        Duration wait = max(remaining(accountKey(userId), now), remaining(addressKey(clientAddress), now));
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    /** Counts a failure; returns the lock-out it starts, if any. */
    public Optional<Duration> failed(String userId, String clientAddress) {
        Instant now = clock.instant();
        forgetStale(now);
        Duration account = count(accountKey(userId), policy.accountFreeFailures(), now);
        Duration address = count(addressKey(clientAddress), policy.addressFreeFailures(), now);
        Duration wait = max(account, address);
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    public void succeeded(String userId) {
        failures.remove(accountKey(userId));
    }

    private Duration count(String key, int free, Instant now) {
        Failures updated = failures.compute(key, (k, old) -> {
            int count = old == null ? 1 : old.count() + 1;
            Duration delay = policy.delayAfter(count, free);
            return new Failures(count, now, now.plus(delay));
        });
        return Duration.between(now, updated.lockedUntil());
    }

    private Duration remaining(String key, Instant now) {
        Failures current = failures.get(key);
        if (current == null || !now.isBefore(current.lockedUntil())) {
            return Duration.ZERO;
        }
        return Duration.between(now, current.lockedUntil());
    }

    private void forgetStale(Instant now) {
        Instant horizon = now.minus(policy.forgetAfter());
        failures.values().removeIf(f -> f.last().isBefore(horizon) && !now.isBefore(f.lockedUntil()));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String accountKey(String userId) {
        return "account:" + userId;
    }

    private static String addressKey(String clientAddress) {
        return "address:" + clientAddress;
    }
}
