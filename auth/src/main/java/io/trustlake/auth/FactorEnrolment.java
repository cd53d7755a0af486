package io.trustlake.auth;

import io.trustlake.common.error.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Enrols and removes the second factors of a signed-in user. TOTP takes two steps so that a user
 * cannot lock themself out with a mistyped secret: {@link #beginTotp} hands out a fresh secret, and
 * only {@link #confirmTotp} with a right code from the app stores it. Removing a factor needs the
 * password again. Every change is a {@link SecurityEvent}. Thread-safe.
 */
public final class FactorEnrolment {
    private static final Duration PENDING_LIFETIME = Duration.ofMinutes(10);

    private final AccountStore accounts;
    private final PasswordHasher hasher;
    private final SecurityEvents events;
    private final PictureLayouts layouts;
    private final String issuerName;
    private final Clock clock;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    private record Pending(String secret, Instant expiresAt) {}

    /** A TOTP secret handed out for enrolment, with the URI an authenticator app reads. */
    public record TotpEnrolment(String secret, String uri) {
        @Override
        public String toString() {
            return "TotpEnrolment[secret hidden]";
        }
    }

    public FactorEnrolment(Parts parts) {
        this.accounts = parts.accounts();
        this.hasher = parts.hasher();
        this.events = parts.events();
        this.layouts = parts.layouts();
        this.issuerName = parts.issuerName();
        this.clock = parts.clock();
    }

    /**
     * What enrolment needs.
     *
     * @param issuerName the name authenticator apps show (the organisation's name)
     */
    public record Parts(
            AccountStore accounts,
            PasswordHasher hasher,
            SecurityEvents events,
            PictureLayouts layouts,
            String issuerName,
            Clock clock) {}

    /**
     * Sets (or replaces) the graphical password: the pictures picked in order from a one-time
     * layout, if the text password is right and the choice is strong enough. Returns the rating;
     * nothing is stored unless it is acceptable.
     */
    public PictureStrength.Rating setPicturePassword(
            String userId, String password, String layoutId, List<Integer> positions, String clientAddress) {
        if (!passwordMatches(userId, password)) {
            return new PictureStrength.Rating(0, false, "the password is wrong");
        }
        Optional<List<String>> pictures = layouts.take(layoutId).flatMap(l -> l.pictures(positions));
        if (pictures.isEmpty()) {
            return new PictureStrength.Rating(0, false, "the picture grid has expired; start again");
        }
        PictureStrength.Rating rating = PictureStrength.rate(pictures.get(), positions);
        if (!rating.acceptable()) {
            return rating;
        }
        String hash = hasher.hashPictures(pictures.get());
        accounts.modify(userId, a -> a.withPicturePasswordHash(hash));
        record(SecurityEvent.Type.FACTOR_ENROLLED, userId, clientAddress, "picture password set");
        return rating;
    }

    /**
     * Replaces the text password if the current one is right and the new one strong enough
     * ({@link PasswordStrength}). The caller then ends the account's other sessions ({@link
     * Sessions#revokeAll}).
     */
    public PasswordStrength.Rating changePassword(
            String userId, String currentPassword, String newPassword, String clientAddress) {
        Account account = account(userId);
        if (!hasher.verify(currentPassword, account.passwordHash())) {
            return new PasswordStrength.Rating(0, 0, false, "the current password is wrong", List.of());
        }
        PasswordStrength.Rating rating = PasswordStrength.rate(
                newPassword, List.of(account.username(), account.displayName(), account.organisationId()));
        if (!rating.acceptable()) {
            return rating;
        }
        String hash = hasher.hash(newPassword);
        accounts.modify(userId, a -> a.withPasswordHash(hash));
        record(SecurityEvent.Type.PASSWORD_CHANGED, userId, clientAddress, "password changed by the user");
        return rating;
    }

    /** Removes the graphical password if the text password is right. */
    public boolean removePicturePassword(String userId, String password, String clientAddress) {
        if (!passwordMatches(userId, password)) {
            return false;
        }
        accounts.modify(userId, a -> a.withPicturePasswordHash(""));
        record(SecurityEvent.Type.FACTOR_REMOVED, userId, clientAddress, "picture password removed");
        return true;
    }

    public boolean hasPicturePassword(String userId) {
        return !account(userId).picturePasswordHashOrEmpty().isEmpty();
    }

    public SecondFactors factors(String userId) {
        return account(userId).factors();
    }

    /** A new secret for the user to add to their app; replaces any earlier unconfirmed one. */
    public TotpEnrolment beginTotp(String userId) {
        Account account = account(userId);
        byte[] secret = Totp.newSecret();
        pending.put(userId, new Pending(Base32.encode(secret), clock.instant().plus(PENDING_LIFETIME)));
        return new TotpEnrolment(Base32.encode(secret), Totp.uri(issuerName, account.username(), secret));
    }

    /**
     * Stores a fresh TOTP secret at once, without a confirming code: for provisioning by the
     * organisation (the demo's accounts), where the secret is handed over out of band.
     */
    public TotpEnrolment provisionTotp(String userId) {
        Account account = account(userId);
        byte[] secret = Totp.newSecret();
        String encoded = Base32.encode(secret);
        accounts.modify(userId, a -> a.withFactors(a.factors().withTotp(encoded)));
        record(SecurityEvent.Type.FACTOR_ENROLLED, userId, "", "authenticator app (TOTP) provisioned");
        return new TotpEnrolment(encoded, Totp.uri(issuerName, account.username(), secret));
    }

    /** Stores the pending secret if the code is right; false if it is wrong or nothing is pending. */
    public boolean confirmTotp(String userId, String code, String clientAddress) {
        Pending started = pending.get(userId);
        if (started == null || !clock.instant().isBefore(started.expiresAt())) {
            return false;
        }
        var step = Totp.matchingStep(Base32.decode(started.secret()), code.trim(), clock.instant(), Long.MIN_VALUE);
        if (step.isEmpty()) {
            return false;
        }
        pending.remove(userId);
        String secret = started.secret();
        accounts.modify(userId, a -> a.withFactors(a.factors().withTotp(secret).withTotpUsed(step.getAsLong())));
        record(SecurityEvent.Type.FACTOR_ENROLLED, userId, clientAddress, "authenticator app (TOTP) added");
        return true;
    }

    /** Turns push approval on or off; turning it on needs no password, turning it off does. */
    public boolean setPush(String userId, boolean enabled, String password, String clientAddress) {
        if (!enabled && !passwordMatches(userId, password)) {
            return false;
        }
        accounts.modify(userId, a -> a.withFactors(a.factors().withPush(enabled)));
        record(
                enabled ? SecurityEvent.Type.FACTOR_ENROLLED : SecurityEvent.Type.FACTOR_REMOVED,
                userId,
                clientAddress,
                enabled ? "approval from a signed-in device turned on" : "approval from a signed-in device turned off");
        return true;
    }

    /** Removes TOTP if the password is right. */
    public boolean removeTotp(String userId, String password, String clientAddress) {
        if (!passwordMatches(userId, password)) {
            return false;
        }
        accounts.modify(userId, a -> a.withFactors(a.factors().withTotp("")));
        record(SecurityEvent.Type.FACTOR_REMOVED, userId, clientAddress, "authenticator app (TOTP) removed");
        return true;
    }

    private boolean passwordMatches(String userId, String password) {
        return hasher.verify(password, account(userId).passwordHash());
    }

    private Account account(String userId) {
        return accounts.findByUserId(userId)
                .orElseThrow(() -> new AuthException(ErrorCode.NOT_FOUND, "no such account: " + userId));
    }

    private void record(SecurityEvent.Type type, String userId, String clientAddress, String detail) {
        events.record(new SecurityEvent(clock.instant(), type, userId, clientAddress, detail));
    }
}
