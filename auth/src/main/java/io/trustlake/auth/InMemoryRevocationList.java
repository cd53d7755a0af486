package io.trustlake.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link RevocationList} held in memory by one node. An entry is kept only until its token could
 * no longer pass verification anyway (expiry plus the allowed clock skew), so memory stays bounded
 * by the tokens revoked within one token lifetime. Thread-safe.
 */
public final class InMemoryRevocationList implements RevocationList {
    private final Clock clock;
    private final TokenConfig config;
    private final Map<String, Instant> keepUntil = new ConcurrentHashMap<>();
    private final Map<String, Instant> userRevokedAt = new ConcurrentHashMap<>();

    public InMemoryRevocationList(Clock clock, TokenConfig config) {
        this.clock = clock;
        this.config = config;
    }

    /** Revokes a token until it expires; also forgets revocations that are no longer needed. */
    public void revoke(String tokenId, Instant expiresAt) {
        Instant now = clock.instant();
        keepUntil.values().removeIf(until -> until.isBefore(now));
        keepUntil.put(tokenId, expiresAt.plus(config.clockSkew()));
    }

    /** Revokes every token of the user issued up to {@code until} (inclusive). */
    public void revokeUserUntil(String userId, Instant until) {
        Instant forgetBefore = clock.instant().minus(config.lifetime()).minus(config.clockSkew());
        userRevokedAt.values().removeIf(at -> at.isBefore(forgetBefore));
        userRevokedAt.merge(userId, until, (a, b) -> a.isAfter(b) ? a : b);
    }

    @Override
    public boolean isRevoked(String tokenId) {
        return keepUntil.containsKey(tokenId);
    }

    @Override
    public boolean isRevokedForUser(String userId, Instant issuedAt) {
        Instant revokedAt = userRevokedAt.get(userId);
        return revokedAt != null && !issuedAt.isAfter(revokedAt);
    }
}
