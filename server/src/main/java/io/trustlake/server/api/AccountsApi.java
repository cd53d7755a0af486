package io.trustlake.server.api;

import io.javalin.http.Context;
import io.trustlake.auth.AuthServices;
import io.trustlake.auth.NewAccount;
import io.trustlake.auth.Principal;
import io.trustlake.auth.Registrations;
import io.trustlake.auth.Role;
import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.common.id.Ids;
import io.trustlake.server.http.Authentication;
import io.trustlake.server.http.Responses;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Registration: an organisation's admin registers staff, invites patients and ends an account's
 * sessions; a patient registers with an invitation code. Only on the organisation's own node.
 */
public final class AccountsApi {
    private final AuthServices auth;
    private final Authentication authentication;

    public AccountsApi(AuthServices auth, Authentication authentication) {
        this.auth = auth;
        this.authentication = authentication;
    }

    record StaffRequest(String username, String displayName, String role, List<String> departments, String password) {}

    record InvitationRequest(String patientId) {}

    record SelfRegistration(String invitationCode, String username, String displayName, String password) {}

    /** The caller must be an admin of the path's organisation, and this must be its node. */
    private Principal admin(Context ctx) {
        Principal principal = authentication.require(ctx);
        String organisation = ctx.pathParam("organisation");
        if (principal.role() != Role.ADMIN
                || !principal.organisationId().equals(organisation)
                || !organisation.equals(auth.sessions().organisationId())) {
            throw new TrustlakeException(
                    ErrorCode.FORBIDDEN,
                    "only this organisation's administrators manage its accounts, on its own node");
        }
        return principal;
    }

    public void registerStaff(Context ctx) {
        Principal admin = admin(ctx);
        StaffRequest request = Json.parseInput(ctx.bodyAsBytes(), StaffRequest.class);
        Role role = role(request.role());
        NewAccount account = NewAccount.staff(
                admin.organisationId(),
                required(request.username(), "username").toLowerCase(Locale.ROOT),
                required(request.displayName(), "displayName"),
                role,
                request.departments() == null ? List.of() : request.departments());
        created(
                ctx,
                auth.registrations().registerStaff(account, required(request.password(), "password"), admin.userId()));
    }

    public void invite(Context ctx) {
        Principal admin = admin(ctx);
        InvitationRequest request = Json.parseInput(ctx.bodyAsBytes(), InvitationRequest.class);
        Registrations.Invitation invitation =
                auth.registrations().invite(required(request.patientId(), "patientId"), admin.userId());
        Responses.json(
                ctx,
                201,
                Map.of(
                        "code",
                        invitation.code(),
                        "patientId",
                        invitation.patientId(),
                        "expiresAt",
                        invitation.expiresAt().toString()));
    }

    public void register(Context ctx) {
        SelfRegistration request = Json.parseInput(ctx.bodyAsBytes(), SelfRegistration.class);
        created(
                ctx,
                auth.registrations()
                        .redeem(
                                required(request.invitationCode(), "invitationCode"),
                                required(request.username(), "username"),
                                required(request.displayName(), "displayName"),
                                required(request.password(), "password")));
    }

    /** Ends every session of an account (a lost device, a leaver). */
    public void revokeSessions(Context ctx) {
        Principal admin = admin(ctx);
        String userId = admin.organisationId() + ":" + ctx.pathParam("username").toLowerCase(Locale.ROOT);
        if (!auth.registrations().exists(userId)) {
            throw new TrustlakeException(ErrorCode.NOT_FOUND, "no such account: " + Ids.printable(userId));
        }
        auth.sessions().revokeAll(userId, "sessions ended by " + admin.userId(), ctx.ip());
        Responses.ok(ctx, Map.of("userId", userId, "sessionsEnded", true));
    }

    private static void created(Context ctx, Registrations.Result result) {
        if (result instanceof Registrations.Result.Refused refused) {
            throw new TrustlakeException(ErrorCode.BAD_REQUEST, refused.reason());
        }
        var account = ((Registrations.Result.Registered) result).account();
        Responses.json(
                ctx,
                201,
                Map.of(
                        "userId", account.userId(),
                        "role", account.role().name(),
                        "departments", account.departments(),
                        "patientId", account.patientIdOrEmpty()));
    }

    private static Role role(String text) {
        try {
            Role role = Role.valueOf(required(text, "role").toUpperCase(Locale.ROOT));
            if (role == Role.PATIENT) {
                throw new TrustlakeException(
                        ErrorCode.BAD_REQUEST, "patients register themselves with an invitation code");
            }
            return role;
        } catch (IllegalArgumentException e) {
            throw new TrustlakeException(
                    ErrorCode.BAD_REQUEST, "role must be professional, researcher, admin or auditor");
        }
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank() || value.length() > 256) {
            throw new TrustlakeException(ErrorCode.BAD_REQUEST, name + " is required (at most 256 characters)");
        }
        return value.trim();
    }
}
