package io.trustlake.auth;

/** The outcome of {@link Authenticator#login}. */
public sealed interface LoginResult {

    /** The credentials are right; the account is signed in with a fresh token. */
    record Success(Account account, IssuedToken token) implements LoginResult {}

    /** Sign-in refused; show the client one generic message whatever the reason. */
    record Failure(Reason reason) implements LoginResult {}

    enum Reason {
        /** Deliberately one reason for both, so a caller cannot probe which usernames exist. */
        UNKNOWN_USER_OR_WRONG_PASSWORD,
        /** The password was right but the account may not sign in. */
        ACCOUNT_DISABLED
    }
}
