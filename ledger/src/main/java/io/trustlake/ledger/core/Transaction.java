package io.trustlake.ledger.core;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.trustlake.common.crypto.Ed25519;
import io.trustlake.common.crypto.Hashes;
import io.trustlake.common.crypto.Hex;
import io.trustlake.common.encoding.Base64Url;
import io.trustlake.common.encoding.Json;
import java.time.Instant;
import java.util.Optional;

/**
 * A signed ledger transaction. {@code payload} is the canonical JSON of the contract's input;
 * {@code signature} is the base64url Ed25519 signature, by a member organisation's node key, of the
 * canonical JSON of every other field. The transaction's bytes in the Merkle log are its own
 * canonical JSON.
 *
 * <p>Normally the node of the submitter's own organisation signs, and {@code signer} and {@code
 * proof} are absent (and left out of the JSON). When a node signs for a user of another
 * organisation — a patient whose own hospital's node is down — {@code signer} names the signing
 * organisation and {@code proof} carries the user's ledger proof: a token the user's own
 * organisation issued, which every peer checks against that organisation's token keys on the
 * ledger (see {@link io.trustlake.ledger.contract.SubmitterKeys#vouches}).
 */
public record Transaction(
        String type,
        String payload,
        Submitter submitter,
        Instant timestamp,
        String nonce,
        @JsonInclude(JsonInclude.Include.NON_NULL) String signer,
        @JsonInclude(JsonInclude.Include.NON_NULL) String proof,
        String signature) {

    private record Unsigned(
            String type,
            String payload,
            Submitter submitter,
            Instant timestamp,
            String nonce,
            @JsonInclude(JsonInclude.Include.NON_NULL) String signer,
            @JsonInclude(JsonInclude.Include.NON_NULL) String proof) {}

    /** A transaction signed by the submitter's own organisation's node. */
    public Transaction(
            String type, String payload, Submitter submitter, Instant timestamp, String nonce, String signature) {
        this(type, payload, submitter, timestamp, nonce, null, null, signature);
    }

    /** Builds and signs a transaction with the key of the submitter's own organisation's node. */
    public static Transaction sign(
            String type,
            String payload,
            Submitter submitter,
            Instant timestamp,
            String nonce,
            Ed25519.KeyPair nodeKey) {
        return sign(type, payload, submitter, timestamp, nonce, Optional.empty(), nodeKey);
    }

    /**
     * Builds and signs a transaction with the key of {@code signer}'s node, which may differ from the
     * submitter's organisation only with the user's {@code proof}.
     *
     * @param vouching the signing organisation and the user's ledger proof, when the node signs for a
     *     user of another organisation; empty otherwise
     */
    public static Transaction sign(
            String type,
            String payload,
            Submitter submitter,
            Instant timestamp,
            String nonce,
            Optional<Vouching> vouching,
            Ed25519.KeyPair nodeKey) {
        String signer = vouching.map(Vouching::signer).orElse(null);
        String proof = vouching.map(Vouching::proof).orElse(null);
        byte[] message = Json.encode(new Unsigned(type, payload, submitter, timestamp, nonce, signer, proof));
        return new Transaction(
                type, payload, submitter, timestamp, nonce, signer, proof, Base64Url.encode(nodeKey.sign(message)));
    }

    /** A node signing for another organisation's user, with that user's ledger proof. */
    public record Vouching(String signer, String proof) {}

    /** The organisation whose node signed: {@code signer}, or else the submitter's. */
    @JsonIgnore
    public String signingOrganisation() {
        return signer == null ? submitter.organisation() : signer;
    }

    /** True when another organisation's node signed for the submitter (with a proof to check). */
    @JsonIgnore
    public boolean signedForAnotherOrganisation() {
        return !signingOrganisation().equals(submitter.organisation());
    }

    public byte[] signingBytes() {
        return Json.encode(new Unsigned(type, payload, submitter, timestamp, nonce, signer, proof));
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
