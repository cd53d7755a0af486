package io.trustlake.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustlake.common.crypto.CryptoException;
import io.trustlake.common.crypto.JwsPublicKey;
import io.trustlake.common.encoding.Base64Url;
import io.trustlake.common.encoding.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Identity providers' signing keys, fetched over HTTP from each provider's JWKS (its {@code jwksUri},
 * or the {@code jwks_uri} of its discovery document, whose {@code issuer} must be the registered
 * one) and cached. A key id not in the cached set triggers a fetch, as does a set older than {@link
 * JwksSettings#maxAge()}, but never more than one per provider per {@link
 * JwksSettings#minRefreshInterval()}. A failed fetch keeps the previous set. Only signing keys
 * usable for {@code RS256} (RSA, at least 2048 bits) and {@code ES256} (EC P-256) are taken; others
 * are skipped.
 *
 * <p>Thread-safe: concurrent look-ups of one provider wait for a single fetch.
 */
public final class HttpProviderKeys implements ProviderKeys {
    private static final Logger LOG = LoggerFactory.getLogger(HttpProviderKeys.class);

    private final HttpClient client;
    private final Clock clock;
    private final JwksSettings settings;
    private final Map<String, KeySet> sets = new ConcurrentHashMap<>();

    public HttpProviderKeys(HttpClient client, Clock clock, JwksSettings settings) {
        this.client = client;
        this.clock = clock;
        this.settings = settings;
    }

    /** One provider's cached keys; fields are guarded by the object's monitor. */
    private static final class KeySet {
        private Map<String, JwsPublicKey> keys = Map.of();
        private Instant fetchedAt = Instant.MIN;
        private Instant lastAttempt = Instant.MIN;
        private boolean fetched;
    }

    @Override
    public Lookup find(IdentityProvider provider, String kid) {
        KeySet set = sets.computeIfAbsent(provider.issuer() + " " + provider.jwksUri(), k -> new KeySet());
        synchronized (set) {
            Instant now = clock.instant();
            boolean known = set.keys.containsKey(kid);
            boolean stale = !now.isBefore(set.fetchedAt.plus(settings.maxAge()));
            boolean mayFetch = !now.isBefore(set.lastAttempt.plus(settings.minRefreshInterval()));
            if ((!known || stale) && mayFetch) {
                set.lastAttempt = now;
                fetch(provider).ifPresent(keys -> {
                    set.keys = keys;
                    set.fetchedAt = now;
                    set.fetched = true;
                });
            }
            JwsPublicKey key = set.keys.get(kid);
            if (key != null) {
                return new Lookup.Found(key);
            }
            return set.fetched ? new Lookup.Unknown() : new Lookup.Unavailable();
        }
    }

    private Optional<Map<String, JwsPublicKey>> fetch(IdentityProvider provider) {
        Optional<String> jwksUri = provider.jwksUri().isEmpty() ? discover(provider) : Optional.of(provider.jwksUri());
        return jwksUri.flatMap(uri -> get(uri, provider)).map(jwks -> parse(jwks, provider));
    }

    private Optional<String> discover(IdentityProvider provider) {
        Optional<JsonNode> document = get(provider.discoveryUri(), provider);
        if (document.isEmpty()) {
            return Optional.empty();
        }
        JsonNode issuer = document.get().get("issuer");
        JsonNode jwksUri = document.get().get("jwks_uri");
        if (issuer == null || !provider.issuer().equals(issuer.asText())) {
            LOG.warn("Discovery document of {} names another issuer; its keys are not used", provider.issuer());
            return Optional.empty();
        }
        if (jwksUri == null || !jwksUri.isTextual() || !IdentityProvider.isAcceptableUrl(jwksUri.textValue())) {
            LOG.warn("Discovery document of {} has no usable jwks_uri", provider.issuer());
            return Optional.empty();
        }
        return Optional.of(jwksUri.textValue());
    }

    private Optional<JsonNode> get(String uri, IdentityProvider provider) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(uri))
                    .timeout(settings.timeout())
                    .header("Accept", "application/json")
                    .GET()
                    .build();
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    LOG.warn("Identity provider {} answered {} for {}", provider.issuer(), response.statusCode(), uri);
                    return Optional.empty();
                }
                byte[] bytes = body.readNBytes(settings.maxBytes() + 1);
                if (bytes.length > settings.maxBytes()) {
                    LOG.warn(
                            "Identity provider {} sent more than {} bytes for {}",
                            provider.issuer(),
                            settings.maxBytes(),
                            uri);
                    return Optional.empty();
                }
                JsonNode json = Json.canonical().readTree(bytes);
                return json != null && json.isObject() ? Optional.of(json) : Optional.empty();
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Could not fetch {} of identity provider {}: {}", uri, provider.issuer(), e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Map<String, JwsPublicKey> parse(JsonNode jwks, IdentityProvider provider) {
        Map<String, JwsPublicKey> keys = new HashMap<>();
        JsonNode list = jwks.get("keys");
        if (list == null || !list.isArray()) {
            LOG.warn("Key set of identity provider {} has no 'keys' array", provider.issuer());
            return Map.of();
        }
        for (JsonNode jwk : list) {
            String kid = text(jwk, "kid");
            if (kid.isEmpty()
                    || !(text(jwk, "use").isEmpty() || text(jwk, "use").equals("sig"))) {
                continue;
            }
            key(jwk).ifPresent(key -> keys.putIfAbsent(kid, key));
        }
        return Map.copyOf(keys);
    }

    private static Optional<JwsPublicKey> key(JsonNode jwk) {
        String alg = text(jwk, "alg");
        try {
            return switch (text(jwk, "kty")) {
                case "RSA" ->
                    alg.isEmpty() || alg.equals("RS256")
                            ? Optional.of(JwsPublicKey.rs256(
                                    Base64Url.decode(text(jwk, "n")), Base64Url.decode(text(jwk, "e"))))
                            : Optional.empty();
                case "EC" ->
                    text(jwk, "crv").equals("P-256") && (alg.isEmpty() || alg.equals("ES256"))
                            ? Optional.of(JwsPublicKey.es256(
                                    Base64Url.decode(text(jwk, "x")), Base64Url.decode(text(jwk, "y"))))
                            : Optional.empty();
                default -> Optional.empty();
            };
        } catch (CryptoException | IllegalArgumentException e) {
            LOG.warn("Skipped an unusable key {} of an identity provider", text(jwk, "kid"));
            return Optional.empty();
        }
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value != null && value.isTextual() ? value.textValue() : "";
    }
}
