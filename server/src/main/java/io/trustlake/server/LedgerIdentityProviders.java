package io.trustlake.server;

import io.trustlake.auth.AuthException;
import io.trustlake.auth.IdentityProvider;
import io.trustlake.auth.IdentityProviders;
import io.trustlake.auth.Role;
import io.trustlake.contracts.membership.IdentityProviderRegistration;
import io.trustlake.contracts.membership.IdentityProvidersContract;
import io.trustlake.ledger.contract.StateView;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Organisations' own identity providers as registered on this node's replica of the ledger. A
 * registration that the auth module cannot use (it passed the contract but not the stricter model)
 * is treated as absent and logged. Thread-safe.
 */
public final class LedgerIdentityProviders implements IdentityProviders {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerIdentityProviders.class);

    private final StateView state;

    public LedgerIdentityProviders(StateView state) {
        this.state = state;
    }

    @Override
    public Optional<IdentityProvider> byIssuer(String issuer) {
        return IdentityProvidersContract.byIssuer(state, issuer).flatMap(LedgerIdentityProviders::model);
    }

    /** The auth module's model of a registration, if it is usable. */
    public static Optional<IdentityProvider> model(IdentityProviderRegistration r) {
        try {
            return Optional.of(toModel(r));
        } catch (AuthException | IllegalArgumentException e) {
            LOG.warn("Identity provider of {} on the ledger is unusable: {}", r.organisation(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Converts a registration; throws {@link AuthException} (400) with a plain message if unusable.
     */
    public static IdentityProvider toModel(IdentityProviderRegistration r) {
        return new IdentityProvider(
                r.organisation(),
                r.issuer(),
                r.audience(),
                r.jwksUri(),
                r.usernameClaim(),
                r.patientIdClaim(),
                r.roles().stream()
                        .map(m -> new IdentityProvider.RoleMapping(m == null ? null : m.from(), role(m)))
                        .toList(),
                r.departments().stream()
                        .map(m -> new IdentityProvider.DepartmentMapping(
                                m == null ? null : m.from(), m == null ? null : m.department()))
                        .toList());
    }

    private static Role role(IdentityProviderRegistration.RoleMapping mapping) {
        for (Role role : Role.values()) {
            if (mapping != null && role.name().equals(mapping.role())) {
                return role;
            }
        }
        throw new AuthException(
                io.trustlake.common.error.ErrorCode.BAD_REQUEST,
                "identity provider: every role mapping needs a role: PATIENT, PROFESSIONAL, RESEARCHER, ADMIN or"
                        + " AUDITOR");
    }
}
