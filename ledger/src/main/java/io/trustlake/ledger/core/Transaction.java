package io.trustlake.ledger.core;

import io.trustlake.common.crypto.Ed25519;
import io.trustlake.common.crypto.Hashes;
import io.trustlake.common.crypto.Hex;
import io.trustlake.common.encoding.Base64Url;
import io.trustlake.common.encoding.Json;
import java.time.Instant;

/**
 * A signed ledger transaction. {@code payload} is the canonical JSON of the contract's input;
 * {@code signature} is the base64url Ed25519 signature, by the submitting organisation's node key,
 * of the canonical JSON of every other field. The transaction's bytes in the Merkle log are its own
 * canonical JSON.
 */
public record Transaction(
        String type, String payload, Submitter submitter, Instant timestamp, String nonce, String signature) {

    private record Unsigned(String type, String payload, Submitter submitter, Instant timestamp, String nonce) {}

    /** Builds and signs a transaction with the node's key. */
    public static Transaction sign(
            String type,
            String payload,
            Submitter submitter,
            Instant timestamp,
            String nonce,
            Ed25519.KeyPair nodeKey) {
        byte[] message = Json.encode(new Unsigned(type, payload, submitter, timestamp, nonce));
        return new Transaction(type, payload, submitter, timestamp, nonce, Base64Url.encode(nodeKey.sign(message)));
    }

    public byte[] signingBytes() {
        return Json.encode(new Unsigned(type, payload, submitter, timestamp, nonce));
    }

    /** Hex SHA-256 of the signed content: the transaction id, unique per nonce. */
    public String id() {
        return Hex.encode(Hashes.sha256(signingBytes()));
    }

    public byte[] entryBytes() {
        return Json.encode(this);
    }

    /** True when the signature verifies under the given Ed25519 public key. */
    public boolean signatureValidFor(byte[] publicKey) {
        try {
            return Ed25519.verify(publicKey, signingBytes(), Base64Url.decode(signature));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
