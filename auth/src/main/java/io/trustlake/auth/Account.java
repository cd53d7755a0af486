package io.trustlake.auth;

import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.id.Ids;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A sign-in account of one organisation. Immutable; the compact constructor checks every invariant,
 * so an {@code Account} that exists is well formed.
 *
 * @param userId {@code organisationId:username}, unique in the consortium
 * @param username lower-case name, unique within the organisation
 * @param displayName what the portal shows; never used for decisions
 * @param role what the account is for
 * @param organisationId the organisation that manages the account and issues its tokens
 * @param departments scoped department ids of that organisation ({@code hosp-es:cardiology})
 * @param patientIdOrEmpty the pseudonymous patient id of a {@link Role#PATIENT} account, empty for
 *     every other role; read it through {@link #patientId()}
 * @param passwordHash Argon2id PHC string, see {@link PasswordHasher}
 * @param status whether the account may sign in
 * @param createdAt when the account was created
 * @param factors the enrolled second factors ({@link SecondFactors#NONE} for accounts stored before
 *     second factors existed)
 * @param picturePasswordHashOrEmpty Argon2id PHC string of the graphical password (see {@link
 *     PasswordHasher#hashPictures}), empty when the user has none
 */
public record Account(
        String userId,
        String username,
        String displayName,
        Role role,
        String organisationId,
        List<String> departments,
        String patientIdOrEmpty,
        String passwordHash,
        AccountStatus status,
        Instant createdAt,
        SecondFactors factors,
        String picturePasswordHashOrEmpty) {

    /** An account without second factors. */
    public Account(
            String userId,
            String username,
            String displayName,
            Role role,
            String organisationId,
            List<String> departments,
            String patientIdOrEmpty,
            String passwordHash,
            AccountStatus status,
            Instant createdAt) {
        this(
                userId,
                username,
                displayName,
                role,
                organisationId,
                departments,
                patientIdOrEmpty,
                passwordHash,
                status,
                createdAt,
                SecondFactors.NONE,
                "");
    }

    public Account {
        if (factors == null) {
            factors = SecondFactors.NONE;
        }
        if (picturePasswordHashOrEmpty == null) {
            picturePasswordHashOrEmpty = "";
        }
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(patientIdOrEmpty, "patientIdOrEmpty");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Ids.requireOrganisationId(organisationId);
        Ids.requireScopedId(userId);
        if (!userId.equals(organisationId + ":" + username)) {
            throw new AuthException(ErrorCode.INVALID_ID, "user id must be organisation:username: " + userId);
        }
        departments = List.copyOf(departments);
        for (String department : departments) {
            Ids.requireScopedId(department);
            if (!Ids.organisationOf(department).equals(organisationId)) {
                throw new AuthException(ErrorCode.INVALID_ID, "department of another organisation: " + department);
            }
        }
        requirePatientIdMatchesRole(role, patientIdOrEmpty);
    }

    private static void requirePatientIdMatchesRole(Role role, String patientIdOrEmpty) {
        if (role == Role.PATIENT) {
            Ids.requirePatientId(patientIdOrEmpty);
        } else if (!patientIdOrEmpty.isEmpty()) {
            throw new AuthException(ErrorCode.BAD_REQUEST, "only patient accounts carry a patient id");
        }
    }

    /** The patient id of a patient account; empty for every other role. */
    public Optional<String> patientId() {
        return patientIdOrEmpty.isEmpty() ? Optional.empty() : Optional.of(patientIdOrEmpty);
    }

    public Account withPasswordHash(String newPasswordHash) {
        return new Account(
                userId,
                username,
                displayName,
                role,
                organisationId,
                departments,
                patientIdOrEmpty,
                newPasswordHash,
                status,
                createdAt,
                factors,
                picturePasswordHashOrEmpty);
    }

    public Account withPicturePasswordHash(String hash) {
        return new Account(
                userId,
                username,
                displayName,
                role,
                organisationId,
                departments,
                patientIdOrEmpty,
                passwordHash,
                status,
                createdAt,
                factors,
                hash);
    }

    public Account withFactors(SecondFactors newFactors) {
        return new Account(
                userId,
                username,
                displayName,
                role,
                organisationId,
                departments,
                patientIdOrEmpty,
                passwordHash,
                status,
                createdAt,
                newFactors,
                picturePasswordHashOrEmpty);
    }

    public Account withStatus(AccountStatus newStatus) {
        return new Account(
                userId,
                username,
                displayName,
                role,
                organisationId,
                departments,
                patientIdOrEmpty,
                passwordHash,
                newStatus,
                createdAt,
                factors,
                picturePasswordHashOrEmpty);
    }

    /** Leaves the password hash out, so an account may be logged. */
    @Override
    public String toString() {
        return "Account[userId=" + userId + ", role=" + role + ", status=" + status + "]";
    }
}
