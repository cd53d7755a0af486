package io.trustlake.auth;

/**
 * Port: token ids ({@code jti}) that must no longer be accepted although not yet expired (sign-out,
 * stolen device). Implementations must be thread-safe and answer quickly; they are asked once per
 * request, after the signature has been checked.
 */
public interface RevocationList {
    boolean isRevoked(String tokenId);
}
