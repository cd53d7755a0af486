package io.trustlake.contracts.membership;

import java.util.List;

/**
 * An organisation's own OpenID Connect provider as registered on the ledger, so that every node
 * verifies that organisation's federated users without calling it. The meaning of each field is
 * documented with the API ({@code PUT /api/v1/organisations/{organisation}/identity-provider}).
 * Empty {@code jwksUri}, {@code usernameClaim} and {@code patientIdClaim} mean discovery and the
 * defaults.
 */
public record IdentityProviderRegistration(
        String organisation,
        String issuer,
        String audience,
        String jwksUri,
        String usernameClaim,
        String patientIdClaim,
        List<RoleMapping> roles,
        List<DepartmentMapping> departments) {

    public IdentityProviderRegistration {
        organisation = organisation == null ? "" : organisation;
        jwksUri = jwksUri == null ? "" : jwksUri;
        usernameClaim = usernameClaim == null ? "" : usernameClaim;
        patientIdClaim = patientIdClaim == null ? "" : patientIdClaim;
        roles = roles == null ? List.of() : List.copyOf(roles);
        departments = departments == null ? List.of() : List.copyOf(departments);
    }

    /** A provider's role or group ({@code from}) that makes a user a Trustlake {@code role}. */
    public record RoleMapping(String from, String role) {}

    /** A provider's role or group ({@code from}) that puts a user in a {@code department}. */
    public record DepartmentMapping(String from, String department) {}

    public IdentityProviderRegistration forOrganisation(String organisationId) {
        return new IdentityProviderRegistration(
                organisationId, issuer, audience, jwksUri, usernameClaim, patientIdClaim, roles, departments);
    }
}
