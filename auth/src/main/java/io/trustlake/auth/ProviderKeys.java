package io.trustlake.auth;

import io.trustlake.common.crypto.JwsPublicKey;

/**
 * Port: the current signing keys of an identity provider (its JWKS). Thread-safe. Never throws on a
 * provider's failure: an unreachable provider or an unusable key set is {@link Lookup.Unavailable}.
 */
public interface ProviderKeys {
    Lookup find(IdentityProvider provider, String kid);

    /** The outcome of a key look-up. */
    sealed interface Lookup {
        record Found(JwsPublicKey key) implements Lookup {}

        /** The provider's key set, current or just refreshed, has no such key. */
        record Unknown() implements Lookup {}

        /** The key set could not be fetched and none is cached. */
        record Unavailable() implements Lookup {}
    }
}
