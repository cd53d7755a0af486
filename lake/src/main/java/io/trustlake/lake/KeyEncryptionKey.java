package io.trustlake.lake;

import io.trustlake.common.crypto.Aead;
import io.trustlake.common.error.ErrorCode;

/**
 * The node's 32-byte AES-256 key-encryption key, which wraps each delivery's data key. Never
 * printed: {@link #toString()} is redacted. Immutable: bytes are copied in and out.
 */
public final class KeyEncryptionKey {
    private final byte[] key;

    private KeyEncryptionKey(byte[] key) {
        this.key = key;
    }

    /** Throws {@link LakeException} ({@link ErrorCode#CONFIGURATION}) unless {@code key} has 32 bytes. */
    public static KeyEncryptionKey of(byte[] key) {
        if (key.length != Aead.KEY_LENGTH) {
            throw new LakeException(ErrorCode.CONFIGURATION, "the key-encryption key must have 32 bytes");
        }
        return new KeyEncryptionKey(key.clone());
    }

    /** A fresh random key (for tests and first-time node set-up). */
    public static KeyEncryptionKey generate() {
        return new KeyEncryptionKey(Aead.newKey());
    }

    byte[] bytes() {
        return key.clone();
    }

    @Override
    public String toString() {
        return "KeyEncryptionKey[redacted]";
    }
}
