package io.trustlake.auth;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The second step of a sign-in whose password was right: a TOTP code, or a push approval from a
 * device where the user is already signed in. A challenge allows a few wrong codes; then it is
 * closed and the failure counts towards the account's lock-out. Each TOTP step is accepted once.
 * The access token's {@code amr} is {@code pwd} plus {@code otp} (TOTP) or {@code mca} (approval
 * over a second channel). Thread-safe.
 */
public final class SecondFactorLogins {
    static final String OTP_METHOD = "otp";
    static final String PUSH_METHOD = "mca";

    private final AccountStore accounts;
    private final Sessions sessions;
    private final Challenges challenges;
    private final LoginThrottle throttle;
    private final SecurityEvents events;
    private final PushNotifier notifier;
    private final Clock clock;

    /** What the second step needs, wired by the composition root. */
    public record Parts(
            AccountStore accounts,
            Sessions sessions,
            Challenges challenges,
            LoginThrottle throttle,
            SecurityEvents events,
            PushNotifier notifier,
            Clock clock) {}

    public SecondFactorLogins(Parts parts) {
        this.accounts = parts.accounts();
        this.sessions = parts.sessions();
        this.challenges = parts.challenges();
        this.throttle = parts.throttle();
        this.events = parts.events();
        this.notifier = parts.notifier();
        this.clock = parts.clock();
    }

    /** Completes a challenge with a 6-digit TOTP code. */
    public LoginResult totp(String challengeId, String code) {
        Optional<Challenges.Challenge> challenge = challenges.find(challengeId);
        if (challenge.isEmpty()) {
            return new LoginResult.Failure(LoginResult.Reason.CHALLENGE_EXPIRED);
        }
        Challenges.Challenge open = challenge.get();
        Optional<Account> account = accounts.findByUserId(open.userId());
        if (account.isEmpty() || !account.get().factors().hasTotp()) {
            return new LoginResult.Failure(LoginResult.Reason.METHOD_NOT_ENROLLED);
        }
        byte[] secret = Base32.decode(account.get().factors().totpSecretOrEmpty());
        OptionalLong step = Totp.matchingStep(
                secret, code.trim(), clock.instant(), account.get().factors().totpLastStep());
        if (step.isEmpty() || !markUsed(open.userId(), step.getAsLong())) {
            return wrongCode(open);
        }
        challenges.close(challengeId);
        return sessions.start(
                accounts.findByUserId(open.userId()).orElseThrow(),
                List.of(open.firstMethod(), OTP_METHOD),
                open.clientAddress());
    }

    /** Stores the step as used unless a concurrent sign-in used it (or a later one) first. */
    private boolean markUsed(String userId, long step) {
        boolean[] fresh = {false};
        accounts.modify(userId, a -> {
            if (a.factors().totpLastStep() >= step) {
                return a;
            }
            fresh[0] = true;
            return a.withFactors(a.factors().withTotpUsed(step));
        });
        return fresh[0];
    }

    private LoginResult wrongCode(Challenges.Challenge open) {
        events.record(new SecurityEvent(
                clock.instant(),
                SecurityEvent.Type.SECOND_FACTOR_FAILED,
                open.userId(),
                open.clientAddress(),
                "wrong or reused one-time code"));
        Optional<Challenges.Challenge> updated = challenges.update(open.id(), Challenges.Challenge::withWrongCode);
        if (updated.map(c -> c.wrongCodes() >= Challenges.MAX_WRONG_CODES).orElse(true)) {
            challenges.close(open.id());
            throttle.failed(open.userId(), open.clientAddress());
        }
        return new LoginResult.Failure(LoginResult.Reason.WRONG_CODE);
    }

    /** Sends a push approval request to the user's signed-in devices. */
    public LoginResult requestPush(String challengeId) {
        Optional<Challenges.Challenge> challenge = challenges.find(challengeId);
        if (challenge.isEmpty()) {
            return new LoginResult.Failure(LoginResult.Reason.CHALLENGE_EXPIRED);
        }
        Challenges.Challenge open = challenge.get();
        if (!open.methods().contains(SecondFactors.PUSH)) {
            return new LoginResult.Failure(LoginResult.Reason.METHOD_NOT_ENROLLED);
        }
        challenges.update(challengeId, c -> c.withPush(Challenges.PushState.WAITING));
        notifier.approvalRequested(open.userId(), open.id(), open.clientAddress(), open.expiresAt());
        return new LoginResult.Waiting(open.id(), open.expiresAt());
    }

    /** Where a push approval stands: still waiting, approved (signed in), refused or timed out. */
    public LoginResult pushStatus(String challengeId) {
        Optional<Challenges.Challenge> challenge = challenges.find(challengeId);
        if (challenge.isEmpty()) {
            return new LoginResult.Failure(LoginResult.Reason.CHALLENGE_EXPIRED);
        }
        Challenges.Challenge open = challenge.get();
        return switch (open.push()) {
            case APPROVED -> approved(open);
            case DENIED -> {
                challenges.close(challengeId);
                yield new LoginResult.Failure(LoginResult.Reason.PUSH_DENIED);
            }
            case WAITING -> new LoginResult.Waiting(open.id(), open.expiresAt());
            case NOT_REQUESTED -> new LoginResult.Failure(LoginResult.Reason.METHOD_NOT_ENROLLED);
        };
    }

    private LoginResult approved(Challenges.Challenge open) {
        challenges.close(open.id());
        return sessions.start(
                accounts.findByUserId(open.userId()).orElseThrow(),
                List.of(open.firstMethod(), PUSH_METHOD),
                open.clientAddress());
    }

    /** A sign-in waiting for the user's approval, as the approving device shows it. */
    public record WaitingApproval(String challengeId, String clientAddress, java.time.Instant expiresAt) {}

    public List<WaitingApproval> waitingFor(String userId) {
        return challenges.waitingFor(userId).stream()
                .map(c -> new WaitingApproval(c.id(), c.clientAddress(), c.expiresAt()))
                .toList();
    }

    /**
     * The answer from a signed-in device of the same user. Returns false if there is no waiting
     * request of this user with that id (expired, answered, or someone else's).
     */
    public boolean answerPush(Principal approver, String challengeId, boolean approve) {
        Optional<Challenges.Challenge> challenge = challenges.find(challengeId);
        if (challenge.isEmpty()
                || !challenge.get().userId().equals(approver.userId())
                || challenge.get().push() != Challenges.PushState.WAITING) {
            return false;
        }
        challenges.update(
                challengeId, c -> c.withPush(approve ? Challenges.PushState.APPROVED : Challenges.PushState.DENIED));
        if (!approve) {
            events.record(new SecurityEvent(
                    clock.instant(),
                    SecurityEvent.Type.SECOND_FACTOR_FAILED,
                    approver.userId(),
                    challenge.get().clientAddress(),
                    "sign-in refused from a signed-in device"));
        }
        return true;
    }
}
