package io.trustlake.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;

class JwsPublicKeyTest {
    private static final byte[] MESSAGE = "header.payload".getBytes(StandardCharsets.US_ASCII);

    @Test
    void rs256VerifiesItsSignatureAndNothingElse() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        RSAPublicKey rsa = (RSAPublicKey) pair.getPublic();
        byte[] signature = sign("SHA256withRSA", pair);

        JwsPublicKey key = JwsPublicKey.rs256(
                rsa.getModulus().toByteArray(), rsa.getPublicExponent().toByteArray());

        assertThat(key.algorithm()).isEqualTo("RS256");
        assertThat(key.verifies(MESSAGE, signature)).isTrue();
        signature[0] ^= 1;
        assertThat(key.verifies(MESSAGE, signature)).isFalse();
        assertThat(key.verifies(MESSAGE, new byte[0])).isFalse();
    }

    @Test
    void es256VerifiesConcatenatedSignaturesOnly() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        ECPublicKey ec = (ECPublicKey) pair.getPublic();
        byte[] signature = sign("SHA256withECDSAinP1363Format", pair);

        JwsPublicKey key = JwsPublicKey.es256(
                fixed(ec.getW().getAffineX()), fixed(ec.getW().getAffineY()));

        assertThat(key.verifies(MESSAGE, signature)).isTrue();
        assertThat(key.verifies("other".getBytes(StandardCharsets.US_ASCII), signature))
                .isFalse();
        assertThat(key.verifies(MESSAGE, sign("SHA256withECDSA", pair))).isFalse(); // DER, not JOSE
    }

    @Test
    void smallRsaKeysAndPointsOffTheCurveAreRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        RSAPublicKey small = (RSAPublicKey) generator.generateKeyPair().getPublic();

        assertThatThrownBy(() -> JwsPublicKey.rs256(
                        small.getModulus().toByteArray(),
                        small.getPublicExponent().toByteArray()))
                .isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> JwsPublicKey.es256(new byte[32], new byte[32])).isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> JwsPublicKey.es256(new byte[31], new byte[32])).isInstanceOf(CryptoException.class);
    }

    private static byte[] sign(String algorithm, KeyPair pair) throws Exception {
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(pair.getPrivate());
        signer.update(MESSAGE);
        return signer.sign();
    }

    private static byte[] fixed(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - copy, out, 32 - copy, copy);
        return out;
    }
}
