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
    private final PictureLayouts layouts;
    private final Clock clock;

    /** The {@code amr} value of a graphical password. */
    public static final String PICTURE_METHOD = "pic";

    /** What the authenticator needs, wired by the composition root. */
    public record Parts(
            AccountStore accounts,
            PasswordHasher hasher,
            Sessions sessions,
            LoginThrottle throttle,
            Challenges challenges,
            SecurityEvents events,
            PictureLayouts layouts,
            Clock clock) {}

    public Authenticator(Parts parts) {
        this.layouts = parts.layouts();
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
        return signIn(username, clientAddress, new Credential() {
            @Override
            public boolean matches(Account account) {
                return hasher.verify(password, account.passwordHash());
            }

            @Override
            public void simulate() {
                hasher.simulateVerification(password);
            }

            @Override
            public Account afterSuccess(Account account) {
                return upgradeHashIfOutdated(account, password);
            }
        });
    }

    /**
     * Checks a graphical password: the pictures the user picked, in order, from a one-time layout
     * (spent by this attempt). An unknown or expired layout is a failed attempt like a wrong
     * choice, so it cannot be used to probe accounts.
     */
    public LoginResult loginWithPictures(
            String username, String layoutId, List<Integer> positions, String clientAddress) {
        Optional<List<String>> chosen = layouts.take(layoutId).flatMap(l -> l.pictures(positions));
        List<String> pictures = chosen.orElse(List.of());
        return signIn(username, clientAddress, new Credential() {
            @Override
            public boolean matches(Account account) {
                return chosen.isPresent()
                        && !account.picturePasswordHashOrEmpty().isEmpty()
                        && hasher.verifyPictures(pictures, account.picturePasswordHashOrEmpty());
            }

            @Override
            public void simulate() {
                hasher.simulateVerification(String.join(",", pictures));
            }

            @Override
            public String method() {
                return PICTURE_METHOD;
            }
        });
    }

    /** A credential presented at sign-in. */
    private interface Credential {
        /** Whether it is right for the account (spends one Argon2id computation). */
        boolean matches(Account account);

        /** Spends the time of {@link #matches} when there is no account. */
        void simulate();

        default Account afterSuccess(Account account) {
            return account;
        }

        default String method() {
            return TokenIssuer.PASSWORD_METHOD;
        }
    }

    private LoginResult signIn(String username, String clientAddress, Credential credential) {
        String userId = organisationId() + ":" + username.toLowerCase(Locale.ROOT);
        Optional<Duration> locked = throttle.lockedFor(userId, clientAddress);
        if (locked.isPresent()) {
            record(SecurityEvent.Type.LOCKED_OUT, known(userId), clientAddress, "attempt while locked out");
            return new LoginResult.LockedOut(locked.get());
        }
        Optional<Account> found = Ids.isScopedId(userId) ? accounts.findByUserId(userId) : Optional.empty();
        if (found.isEmpty()) {
            credential.simulate();
            return failed(userId, clientAddress, "unknown user or wrong " + noun(credential));
        }
        Account account = found.get();
        if (!credential.matches(account)) {
            return failed(userId, clientAddress, "wrong " + noun(credential));
        }
        if (account.status() != AccountStatus.ACTIVE) {
            record(SecurityEvent.Type.LOGIN_FAILED, userId, clientAddress, "account " + account.status());
            return new LoginResult.Failure(LoginResult.Reason.ACCOUNT_DISABLED);
        }
        throttle.succeeded(userId);
        Account current = credential.afterSuccess(account);
        if (current.factors().any()) {
            Challenges.Challenge challenge =
                    challenges.open(userId, clientAddress, current.factors().methods(), credential.method());
            return new LoginResult.SecondFactorRequired(challenge.id(), challenge.methods(), challenge.expiresAt());
        }
        return sessions.start(current, List.of(credential.method()), clientAddress);
    }

    private static String noun(Credential credential) {
        return credential.method().equals(PICTURE_METHOD) ? "picture password" : "password";
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
