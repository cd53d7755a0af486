package io.trustlake.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.trustlake.cli.DemoAccounts.DemoAccount;
import io.trustlake.common.encoding.Json;
import io.trustlake.testkit.ApiClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * An API client registers a public key and receives its record as a compact JWE for that key: the
 * test decrypts it with the private key and compares it with a plain delivery; bad keys get 400, a
 * JWE request without a key gets 406 and leaves the record collectable, and a JWE is still handed
 * out once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(300)
class DeliveryJweIT {
    private static final String KEY = "/api/v1/me/delivery-key";
    private static final String CLIENT = "api.client";
    private static final String PASSWORD = "amber kettle drifts past the lighthouse";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static ApiClient netherlands;
    private static DemoAccount patient;
    private static String token;
    private static RSAKey rsa;
    private static ECKey ec;
    private static Set<String> plainResources;

    @BeforeAll
    static void start() throws Exception {
        netherlands = TestConsortium.client("hosp-nl");
        String admin = netherlands.login(
                "admin", TestConsortium.account("hosp-nl", "admin").password());
        ApiClient.Response created = netherlands.post(
                "/api/v1/organisations/hosp-nl/accounts",
                Map.of(
                        "username",
                        CLIENT,
                        "displayName",
                        "Laboratory system",
                        "role",
                        "professional",
                        "departments",
                        List.of("hosp-nl:general-medicine"),
                        "password",
                        PASSWORD),
                Optional.of(admin));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        token = netherlands.login(CLIENT, PASSWORD);
        patient = TestConsortium.patientAtBothHospitals();
        ApiClient patientNode = TestConsortium.client(patient.organisation());
        ApiClient.Response rule = patientNode.post(
                "/api/v1/patients/" + patient.patientId() + "/rules",
                Map.of(
                        "grantee", Map.of("type", "professional", "id", "hosp-nl:" + CLIENT),
                        "tags", List.of("allergies", "conditions", "demographics"),
                        "effect", "allow",
                        "validFrom", "2020-01-01T00:00:00Z",
                        "validUntil", "2099-01-01T00:00:00Z"),
                Optional.of(patientNode.login(patient.username(), patient.password())));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        rsa = new RSAKeyGenerator(2048).generate();
        ec = new ECKeyGenerator(Curve.P_256).generate();
    }

