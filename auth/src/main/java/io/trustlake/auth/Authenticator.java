package io.trustlake.auth;

import io.trustlake.common.id.Ids;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Signs in the accounts of one organisation (the issuer's) with a username and a text password.
 * An unknown username and a wrong password give the same {@link LoginResult.Failure} after about the
 * same time (a dummy Argon2id hash is computed for unknown users). Failures count towards an
 * exponential lock-out per account and per client address ({@link LoginThrottle}); while locked,
 * the password is not even checked. A stored hash made with outdated parameters is replaced at a
 * successful login. An account with a second factor gets a challenge to complete with {@link
 * SecondFactorLogins}; every other one is signed in at once. Every outcome is a {@link
 * SecurityEvent}.
 *
 * <p>Thread-safe. Logs name user ids only, never passwords or tokens.
 */
public final class Authenticator {
    private final AccountStore accounts;
    private final PasswordHasher hasher;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final Challenges challenges;
    private final SecurityEvents events;
    private final Clock clock;

    /** What the authenticator needs, wired by the composition root. */
    public record Parts(
            AccountStore accounts,
            PasswordHasher hasher,
            Sessions sessions,
            LoginThrottle throttle,
            Challenges challenges,
            SecurityEvents events,
            Clock clock) {}

    public Authenticator(Parts parts) {
        this.accounts = parts.accounts();
        this.hasher = parts.hasher();
        this.sessions = parts.sessions();
        this.throttle = parts.throttle();
        this.challenges = parts.challenges();
        this.events = parts.events();
        this.clock = parts.clock();
    }

    public String organisationId() {
        return sessions.organisationId();
    }

    /**
     * Checks the password of an account of the issuer's organisation.
     *
     * @param username case-insensitive username within the issuer's organisation
     * @param clientAddress the caller's address, for the per-address lock-out and the audit trail
     */
    public LoginResult login(String username, String password, String clientAddress) {
        String userId = organisationId() + ":" + username.toLowerCase(Locale.ROOT);
        Optional<Duration> locked = throttle.lockedFor(userId, clientAddress);
        if (locked.isPresent()) {
            record(SecurityEvent.Type.LOCKED_OUT, known(userId), clientAddress, "attempt while locked out");
            return new LoginResult.LockedOut(locked.get());
        }
        Optional<Account> found = Ids.isScopedId(userId) ? accounts.findByUserId(userId) : Optional.empty();
        if (found.isEmpty()) {
            hasher.simulateVerification(password);
            return failed(userId, clientAddress, "unknown user or wrong password");
        }
        Account account = found.get();
        if (!hasher.verify(password, account.passwordHash())) {
            return failed(userId, clientAddress, "wrong password");
        }
        if (account.status() != AccountStatus.ACTIVE) {
            record(SecurityEvent.Type.LOGIN_FAILED, userId, clientAddress, "account " + account.status());
            return new LoginResult.Failure(LoginResult.Reason.ACCOUNT_DISABLED);
        }
        throttle.succeeded(userId);
        Account current = upgradeHashIfOutdated(account, password);
        if (current.factors().any()) {
            Challenges.Challenge challenge =
                    challenges.open(userId, clientAddress, current.factors().methods());
            return new LoginResult.SecondFactorRequired(challenge.id(), challenge.methods(), challenge.expiresAt());
        }
        return sessions.start(current, List.of(TokenIssuer.PASSWORD_METHOD), clientAddress);
    }

    private LoginResult failed(String userId, String clientAddress, String detail) {
        String known = known(userId);
        record(SecurityEvent.Type.LOGIN_FAILED, known, clientAddress, detail);
        Optional<Duration> lockOut = throttle.failed(userId, clientAddress);
        if (lockOut.isPresent()) {
            record(
                    SecurityEvent.Type.LOCKED_OUT,
                    known,
                    clientAddress,
                    "locked out for " + lockOut.get().toSeconds() + " s after repeated failures");
        }
        return new LoginResult.Failure(LoginResult.Reason.UNKNOWN_USER_OR_WRONG_PASSWORD);
    }

    /** The user id if such an account exists; events of names nobody has are kept without one. */
    private String known(String userId) {
        return Ids.isScopedId(userId) && accounts.findByUserId(userId).isPresent() ? userId : "";
    }

    private void record(SecurityEvent.Type type, String userId, String clientAddress, String detail) {
        events.record(new SecurityEvent(clock.instant(), type, userId, clientAddress, detail));
    }

    private Account upgradeHashIfOutdated(Account account, String password) {
        if (!hasher.needsRehash(account.passwordHash())) {
            return account;
        }
        String upgraded = hasher.hash(password);
        if (!accounts.replacePasswordHash(account.userId(), account.passwordHash(), upgraded)) {
            return account;
        }
        record(
                SecurityEvent.Type.PASSWORD_CHANGED,
                account.userId(),
                "",
                "password hash upgraded to current parameters");
        return account.withPasswordHash(upgraded);
    }
}
