package io.trustlake.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The outcome of a sign-in step ({@link Authenticator}, {@link SecondFactorLogins}, {@link Sessions}). */
public sealed interface LoginResult {

    /** The account is signed in: a short-lived access token and a refresh token. */
    record Success(Account account, IssuedToken token, String refreshToken) implements LoginResult {
        @Override
        public String toString() {
            return "Success[" + account + ", " + token + "]";
        }
    }

    /** The password was right; one of the enrolled second factors must follow within the challenge's life. */
    record SecondFactorRequired(String challengeId, List<String> methods, Instant expiresAt) implements LoginResult {
        public SecondFactorRequired {
            methods = List.copyOf(methods);
        }
    }

    /** A push approval was sent and has not been answered yet. */
    record Waiting(String challengeId, Instant expiresAt) implements LoginResult {}

    /** Too many failures for this account or from this address: wait before trying again. */
    record LockedOut(Duration retryAfter) implements LoginResult {}

    /** Sign-in refused; show the client one generic message per reason. */
    record Failure(Reason reason) implements LoginResult {}

    enum Reason {
        /** Deliberately one reason for both, so a caller cannot probe which usernames exist. */
        UNKNOWN_USER_OR_WRONG_PASSWORD,
        /** The password was right but the account may not sign in. */
        ACCOUNT_DISABLED,
        /** The one-time code is wrong, expired or was already used. */
        WRONG_CODE,
        /** The sign-in challenge is unknown or has expired (the push approval timed out). */
        CHALLENGE_EXPIRED,
        /** The user refused the sign-in from their other device. */
        PUSH_DENIED,
        /** The method is not enrolled for this account. */
        METHOD_NOT_ENROLLED,
        /** The refresh token is unknown, expired, revoked or was already used. */
        REFRESH_TOKEN_INVALID
    }
}
