package io.trustlake.auth;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Every part of sign-in wired as the composition root wires it, over one account store. */
final class AuthRig {
    static final String ADDRESS = "192.0.2.10";

    final TokenIssuer issuer;
    final InMemoryRevocationList revocations;
    final SecurityEvents events;
    final RefreshTokens refreshTokens;
    final Sessions sessions;
    final LoginThrottle throttle;
    final Challenges challenges;
    final Authenticator authenticator;
    final SecondFactorLogins secondFactors;
    final FactorEnrolment enrolment;
    final PictureLayouts layouts;
    final List<String> pushRequests = new ArrayList<>();

    AuthRig(AccountStore accounts, PasswordHasher hasher, TokenIssuer issuer, Clock clock) {
        this.issuer = issuer;
        this.revocations = new InMemoryRevocationList(clock, TokenConfig.defaults());
        this.events = new SecurityEvents(accounts);
        this.refreshTokens = new RefreshTokens(accounts, clock, java.time.Duration.ofHours(8));
        this.sessions = new Sessions(new Sessions.Parts(accounts, issuer, refreshTokens, revocations, events, clock));
        this.throttle = new LoginThrottle(LockoutPolicy.defaults(), clock);
        this.challenges = new Challenges(clock, Challenges.DEFAULT_LIFETIME);
        this.layouts = new PictureLayouts(clock);
        this.authenticator = new Authenticator(
                new Authenticator.Parts(accounts, hasher, sessions, throttle, challenges, events, layouts, clock));
        PushNotifier notifier =
                (userId, challengeId, address, expiresAt) -> pushRequests.add(userId + " " + challengeId);
        this.secondFactors = new SecondFactorLogins(
                new SecondFactorLogins.Parts(accounts, sessions, challenges, throttle, events, notifier, clock));
        this.enrolment =
                new FactorEnrolment(new FactorEnrolment.Parts(accounts, hasher, events, layouts, "Hospital ES", clock));
    }
}
