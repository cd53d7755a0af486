package io.trustlake.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustlake.common.error.ErrorCode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountStoreTest {
    @TempDir
    Path directory;

    @Test
    void createdAccountIsFoundByUserIdAndByUsername() {
        Account bob = Fixtures.professional("bob", "hash-1");
        try (AccountStore store = AccountStore.open(directory)) {
            store.create(bob);

            assertThat(store.findByUserId("hosp-es:bob")).contains(bob);
            assertThat(store.findByUsername("hosp-es", "bob")).contains(bob);
            assertThat(store.findByUsername("hosp-it", "bob")).isEmpty();
            assertThat(store.findByUserId("hosp-es:nobody")).isEmpty();
        }
    }

    @Test
    void patientAccountKeepsItsPatientIdThroughStorage() {
        Account ana = Fixtures.patient("ana", "hash-1");
        try (AccountStore store = AccountStore.open(directory)) {
            store.create(ana);

            assertThat(store.findByUserId("hosp-es:ana").flatMap(Account::patientId))
                    .contains(Fixtures.PATIENT_ID);
        }
    }

    @Test
    void duplicateUsernameInTheSameOrganisationIsRefusedWithConflict() {
        try (AccountStore store = AccountStore.open(directory)) {
            store.create(Fixtures.professional("bob", "hash-1"));

            assertThatThrownBy(() -> store.create(Fixtures.professional("bob", "hash-2")))
                    .isInstanceOf(AuthException.class)
                    .extracting(e -> ((AuthException) e).code())
                    .isEqualTo(ErrorCode.CONFLICT);
            assertThat(store.findByUserId("hosp-es:bob").map(Account::passwordHash))
                    .contains("hash-1");
        }
    }

    @Test
    void sameUsernameInAnotherOrganisationIsAllowed() {
        Account other = new Account(
                "hosp-it:bob",
                "bob",
                "Bob",
                Role.RESEARCHER,
                "hosp-it",
                List.of(),
                "",
                "hash-2",
                AccountStatus.ACTIVE,
                Fixtures.START);
        try (AccountStore store = AccountStore.open(directory)) {
            store.create(Fixtures.professional("bob", "hash-1"));
            store.create(other);

            assertThat(store.list()).extracting(Account::userId).containsExactly("hosp-es:bob", "hosp-it:bob");
        }
    }

    @Test
    void accountsSurviveReopeningTheStore() {
        try (AccountStore store = AccountStore.open(directory)) {
            store.create(Fixtures.professional("bob", "hash-1"));
            store.create(Fixtures.patient("ana", "hash-2"));
        }
        try (AccountStore reopened = AccountStore.open(directory)) {
            assertThat(reopened.list()).extracting(Account::userId).containsExactly("hosp-es:ana", "hosp-es:bob");
        }
    }

    @Test
    void updatingAMissingAccountIsNotFound() {
        try (AccountStore store = AccountStore.open(directory)) {
            assertThatThrownBy(() -> store.update(Fixtures.professional("bob", "hash-1")))
                    .isInstanceOf(AuthException.class)
                    .extracting(e -> ((AuthException) e).code())
                    .isEqualTo(ErrorCode.NOT_FOUND);
        }
    }

    @Test
    void updateReplacesTheStoredAccount() {
        try (AccountStore store = AccountStore.open(directory)) {
            Account bob = Fixtures.professional("bob", "hash-1");
            store.create(bob);
            store.update(bob.withStatus(AccountStatus.DISABLED));

            assertThat(store.findByUserId(bob.userId()).map(Account::status)).contains(AccountStatus.DISABLED);
        }
    }

    @Test
    void passwordHashIsReplacedOnlyIfUnchangedSinceRead() {
        try (AccountStore store = AccountStore.open(directory)) {
            store.create(Fixtures.professional("bob", "hash-1"));

            assertThat(store.replacePasswordHash("hosp-es:bob", "stale", "hash-2"))
                    .isFalse();
            assertThat(store.replacePasswordHash("hosp-es:bob", "hash-1", "hash-2"))
                    .isTrue();
            assertThat(store.replacePasswordHash("hosp-es:nobody", "hash-1", "hash-2"))
                    .isFalse();
            assertThat(store.findByUserId("hosp-es:bob").map(Account::passwordHash))
                    .contains("hash-2");
        }
    }
}
