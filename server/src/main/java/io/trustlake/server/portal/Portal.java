package io.trustlake.server.portal;

import static io.trustlake.server.http.Pages.esc;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import io.trustlake.auth.Principal;
import io.trustlake.auth.Role;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.server.api.AuthApi;
import io.trustlake.server.http.Authentication;
import io.trustlake.server.http.Pages;
import io.trustlake.server.http.Responses;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Portal sign-in, sign-out and the start page. Sessions are the same signed token as the API, kept
 * in an HttpOnly, SameSite=Strict cookie so other sites cannot send requests with it.
 */
public final class Portal {
    static final String REFRESH_COOKIE = "tl_refresh";
    private final AuthApi auth;
    private final Authentication authentication;
    private final String organisationName;
    private final Clock clock;

    public Portal(AuthApi auth, Authentication authentication, String organisationName, Clock clock) {
        this.auth = auth;
        this.authentication = authentication;
        this.organisationName = organisationName;
        this.clock = clock;
    }

    public Clock clock() {
        return clock;
    }

    public String organisationName() {
        return organisationName;
    }

    /**
     * The signed-in user, or a redirect to the sign-in page. An expired access token is renewed
     * with the refresh cookie (rotating it), so a session lasts as long as its refresh token.
     */
    public Optional<Principal> signedIn(Context ctx) {
        Optional<Principal> principal = authentication.optional(ctx);
        if (principal.isEmpty()) {
            principal = renew(ctx);
        }
        if (principal.isEmpty()) {
            ctx.redirect("/login");
        }
        return principal;
    }

    private Optional<Principal> renew(Context ctx) {
        String refresh = ctx.cookie(REFRESH_COOKIE);
        if (refresh == null || refresh.isEmpty()) {
            return Optional.empty();
        }
        try {
            AuthApi.LoginResponse response = auth.refresh(refresh, ctx.ip());
            setSession(ctx, response);
            return authentication.verify(response.token());
        } catch (TrustlakeException e) {
            ctx.removeCookie(REFRESH_COOKIE, "/");
            return Optional.empty();
        }
    }

    public void loginPage(Context ctx) {
        ctx.html(loginHtml(
                "1".equals(ctx.queryParam("changed")) ? "Your password was changed. Sign in with the new one." : "",
                ""));
    }

    public void login(Context ctx) {
        String username = Optional.ofNullable(ctx.formParam("username")).orElse("");
        try {
            AuthApi.LoginResponse response = auth.login(
                    username, Optional.ofNullable(ctx.formParam("password")).orElse(""), ctx.ip());
            proceed(ctx, response);
        } catch (TrustlakeException e) {
            ctx.status(e.code().category() == ErrorCode.Category.TOO_MANY_REQUESTS ? 429 : 401)
                    .html(loginHtml(sentence(e.getMessage()) + " Please try again.", username));
        }
    }

    /** The second step with a TOTP code. */
    public void totp(Context ctx) {
        String challenge = Optional.ofNullable(ctx.formParam("challengeId")).orElse("");
        try {
            proceed(
                    ctx,
                    auth.totp(
                            challenge,
                            Optional.ofNullable(ctx.formParam("code")).orElse("")));
        } catch (TrustlakeException e) {
            ctx.status(401).html(secondFactorHtml(challenge, List.of("totp"), sentence(e.getMessage())));
        }
    }

    /** Sends the push approval and shows the page that waits for it. */
    public void push(Context ctx) {
        String challenge = Optional.ofNullable(ctx.formParam("challengeId")).orElse("");
        try {
            auth.requestPush(challenge);
            ctx.redirect("/login/push/" + challenge);
        } catch (TrustlakeException e) {
            ctx.status(401).html(loginHtml(sentence(e.getMessage()), ""));
        }
    }

    /** While waiting: a page that checks again (JSON for the page's script); then the portal. */
    public void pushStatus(Context ctx) {
        String challenge = ctx.pathParam("challengeId");
        boolean json = !Pages.wantsHtml(ctx);
        try {
            AuthApi.LoginResponse response = auth.pushStatus(challenge);
            if (response.signedIn()) {
                setSession(ctx, response);
                if (json) {
                    Responses.ok(ctx, Map.of("status", "SIGNED_IN"));
                } else {
                    ctx.redirect("/portal");
                }
            } else if (json) {
                Responses.json(ctx, 202, Map.of("status", "WAITING"));
            } else {
                ctx.html(waitingHtml(challenge));
            }
        } catch (TrustlakeException e) {
            if (json) {
                Responses.json(ctx, 401, Map.of("status", "FAILED", "message", sentence(e.getMessage())));
            } else {
                ctx.status(401).html(loginHtml(sentence(e.getMessage()), ""));
            }
        }
    }

    void proceed(Context ctx, AuthApi.LoginResponse response) {
        if (response.signedIn()) {
            setSession(ctx, response);
            ctx.redirect("/portal");
        } else {
            ctx.html(secondFactorHtml(response.challengeId(), response.methods(), ""));
        }
    }

    private void setSession(Context ctx, AuthApi.LoginResponse response) {
        long seconds = Math.max(
                1, Duration.between(clock.instant(), response.expiresAt()).toSeconds());
        ctx.cookie(cookie(Authentication.SESSION_COOKIE, response.token(), (int) seconds));
        ctx.cookie(cookie(REFRESH_COOKIE, response.refreshToken(), -1));
    }

    private static Cookie cookie(String name, String value, int maxAge) {
        return new Cookie(name, value, "/", maxAge, false, true, null, SameSite.STRICT);
    }

