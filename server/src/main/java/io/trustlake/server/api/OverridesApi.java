package io.trustlake.server.api;

import io.javalin.http.Context;
import io.trustlake.auth.Principal;
import io.trustlake.auth.Role;
import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.contracts.Payloads;
import io.trustlake.contracts.access.AccessLogContract;
import io.trustlake.contracts.access.EmergencyOverride;
import io.trustlake.ledger.gateway.Gateway;
import io.trustlake.server.http.Authentication;
import io.trustlake.server.http.Responses;
import java.util.List;

/** Emergency overrides by an organisation's professionals, for review by its admin. */
public final class OverridesApi {
    private final Gateway gateway;
    private final Authentication authentication;

    public OverridesApi(Gateway gateway, Authentication authentication) {
        this.gateway = gateway;
        this.authentication = authentication;
    }

    public record Overrides(String organisation, List<EmergencyOverride> overrides) {}

    public record ReviewBody(String note) {}

    public void list(Context ctx) {
        String organisation = requireAdmin(ctx, authentication.require(ctx));
        Responses.ok(ctx, new Overrides(organisation, overrides(organisation)));
    }

    /** Newest first. */
    public List<EmergencyOverride> overrides(String organisation) {
        List<EmergencyOverride> all =
                new java.util.ArrayList<>(AccessLogContract.overrides(gateway.state(), organisation));
        java.util.Collections.reverse(all);
        return all;
    }

    public void review(Context ctx) {
        Principal principal = authentication.require(ctx);
        String organisation = requireAdmin(ctx, principal);
        long logIndex = parseIndex(ctx.pathParam("logIndex"));
        String note = Json.parseInput(ctx.bodyAsBytes(), ReviewBody.class).note();
        Responses.ok(ctx, review(principal, organisation, logIndex, note == null ? "" : note));
    }

    public EmergencyOverride review(Principal principal, String organisation, long logIndex, String note) {
        var receipt = Submitters.committed(Submitters.submit(
                gateway,
                AccessLogContract.REVIEW,
                new AccessLogContract.Review(organisation, logIndex, note),
                principal));
        return Payloads.decode(receipt.result(), EmergencyOverride.class);
    }

    private static String requireAdmin(Context ctx, Principal principal) {
        String organisation = ctx.pathParam("organisation");
        if (principal.role() != Role.ADMIN || !principal.organisationId().equals(organisation)) {
            throw new TrustlakeException(
                    ErrorCode.FORBIDDEN,
                    "only an admin of " + io.trustlake.common.id.Ids.printable(organisation)
                            + " reviews its emergency overrides");
        }
        return organisation;
    }

    private static long parseIndex(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new TrustlakeException(ErrorCode.NOT_FOUND, "no such emergency override");
        }
    }
}
