package io.trustlake.auth;

import java.time.Instant;

/**
 * Port: tokens that must no longer be accepted although not yet expired (sign-out, password change,
 * stolen device). Implementations must be thread-safe and answer quickly; they are asked once per
 * request, after the signature has been checked.
 */
public interface RevocationList {
    /** Whether the token with this id ({@code jti}) was revoked. */
    boolean isRevoked(String tokenId);

    /** Whether every token of this user issued at or before {@code issuedAt} was revoked. */
    default boolean isRevokedForUser(String userId, Instant issuedAt) {
        return false;
    }
}
