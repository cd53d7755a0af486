package io.trustlake.auth;

import java.util.Optional;

/**
 * Port: the identity providers registered by member organisations, found by their exact issuer. The
 * server implements it from the ledger's membership, so every node knows every organisation's
 * provider without calling that organisation.
 *
 * <p>Implementations must be thread-safe. An empty result means no organisation registered that
 * issuer; an unexpected failure (ledger unavailable) is an exception.
 */
public interface IdentityProviders {
    Optional<IdentityProvider> byIssuer(String issuer);

    /** No organisation uses its own provider. */
    static IdentityProviders none() {
        return issuer -> Optional.empty();
    }
}
