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
 * @param ledgerProofOrEmpty the caller's {@linkplain LedgerProofs ledger proof} when the request
 *     carried one that matches this principal (checked by the server), empty otherwise
 */
public record Principal(
        String userId,
        Role role,
        String organisationId,
        List<String> departments,
        String patientIdOrEmpty,
        String tokenId,
        List<String> authenticationMethods,
        Instant expiresAt,
        String ledgerProofOrEmpty) {

    public Principal {
        departments = List.copyOf(departments);
        authenticationMethods = List.copyOf(authenticationMethods);
    }

    /** A principal from a token, before any ledger proof is attached. */
    public Principal(
            String userId,
            Role role,
            String organisationId,
            List<String> departments,
            String patientIdOrEmpty,
            String tokenId,
            List<String> authenticationMethods,
            Instant expiresAt) {
        this(
                userId,
                role,
                organisationId,
                departments,
                patientIdOrEmpty,
                tokenId,
                authenticationMethods,
                expiresAt,
                "");
    }

    /** This principal carrying a ledger proof that was checked to speak for it. */
    public Principal withLedgerProof(String ledgerProof) {
        return new Principal(
                userId,
                role,
                organisationId,
                departments,
                patientIdOrEmpty,
                tokenId,
                authenticationMethods,
                expiresAt,
                ledgerProof);
    }

    /** The ledger proof, if the request carried one. */
    public Optional<String> ledgerProof() {
        return ledgerProofOrEmpty.isEmpty() ? Optional.empty() : Optional.of(ledgerProofOrEmpty);
    }

    /** Leaves the ledger proof out, so a principal may be logged. */
    @Override
    public String toString() {
        return "Principal[userId=" + userId + ", role=" + role + ", organisationId=" + organisationId
                + ", departments=" + departments + ", patientIdOrEmpty=" + patientIdOrEmpty + ", tokenId=" + tokenId
                + ", authenticationMethods=" + authenticationMethods + ", expiresAt=" + expiresAt + "]";
    }

    public Optional<String> patientId() {
        return patientIdOrEmpty.isEmpty() ? Optional.empty() : Optional.of(patientIdOrEmpty);
    }
}
