package io.trustlake.server.api;

import io.javalin.http.Context;
import io.trustlake.auth.Principal;
import io.trustlake.auth.Role;
import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.common.id.Ids;
import io.trustlake.contracts.membership.IdentityProviderRegistration;
import io.trustlake.contracts.membership.IdentityProvidersContract;
import io.trustlake.contracts.membership.MembershipContract;
import io.trustlake.ledger.gateway.Gateway;
import io.trustlake.server.LedgerIdentityProviders;
import io.trustlake.server.http.Authentication;
import io.trustlake.server.http.Responses;

/**
 * An organisation's own OpenID Connect provider, registered on the ledger so that every node accepts
 * its users' access tokens: read by admins and auditors of any member, set and removed by an admin
 * of the organisation.
 */
public final class IdentityProviderApi {
    private final Gateway gateway;
    private final Authentication authentication;

    public IdentityProviderApi(Gateway gateway, Authentication authentication) {
        this.gateway = gateway;
        this.authentication = authentication;
    }

    /** The registration and where it landed on the ledger. */
    public record Registered(IdentityProviderRegistration identityProvider, Submitters.LedgerPosition ledger) {}

    public void get(Context ctx) {
        Principal principal = authentication.require(ctx);
        if (principal.role() != Role.ADMIN && principal.role() != Role.AUDITOR) {
            throw new TrustlakeException(ErrorCode.FORBIDDEN, "only admins and auditors see identity providers");
        }
        String organisation = member(ctx);
        Responses.ok(
                ctx,
                IdentityProvidersContract.byOrganisation(gateway.state(), organisation)
                        .orElseThrow(() -> new TrustlakeException(
                                ErrorCode.NOT_FOUND, organisation + " has no identity provider registered")));
    }

    public void put(Context ctx) {
        Principal principal = authentication.require(ctx);
        String organisation = requireAdmin(principal, member(ctx));
        IdentityProviderRegistration registration = Json.parseInput(
                        ctx.bodyAsBytes(), IdentityProviderRegistration.class)
                .forOrganisation(organisation);
        LedgerIdentityProviders.toModel(registration);
        var receipt = Submitters.committed(
                Submitters.submit(gateway, IdentityProvidersContract.REGISTER, registration, principal));
        Responses.ok(ctx, new Registered(registration, Submitters.LedgerPosition.of(receipt)));
    }

    public void delete(Context ctx) {
        Principal principal = authentication.require(ctx);
        String organisation = requireAdmin(principal, member(ctx));
        Submitters.committed(Submitters.submit(
                gateway,
                IdentityProvidersContract.REMOVE,
                new IdentityProvidersContract.Removal(organisation),
                principal));
        ctx.status(204);
    }

    private String member(Context ctx) {
        String organisation = ctx.pathParam("organisation");
        if (!Ids.isOrganisationId(organisation)
                || MembershipContract.organisation(gateway.state(), organisation)
                        .isEmpty()) {
            throw new TrustlakeException(ErrorCode.NOT_FOUND, "no such organisation: " + Ids.printable(organisation));
        }
        return organisation;
    }

    private static String requireAdmin(Principal principal, String organisation) {
        if (principal.role() != Role.ADMIN || !principal.organisationId().equals(organisation)) {
            throw new TrustlakeException(
                    ErrorCode.FORBIDDEN, "only an admin of " + organisation + " manages its identity provider");
        }
        return organisation;
    }
}
