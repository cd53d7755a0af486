package io.trustlake.server.api;

import io.javalin.http.Context;
import io.trustlake.auth.Principal;
import io.trustlake.common.encoding.Json;
import io.trustlake.server.http.Authentication;
import io.trustlake.server.http.Responses;
import io.trustlake.server.records.RecordBody;
import io.trustlake.server.records.RecordResult;
import io.trustlake.server.records.RecordService;

/** Record requests over HTTP: 201 with the decision and a link, or 403 with the logged refusal. */
public final class RecordsApi {
    private final RecordService records;
    private final Authentication authentication;

    public RecordsApi(RecordService records, Authentication authentication) {
        this.records = records;
        this.authentication = authentication;
    }

    /** The 403 body: the refusal, and where it was recorded on the ledger. */
    public record Refusal(String error, String message, RecordResult decision) {}

    public void request(Context ctx) {
        Principal principal = authentication.require(ctx);
        RecordBody body = Json.parseInput(ctx.bodyAsBytes(), RecordBody.class);
        RecordResult result = records.request(principal, Authentication.token(ctx), ctx.pathParam("patientId"), body);
        if (result.granted()) {
            ctx.header("Location", result.record());
            Responses.json(ctx, 201, result);
        } else {
            Responses.json(
                    ctx,
                    403,
                    new Refusal(
                            "ACCESS_DENIED",
                            "no rule of this patient allows this access; the attempt was recorded on the ledger at position "
                                    + result.ledger().logIndex(),
                            result));
        }
    }

    public void take(Context ctx) {
        Principal principal = authentication.require(ctx);
        byte[] bundle = records.take(principal, ctx.pathParam("patientId"), ctx.pathParam("requestId"));
        ctx.status(200)
                .header("Cache-Control", "no-store")
                .contentType("application/fhir+json")
                .result(bundle);
    }

    /** The notarised pipeline stages of a record request. */
    public void provenance(Context ctx) {
        Principal principal = authentication.require(ctx);
        Responses.ok(ctx, records.provenance(principal, ctx.pathParam("requestId")));
    }
}
