package io.trustlake.server.api;

import io.javalin.http.Context;
import io.trustlake.auth.AuthServices;
import io.trustlake.auth.FactorEnrolment;
import io.trustlake.auth.PasswordStrength;
import io.trustlake.auth.Principal;
import io.trustlake.auth.Role;
import io.trustlake.auth.SecondFactors;
import io.trustlake.auth.SecurityEvent;
import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.server.http.Authentication;
import io.trustlake.server.http.Responses;
import java.util.List;
import java.util.Map;

/**
 * A signed-in user's second factors and security events, and an organisation's security events for
 * its admins and auditors. Factors are managed only on the node of the account's own organisation.
 */
public final class FactorsApi {
    private static final int LIMIT = 200;

    private final AuthServices auth;
    private final Authentication authentication;

    public FactorsApi(AuthServices auth, Authentication authentication) {
        this.auth = auth;
        this.authentication = authentication;
    }

    record Code(String code) {}

    record Password(String password) {}

    record Push(Boolean enabled, String password) {}

    record PasswordChange(String currentPassword, String newPassword) {}

    record Candidate(String password, String username) {}

    /** How strong a candidate password is (zxcvbn); nothing is stored. For the live meter. */
    public void strength(Context ctx) {
        Candidate candidate = Json.parseInput(ctx.bodyAsBytes(), Candidate.class);
        String password = candidate.password() == null ? "" : candidate.password();
        String username = candidate.username() == null ? "" : candidate.username();
        Responses.ok(ctx, PasswordStrength.rate(password, username.isBlank() ? List.of() : List.of(username)));
    }

    public void changePassword(Context ctx) {
        Principal principal = owner(ctx);
        PasswordChange change = Json.parseInput(ctx.bodyAsBytes(), PasswordChange.class);
        changePassword(principal, change.currentPassword(), change.newPassword(), ctx.ip());
        Responses.ok(ctx, Map.of("changed", true, "signInAgain", true));
    }

    /**
     * Changes the caller's password and ends every session of the account, this one included;
     * {@code BAD_REQUEST} with the reason when the new password is too weak.
     */
    public void changePassword(Principal principal, String current, String replacement, String address) {
        PasswordStrength.Rating rating = auth.enrolment()
                .changePassword(
                        principal.userId(),
                        current == null ? "" : current,
                        replacement == null ? "" : replacement,
                        address);
        if (!rating.acceptable()) {
            throw new TrustlakeException(
                    rating.reason().equals("the current password is wrong")
                            ? ErrorCode.INVALID_CREDENTIALS
                            : ErrorCode.BAD_REQUEST,
                    rating.reason());
        }
        auth.sessions().revokeAll(principal.userId(), "password changed", address);
    }

    /** The enrolled methods of the caller. */
    public record Factors(boolean totp, boolean push) {
        static Factors of(SecondFactors factors) {
            return new Factors(factors.hasTotp(), factors.push());
        }
    }

    public AuthServices services() {
        return auth;
    }

    /** The caller's account, which must be managed by this node. */
    public Principal owner(Context ctx) {
        Principal principal = authentication.require(ctx);
        if (!principal.organisationId().equals(auth.sessions().organisationId())) {
            throw new TrustlakeException(ErrorCode.FORBIDDEN, "manage your sign-in on your own organisation's node");
        }
        return principal;
    }

    public void factors(Context ctx) {
        Responses.ok(ctx, Factors.of(auth.enrolment().factors(owner(ctx).userId())));
    }

    public void beginTotp(Context ctx) {
        FactorEnrolment.TotpEnrolment enrolment =
                auth.enrolment().beginTotp(owner(ctx).userId());
        Responses.ok(ctx, Map.of("secret", enrolment.secret(), "otpauthUri", enrolment.uri()));
    }

    public void confirmTotp(Context ctx) {
        Principal principal = owner(ctx);
        Code code = Json.parseInput(ctx.bodyAsBytes(), Code.class);
        if (code.code() == null || !auth.enrolment().confirmTotp(principal.userId(), code.code(), ctx.ip())) {
            throw new TrustlakeException(
                    ErrorCode.BAD_REQUEST,
                    "the code does not match; start again if the setup is older than 10 minutes");
        }
        Responses.ok(ctx, Factors.of(auth.enrolment().factors(principal.userId())));
    }

    public void removeTotp(Context ctx) {
        Principal principal = owner(ctx);
        Password password = Json.parseInput(ctx.bodyAsBytes(), Password.class);
        if (password.password() == null
                || !auth.enrolment().removeTotp(principal.userId(), password.password(), ctx.ip())) {
            throw new TrustlakeException(ErrorCode.INVALID_CREDENTIALS, "the password is wrong");
        }
        Responses.ok(ctx, Factors.of(auth.enrolment().factors(principal.userId())));
    }

    public void setPush(Context ctx) {
        Principal principal = owner(ctx);
        Push push = Json.parseInput(ctx.bodyAsBytes(), Push.class);
        if (push.enabled() == null) {
            throw new TrustlakeException(ErrorCode.BAD_REQUEST, "enabled (true or false) is required");
        }
        String password = push.password() == null ? "" : push.password();
        if (!auth.enrolment().setPush(principal.userId(), push.enabled(), password, ctx.ip())) {
            throw new TrustlakeException(ErrorCode.INVALID_CREDENTIALS, "the password is wrong");
        }
        Responses.ok(ctx, Factors.of(auth.enrolment().factors(principal.userId())));
    }

    /** The caller's own sign-ins, failures, lock-outs and factor changes, newest first. */
    public void mine(Context ctx) {
        Responses.ok(ctx, Map.of("events", myEvents(owner(ctx))));
    }

    public List<SecurityEvent> myEvents(Principal principal) {
        return auth.events().forUser(principal.userId(), LIMIT);
    }

    /** Every security event of this node, for its organisation's admins and auditors. */
    public void all(Context ctx) {
        Principal principal = owner(ctx);
        if (principal.role() != Role.ADMIN && principal.role() != Role.AUDITOR) {
            throw new TrustlakeException(ErrorCode.FORBIDDEN, "only administrators and auditors see these events");
        }
        Responses.ok(ctx, Map.of("events", auth.events().recent(LIMIT)));
    }
}
