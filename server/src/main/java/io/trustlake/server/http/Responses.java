package io.trustlake.server.http;

import io.javalin.http.Context;
import io.trustlake.common.encoding.Json;

/** Writes JSON responses with Trustlake's mapper. */
public final class Responses {
    private Responses() {}

    public static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.encodeToString(body));
    }

    public static void ok(Context ctx, Object body) {
        json(ctx, 200, body);
    }
}
