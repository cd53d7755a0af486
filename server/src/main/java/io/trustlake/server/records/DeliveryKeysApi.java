package io.trustlake.server.records;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.trustlake.auth.Principal;
import io.trustlake.common.crypto.Jwe;
import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.lake.Deliveries;
import io.trustlake.server.http.Authentication;
import io.trustlake.server.http.Responses;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The public key an API client registers to receive records as JWE ({@code GET
 * /api/v1/records/{patientId}/{requestId}} with {@code Accept: application/jose}). One key per
 * account on this node; registering again replaces it. Any signed-in account may register its own
 * key and nobody else's.
 */
public final class DeliveryKeysApi {
    static final String PATH = "/api/v1/me/delivery-key";

    private final Deliveries deliveries;
    private final Authentication authentication;

    public DeliveryKeysApi(Deliveries deliveries, Authentication authentication) {
        this.deliveries = deliveries;
        this.authentication = authentication;
    }

    /** Registers this API's routes. */
    public void route(JavalinConfig javalin) {
        var r = javalin.routes;
        r.put(PATH, this::register);
        r.get(PATH, this::show);
        r.delete(PATH, this::remove);
    }

    /** What a registered key looks like to its owner. */
    public record Registered(String keyId, String alg, String enc, Object jwk) {
        static Registered of(Jwe.RecipientKey key) {
            return new Registered(
                    key.keyId(),
                    key.algorithm(),
                    "A256GCM",
                    Json.tree(key.json().getBytes(StandardCharsets.UTF_8)));
        }
    }

    void register(Context ctx) {
        Principal principal = authentication.require(ctx);
        Jwe.Parsed parsed = Jwe.parse(new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8));
        if (parsed instanceof Jwe.Rejected rejected) {
            throw new TrustlakeException(ErrorCode.BAD_REQUEST, "unusable delivery key: " + rejected.reason());
        }
        Jwe.RecipientKey key = ((Jwe.Accepted) parsed).key();
        deliveries.registerRecipientKey(principal.userId(), key.json());
        Responses.ok(ctx, Registered.of(key));
    }

    void show(Context ctx) {
        Principal principal = authentication.require(ctx);
        Responses.ok(
                ctx,
                Registered.of(find(principal)
                        .orElseThrow(() -> new TrustlakeException(
                                ErrorCode.NOT_FOUND, "no delivery key is registered for this account"))));
    }

    void remove(Context ctx) {
        Principal principal = authentication.require(ctx);
        if (!deliveries.removeRecipientKey(principal.userId())) {
            throw new TrustlakeException(ErrorCode.NOT_FOUND, "no delivery key is registered for this account");
        }
        ctx.status(204);
    }

    /** The caller's registered key, or empty. */
    public Optional<Jwe.RecipientKey> find(Principal principal) {
        return deliveries
                .recipientKey(principal.userId())
                .map(Jwe::parse)
                .filter(Jwe.Accepted.class::isInstance)
                .map(accepted -> ((Jwe.Accepted) accepted).key());
    }
}
