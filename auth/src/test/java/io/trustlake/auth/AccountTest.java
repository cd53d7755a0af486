package io.trustlake.auth;

import static io.trustlake.auth.Fixtures.HOSPITAL;
import static io.trustlake.auth.Fixtures.PATIENT_ID;
import static io.trustlake.auth.Fixtures.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccountTest {
    @Test
    void patientIdIsPresentOnlyForPatients() {
        assertThat(Fixtures.patient("ana", "h").patientId()).contains(PATIENT_ID);
        assertThat(Fixtures.professional("bob", "h").patientId()).isEmpty();
    }

    @Test
    void patientWithoutPatientIdIsRefused() {
        assertThatThrownBy(() -> account("ana", Role.PATIENT, List.of(), ""))
                .isInstanceOf(TrustlakeException.class)
                .extracting(e -> ((TrustlakeException) e).code())
                .isEqualTo(ErrorCode.INVALID_ID);
    }

    @Test
    void professionalWithPatientIdIsRefused() {
        assertThatThrownBy(() -> account("bob", Role.PROFESSIONAL, List.of(), PATIENT_ID))
                .isInstanceOf(AuthException.class);
    }

    @Test
    void departmentOfAnotherOrganisationIsRefused() {
        assertThatThrownBy(() -> account("bob", Role.PROFESSIONAL, List.of("hosp-it:cardiology"), ""))
                .isInstanceOf(AuthException.class)
                .hasMessageContaining("another organisation");
    }

    @Test
    void userIdMustBeOrganisationAndUsername() {
        assertThatThrownBy(() -> new Account(
                        "hosp-es:eve",
                        "bob",
                        "Bob",
                        Role.ADMIN,
                        HOSPITAL,
                        List.of(),
                        "",
                        "h",
                        AccountStatus.ACTIVE,
                        START))
                .isInstanceOf(AuthException.class);
        assertThatThrownBy(() -> account("Bob", Role.ADMIN, List.of(), "")).isInstanceOf(TrustlakeException.class);
    }

    @Test
    void textFormLeavesThePasswordHashOut() {
        String secretHash = "$argon2id$v=19$m=64,t=1,p=1$c2VjcmV0c2FsdA$c2VjcmV0aGFzaHNlY3JldGhhc2g";

        assertThat(Fixtures.professional("bob", secretHash).toString())
                .contains("hosp-es:bob")
                .doesNotContain(secretHash)
                .doesNotContain("argon2");
    }

    private static Account account(String username, Role role, List<String> departments, String patientId) {
        return new Account(
                HOSPITAL + ":" + username,
                username,
                username,
                role,
                HOSPITAL,
                departments,
                patientId,
                "h",
                AccountStatus.ACTIVE,
                START);
    }
}
