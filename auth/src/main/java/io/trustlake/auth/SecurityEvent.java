package io.trustlake.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened to an account's security: a sign-in, a failure, a lock-out, a factor
 * change, a refused token. Carries ids and addresses, never passwords, codes or tokens.
 *
 * @param userIdOrEmpty the account concerned; empty when unknown (a forged token, an unknown name)
 * @param clientAddress the caller's IP address as the node saw it, or empty
 * @param detail a short plain-language note (the reason, the method), never a secret
 */
public record SecurityEvent(Instant at, Type type, String userIdOrEmpty, String clientAddress, String detail) {
    public enum Type {
        LOGIN_SUCCEEDED,
        LOGIN_FAILED,
        LOCKED_OUT,
        SECOND_FACTOR_FAILED,
        FACTOR_ENROLLED,
        FACTOR_REMOVED,
        PASSWORD_CHANGED,
        LOGGED_OUT,
        TOKEN_REFUSED,
        REFRESH_REFUSED,
        SESSIONS_REVOKED,
        ACCOUNT_CREATED,
        INVITATION_CREATED
    }

    public SecurityEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(userIdOrEmpty, "userIdOrEmpty");
        Objects.requireNonNull(clientAddress, "clientAddress");
        Objects.requireNonNull(detail, "detail");
    }
}