    /** Requests the record and returns the link to collect it (retrying while the rule replicates). */
    private static String requestRecord() {
        ApiClient.Response response = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            response = netherlands.post(
                    "/api/v1/records/" + patient.patientId(), Map.of("purpose", "TREAT"), Optional.of(token));
            if (response.status() == 201) {
                return response.json().get("record").asText();
            }
            sleep();
        }
        throw new AssertionError("record request failed: " + response);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(
                    request.header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static HttpResponse<String> collect(String link, String accept) {
        return send(HttpRequest.newBuilder(URI.create(netherlands.baseUrl() + link))
                .header("Accept", accept)
                .GET());
    }

    private static HttpResponse<String> register(String body) {
        return send(HttpRequest.newBuilder(URI.create(netherlands.baseUrl() + KEY))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static JsonNode json(String text) {
        return Json.tree(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The released resources of a record (type/id), without the request-specific Provenance. */
    private static Set<String> resources(String bundle) {
        Set<String> found = new TreeSet<>();
        for (JsonNode entry : json(bundle).get("entry")) {
            JsonNode resource = entry.get("resource");
            if (!resource.get("resourceType").asText().equals("Provenance")) {
                found.add(resource.get("resourceType").asText() + "/"
                        + resource.get("id").asText());
            }
        }
        return found;
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    @Order(1)
    void aJweRequestWithoutARegisteredKeyIsRefusedAndTheRecordStaysCollectable() {
        String link = requestRecord();

        HttpResponse<String> refused = collect(link, "application/jose");

        assertThat(refused.statusCode()).isEqualTo(406);
        assertThat(json(refused.body()).get("error").asText()).isEqualTo("NO_DELIVERY_KEY");
        assertThat(json(refused.body()).get("message").asText()).contains("PUT /api/v1/me/delivery-key");
        HttpResponse<String> plain = collect(link, "application/fhir+json");
        assertThat(plain.statusCode()).isEqualTo(200);
        plainResources = resources(plain.body());
        assertThat(plainResources).isNotEmpty();
        assertThat(netherlands.get(KEY, Optional.of(token)).status()).isEqualTo(404);
    }

    @Test
    @Order(2)
    void unusableKeysAreRefusedWithAPlainMessage() throws Exception {
        HttpResponse<String> notJson = register("this is not a key");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(notJson.body()).get("message").asText())
                .startsWith("unusable delivery key: this is not a valid JSON Web Key");
        assertThat(json(register(rsa.toJSONString()).body()).get("message").asText())
                .contains("send only the public key");
        assertThat(register(new RSAKeyGenerator(1024, true)
                                .generate()
                                .toPublicJWK()
                                .toJSONString())
                        .statusCode())
                .isEqualTo(400);
        assertThat(register(new ECKeyGenerator(Curve.P_521)
                                .generate()
                                .toPublicJWK()
                                .toJSONString())
                        .statusCode())
                .isEqualTo(400);
        assertThat(register("{\"kty\":\"oct\",\"k\":\"c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(netherlands.get(KEY, Optional.of(token)).status()).isEqualTo(404);
    }

    @Test
    @Order(3)
    void theRecordArrivesAsAJweForTheRegisteredRsaKeyOnce() throws Exception {
        HttpResponse<String> registered = register(rsa.toPublicJWK().toJSONString());
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        assertThat(json(registered.body()).get("alg").asText()).isEqualTo("RSA-OAEP-256");
        assertThat(json(registered.body()).get("keyId").asText())
                .isEqualTo(rsa.computeThumbprint().toString());
        assertThat(netherlands.get(KEY, Optional.of(token)).json().get("keyId").asText())
                .isEqualTo(rsa.computeThumbprint().toString());
        String link = requestRecord();

        HttpResponse<String> encrypted = collect(link, "application/jose");

        assertThat(encrypted.statusCode()).isEqualTo(200);
        assertThat(encrypted.headers().firstValue("Content-Type").orElse("")).startsWith("application/jose");
        assertThat(encrypted.body().split("\\.", -1)).hasSize(5);
        JWEObject jwe = JWEObject.parse(encrypted.body());
        assertThat(jwe.getHeader().getEncryptionMethod().getName()).isEqualTo("A256GCM");
        jwe.decrypt(new RSADecrypter(rsa));
        String bundle = jwe.getPayload().toString();
        assertThat(resources(bundle)).isEqualTo(plainResources);
        assertThat(FhirValidation.errors(bundle)).isEmpty();
        assertThat(collect(link, "application/jose").statusCode()).isEqualTo(410);
        assertThat(collect(link, "application/fhir+json").statusCode()).isEqualTo(410);
    }

    @Test
    @Order(4)
    void anEcKeyReplacesTheRsaKeyAndCanBeRemoved() throws Exception {
        assertThat(register(ec.toPublicJWK().toJSONString()).statusCode()).isEqualTo(200);
        String link = requestRecord();

        JWEObject jwe = JWEObject.parse(
                collect(link, "application/json, application/jose;q=0.9").body());
        assertThat(jwe.getHeader().getAlgorithm().getName()).isEqualTo("ECDH-ES");
        jwe.decrypt(new ECDHDecrypter(ec));
        assertThat(resources(jwe.getPayload().toString())).isEqualTo(plainResources);

        assertThat(netherlands.delete(KEY, Optional.of(token)).status()).isEqualTo(204);
        assertThat(netherlands.delete(KEY, Optional.of(token)).status()).isEqualTo(404);
        assertThat(collect(requestRecord(), "application/jose").statusCode()).isEqualTo(406);
    }
}
