package io.trustlake.auth;

import static io.trustlake.auth.AuthRig.ADDRESS;
import static io.trustlake.auth.Fixtures.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.trustlake.common.crypto.Ed25519;
import io.trustlake.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lock-out, second factors, refresh tokens and sign-out, with the security events they leave. */
class SignInFlowTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static final String BOB = "hosp-es:bob";

    @TempDir
    Path directory;

    private final MutableClock clock = new MutableClock(START);
    private final PasswordHasher hasher = new PasswordHasher(PasswordHasherTest.FAST);
    private final TokenIssuer issuer =
            new TokenIssuer("hosp-es", new TokenKey("hosp-es-2025", Ed25519.generate()), clock, TokenConfig.defaults());
    private final InMemoryKeyDirectory keys = new InMemoryKeyDirectory();
    private AccountStore accounts;
    private AuthRig rig;
    private TokenVerifier verifier;

    @BeforeEach
    void openStore() {
        accounts = AccountStore.open(directory);
        rig = new AuthRig(accounts, hasher, issuer, clock);
        keys.add(issuer.publicKey());
        verifier = new TokenVerifier(keys, rig.revocations, clock, TokenConfig.defaults());
        new AccountRegistration(accounts, hasher, clock)
                .register(
                        NewAccount.staff("hosp-es", "bob", "Dr Bob", Role.PROFESSIONAL, List.of("hosp-es:cardiology")),
                        PASSWORD);
    }

    @AfterEach
    void closeStore() {
        accounts.close();
    }

    private LoginResult login(String password, String address) {
        return rig.authenticator.login("bob", password, address);
    }

    private List<SecurityEvent.Type> bobsEvents() {
        return rig.events.forUser(BOB, 100).stream().map(SecurityEvent::type).toList();
    }

    @Test
    void fiveFailuresLockTheAccountOutEvenForTheRightPasswordAndTheWaitDoubles() {
        for (int i = 0; i < 4; i++) {
            assertThat(login("wrong", ADDRESS)).isInstanceOf(LoginResult.Failure.class);
        }
        assertThat(login("wrong", ADDRESS)).isInstanceOf(LoginResult.Failure.class);

        assertThat(login(PASSWORD, "198.51.100.7")).isEqualTo(new LoginResult.LockedOut(Duration.ofSeconds(30)));
        clock.advance(Duration.ofSeconds(31));
        assertThat(login("wrong", ADDRESS)).isInstanceOf(LoginResult.Failure.class);
        assertThat(login(PASSWORD, ADDRESS)).isEqualTo(new LoginResult.LockedOut(Duration.ofSeconds(60)));
        clock.advance(Duration.ofSeconds(61));
        assertThat(login(PASSWORD, ADDRESS)).isInstanceOf(LoginResult.Success.class);
        assertThat(bobsEvents()).contains(SecurityEvent.Type.LOCKED_OUT, SecurityEvent.Type.LOGIN_FAILED);
        assertThat(bobsEvents().get(0)).isEqualTo(SecurityEvent.Type.LOGIN_SUCCEEDED);
    }

    @Test
    void oneAddressGuessingManyAccountsIsLockedOutPerAddress() {
        for (int i = 0; i < 20; i++) {
            rig.authenticator.login("user" + i, "guess", ADDRESS);
        }
        assertThat(login(PASSWORD, ADDRESS)).isInstanceOf(LoginResult.LockedOut.class);
        assertThat(login(PASSWORD, "198.51.100.7")).isInstanceOf(LoginResult.Success.class);
    }

    @Test
    void totpEnrolmentNeedsARightCodeAndThenSignInNeedsTheCodeOnce() {
        FactorEnrolment.TotpEnrolment enrolment = rig.enrolment.beginTotp(BOB);
        byte[] secret = Base32.decode(enrolment.secret());
        assertThat(rig.enrolment.confirmTotp(
                        BOB, "000000".equals(Totp.code(secret, clock.instant())) ? "111111" : "000000", ADDRESS))
                .isFalse();
        assertThat(rig.enrolment.confirmTotp(BOB, Totp.code(secret, clock.instant()), ADDRESS))
                .isTrue();
        clock.advance(Duration.ofSeconds(30));

        LoginResult first = login(PASSWORD, ADDRESS);
        assertThat(first).isInstanceOf(LoginResult.SecondFactorRequired.class);
        String challenge = ((LoginResult.SecondFactorRequired) first).challengeId();
        String code = Totp.code(secret, clock.instant());
        LoginResult done = rig.secondFactors.totp(challenge, code);

        assertThat(done).isInstanceOf(LoginResult.Success.class);
        Principal principal = principal(((LoginResult.Success) done).token().compact());
        assertThat(principal.authenticationMethods()).containsExactly("pwd", "otp");
        String again = ((LoginResult.SecondFactorRequired) login(PASSWORD, ADDRESS)).challengeId();
        assertThat(rig.secondFactors.totp(again, code))
                .isEqualTo(new LoginResult.Failure(LoginResult.Reason.WRONG_CODE));
        assertThat(bobsEvents()).contains(SecurityEvent.Type.FACTOR_ENROLLED, SecurityEvent.Type.SECOND_FACTOR_FAILED);
    }

    @Test
    void removingTotpNeedsThePassword() {
        FactorEnrolment.TotpEnrolment enrolment = rig.enrolment.beginTotp(BOB);
        rig.enrolment.confirmTotp(BOB, Totp.code(Base32.decode(enrolment.secret()), clock.instant()), ADDRESS);

        assertThat(rig.enrolment.removeTotp(BOB, "wrong", ADDRESS)).isFalse();
        assertThat(rig.enrolment.factors(BOB).hasTotp()).isTrue();
        assertThat(rig.enrolment.removeTotp(BOB, PASSWORD, ADDRESS)).isTrue();
        assertThat(login(PASSWORD, ADDRESS)).isInstanceOf(LoginResult.Success.class);
        assertThat(bobsEvents()).contains(SecurityEvent.Type.FACTOR_REMOVED);
    }

    @Test
    void pushApprovalSignsInOnlyOnceTheSameUserApprovesAndTimesOut() {
        Principal device = principal(
                ((LoginResult.Success) login(PASSWORD, ADDRESS)).token().compact());
        rig.enrolment.setPush(BOB, true, "", ADDRESS);

        String challenge = ((LoginResult.SecondFactorRequired) login(PASSWORD, ADDRESS)).challengeId();
        assertThat(rig.secondFactors.requestPush(challenge)).isInstanceOf(LoginResult.Waiting.class);
        assertThat(rig.pushRequests).containsExactly(BOB + " " + challenge);
        assertThat(rig.secondFactors.pushStatus(challenge)).isInstanceOf(LoginResult.Waiting.class);
        assertThat(rig.secondFactors.answerPush(device, challenge, true)).isTrue();
        LoginResult approved = rig.secondFactors.pushStatus(challenge);
        assertThat(approved).isInstanceOf(LoginResult.Success.class);
        assertThat(principal(((LoginResult.Success) approved).token().compact()).authenticationMethods())
                .containsExactly("pwd", "mca");

        String denied = ((LoginResult.SecondFactorRequired) login(PASSWORD, ADDRESS)).challengeId();
        rig.secondFactors.requestPush(denied);
        rig.secondFactors.answerPush(device, denied, false);
        assertThat(rig.secondFactors.pushStatus(denied))
                .isEqualTo(new LoginResult.Failure(LoginResult.Reason.PUSH_DENIED));

        String timedOut = ((LoginResult.SecondFactorRequired) login(PASSWORD, ADDRESS)).challengeId();
        rig.secondFactors.requestPush(timedOut);
        clock.advance(Challenges.DEFAULT_LIFETIME);
        assertThat(rig.secondFactors.answerPush(device, timedOut, true)).isFalse();
        assertThat(rig.secondFactors.pushStatus(timedOut))
                .isEqualTo(new LoginResult.Failure(LoginResult.Reason.CHALLENGE_EXPIRED));
    }

    @Test
    void anotherUserCannotApproveASignIn() {
        new AccountRegistration(accounts, hasher, clock)
                .register(NewAccount.staff("hosp-es", "eve", "Eve", Role.PROFESSIONAL, List.of()), PASSWORD);
        Principal eve = principal(((LoginResult.Success) rig.authenticator.login("eve", PASSWORD, ADDRESS))
                .token()
                .compact());
        rig.enrolment.setPush(BOB, true, "", ADDRESS);
        String challenge = ((LoginResult.SecondFactorRequired) login(PASSWORD, ADDRESS)).challengeId();
        rig.secondFactors.requestPush(challenge);

        assertThat(rig.secondFactors.answerPush(eve, challenge, true)).isFalse();
        assertThat(rig.secondFactors.pushStatus(challenge)).isInstanceOf(LoginResult.Waiting.class);
    }

    @Test
    void refreshTokensRotateAndAReusedOneRevokesItsWholeFamily() {
        LoginResult.Success signedIn = (LoginResult.Success) login(PASSWORD, ADDRESS);
        LoginResult refreshed = rig.sessions.refresh(signedIn.refreshToken(), ADDRESS);
        assertThat(refreshed).isInstanceOf(LoginResult.Success.class);
        String next = ((LoginResult.Success) refreshed).refreshToken();
        assertThat(next).isNotEqualTo(signedIn.refreshToken());

        assertThat(rig.sessions.refresh(signedIn.refreshToken(), ADDRESS))
                .isEqualTo(new LoginResult.Failure(LoginResult.Reason.REFRESH_TOKEN_INVALID));
        assertThat(rig.sessions.refresh(next, ADDRESS))
                .isEqualTo(new LoginResult.Failure(LoginResult.Reason.REFRESH_TOKEN_INVALID));
        assertThat(rig.events.forUser(BOB, 10).get(0).detail()).contains("REVOKED");
        assertThat(rig.events.forUser(BOB, 10).get(1).detail()).contains("REUSED");
    }

    @Test
    void signOutRevokesTheAccessTokenAndTheRefreshToken() {
        LoginResult.Success signedIn = (LoginResult.Success) login(PASSWORD, ADDRESS);
        Principal principal = principal(signedIn.token().compact());

        rig.sessions.logout(principal, Optional.of(signedIn.refreshToken()), ADDRESS);

        assertThat(verifier.verify(signedIn.token().compact()))
                .isEqualTo(new TokenCheck.Invalid(TokenCheck.Reason.REVOKED));
        assertThat(rig.sessions.refresh(signedIn.refreshToken(), ADDRESS)).isInstanceOf(LoginResult.Failure.class);
        assertThat(bobsEvents()).contains(SecurityEvent.Type.LOGGED_OUT);
    }

    @Test
    void revokingAllSessionsEndsEveryTokenIssuedBefore() {
        LoginResult.Success first = (LoginResult.Success) login(PASSWORD, ADDRESS);
        LoginResult.Success second = (LoginResult.Success) login(PASSWORD, "198.51.100.7");
        clock.advance(Duration.ofSeconds(1));

        rig.sessions.revokeAll(BOB, "password changed", ADDRESS);

        for (LoginResult.Success session : List.of(first, second)) {
            assertThat(verifier.verify(session.token().compact()))
                    .isEqualTo(new TokenCheck.Invalid(TokenCheck.Reason.REVOKED));
            assertThat(rig.sessions.refresh(session.refreshToken(), ADDRESS)).isInstanceOf(LoginResult.Failure.class);
        }
        clock.advance(Duration.ofSeconds(1));
        LoginResult.Success after = (LoginResult.Success) login(PASSWORD, ADDRESS);
        assertThat(verifier.verify(after.token().compact())).isInstanceOf(TokenCheck.Valid.class);
    }

    @Test
    void refreshTokensExpireWithTheirSignIn() {
        LoginResult.Success signedIn = (LoginResult.Success) login(PASSWORD, ADDRESS);
        clock.advance(Duration.ofHours(8));
        assertThat(rig.sessions.refresh(signedIn.refreshToken(), ADDRESS)).isInstanceOf(LoginResult.Failure.class);
        assertThat(rig.sessions.refresh("rt.nonsense", ADDRESS)).isInstanceOf(LoginResult.Failure.class);
    }

    /** Positions of these pictures in the layout, so a test picks as a user would. */
    private static List<Integer> positionsOf(PictureLayouts.Layout layout, List<String> pictures) {
        return pictures.stream().map(p -> layout.order().indexOf(p)).toList();
    }

    private static final List<String> PICTURES =
            List.of("animals-cat", "food-pear", "places-tent", "objects-key", "food-bread", "animals-snail");

    @Test
    void graphicalPasswordSignsInFromAFreshlyShuffledLayoutAndEachLayoutWorksOnce() {
        PictureLayouts.Layout enrol = rig.layouts.issue();
        List<Integer> scattered = positionsOf(enrol, PICTURES);
        PictureStrength.Rating rating = rig.enrolment.setPicturePassword(BOB, PASSWORD, enrol.id(), scattered, ADDRESS);
        // A shuffled layout may by chance put two picks side by side; then the rating says so.
        assertThat(rating.acceptable())
                .as(rating.reason())
                .isEqualTo(PictureStrength.rate(PICTURES, scattered).acceptable());
        if (!rating.acceptable()) {
            return;
        }
        assertThat(accounts.findByUserId(BOB).orElseThrow().picturePasswordHashOrEmpty())
                .startsWith("$argon2id$");

        PictureLayouts.Layout first = rig.layouts.issue();
        PictureLayouts.Layout second = rig.layouts.issue();
        assertThat(first.order()).isNotEqualTo(second.order());
        LoginResult result =
                rig.authenticator.loginWithPictures("bob", first.id(), positionsOf(first, PICTURES), ADDRESS);
        assertThat(result).isInstanceOf(LoginResult.Success.class);
        assertThat(principal(((LoginResult.Success) result).token().compact()).authenticationMethods())
                .containsExactly("pic");

        assertThat(rig.authenticator.loginWithPictures("bob", first.id(), positionsOf(first, PICTURES), ADDRESS))
                .isEqualTo(new LoginResult.Failure(LoginResult.Reason.UNKNOWN_USER_OR_WRONG_PASSWORD));
        List<String> wrongOrder = new java.util.ArrayList<>(PICTURES);
        java.util.Collections.swap(wrongOrder, 0, 1);
        assertThat(rig.authenticator.loginWithPictures("bob", second.id(), positionsOf(second, wrongOrder), ADDRESS))
                .isEqualTo(new LoginResult.Failure(LoginResult.Reason.UNKNOWN_USER_OR_WRONG_PASSWORD));
        assertThat(login(PASSWORD, ADDRESS)).isInstanceOf(LoginResult.Success.class);
    }

    @Test
    void weakPictureChoiceIsRefusedAndNothingIsStored() {
        PictureLayouts.Layout enrol = rig.layouts.issue();
        List<String> animals =
                List.of("animals-cat", "animals-dog", "animals-fish", "animals-bird", "animals-owl", "animals-bee");
        PictureStrength.Rating rating =
                rig.enrolment.setPicturePassword(BOB, PASSWORD, enrol.id(), positionsOf(enrol, animals), ADDRESS);
        assertThat(rating.acceptable()).isFalse();
        assertThat(accounts.findByUserId(BOB).orElseThrow().picturePasswordHashOrEmpty())
                .isEmpty();
        PictureLayouts.Layout again = rig.layouts.issue();
        assertThat(rig.enrolment
                        .setPicturePassword(BOB, "wrong", again.id(), positionsOf(again, PICTURES), ADDRESS)
                        .reason())
                .isEqualTo("the password is wrong");
    }

    @Test
    void anAccountWithoutAGraphicalPasswordCannotSignInWithPictures() {
        PictureLayouts.Layout layout = rig.layouts.issue();
        assertThat(rig.authenticator.loginWithPictures("bob", layout.id(), positionsOf(layout, PICTURES), ADDRESS))
                .isEqualTo(new LoginResult.Failure(LoginResult.Reason.UNKNOWN_USER_OR_WRONG_PASSWORD));
    }

    @Test
    void passwordChangeRefusesWeakPasswordsAndTheOldPasswordStopsWorking() {
        assertThat(rig.enrolment
                        .changePassword(BOB, "wrong", "violet tractor sings under ice", ADDRESS)
                        .reason())
                .isEqualTo("the current password is wrong");
        assertThat(rig.enrolment
                        .changePassword(BOB, PASSWORD, "password1", ADDRESS)
                        .acceptable())
                .isFalse();
        assertThat(rig.enrolment
                        .changePassword(BOB, PASSWORD, "violet tractor sings under ice", ADDRESS)
                        .acceptable())
                .isTrue();
        assertThat(login(PASSWORD, ADDRESS)).isInstanceOf(LoginResult.Failure.class);
        assertThat(login("violet tractor sings under ice", ADDRESS)).isInstanceOf(LoginResult.Success.class);
        assertThat(bobsEvents()).contains(SecurityEvent.Type.PASSWORD_CHANGED);
    }

    @Test
    void aTokenVerifiedBeforeIsStillRefusedOnceExpiredOrRevoked() {
        LoginResult.Success signedIn = (LoginResult.Success) login(PASSWORD, ADDRESS);
        String token = signedIn.token().compact();
        assertThat(verifier.verify(token)).isInstanceOf(TokenCheck.Valid.class);
        assertThat(verifier.verify(token)).isInstanceOf(TokenCheck.Valid.class);

        rig.revocations.revoke(signedIn.token().tokenId(), signedIn.token().expiresAt());
        assertThat(verifier.verify(token)).isEqualTo(new TokenCheck.Invalid(TokenCheck.Reason.REVOKED));

        String other = ((LoginResult.Success) login(PASSWORD, ADDRESS)).token().compact();
        assertThat(verifier.verify(other)).isInstanceOf(TokenCheck.Valid.class);
        clock.advance(TokenConfig.DEFAULT_LIFETIME.plus(TokenConfig.DEFAULT_CLOCK_SKEW));
        assertThat(verifier.verify(other)).isEqualTo(new TokenCheck.Invalid(TokenCheck.Reason.EXPIRED));
    }

    @Test
    void aVerifiedTokensKeyIsCheckedAgainAfterAMinute() {
        String token = ((LoginResult.Success) login(PASSWORD, ADDRESS)).token().compact();
        assertThat(verifier.verify(token)).isInstanceOf(TokenCheck.Valid.class);
        keys.remove(issuer.publicKey().kid());
        clock.advance(TokenVerifier.RECHECK_AFTER);
        assertThat(verifier.verify(token)).isEqualTo(new TokenCheck.Invalid(TokenCheck.Reason.UNKNOWN_KEY));
    }

    private Principal principal(String token) {
        return ((TokenCheck.Valid) verifier.verify(token)).principal();
    }
}
