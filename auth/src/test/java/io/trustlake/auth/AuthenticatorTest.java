package io.trustlake.auth;

import static io.trustlake.auth.Fixtures.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.trustlake.common.crypto.Argon2id;
import io.trustlake.common.crypto.Ed25519;
import io.trustlake.testkit.MutableClock;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthenticatorTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static final LoginResult REFUSED =
            new LoginResult.Failure(LoginResult.Reason.UNKNOWN_USER_OR_WRONG_PASSWORD);

    @TempDir
    Path directory;

    private final MutableClock clock = new MutableClock(START);
    private final PasswordHasher hasher = new PasswordHasher(PasswordHasherTest.FAST);
    private final TokenIssuer issuer =
            new TokenIssuer("hosp-es", new TokenKey("hosp-es-2025", Ed25519.generate()), clock, TokenConfig.defaults());
    private final InMemoryKeyDirectory keys = new InMemoryKeyDirectory();
    private final TokenVerifier verifier = new TokenVerifier(
            keys, new InMemoryRevocationList(clock, TokenConfig.defaults()), clock, TokenConfig.defaults());
    private AccountStore accounts;
    private Authenticator authenticator;

    @BeforeEach
    void openStore() {
        accounts = AccountStore.open(directory);
        authenticator = new AuthRig(accounts, hasher, issuer, clock).authenticator;
        keys.add(issuer.publicKey());
        new AccountRegistration(accounts, hasher, clock)
                .register(
                        NewAccount.staff("hosp-es", "bob", "Dr Bob", Role.PROFESSIONAL, List.of("hosp-es:cardiology")),
                        PASSWORD);
    }

    @AfterEach
    void closeStore() {
        accounts.close();
    }

    @Test
    void rightPasswordIssuesATokenThatVerifiesIntoTheAccountsPrincipal() {
        LoginResult result = authenticator.login("bob", PASSWORD, AuthRig.ADDRESS);

        assertThat(result).isInstanceOf(LoginResult.Success.class);
        LoginResult.Success success = (LoginResult.Success) result;
        assertThat(success.account().userId()).isEqualTo("hosp-es:bob");
        TokenCheck check = verifier.verify(success.token().compact());
        assertThat(check).isInstanceOf(TokenCheck.Valid.class);
        Principal principal = ((TokenCheck.Valid) check).principal();
        assertThat(principal.userId()).isEqualTo("hosp-es:bob");
        assertThat(principal.role()).isEqualTo(Role.PROFESSIONAL);
        assertThat(principal.organisationId()).isEqualTo("hosp-es");
        assertThat(principal.departments()).containsExactly("hosp-es:cardiology");
        assertThat(principal.patientId()).isEmpty();
        assertThat(principal.authenticationMethods()).containsExactly("pwd");
        assertThat(principal.tokenId()).isEqualTo(success.token().tokenId());
    }

    @Test
    void patientSignsInWithTheirPatientIdInTheToken() {
        new AccountRegistration(accounts, hasher, clock)
                .register(NewAccount.patient("hosp-es", "ana", "Ana", Fixtures.PATIENT_ID), "ana's secret");

        LoginResult result = authenticator.login("ana", "ana's secret", AuthRig.ADDRESS);

        assertThat(result).isInstanceOfSatisfying(LoginResult.Success.class, success -> assertThat(
                        verifier.verify(success.token().compact()))
                .isInstanceOfSatisfying(
                        TokenCheck.Valid.class,
                        valid -> assertThat(valid.principal().patientId()).contains(Fixtures.PATIENT_ID)));
    }

    @Test
    void usernameIsCaseInsensitive() {
        assertThat(authenticator.login("BoB", PASSWORD, AuthRig.ADDRESS)).isInstanceOf(LoginResult.Success.class);
    }

    @Test
    void wrongPasswordAndUnknownUserGiveTheSameReason() {
        assertThat(authenticator.login("bob", "wrong", AuthRig.ADDRESS)).isEqualTo(REFUSED);
        assertThat(authenticator.login("nobody", PASSWORD, AuthRig.ADDRESS)).isEqualTo(REFUSED);
        assertThat(authenticator.login("not a valid username!", PASSWORD, AuthRig.ADDRESS))
                .isEqualTo(REFUSED);
        assertThat(authenticator.login("", "", AuthRig.ADDRESS)).isEqualTo(REFUSED);
    }

    @Test
    void accountsOfOtherOrganisationsCannotSignInHere() {
        accounts.create(new Account(
                "hosp-it:carla",
                "carla",
                "Carla",
                Role.RESEARCHER,
                "hosp-it",
                List.of(),
                "",
                hasher.hash(PASSWORD),
                AccountStatus.ACTIVE,
                START));

        assertThat(authenticator.login("carla", PASSWORD, AuthRig.ADDRESS)).isEqualTo(REFUSED);
        assertThat(authenticator.login("hosp-it:carla", PASSWORD, AuthRig.ADDRESS))
                .isEqualTo(REFUSED);
    }

    @Test
    void disabledAccountIsRefusedButOnlyTellsSoToWhoeverKnowsThePassword() {
        Account bob = accounts.findByUserId("hosp-es:bob").orElseThrow();
        accounts.update(bob.withStatus(AccountStatus.DISABLED));

        assertThat(authenticator.login("bob", PASSWORD, AuthRig.ADDRESS))
                .isEqualTo(new LoginResult.Failure(LoginResult.Reason.ACCOUNT_DISABLED));
        assertThat(authenticator.login("bob", "wrong", AuthRig.ADDRESS)).isEqualTo(REFUSED);
    }

    @Test
    void corruptStoredHashFailsSignInCleanly() {
        Account bob = accounts.findByUserId("hosp-es:bob").orElseThrow();
        accounts.update(bob.withPasswordHash("$argon2id$v=19$garbage"));

        assertThat(authenticator.login("bob", PASSWORD, AuthRig.ADDRESS)).isEqualTo(REFUSED);
    }

    @Test
    void outdatedHashIsUpgradedToThePolicyAtTheNextLogin() {
        Argon2id.Parameters stronger = new Argon2id.Parameters(128, 2, 1, 32);
        PasswordHasher strongerHasher = new PasswordHasher(stronger);
        Authenticator upgraded = new AuthRig(accounts, strongerHasher, issuer, clock).authenticator;
        String before = accounts.findByUserId("hosp-es:bob").orElseThrow().passwordHash();

        assertThat(upgraded.login("bob", "wrong", AuthRig.ADDRESS)).isEqualTo(REFUSED);
        assertThat(accounts.findByUserId("hosp-es:bob").orElseThrow().passwordHash())
                .isEqualTo(before);
        assertThat(upgraded.login("bob", PASSWORD, AuthRig.ADDRESS)).isInstanceOf(LoginResult.Success.class);

        String after = accounts.findByUserId("hosp-es:bob").orElseThrow().passwordHash();
        assertThat(after).startsWith("$argon2id$v=19$m=128,t=2,p=1$");
        assertThat(strongerHasher.needsRehash(after)).isFalse();
        assertThat(upgraded.login("bob", PASSWORD, AuthRig.ADDRESS)).isInstanceOf(LoginResult.Success.class);
    }

    @Test
    void currentHashIsLeftAloneAtLogin() {
        String before = accounts.findByUserId("hosp-es:bob").orElseThrow().passwordHash();

        authenticator.login("bob", PASSWORD, AuthRig.ADDRESS);

        assertThat(accounts.findByUserId("hosp-es:bob").orElseThrow().passwordHash())
                .isEqualTo(before);
    }
}
