package io.trustlake.auth;

import com.sun.net.httpserver.HttpServer;
import io.trustlake.common.encoding.Base64Url;
import io.trustlake.common.encoding.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenID Connect provider on a loopback port for unit tests: a discovery document and a JWKS
 * over HTTP, and RS256/ES256 signing with keys generated here. Counts key-set fetches.
 */
final class TestIdentityProvider implements AutoCloseable {
    private final HttpServer server;
    private final String issuer;
    private final List<Map<String, Object>> published = new CopyOnWriteArrayList<>();
    private final Map<String, SigningKey> signing = new java.util.concurrent.ConcurrentHashMap<>();
    final AtomicInteger jwksFetches = new AtomicInteger();
    volatile String discoveredIssuer;

    record SigningKey(String kid, String algorithm, PrivateKey key) {}

    private TestIdentityProvider(HttpServer server, String realm) {
        this.server = server;
        this.issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/" + realm;
        this.discoveredIssuer = issuer;
    }

    static TestIdentityProvider start(String realm) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        TestIdentityProvider provider = new TestIdentityProvider(server, realm);
        server.createContext("/realms/" + realm + "/.well-known/openid-configuration", exchange -> {
            byte[] body = Json.encode(Map.of(
                    "issuer",
                    provider.discoveredIssuer,
                    "jwks_uri",
                    provider.issuer + "/protocol/openid-connect/certs"));
            reply(exchange, body);
        });
        server.createContext("/realms/" + realm + "/protocol/openid-connect/certs", exchange -> {
            provider.jwksFetches.incrementAndGet();
            reply(exchange, Json.encode(Map.of("keys", List.copyOf(provider.published))));
        });
        server.start();
        return provider;
    }

    private static void reply(com.sun.net.httpserver.HttpExchange exchange, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    String issuer() {
        return issuer;
    }

    /** Generates and publishes an RSA-2048 (RS256) or P-256 (ES256) key. */
    SigningKey addKey(String kid, String algorithm) throws GeneralSecurityException {
        SigningKey key = generate(kid, algorithm);
        publish(key, generatedPublic.get(kid));
        return key;
    }

    /** Generates a key that is not published. */
    SigningKey unpublishedKey(String kid, String algorithm) throws GeneralSecurityException {
        return generate(kid, algorithm);
    }

    private final Map<String, java.security.PublicKey> generatedPublic = new java.util.concurrent.ConcurrentHashMap<>();

    /** Key pairs by key id, shared by all tests of a run: RSA key generation is slow. */
    private static final Map<String, KeyPair> PAIRS = new java.util.concurrent.ConcurrentHashMap<>();

    private SigningKey generate(String kid, String algorithm) throws GeneralSecurityException {
        KeyPair pair = PAIRS.get(kid + "/" + algorithm);
        if (pair == null) {
            pair = newPair(algorithm);
            PAIRS.put(kid + "/" + algorithm, pair);
        }
        SigningKey key = new SigningKey(kid, algorithm, pair.getPrivate());
        signing.put(kid, key);
        generatedPublic.put(kid, pair.getPublic());
        return key;
    }

    private static KeyPair newPair(String algorithm) throws GeneralSecurityException {
        KeyPair pair;
        if (algorithm.equals("RS256")) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            pair = generator.generateKeyPair();
        } else {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            pair = generator.generateKeyPair();
        }
        return pair;
    }

    private void publish(SigningKey key, java.security.PublicKey publicKey) {
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kid", key.kid());
        jwk.put("use", "sig");
        jwk.put("alg", key.algorithm());
        if (publicKey instanceof RSAPublicKey rsa) {
            jwk.put("kty", "RSA");
            jwk.put("n", Base64Url.encode(unsigned(rsa.getModulus(), 256)));
            jwk.put("e", Base64Url.encode(rsa.getPublicExponent().toByteArray()));
        } else {
            ECPublicKey ec = (ECPublicKey) publicKey;
            jwk.put("kty", "EC");
            jwk.put("crv", "P-256");
            jwk.put("x", Base64Url.encode(unsigned(ec.getW().getAffineX(), 32)));
            jwk.put("y", Base64Url.encode(unsigned(ec.getW().getAffineY(), 32)));
        }
        published.add(jwk);
    }

    /** Publishes an encryption key with the same kid format, which must be ignored. */
    void publishRaw(Map<String, Object> jwk) {
        published.add(jwk);
    }

    private static byte[] unsigned(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(bytes.length, length);
        System.arraycopy(bytes, bytes.length - copy, out, length - copy, copy);
        return out;
    }

    /** A compact JWS of {@code claims} with the given header, signed by {@code key}. */
    static String sign(SigningKey key, Map<String, Object> header, Map<String, Object> claims)
            throws GeneralSecurityException {
        String input = Base64Url.encode(Json.encode(header)) + "." + Base64Url.encode(Json.encode(claims));
        Signature signature = Signature.getInstance(
                key.algorithm().equals("RS256") ? "SHA256withRSA" : "SHA256withECDSAinP1363Format");
        signature.initSign(key.key());
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + Base64Url.encode(signature.sign());
    }

    static String sign(SigningKey key, Map<String, Object> claims) throws GeneralSecurityException {
        return sign(key, Map.of("alg", key.algorithm(), "typ", "JWT", "kid", key.kid()), claims);
    }

    static List<String> list(String... values) {
        return new ArrayList<>(List.of(values));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
