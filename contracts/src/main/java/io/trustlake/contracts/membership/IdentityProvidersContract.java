package io.trustlake.contracts.membership;

import io.trustlake.common.crypto.Hashes;
import io.trustlake.common.crypto.Hex;
import io.trustlake.contracts.Payloads;
import io.trustlake.ledger.contract.Context;
import io.trustlake.ledger.contract.Contract;
import io.trustlake.ledger.contract.ContractException;
import io.trustlake.ledger.contract.Contracts;
import io.trustlake.ledger.contract.Outcome;
import io.trustlake.ledger.contract.StateView;
import io.trustlake.ledger.core.Submitter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Members' own identity providers. {@code membership.identity-provider.register} sets (or replaces)
 * the provider of the submitter's organisation; {@code membership.identity-provider.remove} withdraws
 * it. Only an admin of that organisation may do either ({@code NOT_ADMIN}). A registration is
 * refused ({@code INVALID_IDENTITY_PROVIDER}) unless: issuer and JWKS address are {@code https} (or
 * {@code http} on a loopback host) without query or fragment, the issuer has no trailing slash, the
 * audience is set and is not Keycloak's default {@code account}, at least one role mapping exists,
 * every role is a Trustlake role, every {@code from} has a known source and every department is one
 * of the organisation's. One issuer belongs to one organisation ({@code ISSUER_TAKEN}).
 */
public final class IdentityProvidersContract implements Contract {
    public static final String REGISTER = "membership.identity-provider.register";
    public static final String REMOVE = "membership.identity-provider.remove";

    private static final String BY_ORGANISATION = "idp/org/";
    private static final String BY_ISSUER = "idp/issuer/";
    private static final Set<String> ROLES = Set.of("PATIENT", "PROFESSIONAL", "RESEARCHER", "ADMIN", "AUDITOR");
    private static final Set<String> SOURCES = Set.of("realm-role:", "client-role:", "group:", "claim:");
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");
    private static final int MAX_TEXT = 512;
    private static final int MAX_MAPPINGS = 256;

    /** The payload of {@link #REMOVE}. */
    public record Removal(String organisation) {}

    @Override
    public Set<String> transactionTypes() {
        return Set.of(REGISTER, REMOVE);
    }

    @Override
    public Outcome execute(Context context) {
        return context.transaction().type().equals(REGISTER) ? register(context) : remove(context);
    }

    private Outcome register(Context context) {
        IdentityProviderRegistration registration =
                Payloads.decode(context.transaction().payload(), IdentityProviderRegistration.class);
        Organisation organisation = requireAdmin(context, registration.organisation());
        validate(registration, organisation);
        String owner = context.get(issuerKey(registration.issuer()))
                .map(Payloads::text)
                .orElse(organisation.id());
        if (!owner.equals(organisation.id())) {
            throw new ContractException("ISSUER_TAKEN", "another organisation already registered this issuer");
        }
        byOrganisation(context, organisation.id()).ifPresent(old -> context.delete(issuerKey(old.issuer())));
        context.put(BY_ORGANISATION + organisation.id(), Payloads.encode(registration));
        context.put(issuerKey(registration.issuer()), organisation.id().getBytes(StandardCharsets.UTF_8));
        return Outcome.applied(Contracts.result(registration));
    }

    private Outcome remove(Context context) {
        Removal removal = Payloads.decode(context.transaction().payload(), Removal.class);
        Organisation organisation = requireAdmin(context, removal.organisation());
        IdentityProviderRegistration old = byOrganisation(context, organisation.id())
                .orElseThrow(() -> new ContractException(
                        "UNKNOWN_IDENTITY_PROVIDER", "the organisation has no identity provider registered"));
        context.delete(issuerKey(old.issuer()));
        context.delete(BY_ORGANISATION + organisation.id());
        return Outcome.applied(Contracts.result(Map.of("organisation", organisation.id(), "removed", old.issuer())));
    }

    private static Organisation requireAdmin(Context context, String organisationId) {
        Submitter submitter = context.transaction().submitter();
        if (!"ADMIN".equals(submitter.role()) || !submitter.organisation().equals(organisationId)) {
            throw new ContractException("NOT_ADMIN", "only an admin of the organisation manages its identity provider");
        }
        return MembershipContract.organisation(context, organisationId)
                .orElseThrow(() -> new ContractException("NOT_ADMIN", "not a member organisation"));
    }

    private static void validate(IdentityProviderRegistration r, Organisation organisation) {
        require(
                isAcceptableUrl(r.issuer()) && !r.issuer().endsWith("/"),
                "issuer must be an https address without"
                        + " query, fragment or trailing '/' (http only on a loopback host)");
        require(r.jwksUri().isEmpty() || isAcceptableUrl(r.jwksUri()), "jwksUri must be an https address");
        require(
                text(r.audience()) && !r.audience().equals("account"),
                "audience must be Trustlake's client" + " audience, never Keycloak's default 'account'");
        require(
                r.usernameClaim().length() <= MAX_TEXT && r.patientIdClaim().length() <= MAX_TEXT,
                "claim names" + " are at most " + MAX_TEXT + " characters");
        require(
                !r.roles().isEmpty() && r.roles().size() <= MAX_MAPPINGS,
                "between 1 and " + MAX_MAPPINGS + " role mappings are needed");
        require(r.departments().size() <= MAX_MAPPINGS, "at most " + MAX_MAPPINGS + " department mappings");
        for (IdentityProviderRegistration.RoleMapping mapping : r.roles()) {
            require(
                    mapping != null && isSource(mapping.from()) && ROLES.contains(mapping.role()),
                    "every role" + " mapping needs a known 'from' and a role of " + ROLES);
        }
        for (IdentityProviderRegistration.DepartmentMapping mapping : r.departments()) {
            require(
                    mapping != null
                            && isSource(mapping.from())
                            && mapping.department() != null
                            && organisation.hasDepartment(mapping.department()),
                    "every department mapping needs a known" + " 'from' and a department of " + organisation.id());
        }
    }

    private static boolean isSource(String from) {
        return text(from)
                && SOURCES.stream().anyMatch(prefix -> from.startsWith(prefix) && from.length() > prefix.length());
    }

    private static boolean text(String value) {
        return value != null && !value.isBlank() && value.length() <= MAX_TEXT;
    }

    private static boolean isAcceptableUrl(String value) {
        if (!text(value)) {
            return false;
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost();
            return host != null
                    && (scheme.equals("https") || (scheme.equals("http") && LOOPBACK.contains(host)))
                    && uri.getRawUserInfo() == null
                    && uri.getRawQuery() == null
                    && uri.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new ContractException("INVALID_IDENTITY_PROVIDER", message);
        }
    }

    private static String issuerKey(String issuer) {
        return BY_ISSUER + Hex.encode(Hashes.sha256(issuer.getBytes(StandardCharsets.UTF_8)));
    }

    public static Optional<IdentityProviderRegistration> byOrganisation(StateView state, String organisation) {
        return Payloads.read(state, BY_ORGANISATION + organisation, IdentityProviderRegistration.class);
    }

    /** The provider registered with exactly this issuer, with its organisation. */
    public static Optional<IdentityProviderRegistration> byIssuer(StateView state, String issuer) {
        return state.get(issuerKey(issuer)).map(Payloads::text).flatMap(org -> byOrganisation(state, org));
    }
}
