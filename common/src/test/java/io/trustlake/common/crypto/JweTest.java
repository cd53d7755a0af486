package io.trustlake.common.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JweTest {
    private static final byte[] RECORD = "{\"resourceType\":\"Bundle\",\"type\":\"collection\"}".getBytes(UTF_8);
    private static RSAKey rsa;
    private static ECKey ec;

    @BeforeAll
    static void generateKeys() throws Exception {
        rsa = new RSAKeyGenerator(2048).generate();
        ec = new ECKeyGenerator(Curve.P_256).generate();
    }

    private static Jwe.RecipientKey accepted(String json) {
        Jwe.Parsed parsed = Jwe.parse(json);
        assertThat(parsed).isInstanceOf(Jwe.Accepted.class);
        return ((Jwe.Accepted) parsed).key();
    }

    private static String rejection(String json) {
        Jwe.Parsed parsed = Jwe.parse(json);
        assertThat(parsed).isInstanceOf(Jwe.Rejected.class);
        return ((Jwe.Rejected) parsed).reason();
    }

    @Test
    void anRsaRecipientDecryptsWithItsPrivateKey() throws Exception {
        Jwe.RecipientKey key = accepted(rsa.toPublicJWK().toJSONString());

        JWEObject jwe = JWEObject.parse(Jwe.encrypt(key, RECORD, "application/fhir+json"));
        jwe.decrypt(new RSADecrypter(rsa));

        assertThat(jwe.getHeader().getAlgorithm()).isEqualTo(JWEAlgorithm.RSA_OAEP_256);
        assertThat(jwe.getHeader().getEncryptionMethod()).isEqualTo(EncryptionMethod.A256GCM);
        assertThat(jwe.getHeader().getKeyID()).isEqualTo(rsa.computeThumbprint().toString());
        assertThat(jwe.getHeader().getContentType()).isEqualTo("application/fhir+json");
        assertThat(jwe.getPayload().toBytes()).isEqualTo(RECORD);
    }

    @Test
    void anEcP256RecipientDecryptsWithItsPrivateKey() throws Exception {
        Jwe.RecipientKey key = accepted(ec.toPublicJWK().toJSONString());
        assertThat(key.algorithm()).isEqualTo("ECDH-ES");

        JWEObject jwe = JWEObject.parse(Jwe.encrypt(key, RECORD, "application/fhir+json"));
        jwe.decrypt(new ECDHDecrypter(ec));

        assertThat(jwe.getPayload().toBytes()).isEqualTo(RECORD);
    }

    @Test
    void twoEncryptionsOfOneRecordDiffer() {
        Jwe.RecipientKey key = accepted(ec.toPublicJWK().toJSONString());

        assertThat(Jwe.encrypt(key, RECORD, "application/fhir+json"))
                .isNotEqualTo(Jwe.encrypt(key, RECORD, "application/fhir+json"));
    }

    @Test
    void theStoredFormIsThePublicKeyWithItsAlgorithmAndThumbprint() {
        Jwe.RecipientKey key = accepted(rsa.toPublicJWK().toJSONString());

        assertThat(key.json()).contains("\"alg\":\"RSA-OAEP-256\"", "\"use\":\"enc\"", key.keyId());
        assertThat(key.json()).doesNotContain("\"d\"");
        assertThat(accepted(key.json()).keyId()).isEqualTo(key.keyId());
    }

    @Test
    void privateWeakUnsupportedAndMalformedKeysAreRejectedWithAPlainReason() throws Exception {
        assertThat(rejection(rsa.toJSONString())).contains("send only the public key");
        assertThat(rejection(
                        new RSAKeyGenerator(1024, true).generate().toPublicJWK().toJSONString()))
                .contains("at least 2048 bits");
        assertThat(rejection(
                        new ECKeyGenerator(Curve.P_384).generate().toPublicJWK().toJSONString()))
                .contains("EC P-256");
        OctetSequenceKey secret = new OctetSequenceKeyGenerator(256).generate();
        assertThat(rejection(secret.toJSONString())).isNotBlank();
        assertThat(rejection("not json")).contains("not a valid JSON Web Key");
        assertThat(rejection("{\"kty\":\"RSA\"}")).contains("not a valid JSON Web Key");
        assertThat(rejection(new RSAKey.Builder(rsa.toRSAPublicKey())
                        .algorithm(JWEAlgorithm.RSA_OAEP_384)
                        .build()
                        .toJSONString()))
                .contains("\"alg\" must be RSA-OAEP-256");
        assertThat(rejection(new ECKey.Builder(ec.toPublicJWK())
                        .keyUse(KeyUse.SIGNATURE)
                        .build()
                        .toJSONString()))
                .contains("\"use\" must be \"enc\"");
    }

    @Test
    void anEcPointOffTheCurveIsRejected() {
        String json = ec.toPublicJWK().toJSONString();
        String y = ec.getY().toString();
        String otherY = (y.charAt(0) == 'A' ? "B" : "A") + y.substring(1);

        assertThat(rejection(json.replace(y, otherY))).contains("not a valid JSON Web Key");
    }
}
