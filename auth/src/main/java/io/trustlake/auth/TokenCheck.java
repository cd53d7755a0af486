package io.trustlake.auth;

/** The outcome of {@link TokenVerifier#verify}: a principal, or the first reason to refuse. */
public sealed interface TokenCheck {

    /** The token is authentic, current and meant for us. */
    record Valid(Principal principal) implements TokenCheck {}

    /** The token must not be accepted; the reason is for logs and metrics, not for the client. */
    record Invalid(Reason reason) implements TokenCheck {}

    /** Why a token was refused, in the order the checks run. */
    enum Reason {
        /** Not a well-formed compact JWS with our header and claims, or longer than allowed. */
        MALFORMED,
        /**
         * Any algorithm but {@code EdDSA} (Trustlake's tokens) and {@code RS256} or {@code ES256}
         * (organisations' own identity providers), including {@code none}.
         */
        UNSUPPORTED_ALGORITHM,
        /** An identity provider's token whose {@code iss} no member organisation registered. */
        UNKNOWN_ISSUER,
        /** The {@code kid} is not a key of any member organisation, nor of the token's provider. */
        UNKNOWN_KEY,
        /** The token's identity provider could not be reached for its keys, and none are cached. */
        PROVIDER_UNAVAILABLE,
        /** The signature does not match the header and payload under that key. */
        BAD_SIGNATURE,
        /** The claims speak for another organisation than the one owning the signing key. */
        WRONG_ISSUER,
        /** An identity provider's ID or refresh token presented as an access token. */
        NOT_AN_ACCESS_TOKEN,
        WRONG_AUDIENCE,
        EXPIRED,
        NOT_YET_VALID,
        /**
         * An identity provider's token that no role mapping matches, or whose user name (or, for a
         * patient, patient id) is not usable in Trustlake.
         */
        UNMAPPED_ROLE,
        REVOKED
    }
}
