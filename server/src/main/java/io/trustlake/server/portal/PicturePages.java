package io.trustlake.server.portal;

import static io.trustlake.server.http.Pages.esc;

import io.javalin.http.Context;
import io.trustlake.auth.PictureStrength;
import io.trustlake.auth.Principal;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.server.api.PicturesApi;
import io.trustlake.server.http.Pages;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Portal pages for graphical passwords: signing in by picking pictures in order from a freshly
 * shuffled grid, and choosing one (with a live strength meter) on the Security page. Picking needs
 * the page's script; the grid's pictures are addressed by position only.
 */
public final class PicturePages {
    private final Portal portal;
    private final PicturesApi pictures;

    public PicturePages(Portal portal, PicturesApi pictures) {
        this.portal = portal;
        this.pictures = pictures;
    }

    public void loginPage(Context ctx) {
        ctx.html(loginHtml("", ""));
    }

    public void login(Context ctx) {
        String username = Optional.ofNullable(ctx.formParam("username")).orElse("");
        try {
            portal.proceed(
                    ctx,
                    pictures.login(
                            username,
                            Optional.ofNullable(ctx.formParam("layoutId")).orElse(""),
                            positions(ctx.formParam("positions")),
                            ctx.ip()));
        } catch (TrustlakeException e) {
            ctx.status(401).html(loginHtml(Portal.sentence(e.getMessage()) + " Please try again.", username));
        }
    }

    public void choosePage(Context ctx) {
        portal.signedIn(ctx).ifPresent(p -> ctx.html(chooseHtml(p, "")));
    }

    public void choose(Context ctx) {
        portal.signedIn(ctx).ifPresent(p -> {
            try {
                PictureStrength.Rating rating = pictures.set(
                        p,
                        Optional.ofNullable(ctx.formParam("layoutId")).orElse(""),
                        positions(ctx.formParam("positions")),
                        ctx.formParam("password"),
                        ctx.ip());
                ctx.html(
                        portal.page(
                                "Security",
                                p,
                                "<h1>Picture password set</h1><p class=\"notice\" role=\"status\">Your picture password is set ("
                                        + rating.bits()
                                        + " bits). You can now sign in with it.</p><p><a href=\"/portal/security\">Back to Security</a></p>"));
            } catch (TrustlakeException e) {
                ctx.status(400).html(chooseHtml(p, Portal.sentence(e.getMessage())));
            }
        });
    }

    private String loginHtml(String error, String username) {
        PicturesApi.Grid grid = pictures.grid();
        String message = error.isEmpty() ? "" : "<p class=\"error\" role=\"alert\">" + esc(error) + "</p>";
        return Pages.page(
                "Sign in with pictures",
                portal.organisationName(),
                "",
                "<section class=\"login\"><h1>Sign in with your pictures</h1>" + message
                        + "<form method=\"post\" action=\"/login/pictures\" class=\"picture-form\">"
                        + "<label>Username <input name=\"username\" autocomplete=\"username\" required value=\""
                        + esc(username) + "\"></label>"
                        + "<p>Pick your pictures in order. They are in a new place every time.</p>"
                        + gridHtml(grid)
                        + "<button type=\"submit\">Sign in</button></form>"
                        + "<p><a href=\"/login\">Sign in with a password instead</a></p></section>"
                        + "<script src=\"/static/pictures.js\" defer></script>");
    }

    private String chooseHtml(Principal p, String error) {
        PicturesApi.Grid grid = pictures.grid();
        String message = error.isEmpty() ? "" : "<p class=\"error\" role=\"alert\">" + esc(error) + "</p>";
        return portal.page(
                "Picture password",
                p,
                "<h1>Choose a picture password</h1>" + message
                        + "<p>Pick at least " + PictureStrength.MIN_PICTURES
                        + " pictures in an order you will remember. Mix animals, food, places and objects, and pick from all over the grid: "
                        + "the meter shows how hard your choice is to guess.</p>"
                        + "<form method=\"post\" action=\"/portal/security/pictures\" class=\"picture-form\" data-meter=\"on\">"
                        + gridHtml(grid)
                        + "<p id=\"picture-meter\" class=\"meter\" aria-live=\"polite\">Not chosen yet.</p>"
                        + "<label>Your current password <input name=\"password\" type=\"password\" required autocomplete=\"current-password\"></label>"
                        + "<button type=\"submit\">Save picture password</button></form>"
                        + "<script src=\"/static/pictures.js\" defer></script>");
    }

    static String gridHtml(PicturesApi.Grid grid) {
        StringBuilder html = new StringBuilder("<input type=\"hidden\" name=\"layoutId\" value=\"")
                .append(esc(grid.layoutId()))
                .append("\"><input type=\"hidden\" name=\"positions\" value=\"\">")
                .append("<div class=\"picture-grid\" style=\"grid-template-columns: repeat(")
                .append(grid.columns())
                .append(", 1fr)\">");
        for (int i = 0; i < grid.pictures().size(); i++) {
            html.append("<button type=\"button\" class=\"picture\" data-position=\"")
                    .append(i)
                    .append("\"><img src=\"")
                    .append(esc(grid.pictures().get(i)))
                    .append("\" alt=\"picture ")
                    .append(i + 1)
                    .append("\" width=\"72\" height=\"72\"></button>");
        }
        return html.append("</div><p class=\"picked\" aria-live=\"polite\">No pictures chosen.</p>")
                .append("<button type=\"button\" class=\"clear-pictures\">Start again</button>")
                .toString();
    }

    private static List<Integer> positions(String text) {
        List<Integer> positions = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return positions;
        }
        for (String part : text.split(",", -1)) {
            try {
                positions.add(Integer.parseInt(part.trim()));
            } catch (NumberFormatException e) {
                return List.of(-1);
            }
        }
        return positions;
    }
}
