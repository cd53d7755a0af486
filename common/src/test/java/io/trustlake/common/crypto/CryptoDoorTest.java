package io.trustlake.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CryptoDoorTest {
    private static final byte[] MESSAGE = "rule r-1 for patient p-1".getBytes(StandardCharsets.UTF_8);

    @Test
    void sha256MatchesKnownVector() {
        assertThat(Hex.encode(Hashes.sha256("abc".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void ed25519SignatureVerifiesAndRejectsTamperedMessage() {
        Ed25519.KeyPair keys = Ed25519.generate();
        byte[] signature = keys.sign(MESSAGE);
        assertThat(Ed25519.verify(keys.publicKey(), MESSAGE, signature)).isTrue();
        byte[] tampered = MESSAGE.clone();
        tampered[0] ^= 1;
        assertThat(Ed25519.verify(keys.publicKey(), tampered, signature)).isFalse();
        assertThat(Ed25519.verify(Ed25519.generate().publicKey(), MESSAGE, signature))
                .isFalse();
        assertThat(Ed25519.verify(keys.publicKey(), MESSAGE, new byte[3])).isFalse();
    }

    @Test
    void aKeyPairSignsExactlyAsTheStaticDoorDoes() {
        Ed25519.KeyPair keys = Ed25519.generate();
        assertThat(keys.sign(MESSAGE)).isEqualTo(Ed25519.sign(keys.privateKey(), MESSAGE));
        assertThat(keys.sign(MESSAGE)).isEqualTo(keys.sign(MESSAGE));
    }

    @Test
    void verificationRemembersKeysByValueNotByTheCallersArray() {
        Ed25519.KeyPair first = Ed25519.generate();
        Ed25519.KeyPair second = Ed25519.generate();
        byte[] key = first.publicKey();
        assertThat(Ed25519.verify(key, MESSAGE, first.sign(MESSAGE))).isTrue();
        System.arraycopy(second.publicKey(), 0, key, 0, key.length);
        assertThat(Ed25519.verify(key, MESSAGE, first.sign(MESSAGE))).isFalse();
        assertThat(Ed25519.verify(key, MESSAGE, second.sign(MESSAGE))).isTrue();
    }

    @Test
    void aKeyThatIsNoCurvePointNeverVerifies() {
        byte[] notAPoint = new byte[Ed25519.PUBLIC_KEY_LENGTH];
        java.util.Arrays.fill(notAPoint, (byte) 0xff);
        byte[] signature = Ed25519.generate().sign(MESSAGE);
        assertThat(Ed25519.verify(notAPoint, MESSAGE, signature)).isFalse();
        assertThat(Ed25519.verify(notAPoint, MESSAGE, signature)).isFalse();
    }

    @Test
    void moreKeysThanRememberedStillVerifyCorrectly() {
        Ed25519.KeyPair keys = Ed25519.generate();
        byte[] signature = keys.sign(MESSAGE);
        for (int i = 0; i <= Ed25519.MAX_CACHED_PUBLIC_KEYS; i++) {
            Ed25519.KeyPair other = Ed25519.generate();
            assertThat(Ed25519.verify(other.publicKey(), MESSAGE, signature)).isFalse();
        }
        assertThat(Ed25519.verify(keys.publicKey(), MESSAGE, signature)).isTrue();
    }

    @Test
    void ed25519KeyPairIsRecoveredFromItsPrivateKey() {
        Ed25519.KeyPair keys = Ed25519.generate();
        assertThat(Ed25519.fromPrivateKey(keys.privateKey()).publicKey()).isEqualTo(keys.publicKey());
    }

    @Test
    void aeadRoundTripsAndDetectsTamperingOrWrongContext() {
        byte[] key = Aead.newKey();
        byte[] sealed = Aead.encrypt(key, MESSAGE, new byte[] {1});
        assertThat(Aead.decrypt(key, sealed, new byte[] {1})).contains(MESSAGE);
        assertThat(Aead.decrypt(key, sealed, new byte[] {2})).isEmpty();
        assertThat(Aead.decrypt(Aead.newKey(), sealed, new byte[] {1})).isEmpty();
        sealed[sealed.length - 1] ^= 1;
        assertThat(Aead.decrypt(key, sealed, new byte[] {1})).isEmpty();
        assertThat(Aead.decrypt(key, new byte[5], new byte[] {1})).isEmpty();
    }

    @Test
    void argon2idMatchesRfc9106ShapeAndDependsOnSalt() {
        Argon2id.Parameters parameters = new Argon2id.Parameters(64, 2, 1, 32);
        byte[] a = Argon2id.hash(MESSAGE, new byte[16], parameters);
        byte[] b = Argon2id.hash(MESSAGE, new byte[16], parameters);
        byte[] c = Argon2id.hash(MESSAGE, Randomness.bytes(16), parameters);
        assertThat(a).hasSize(32).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void randomTokensUseTheUnambiguousAlphabet() {
        assertThat(Randomness.token(26)).hasSize(26).matches("[a-z2-9]+").doesNotContain("l", "o", "0", "1");
    }

    @Test
    void hmacMatchesRfc4231AndRfc2202Vectors() {
        byte[] key = new byte[20];
        java.util.Arrays.fill(key, (byte) 0x0b);
        byte[] message = "Hi There".getBytes(StandardCharsets.US_ASCII);
        assertThat(Hex.encode(Hmac.sha256(key, message)))
                .isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
        assertThat(Hex.encode(Hmac.sha1(key, message))).isEqualTo("b617318655057264e28bc0b6fb378c8ef146be00");
    }
}
