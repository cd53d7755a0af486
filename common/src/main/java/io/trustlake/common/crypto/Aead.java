package io.trustlake.common.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a random 96-bit nonce per message. Ciphertext layout: nonce ‖ ciphertext ‖ tag.
 * Thread-safe: a cipher is created per call.
 */
public final class Aead {
    public static final int KEY_LENGTH = 32;
    private static final int NONCE_LENGTH = 12;
    private static final int TAG_BITS = 128;

    private Aead() {}

    public static byte[] newKey() {
        return Randomness.bytes(KEY_LENGTH);
    }

    public static byte[] encrypt(byte[] key, byte[] plaintext, byte[] associatedData) {
        byte[] nonce = Randomness.bytes(NONCE_LENGTH);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, nonce);
            cipher.updateAAD(associatedData);
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE_LENGTH + sealed.length)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new CryptoException("AES-GCM encryption failed", e);
        }
    }

    /** Empty when the ciphertext, key or associated data do not match (tampering or wrong key). */
    public static Optional<byte[]> decrypt(byte[] key, byte[] ciphertext, byte[] associatedData) {
        if (ciphertext.length < NONCE_LENGTH + TAG_BITS / 8) {
            return Optional.empty();
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, java.util.Arrays.copyOf(ciphertext, NONCE_LENGTH));
            cipher.updateAAD(associatedData);
            return Optional.of(cipher.doFinal(ciphertext, NONCE_LENGTH, ciphertext.length - NONCE_LENGTH));
        } catch (AEADBadTagException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new CryptoException("AES-GCM decryption failed", e);
        }
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce) throws GeneralSecurityException {
        if (key.length != KEY_LENGTH) {
            throw new CryptoException("AES-256 needs a 32-byte key", new IllegalArgumentException());
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        return cipher;
    }
}
