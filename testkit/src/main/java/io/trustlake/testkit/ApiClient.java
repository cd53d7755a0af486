package io.trustlake.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustlake.common.encoding.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** A small HTTP client for Trustlake's JSON API in tests. Thread-safe. */
public final class ApiClient {
    private final String baseUrl;
    private final HttpClient http;

    public ApiClient(String baseUrl) {
        this.baseUrl = baseUrl;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** A response: status, body bytes, and the body as JSON when it is JSON. */
    public record Response(int status, String contentType, String body) {
        public JsonNode json() {
            return Json.tree(body.getBytes(StandardCharsets.UTF_8));
        }
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Response get(String path, Optional<String> token) {
        return send(builder(path, token).GET());
    }

    public Response delete(String path, Optional<String> token) {
        return send(builder(path, token).DELETE());
    }

    public Response post(String path, Object body, Optional<String> token) {
        return postRaw(path, Json.encode(body), token);
    }

    public Response put(String path, Object body, Optional<String> token) {
        return send(builder(path, token)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(Json.encode(body))));
    }

    public Response postRaw(String path, byte[] body, Optional<String> token) {
        return send(builder(path, token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** A signed-in session: the access token and the ledger proof issued with it. */
    public record Session(String token, String ledgerProof) {}

    /** Signs in and returns the access token with its ledger proof; fails the test if sign-in fails. */
    public Session signIn(String username, String password) {
        JsonNode signedIn = signedIn(username, password);
        return new Session(
                signedIn.path("token").asText(), signedIn.path("ledgerProof").asText(""));
    }

    /**
     * Sends a request with a JSON body (none when {@code body} is null) and extra headers, e.g. a
     * ledger proof.
     */
    public Response send(
            String method, String path, Object body, Optional<String> token, java.util.Map<String, String> headers) {
        HttpRequest.Builder builder = builder(path, token);
        headers.forEach(builder::header);
        if (body == null) {
            return send(builder.method(method, HttpRequest.BodyPublishers.noBody()));
        }
        return send(builder.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(Json.encode(body))));
    }

    /** Signs in and returns the bearer token; fails the test if sign-in fails. */
    public String login(String username, String password) {
        return signedIn(username, password).path("token").asText();
    }

    private JsonNode signedIn(String username, String password) {
        Response response = post(
                "/api/v1/auth/login", java.util.Map.of("username", username, "password", password), Optional.empty());
        if (response.status() != 200) {
            throw new AssertionError(
                    "sign-in of " + username + " failed: " + response.status() + " " + response.body());
        }
        String token = response.json().path("token").asText("");
        if (token.isEmpty()) {
            throw new AssertionError(
                    "sign-in of " + username + " gave no token (a second factor is enrolled?): " + response.body());
        }
        return response.json();
    }

    private HttpRequest.Builder builder(String path, Optional<String> token) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
        token.ifPresent(t -> builder.header("Authorization", "Bearer " + t));
        return builder;
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response =
                    http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
