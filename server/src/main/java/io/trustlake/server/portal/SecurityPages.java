package io.trustlake.server.portal;

import static io.trustlake.server.http.Pages.esc;

import io.javalin.http.Context;
import io.trustlake.auth.AuthServices;
import io.trustlake.auth.FactorEnrolment;
import io.trustlake.auth.Principal;
import io.trustlake.auth.SecondFactorLogins;
import io.trustlake.auth.SecondFactors;
import io.trustlake.auth.SecurityEvent;
import io.trustlake.server.api.FactorsApi;
import java.util.Optional;

/**
 * The portal's security page: second factors (add an authenticator app, approve sign-ins from this
 * device), sign-ins waiting for approval, and the account's recent security events.
 */
public final class SecurityPages {
    private final Portal portal;
    private final FactorsApi factors;
    private final AuthServices auth;

    public SecurityPages(Portal portal, FactorsApi factors) {
        this.portal = portal;
        this.factors = factors;
        this.auth = factors.services();
    }

    public void page(Context ctx) {
        owner(ctx).ifPresent(p -> ctx.html(portal.page("Security", p, body(p, "", ""))));
    }

    public void beginTotp(Context ctx) {
        owner(ctx).ifPresent(p -> {
            FactorEnrolment.TotpEnrolment enrolment = auth.enrolment().beginTotp(p.userId());
            String setup = "<section id=\"totp-setup\"><h2>Add your authenticator app</h2>"
                    + "<p>Scan this code with your authenticator app (or open the link, or type the secret),"
                    + " then enter the six-digit code the app shows.</p>"
                    + "<p class=\"qr\">"
                    + QrCodes.svg(enrolment.uri(), 220, "totp-qr", "QR code for your authenticator app")
                    + "</p>"
                    + "<p><a id=\"otpauth-uri\" href=\"" + esc(enrolment.uri()) + "\">" + esc(enrolment.uri())
                    + "</a></p>"
                    + "<p>Secret: <code id=\"totp-secret\">" + esc(enrolment.secret()) + "</code></p>"
                    + "<form method=\"post\" action=\"/portal/security/totp/confirm\"><label>Code <input name=\"code\" inputmode=\"numeric\" maxlength=\"6\" required autocomplete=\"one-time-code\"></label>"
                    + "<button type=\"submit\">Confirm</button></form></section>";
            ctx.html(portal.page("Security", p, setup + body(p, "", "")));
        });
    }

    public void confirmTotp(Context ctx) {
        owner(ctx).ifPresent(p -> {
            String code = Optional.ofNullable(ctx.formParam("code")).orElse("");
            boolean ok = auth.enrolment().confirmTotp(p.userId(), code, ctx.ip());
            respond(
                    ctx,
                    p,
                    ok ? "Your authenticator app is set up." : "",
                    ok ? "" : "The code does not match. Start again.");
        });
    }

    public void removeTotp(Context ctx) {
        owner(ctx).ifPresent(p -> {
            String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
            boolean ok = auth.enrolment().removeTotp(p.userId(), password, ctx.ip());
            respond(ctx, p, ok ? "Your authenticator app was removed." : "", ok ? "" : "The password is wrong.");
        });
    }

    public void setPush(Context ctx) {
        owner(ctx).ifPresent(p -> {
            boolean enable = "on".equals(ctx.formParam("enabled"));
            String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
            boolean ok = auth.enrolment().setPush(p.userId(), enable, password, ctx.ip());
            respond(
                    ctx,
                    p,
                    ok ? (enable ? "Sign-in approval is on." : "Sign-in approval is off.") : "",
                    ok ? "" : "The password is wrong.");
        });
    }

    public void changePassword(Context ctx) {
        owner(ctx).ifPresent(p -> {
            try {
                factors.changePassword(p, ctx.formParam("currentPassword"), ctx.formParam("newPassword"), ctx.ip());
                portal.clearSession(ctx);
                ctx.redirect("/login?changed=1");
            } catch (io.trustlake.common.error.TrustlakeException e) {
                respond(ctx, p, "", Portal.sentence(e.getMessage()));
            }
        });
    }

    public void answer(Context ctx) {
        owner(ctx).ifPresent(p -> {
            boolean approve = "approve".equals(ctx.formParam("answer"));
            boolean ok = auth.secondFactors().answerPush(p, ctx.pathParam("challengeId"), approve);
            respond(
                    ctx,
                    p,
                    ok ? (approve ? "Sign-in approved." : "Sign-in refused.") : "",
                    ok ? "" : "That sign-in is no longer waiting.");
        });
    }

    private Optional<Principal> owner(Context ctx) {
        Optional<Principal> principal = portal.signedIn(ctx);
        principal.ifPresent(p -> factors.owner(ctx));
        return principal;
    }

    private void respond(Context ctx, Principal p, String notice, String error) {
        ctx.status(error.isEmpty() ? 200 : 400).html(portal.page("Security", p, body(p, notice, error)));
    }

