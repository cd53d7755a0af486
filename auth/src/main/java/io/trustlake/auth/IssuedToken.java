package io.trustlake.auth;

import java.time.Instant;

/**
 * A signed token as handed to a client. {@link #toString()} leaves the token itself out, so an
 * {@code IssuedToken} may be logged.
 *
 * @param compact the compact JWS ({@code header.payload.signature}), a bearer credential
 * @param tokenId the {@code jti} claim
 * @param expiresAt the {@code exp} claim
 * @param ledgerProof the matching {@linkplain LedgerProofs ledger proof}, also a credential
 */
public record IssuedToken(String compact, String tokenId, Instant expiresAt, String ledgerProof) {
    @Override
    public String toString() {
        return "IssuedToken[tokenId=" + tokenId + ", expiresAt=" + expiresAt + "]";
    }
}
