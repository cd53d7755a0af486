package io.trustlake.auth;

/**
 * Internal early exit of token verification; never leaves this package ({@link TokenVerifier} turns
 * it into {@link TokenCheck.Invalid}). Carries no stack trace, so refusing a token stays cheap.
 */
final class TokenRejected extends Exception {
    private static final long serialVersionUID = 1L;

    private final TokenCheck.Reason reason;

    TokenRejected(TokenCheck.Reason reason) {
        super(reason.name(), null, false, false);
        this.reason = reason;
    }

    static TokenRejected malformed() {
        return new TokenRejected(TokenCheck.Reason.MALFORMED);
    }

    TokenCheck.Reason reason() {
        return reason;
    }
}