    private String body(Principal p, String notice, String error) {
        SecondFactors enrolled = auth.enrolment().factors(p.userId());
        StringBuilder html = new StringBuilder("<h1>Security</h1>");
        if (!notice.isEmpty()) {
            html.append("<p class=\"notice\" role=\"status\">")
                    .append(esc(notice))
                    .append("</p>");
        }
        if (!error.isEmpty()) {
            html.append("<p class=\"error\" role=\"alert\">").append(esc(error)).append("</p>");
        }
        html.append(approvals(p));
        html.append("<section><h2>Authenticator app</h2>");
        if (enrolled.hasTotp()) {
            html.append("<p id=\"totp-status\">On: sign-in asks for a code from your app.</p>")
                    .append(
                            "<form method=\"post\" action=\"/portal/security/totp/remove\"><label>Password <input name=\"password\" type=\"password\" required autocomplete=\"current-password\"></label><button type=\"submit\">Remove</button></form>");
        } else {
            html.append(
                    "<p id=\"totp-status\">Off.</p><form method=\"post\" action=\"/portal/security/totp\"><button type=\"submit\" id=\"add-totp\">Add an authenticator app</button></form>");
        }
        html.append("</section><section><h2>Approve sign-ins from a signed-in device</h2>");
        if (enrolled.push()) {
            html.append(
                    "<p id=\"push-status\">On.</p><form method=\"post\" action=\"/portal/security/push\"><label>Password <input name=\"password\" type=\"password\" required autocomplete=\"current-password\"></label><button type=\"submit\">Turn off</button></form>");
        } else {
            html.append(
                    "<p id=\"push-status\">Off.</p><form method=\"post\" action=\"/portal/security/push\"><input type=\"hidden\" name=\"enabled\" value=\"on\"><button type=\"submit\" id=\"enable-push\">Turn on</button></form>");
        }
        html.append("</section><section><h2>Picture password</h2>");
        if (auth.enrolment().hasPicturePassword(p.userId())) {
            html.append(
                    "<p id=\"picture-status\">Set: you can sign in by picking your pictures. <a href=\"/portal/security/pictures\">Choose new pictures</a></p>");
        } else {
            html.append(
                    "<p id=\"picture-status\">Not set. <a href=\"/portal/security/pictures\">Choose a picture password</a></p>");
        }
        html.append("</section><section><h2>Password</h2>")
                .append("<form method=\"post\" action=\"/portal/security/password\" class=\"password-form\">")
                .append(
                        "<label>Current password <input name=\"currentPassword\" type=\"password\" required autocomplete=\"current-password\"></label>")
                .append(
                        "<label>New password <input name=\"newPassword\" id=\"new-password\" type=\"password\" required autocomplete=\"new-password\" minlength=\"10\"></label>")
                .append("<p id=\"password-meter\" class=\"meter\" aria-live=\"polite\"></p>")
                .append("<button type=\"submit\">Change password</button></form>")
                .append("<p>Changing it signs you out everywhere.</p></section>")
                .append("<script src=\"/static/pictures.js\" defer></script>")
                .append(events(p));
        return html.toString();
    }

    private String approvals(Principal p) {
        StringBuilder html = new StringBuilder("<section id=\"approvals\"><h2>Sign-ins waiting for you</h2>");
        var waiting = auth.secondFactors().waitingFor(p.userId());
        if (waiting.isEmpty()) {
            html.append("<p>None.</p>");
        }
        for (SecondFactorLogins.WaitingApproval w : waiting) {
            String action = "/portal/security/approvals/" + esc(w.challengeId());
            html.append("<div class=\"approval\"><p>Sign-in from ")
                    .append(esc(w.clientAddress()))
                    .append(", waiting until ")
                    .append(esc(w.expiresAt().toString()))
                    .append(".</p><form method=\"post\" action=\"")
                    .append(action)
                    .append(
                            "\" class=\"inline\"><input type=\"hidden\" name=\"answer\" value=\"approve\"><button type=\"submit\" class=\"approve\">Approve</button></form>")
                    .append("<form method=\"post\" action=\"")
                    .append(action)
                    .append(
                            "\" class=\"inline\"><input type=\"hidden\" name=\"answer\" value=\"deny\"><button type=\"submit\">Refuse</button></form></div>");
        }
        return html.append("</section>").toString();
    }

    private String events(Principal p) {
        StringBuilder html = new StringBuilder(
                "<section><h2>Recent sign-ins and changes</h2><table id=\"security-events\"><thead><tr><th>When</th><th>What</th><th>From</th><th>Detail</th></tr></thead><tbody>");
        for (SecurityEvent e : factors.myEvents(p)) {
            html.append("<tr><td>")
                    .append(esc(e.at().toString()))
                    .append("</td><td>")
                    .append(esc(
                            e.type().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')))
                    .append("</td><td>")
                    .append(esc(e.clientAddress()))
                    .append("</td><td>")
                    .append(esc(e.detail()))
                    .append("</td></tr>");
        }
        return html.append("</tbody></table></section>").toString();
    }
}
