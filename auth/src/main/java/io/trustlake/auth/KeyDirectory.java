package io.trustlake.auth;

import java.util.Optional;

/**
 * Port: where a verifier finds the public key named by a token's {@code kid}. The server implements
 * it from the ledger's membership, so any node verifies any organisation's tokens.
 *
 * <p>Implementations must be thread-safe. An empty result means the key is unknown (or withdrawn);
 * an unexpected failure (ledger unavailable) is an exception, not an empty result.
 */
public interface KeyDirectory {
    Optional<PublicTokenKey> find(String kid);
}
