package io.trustlake.common.crypto;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEEncrypter;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.text.ParseException;
import java.util.Optional;

/**
 * JSON Web Encryption (RFC 7516) of a document for a recipient's public key, in the compact
 * serialisation, through Nimbus JOSE+JWT. Two key kinds are accepted: RSA of at least {@value
 * #MIN_RSA_BITS} bits with key wrapping {@code RSA-OAEP-256}, and EC P-256 with direct key agreement
 * {@code ECDH-ES}; the content is always encrypted with {@code A256GCM} under a fresh key per
 * message. Thread-safe: encrypters are created per call.
 */
public final class Jwe {
    public static final int MIN_RSA_BITS = 2048;
    /** The largest JWK text accepted, in characters. */
    public static final int MAX_JWK_LENGTH = 16 * 1024;

    private Jwe() {}

    /** A validated public key to encrypt for. Immutable. */
    public static final class RecipientKey {
        private final JWK key;
        private final JWEAlgorithm algorithm;
        private final String keyId;

        private RecipientKey(JWK key, JWEAlgorithm algorithm, String keyId) {
            this.key = key;
            this.algorithm = algorithm;
            this.keyId = keyId;
        }

        /** The public JWK as JSON, with {@code alg}, {@code use} and {@code kid} filled in. */
        public String json() {
            return key.toJSONString();
        }

        /** {@code RSA-OAEP-256} or {@code ECDH-ES}. */
        public String algorithm() {
            return algorithm.getName();
        }

        /** The RFC 7638 SHA-256 thumbprint of the key (base64url), also its {@code kid}. */
        public String keyId() {
            return keyId;
        }

        @Override
        public String toString() {
            return "Jwe.RecipientKey[" + algorithm + ", " + keyId + "]";
        }
    }

    /** The outcome of reading a JWK: a usable key, or the plain reason why not. */
    public sealed interface Parsed permits Accepted, Rejected {}

    public record Accepted(RecipientKey key) implements Parsed {}

    public record Rejected(String reason) implements Parsed {}

    /** Reads and checks a public JWK as sent by a client. Never throws for bad input. */
    public static Parsed parse(String jwkJson) {
        if (jwkJson.length() > MAX_JWK_LENGTH) {
            return new Rejected("the key is longer than " + MAX_JWK_LENGTH + " characters");
        }
        JWK jwk;
        try {
            jwk = JWK.parse(jwkJson);
        } catch (ParseException | RuntimeException e) {
            return new Rejected("this is not a valid JSON Web Key (RFC 7517): " + plain(e));
        }
        if (jwk.isPrivate()) {
            return new Rejected("send only the public key: this JWK contains private key material");
        }
        if (jwk.getKeyUse() != null && !KeyUse.ENCRYPTION.equals(jwk.getKeyUse())) {
            return new Rejected("the key's \"use\" must be \"enc\"");
        }
        Optional<JWEAlgorithm> algorithm = algorithmFor(jwk);
        if (algorithm.isEmpty()) {
            return new Rejected("only RSA keys (RSA-OAEP-256, at least " + MIN_RSA_BITS
                    + " bits) and EC P-256 keys (ECDH-ES) are accepted");
        }
        if (jwk.getAlgorithm() != null
                && !jwk.getAlgorithm().getName().equals(algorithm.get().getName())) {
            return new Rejected(
                    "for this key type \"alg\" must be " + algorithm.get().getName());
        }
        return accepted(jwk, algorithm.get());
    }

    private static Optional<JWEAlgorithm> algorithmFor(JWK jwk) {
        if (jwk instanceof RSAKey rsa && rsa.size() >= MIN_RSA_BITS) {
            return Optional.of(JWEAlgorithm.RSA_OAEP_256);
        }
        if (jwk instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
            return Optional.of(JWEAlgorithm.ECDH_ES);
        }
        return Optional.empty();
    }

    private static Parsed accepted(JWK jwk, JWEAlgorithm algorithm) {
        try {
            String thumbprint = jwk.computeThumbprint().toString();
            JWK normalised = jwk instanceof RSAKey rsa
                    ? new RSAKey.Builder(rsa.toPublicJWK())
                            .algorithm(algorithm)
                            .keyUse(KeyUse.ENCRYPTION)
                            .keyID(thumbprint)
                            .build()
                    : new ECKey.Builder(((ECKey) jwk).toPublicJWK())
                            .algorithm(algorithm)
                            .keyUse(KeyUse.ENCRYPTION)
                            .keyID(thumbprint)
                            .build();
            return new Accepted(new RecipientKey(normalised, algorithm, thumbprint));
        } catch (JOSEException | RuntimeException e) {
            return new Rejected("the key cannot be used: " + plain(e));
        }
    }

    /**
     * Encrypts {@code plaintext} for {@code recipient}; the header carries {@code kid} and {@code
     * cty} ({@code contentType}, e.g. {@code application/fhir+json}). Returns the compact form.
     */
    public static String encrypt(RecipientKey recipient, byte[] plaintext, String contentType) {
        JWEHeader header = new JWEHeader.Builder(recipient.algorithm, EncryptionMethod.A256GCM)
                .keyID(recipient.keyId)
                .contentType(contentType)
                .build();
        JWEObject jwe = new JWEObject(header, new Payload(plaintext));
        try {
            jwe.encrypt(encrypter(recipient.key));
        } catch (JOSEException e) {
            throw new CryptoException("JWE encryption failed", e);
        }
        return jwe.serialize();
    }

    private static JWEEncrypter encrypter(JWK key) throws JOSEException {
        return key instanceof RSAKey rsa ? new RSAEncrypter(rsa) : new ECDHEncrypter((ECKey) key);
    }

    /** The library's message without its stack, cut to a readable length. */
    private static String plain(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.length() > 200 ? message.substring(0, 200) + "…" : message;
    }
}
