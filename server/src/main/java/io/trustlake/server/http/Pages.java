package io.trustlake.server.http;

import io.javalin.http.Context;

/**
 * Server-rendered HTML: the page frame, escaping, and the error page. Every piece of data is
 * escaped with {@link #esc} before it reaches markup.
 */
public final class Pages {
    private Pages() {}

    /** True for browser navigation outside the JSON API. */
    public static boolean wantsHtml(Context ctx) {
        String accept = ctx.header("Accept");
        return !ctx.path().startsWith("/api/")
                && !ctx.path().startsWith("/internal/")
                && accept != null
                && accept.contains("text/html");
    }

    public static String esc(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A whole page. {@code nav} and {@code body} must already be safe HTML. */
    public static String page(String title, String organisationName, String nav, String body) {
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s · Trustlake</title>
                <link rel="stylesheet" href="/static/portal.css">
                </head><body>
                <header><a class="brand" href="/portal">Trustlake</a><span class="org">%s</span><nav>%s</nav></header>
                <main>%s</main>
                <div id="live" class="live" role="status" aria-live="polite" hidden></div>
                <footer>Every access to a record is written to the consortium ledger.</footer>
                <script src="/static/live.js" defer></script>
                </body></html>
                """
                .formatted(esc(title), esc(organisationName), nav, body);
    }

    public static String errorPage(int status, String message) {
        String heading =
                switch (status) {
                    case 401 -> "Please sign in";
                    case 403 -> "Not allowed";
                    case 404 -> "Not found";
                    case 410 -> "Already collected";
                    default -> status >= 500 ? "Something went wrong" : "That did not work";
                };
        return page(
                heading,
                "",
                "<a href=\"/portal\">Home</a>",
                "<section class=\"error\"><h1>" + esc(heading) + "</h1><p>" + esc(message) + "</p>"
                        + "<p><a href=\"/portal\">Back to the start page</a></p></section>");
    }
}
