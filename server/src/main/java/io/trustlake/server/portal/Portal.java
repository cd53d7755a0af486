package io.trustlake.server.portal;

import static io.trustlake.server.http.Pages.esc;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import io.trustlake.auth.Principal;
import io.trustlake.auth.Role;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.server.api.AuthApi;
import io.trustlake.server.http.Authentication;
import io.trustlake.server.http.Pages;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Portal sign-in, sign-out and the start page. Sessions are the same signed token as the API, kept
 * in an HttpOnly, SameSite=Strict cookie so other sites cannot send requests with it.
 */
public final class Portal {
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

    /** The signed-in user, or a redirect to the sign-in page. */
    public Optional<Principal> signedIn(Context ctx) {
        Optional<Principal> principal = authentication.optional(ctx);
        if (principal.isEmpty()) {
            ctx.redirect("/login");
        }
        return principal;
    }

    public void loginPage(Context ctx) {
        ctx.html(loginHtml("", ""));
    }

    public void login(Context ctx) {
        String username = Optional.ofNullable(ctx.formParam("username")).orElse("");
        try {
            AuthApi.LoginResponse response = auth.login(
                    username, Optional.ofNullable(ctx.formParam("password")).orElse(""));
            long seconds = Math.max(
                    1, Duration.between(clock.instant(), response.expiresAt()).toSeconds());
            Cookie cookie = new Cookie(
                    Authentication.SESSION_COOKIE,
                    response.token(),
                    "/",
                    (int) seconds,
                    false,
                    true,
                    null,
                    SameSite.STRICT);
            ctx.cookie(cookie);
            ctx.redirect("/portal");
        } catch (TrustlakeException e) {
            ctx.status(401).html(loginHtml(sentence(e.getMessage()) + " Please try again.", username));
        }
    }

    public void logout(Context ctx) {
        ctx.removeCookie(Authentication.SESSION_COOKIE, "/");
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
                        + "<button type=\"submit\">Sign in</button></form></section>");
    }
}
