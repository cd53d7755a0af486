package io.trustlake.cli;

import io.trustlake.common.crypto.Aead;
import io.trustlake.common.crypto.Ed25519;
import io.trustlake.common.crypto.Hex;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A node's secret keys, kept as hex files readable only by their owner: the node signing key
 * (ledger transactions and node-to-node calls), the token signing key, and the lake's
 * key-encryption key. Created on first use, reused after.
 */
public final class NodeKeys {
    private final Ed25519.KeyPair node;
    private final Ed25519.KeyPair token;
    private final String tokenKeyId;
    private final byte[] keyEncryptionKey;

    private NodeKeys(Ed25519.KeyPair node, Ed25519.KeyPair token, String tokenKeyId, byte[] keyEncryptionKey) {
        this.node = node;
        this.token = token;
        this.tokenKeyId = tokenKeyId;
        this.keyEncryptionKey = keyEncryptionKey.clone();
    }

    public Ed25519.KeyPair node() {
        return node;
    }

    public Ed25519.KeyPair token() {
        return token;
    }

    public String tokenKeyId() {
        return tokenKeyId;
    }

    public byte[] keyEncryptionKey() {
        return keyEncryptionKey.clone();
    }

    @Override
    public String toString() {
        return "NodeKeys[" + tokenKeyId + "]";
    }

    public static NodeKeys loadOrCreate(Path directory, String organisationId) {
        Ed25519.KeyPair node = Ed25519.fromPrivateKey(secret(directory.resolve("node.key"), 32));
        Ed25519.KeyPair token = Ed25519.fromPrivateKey(secret(directory.resolve("token.key"), 32));
        byte[] kek = secret(directory.resolve("lake-kek.key"), Aead.KEY_LENGTH);
        String kid = organisationId + "-" + Hex.encode(token.publicKey()).substring(0, 12);
        return new NodeKeys(node, token, kid, kek);
    }

    private static byte[] secret(Path file, int length) {
        try {
            if (Files.exists(file)) {
                return Hex.decode(
                        Files.readString(file, StandardCharsets.US_ASCII).trim());
            }
            Files.createDirectories(file.getParent());
            byte[] secret = io.trustlake.common.crypto.Randomness.bytes(length);
            Path temp = Files.createTempFile(file.getParent(), ".key", ".tmp");
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(temp, Hex.encode(secret), StandardCharsets.US_ASCII);
            Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return secret;
        } catch (IOException | IllegalArgumentException e) {
            throw new TrustlakeException(
                    ErrorCode.CONFIGURATION, "cannot read or create key file " + file.getFileName(), e);
        }
    }
}
