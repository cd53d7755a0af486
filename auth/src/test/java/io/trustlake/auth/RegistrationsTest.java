package io.trustlake.auth;

import static io.trustlake.auth.Fixtures.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.trustlake.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistrationsTest {
    private static final String STRONG = "violet tractor sings under ice";

    @TempDir
    Path directory;

    private final MutableClock clock = new MutableClock(START);
    private AccountStore accounts;
    private Registrations registrations;

    @BeforeEach
    void open() {
        accounts = AccountStore.open(directory);
        PasswordHasher hasher = new PasswordHasher(PasswordHasherTest.FAST);
        registrations = new Registrations(new Registrations.Parts(
                "hosp-es",
                new AccountRegistration(accounts, hasher, clock),
                accounts,
                new SecurityEvents(accounts),
                clock));
    }

    @AfterEach
    void close() {
        accounts.close();
    }

    @Test
    void anInvitationRegistersOnePatientWithTheInvitedPatientIdOnce() {
        Registrations.Invitation invitation = registrations.invite(Fixtures.PATIENT_ID, "hosp-es:admin");

        Registrations.Result result = registrations.redeem(invitation.code(), "Ana", "Ana", STRONG);

        assertThat(result).isInstanceOf(Registrations.Result.Registered.class);
        Account ana = ((Registrations.Result.Registered) result).account();
        assertThat(ana.userId()).isEqualTo("hosp-es:ana");
        assertThat(ana.role()).isEqualTo(Role.PATIENT);
        assertThat(ana.patientId()).contains(Fixtures.PATIENT_ID);
        assertThat(registrations.redeem(invitation.code(), "ana2", "Ana", STRONG))
                .isInstanceOf(Registrations.Result.Refused.class);
    }

    @Test
    void expiredOrUnknownInvitationsAndWeakPasswordsAreRefusedWithReasons() {
        Registrations.Invitation invitation = registrations.invite(Fixtures.PATIENT_ID, "hosp-es:admin");
        assertThat(registrations.redeem(invitation.code(), "ana", "Ana", "password1"))
                .isEqualTo(new Registrations.Result.Refused("the password is too weak: use at least 10 characters"));
        assertThat(registrations.redeem("nonsense", "ana", "Ana", STRONG))
                .isInstanceOf(Registrations.Result.Refused.class);
        clock.advance(Registrations.INVITATION_LIFETIME.plus(Duration.ofSeconds(1)));
        assertThat(registrations.redeem(invitation.code(), "ana", "Ana", STRONG))
                .isInstanceOf(Registrations.Result.Refused.class);
    }

    @Test
    void adminsRegisterStaffButNotPatientsAndUsernamesAreUnique() {
        NewAccount nurse = NewAccount.staff(
                "hosp-es", "nurse.lopez", "Nurse López", Role.PROFESSIONAL, List.of("hosp-es:cardiology"));
        assertThat(registrations.registerStaff(nurse, STRONG, "hosp-es:admin"))
                .isInstanceOf(Registrations.Result.Registered.class);
        assertThat(registrations.registerStaff(nurse, STRONG, "hosp-es:admin"))
                .isEqualTo(new Registrations.Result.Refused("that username is taken"));
        assertThat(registrations.registerStaff(
                        NewAccount.patient("hosp-es", "pat", "Pat", Fixtures.PATIENT_ID), STRONG, "hosp-es:admin"))
                .isInstanceOf(Registrations.Result.Refused.class);
    }
}
