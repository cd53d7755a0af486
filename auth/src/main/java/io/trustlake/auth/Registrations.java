package io.trustlake.auth;

import io.trustlake.common.crypto.Hashes;
import io.trustlake.common.crypto.Hex;
import io.trustlake.common.crypto.Randomness;
import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.id.Ids;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * New accounts of one organisation: staff (professionals, researchers, auditors, admins) registered
 * by the organisation's admin, and patients who register themselves with a one-time invitation
 * code the organisation gave them (at the desk, by letter). Codes are stored only as SHA-256
 * digests and expire after {@link #INVITATION_LIFETIME}. Every password is rated by {@link
 * PasswordStrength} and weak ones are refused with the reason. Thread-safe.
 */
public final class Registrations {
    public static final Duration INVITATION_LIFETIME = Duration.ofDays(14);
    private static final String INVITATIONS = "invitation/";
    private static final int CODE_LENGTH = 16;

    private final String organisationId;
    private final AccountRegistration registration;
    private final AccountStore accounts;
    private final SecurityEvents events;
    private final Clock clock;
    private final Object lock = new Object();

    /** What registration needs. */
    public record Parts(
            String organisationId,
            AccountRegistration registration,
            AccountStore accounts,
            SecurityEvents events,
            Clock clock) {}

    public Registrations(Parts parts) {
        this.organisationId = parts.organisationId();
        this.registration = parts.registration();
        this.accounts = parts.accounts();
        this.events = parts.events();
        this.clock = parts.clock();
    }

    /** The outcome of a registration: the account, or why it was refused. */
    public sealed interface Result {
        record Registered(Account account) implements Result {}

        record Refused(String reason) implements Result {}
    }

    /** An invitation as handed to the patient; the code is shown once and never stored. */
    public record Invitation(String code, String patientId, Instant expiresAt) {
        @Override
        public String toString() {
            return "Invitation[patientId=" + patientId + ", expiresAt=" + expiresAt + "]";
        }
    }

    record StoredInvitation(String patientId, Instant expiresAt, boolean used) {}

    /** Whether this organisation has an account with this id. */
    public boolean exists(String userId) {
        return Ids.isScopedId(userId) && accounts.findByUserId(userId).isPresent();
    }

    /** An admin registers a staff member of this organisation with an initial password. */
    public Result registerStaff(NewAccount request, String password, String adminUserId) {
        if (request.role() == Role.PATIENT || !request.organisationId().equals(organisationId)) {
            return new Result.Refused("patients register themselves with an invitation code");
        }
        return register(request, password, "registered by " + adminUserId);
    }

    /** Creates a one-time invitation for a patient of this organisation. */
    public Invitation invite(String patientId, String adminUserId) {
        Ids.requirePatientId(patientId);
        String code = Randomness.token(CODE_LENGTH);
        Instant expiresAt = clock.instant().plus(INVITATION_LIFETIME);
        accounts.put(INVITATIONS + digest(code), Json.encode(new StoredInvitation(patientId, expiresAt, false)));
        events.record(new SecurityEvent(
                clock.instant(), SecurityEvent.Type.INVITATION_CREATED, adminUserId, "", "invitation for a patient"));
        return new Invitation(code, patientId, expiresAt);
    }

    /** A patient registers with their invitation code; the code works once. */
    public Result redeem(String code, String username, String displayName, String password) {
        synchronized (lock) {
            String key = INVITATIONS + digest(code.trim().toLowerCase(Locale.ROOT));
            Optional<StoredInvitation> invitation = accounts.get(key).map(v -> Json.decode(v, StoredInvitation.class));
            if (invitation.isEmpty()
                    || invitation.get().used()
                    || !clock.instant().isBefore(invitation.get().expiresAt())) {
                return new Result.Refused(
                        "the invitation code is unknown, used or expired; ask your hospital for a new one");
            }
            Result result = register(
                    NewAccount.patient(
                            organisationId,
                            username,
                            displayName,
                            invitation.get().patientId()),
                    password,
                    "registered with an invitation code");
            if (result instanceof Result.Registered) {
                accounts.put(
                        key,
                        Json.encode(new StoredInvitation(
                                invitation.get().patientId(), invitation.get().expiresAt(), true)));
            }
            return result;
        }
    }

    private Result register(NewAccount request, String password, String detail) {
        String username = request.username().toLowerCase(Locale.ROOT);
        if (!Ids.isScopedId(organisationId + ":" + username)) {
            return new Result.Refused("the username may use lower-case letters, digits, dots and dashes");
        }
        if (accounts.findByUserId(organisationId + ":" + username).isPresent()) {
            return new Result.Refused("that username is taken");
        }
        PasswordStrength.Rating rating =
                PasswordStrength.rate(password, List.of(username, request.displayName(), organisationId));
        if (!rating.acceptable()) {
            return new Result.Refused("the password is too weak: " + rating.reason());
        }
        NewAccount normalised = new NewAccount(
                request.organisationId(),
                username,
                request.displayName(),
                request.role(),
                request.departments(),
                request.patientIdOrEmpty());
        try {
            Account account = registration.register(normalised, password);
            events.record(new SecurityEvent(
                    clock.instant(), SecurityEvent.Type.ACCOUNT_CREATED, account.userId(), "", detail));
            return new Result.Registered(account);
        } catch (AuthException e) {
            if (e.code() == ErrorCode.CONFLICT) {
                return new Result.Refused("that username is taken");
            }
            return new Result.Refused(e.getMessage());
        }
    }

    private static String digest(String code) {
        return Hex.encode(Hashes.sha256(code.getBytes(StandardCharsets.UTF_8)));
    }
}
