package io.trustlake.server.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.trustlake.common.crypto.Randomness;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP responses. Clients get a status, a stable code and a
 * message, never a stack trace; unexpected failures are logged with an incident id the client sees.
 */
public final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    private ErrorMapper() {}

    public static void install(JavalinConfig config) {
        config.routes.exception(TrustlakeException.class, (e, ctx) -> respond(ctx, e.code(), e.getMessage()));
        config.routes.exception(
                HttpResponseException.class,
                (e, ctx) -> respond(ctx, e.getStatus(), codeFor(e.getStatus()), e.getMessage()));
        config.routes.exception(Exception.class, ErrorMapper::unexpected);
        config.routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                respond(ctx, 404, "NOT_FOUND", "no such resource: " + io.trustlake.common.id.Ids.printable(ctx.path()));
            }
        });
        config.routes.error(405, ctx -> respond(ctx, 405, "METHOD_NOT_ALLOWED", "this method is not allowed here"));
    }

    public static int status(ErrorCode code) {
        return switch (code.category()) {
            case INVALID -> 400;
            case TOO_LARGE -> 413;
            case UNAUTHENTICATED -> 401;
            case TOO_MANY_REQUESTS -> 429;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case NOT_ACCEPTABLE -> 406;
            case GONE -> 410;
            case CONFLICT -> 409;
            case UNAVAILABLE -> 503;
            case INTERNAL -> 500;
        };
    }

    public static void respond(Context ctx, ErrorCode code, String message) {
        if (code.category() == ErrorCode.Category.INTERNAL) {
            unexpected(new TrustlakeException(code, message), ctx);
            return;
        }
        respond(ctx, status(code), code.name(), message);
    }

    static void respond(Context ctx, int status, String code, String message) {
        ctx.status(status);
        if (status == 401) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        if (Pages.wantsHtml(ctx)) {
            ctx.contentType("text/html; charset=utf-8").result(Pages.errorPage(status, message));
        } else {
            Responses.json(ctx, status, new ApiError(code, message));
        }
    }

    private static void unexpected(Exception e, Context ctx) {
        String incident = Randomness.token(10);
        LOG.error("Incident {} on {} {}", incident, ctx.method(), io.trustlake.common.id.Ids.printable(ctx.path()), e);
        respond(ctx, 500, ErrorCode.INTERNAL.name(), "something went wrong on our side (incident " + incident + ")");
    }

    private static String codeFor(int status) {
        return switch (status) {
            case 400 -> "BAD_REQUEST";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 413 -> "PAYLOAD_TOO_LARGE";
            default -> "HTTP_" + status;
        };
    }
}
