package io.trustlake.server.api;

import io.javalin.http.Context;
import io.trustlake.auth.Principal;
import io.trustlake.common.crypto.Jwe;
import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.server.http.Authentication;
import io.trustlake.server.http.Responses;
import io.trustlake.server.records.DeliveryKeysApi;
import io.trustlake.server.records.RecordBody;
import io.trustlake.server.records.RecordResult;
import io.trustlake.server.records.RecordService;
import java.util.Optional;

/**
 * Record requests over HTTP: 201 with the decision and a link, or 403 with the logged refusal. The
 * record itself is handed out once, as FHIR JSON or, when the client sends {@code Accept:
 * application/jose}, as a compact JWE for the public key it registered ({@link DeliveryKeysApi}).
 */
public final class RecordsApi {
    /** The media type of a compact-serialised JWS or JWE (RFC 7515/7516). */
    public static final String JOSE = "application/jose";

    private final RecordService records;
    private final Authentication authentication;
    private final DeliveryKeysApi deliveryKeys;

    public RecordsApi(RecordService records, Authentication authentication, DeliveryKeysApi deliveryKeys) {
        this.records = records;
        this.authentication = authentication;
        this.deliveryKeys = deliveryKeys;
    }

    /** The delivery-key routes that go with this API. */
    public DeliveryKeysApi deliveryKeys() {
        return deliveryKeys;
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

    /**
     * Hands the record out once. For a JWE the key is looked up before the record is taken, so a
     * client without a key gets 406 and can still collect the record afterwards.
     */
    public void take(Context ctx) {
        Principal principal = authentication.require(ctx);
        Optional<Jwe.RecipientKey> key = Optional.empty();
        if (wantsJose(ctx.header("Accept"))) {
            key = Optional.of(
                    deliveryKeys
                            .find(principal)
                            .orElseThrow(
                                    () -> new TrustlakeException(
                                            ErrorCode.NO_DELIVERY_KEY,
                                            "an encrypted record (Accept: application/jose) needs a public key registered with PUT "
                                                    + "/api/v1/me/delivery-key; the record was not handed out and can still be collected")));
        }
        byte[] bundle = records.take(principal, ctx.pathParam("patientId"), ctx.pathParam("requestId"));
        ctx.status(200).header("Cache-Control", "no-store");
        if (key.isPresent()) {
            ctx.contentType(JOSE).result(Jwe.encrypt(key.get(), bundle, "application/fhir+json"));
        } else {
            ctx.contentType("application/fhir+json").result(bundle);
        }
    }

    /** Whether an {@code Accept} header names {@value #JOSE} (parameters and other types ignored). */
    static boolean wantsJose(String accept) {
        if (accept == null) {
            return false;
        }
        for (String range : accept.split(",", -1)) {
            int semicolon = range.indexOf(';');
            String type = (semicolon < 0 ? range : range.substring(0, semicolon)).strip();
            if (type.equalsIgnoreCase(JOSE)) {
                return true;
            }
        }
        return false;
    }

    /** The notarised pipeline stages of a record request. */
    public void provenance(Context ctx) {
        Principal principal = authentication.require(ctx);
        Responses.ok(ctx, records.provenance(principal, ctx.pathParam("requestId")));
    }
}