    /** Forgets the session in the browser (the tokens were revoked elsewhere). */
    void clearSession(Context ctx) {
        ctx.removeCookie(Authentication.SESSION_COOKIE, "/");
        ctx.removeCookie(REFRESH_COOKIE, "/");
    }

    /** Signs out: both tokens are revoked, not only forgotten by the browser. */
    public void logout(Context ctx) {
        authentication.optional(ctx).ifPresent(p -> auth.services()
                .sessions()
                .logout(p, Optional.ofNullable(ctx.cookie(REFRESH_COOKIE)), ctx.ip()));
        ctx.removeCookie(Authentication.SESSION_COOKIE, "/");
        ctx.removeCookie(REFRESH_COOKIE, "/");
        ctx.redirect("/login");
    }

    public void home(Context ctx) {
        signedIn(ctx).ifPresent(p -> ctx.html(page("Home", p, home(p))));
    }

    /** "the username or password is wrong" reads "The username or password is wrong." */
    static String sentence(String message) {
        if (message.isEmpty()) {
            return message;
        }
        String capital = Character.toUpperCase(message.charAt(0)) + message.substring(1);
        return capital.endsWith(".") ? capital : capital + ".";
    }

    /** The start page's content for this user; other pages add their sections below it. */
    String home(Principal p) {
        String welcome = "<h1>Welcome, " + esc(p.userId().substring(p.userId().indexOf(':') + 1)) + "</h1>";
        if (p.role() == Role.PATIENT) {
            return welcome + "<p>Your patient id is <code id=\"patient-id\">" + esc(p.patientIdOrEmpty())
                    + "</code>. Give it to a doctor who needs your record; it does not reveal who you are.</p>"
                    + "<ul class=\"cards\"><li><a href=\"/portal/record\">My record</a><span>Everything the hospitals hold about you, by section.</span></li>"
                    + "<li><a href=\"/portal/rules\">My rules</a><span>Decide who may see which parts, and until when.</span></li>"
                    + "<li><a href=\"/portal/audit\">My audit trail</a><span>Who looked at your record, when, and what they saw.</span></li></ul>";
        }
        return welcome + "<p>Look up a patient by their Trustlake patient id to request their record.</p>"
                + PatientPages.lookupForm("");
    }

    /** The page frame with the navigation for this user. */
    public String page(String title, Principal p, String body) {
        String nav = (p.role() == Role.PATIENT
                        ? "<a href=\"/portal/record\">My record</a><a href=\"/portal/rules\">My rules</a><a href=\"/portal/audit\">Audit trail</a>"
                        : "<a href=\"/portal\">Find a patient</a>")
                + (p.role() == Role.ADMIN ? "<a href=\"/portal/overrides\">Emergency overrides</a>" : "")
                + "<span class=\"who\" data-user=\"" + esc(p.userId()) + "\">" + esc(p.userId()) + " ("
                + esc(p.role().name().toLowerCase(java.util.Locale.ROOT)) + ")</span>"
                + "<a href=\"/portal/security\">Security</a>"
                + "<form method=\"post\" action=\"/logout\" class=\"inline\"><button type=\"submit\">Sign out</button></form>";
        return Pages.page(title, organisationName, nav, body);
    }

    private String loginHtml(String error, String username) {
        String message = error.isEmpty() ? "" : "<p class=\"error\" role=\"alert\">" + esc(error) + "</p>";
        return Pages.page(
                "Sign in",
                organisationName,
                "",
                "<section class=\"login\"><h1>Sign in to " + esc(organisationName) + "</h1>"
                        + message
                        + "<form method=\"post\" action=\"/login\"><label>Username <input name=\"username\" autocomplete=\"username\" required value=\""
                        + esc(username) + "\"></label>"
                        + "<label>Password <input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>"
                        + "<button type=\"submit\">Sign in</button></form>"
                        + "<p><a href=\"/login/pictures\" id=\"picture-login\">Sign in with pictures instead</a></p></section>");
    }

    private String secondFactorHtml(String challenge, List<String> methods, String error) {
        String message = error.isEmpty() ? "" : "<p class=\"error\" role=\"alert\">" + esc(error) + "</p>";
        String hidden = "<input type=\"hidden\" name=\"challengeId\" value=\"" + esc(challenge) + "\">";
        String totp = methods.contains("totp")
                ? "<form method=\"post\" action=\"/login/totp\">" + hidden
                        + "<label>Code from your authenticator app <input name=\"code\" inputmode=\"numeric\" autocomplete=\"one-time-code\" pattern=\"[0-9]{6}\" maxlength=\"6\" required autofocus></label>"
                        + "<button type=\"submit\">Continue</button></form>"
                : "";
        String push = methods.contains("push")
                ? "<form method=\"post\" action=\"/login/push\">" + hidden
                        + "<p>Or approve this sign-in on a device where you are already signed in.</p>"
                        + "<button type=\"submit\" id=\"send-push\">Ask my signed-in device</button></form>"
                : "";
        return Pages.page(
                "Second step",
                organisationName,
                "",
                "<section class=\"login\"><h1>One more step</h1>" + message + totp + push + "</section>");
    }

    private String waitingHtml(String challenge) {
        return Pages.page(
                "Waiting for approval",
                organisationName,
                "",
                "<section class=\"login\" id=\"push-wait\" data-challenge=\"" + esc(challenge)
                        + "\"><h1>Approve on your other device</h1><p>Open Trustlake where you are already signed in and approve this sign-in under <em>Security</em>. This page continues by itself; the request times out after two minutes.</p>"
                        + "<p><a href=\"/login/push/" + esc(challenge) + "\">Check now</a></p></section>");
    }
}
