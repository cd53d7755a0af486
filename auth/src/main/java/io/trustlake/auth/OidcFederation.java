package io.trustlake.auth;

/**
 * What a {@link TokenVerifier} needs to accept access tokens of organisations' own OpenID Connect
 * providers: where the providers are registered and how their keys are found.
 */
public record OidcFederation(IdentityProviders providers, ProviderKeys keys) {
    /** No federation: only Trustlake's own tokens are accepted. */
    public static OidcFederation none() {
        return new OidcFederation(IdentityProviders.none(), (provider, kid) -> new ProviderKeys.Lookup.Unknown());
    }
}
