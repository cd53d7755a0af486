package io.trustlake.auth;

import java.time.Clock;
import java.time.Duration;

/**
 * Everything one organisation's node needs to sign its users in and keep their sessions, built
 * over its account store. Built once by the composition root ({@link #create}).
 *
 * @param signingKey the public half of the key this node signs tokens with, served as a JWK
 */
public record AuthServices(
        Authenticator authenticator,
        SecondFactorLogins secondFactors,
        Sessions sessions,
        FactorEnrolment enrolment,
        SecurityEvents events,
        PublicTokenKey signingKey,
        PushRelay push,
        PictureLayouts pictureLayouts,
        Registrations registrations) {

    /** How the services are tuned; see {@link AuthConfig} for the defaults. */
    public record Settings(AuthConfig config, String organisationName, Clock clock) {}

    public static AuthServices create(
            AccountStore accounts,
            PasswordHasher hasher,
            TokenIssuer issuer,
            InMemoryRevocationList revocations,
            Settings settings) {
        Clock clock = settings.clock();
        AuthConfig config = settings.config();
        SecurityEvents events = new SecurityEvents(accounts);
        RefreshTokens refreshTokens = new RefreshTokens(accounts, clock, config.refreshLifetime());
        Sessions sessions =
                new Sessions(new Sessions.Parts(accounts, issuer, refreshTokens, revocations, events, clock));
        LoginThrottle throttle = new LoginThrottle(config.lockout(), clock);
        Challenges challenges = new Challenges(clock, config.secondFactorTimeout());
        PushRelay push = new PushRelay();
        PictureLayouts layouts = new PictureLayouts(clock);
        return new AuthServices(
                new Authenticator(new Authenticator.Parts(
                        accounts, hasher, sessions, throttle, challenges, events, layouts, clock)),
                new SecondFactorLogins(
                        new SecondFactorLogins.Parts(accounts, sessions, challenges, throttle, events, push, clock)),
                sessions,
                new FactorEnrolment(new FactorEnrolment.Parts(
                        accounts, hasher, events, layouts, settings.organisationName(), clock)),
                events,
                issuer.publicKey(),
                push,
                layouts,
                new Registrations(new Registrations.Parts(
                        issuer.organisationId(),
                        new AccountRegistration(accounts, hasher, clock),
                        accounts,
                        events,
                        clock)));
    }

    /** The default refresh lifetime: a working day. */
    public static final Duration DEFAULT_REFRESH_LIFETIME = Duration.ofHours(12);
}
