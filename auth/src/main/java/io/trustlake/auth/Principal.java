package io.trustlake.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Who a verified token speaks for. Built only by {@link TokenVerifier} from a token whose signature,
 * issuer, audience, validity period and revocation status have all been checked.
 *
 * @param userId {@code organisation:username}
 * @param organisationId the organisation that issued the token and owns the account
 * @param departments scoped department ids of that organisation
 * @param patientIdOrEmpty the patient id for {@link Role#PATIENT}, empty otherwise; read it through
 *     {@link #patientId()}
 * @param tokenId the token's {@code jti}, for revocation and audit
 * @param authenticationMethods the {@code amr} values, e.g. {@code pwd}
 * @param expiresAt when the token expires
 */
public record Principal(
        String userId,
        Role role,
        String organisationId,
        List<String> departments,
        String patientIdOrEmpty,
        String tokenId,
        List<String> authenticationMethods,
        Instant expiresAt) {

    public Principal {
        departments = List.copyOf(departments);
        authenticationMethods = List.copyOf(authenticationMethods);
    }

    public Optional<String> patientId() {
        return patientIdOrEmpty.isEmpty() ? Optional.empty() : Optional.of(patientIdOrEmpty);
    }
}
