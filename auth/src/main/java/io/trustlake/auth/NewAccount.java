package io.trustlake.auth;

import java.util.List;

/**
 * A request to create an account; {@link AccountRegistration} adds the password hash, status and
 * creation time. Invariants are checked when the {@link Account} is built.
 *
 * @param patientIdOrEmpty the patient id for {@link Role#PATIENT}, empty for every other role
 */
public record NewAccount(
        String organisationId,
        String username,
        String displayName,
        Role role,
        List<String> departments,
        String patientIdOrEmpty) {

    public NewAccount {
        departments = List.copyOf(departments);
    }

    public static NewAccount patient(String organisationId, String username, String displayName, String patientId) {
        return new NewAccount(organisationId, username, displayName, Role.PATIENT, List.of(), patientId);
    }

    /** A professional, researcher, admin or auditor account. */
    public static NewAccount staff(
            String organisationId, String username, String displayName, Role role, List<String> departments) {
        return new NewAccount(organisationId, username, displayName, role, departments, "");
    }

    public String userId() {
        return organisationId + ":" + username;
    }
}
