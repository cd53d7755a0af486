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
        /** Any algorithm but {@code EdDSA}, including {@code none}. */
        UNSUPPORTED_ALGORITHM,
        /** The {@code kid} is not a key of any member organisation. */
        UNKNOWN_KEY,
        /** The signature does not match the header and payload under that key. */
        BAD_SIGNATURE,
        /** The claims speak for another organisation than the one owning the signing key. */
        WRONG_ISSUER,
        WRONG_AUDIENCE,
        EXPIRED,
        NOT_YET_VALID,
        REVOKED
    }
}
