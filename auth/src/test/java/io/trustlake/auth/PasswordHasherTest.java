package io.trustlake.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustlake.common.crypto.Argon2id;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    static final Argon2id.Parameters FAST = new Argon2id.Parameters(64, 1, 1, 32);
    private static final String PASSWORD = "correct horse battery staple";
    /** Made by the reference implementation: {@code argon2 trustlake-salt16 -id -t 2 -k 64 -p 1 -l 32 -e}. */
    private static final String REFERENCE_HASH =
            "$argon2id$v=19$m=64,t=2,p=1$dHJ1c3RsYWtlLXNhbHQxNg$AQVv/wDn4rs4qcd5YqLOeWvm442PBQM1P2LmYIa1Os0";

    private final PasswordHasher hasher = new PasswordHasher(FAST);

    @Test
    void defaultPolicyWritesOwaspParametersInPhcFormat() {
        String phc = new PasswordHasher(AuthConfig.defaults().passwordHashing()).hash(PASSWORD);

        assertThat(phc).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    }

    @Test
    void verifiesHashesOfTheReferenceImplementation() {
        assertThat(hasher.verify(PASSWORD, REFERENCE_HASH)).isTrue();
        assertThat(
                        hasher.verify(
                                "pässwörd",
                                "$argon2id$v=19$m=256,t=1,p=2$YW5vdGhlci1zYWx0LTE2Yg$KLEzATEiCjXdZMBd98JNu+RBXMnNz/coXJACXGwO37w"))
                .isTrue();
        assertThat(
                        new PasswordHasher(AuthConfig.DEFAULT_PASSWORD_HASHING)
                                .verify(
                                        PASSWORD,
                                        "$argon2id$v=19$m=19456,t=2,p=1$dHJ1c3RsYWtlLXNhbHQxNg$insWOHt3Uqgr2T2Njroz83ZKMrW623HFILVLyn/0uZs"))
                .isTrue();
    }

    @Test
    void wrongPasswordFails() {
        String phc = hasher.hash(PASSWORD);

        assertThat(hasher.verify("correct horse battery stapler", phc)).isFalse();
        assertThat(hasher.verify("", phc)).isFalse();
        assertThat(hasher.verify("Correct horse battery staple", REFERENCE_HASH))
                .isFalse();
    }

    @Test
    void everyHashHasItsOwnSalt() {
        assertThat(hasher.hash(PASSWORD)).isNotEqualTo(hasher.hash(PASSWORD));
    }

    @Test
    void passwordsAreComparedAfterUnicodeNormalisation() {
        String composed = "caf\u00e9";
        String decomposed = "cafe\u0301";

        assertThat(hasher.verify(decomposed, hasher.hash(composed))).isTrue();
    }

    @Test
    void malformedPhcStringsFailVerificationWithoutThrowing() {
        String salt = "dHJ1c3RsYWtlLXNhbHQxNg";
        String hash = "AQVv/wDn4rs4qcd5YqLOeWvm442PBQM1P2LmYIa1Os0";
        String[] malformed = {
            "",
            "garbage",
            "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
            "$argon2i$v=19$m=64,t=2,p=1$" + salt + "$" + hash,
            "$argon2id$v=16$m=64,t=2,p=1$" + salt + "$" + hash,
            "$argon2id$m=64,t=2,p=1$" + salt + "$" + hash,
            "$argon2id$v=19$t=2,m=64,p=1$" + salt + "$" + hash,
            "$argon2id$v=19$m=064,t=2,p=1$" + salt + "$" + hash,
            "$argon2id$v=19$m=64,t=0,p=1$" + salt + "$" + hash,
            "$argon2id$v=19$m=4,t=2,p=1$" + salt + "$" + hash,
            "$argon2id$v=19$m=9999999999,t=2,p=1$" + salt + "$" + hash,
            "$argon2id$v=19$m=64,t=2,p=1$" + salt,
            "$argon2id$v=19$m=64,t=2,p=1$" + salt + "$" + hash + "=",
            "$argon2id$v=19$m=64,t=2,p=1$" + salt + "$" + hash.replace('/', '_'),
            "$argon2id$v=19$m=64,t=2,p=1$" + salt + "$" + hash.substring(0, hash.length() - 1) + "1",
            "$argon2id$v=19$m=64,t=2,p=1$c2FsdA$" + hash,
            "$argon2id$v=19$m=64,t=2,p=1$" + salt + "$AQVv/wDn4rs4qcd5",
            "$argon2id$v=19$m=64,t=2,p=1,data=AAAA$" + salt + "$" + hash,
            "$argon2id$v=19$m=64,t=2,p=1$" + salt + "$" + hash + "$",
        };
        for (String phc : malformed) {
            assertThat(hasher.verify(PASSWORD, phc)).as(phc).isFalse();
            assertThat(hasher.needsRehash(phc)).as(phc).isTrue();
        }
    }

    @Test
    void needsRehashOnlyWhenStoredParametersDifferFromThePolicy() {
        PasswordHasher stronger = new PasswordHasher(new Argon2id.Parameters(128, 2, 1, 32));
        String phc = hasher.hash(PASSWORD);

        assertThat(hasher.needsRehash(phc)).isFalse();
        assertThat(stronger.needsRehash(phc)).isTrue();
        assertThat(new PasswordHasher(new Argon2id.Parameters(64, 1, 1, 64)).needsRehash(phc))
                .isTrue();
        assertThat(stronger.verify(PASSWORD, phc)).isTrue();
    }

    @Property(tries = 40)
    void anyPasswordRoundTripsThroughItsPhcString(@ForAll String password) {
        String phc = hasher.hash(password);

        assertThat(hasher.verify(password, phc)).isTrue();
        assertThat(hasher.verify(password + "x", phc)).isFalse();
    }
}
