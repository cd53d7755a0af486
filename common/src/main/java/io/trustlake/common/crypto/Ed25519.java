package io.trustlake.common.crypto;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Ed25519 signatures through BouncyCastle's lightweight API, which verifies several times faster
 * than the JDK provider. All methods are thread-safe; signer objects are created per call.
 */
public final class Ed25519 {
    public static final int PUBLIC_KEY_LENGTH = 32;
    public static final int SIGNATURE_LENGTH = 64;

    private Ed25519() {}

    /** A signing key pair; the private part is the 32-byte seed. Immutable. */
    public static final class KeyPair {
        private final byte[] privateKey;
        private final byte[] publicKey;

        public KeyPair(byte[] privateKey, byte[] publicKey) {
            this.privateKey = privateKey.clone();
            this.publicKey = publicKey.clone();
        }

        public byte[] privateKey() {
            return privateKey.clone();
        }

        public byte[] publicKey() {
            return publicKey.clone();
        }

        public byte[] sign(byte[] message) {
            return Ed25519.sign(privateKey, message);
        }

        @Override
        public String toString() {
            return "Ed25519.KeyPair[public=" + Hex.encode(publicKey) + "]";
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof KeyPair k && java.util.Arrays.equals(publicKey, k.publicKey);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(publicKey);
        }
    }

    public static KeyPair generate() {
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(Randomness.secureRandom());
        return new KeyPair(key.getEncoded(), key.generatePublicKey().getEncoded());
    }

    public static KeyPair fromPrivateKey(byte[] seed) {
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(seed, 0);
        return new KeyPair(key.getEncoded(), key.generatePublicKey().getEncoded());
    }

    public static byte[] sign(byte[] privateKey, byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, new Ed25519PrivateKeyParameters(privateKey, 0));
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    /** Returns false for a wrong signature, a malformed key or a signature of the wrong size. */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey.length != PUBLIC_KEY_LENGTH || signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        try {
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
            verifier.update(message, 0, message.length);
            return verifier.verifySignature(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
