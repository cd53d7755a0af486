package io.trustlake.ledger.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.trustlake.common.crypto.Ed25519;
import io.trustlake.common.crypto.Hashes;
import io.trustlake.common.crypto.Hex;
import io.trustlake.common.encoding.Base64Url;
import io.trustlake.common.encoding.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
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
 *
 * <p>Immutable and thread-safe. Its encodings (signed content, entry bytes, leaf hash, id) are
 * functions of its fields and are each computed once, on first use, then kept: a peer needs them
 * several times per transaction (to hash the block's data and the Merkle log, to check the
 * signature, to store it). They are always this object's own canonical encoding, never bytes it was
 * decoded from. Encoded inside a block, a transaction writes its kept entry bytes.
 */
@JsonSerialize(using = Transaction.AsEntry.class)
public final class Transaction {
    private final String type;
    private final String payload;
    private final Submitter submitter;
    private final Instant timestamp;
    private final String nonce;
    private final String signer;
    private final String proof;
    private final String signature;

    private volatile byte[] signingBytes;
    private volatile byte[] entryBytes;
    private volatile byte[] leafHash;
    private volatile String id;

    /** The signed content: every field but the signature. */
    private record Unsigned(
            String type,
            String payload,
            Submitter submitter,
            Instant timestamp,
            String nonce,
            @JsonInclude(JsonInclude.Include.NON_NULL) String signer,
            @JsonInclude(JsonInclude.Include.NON_NULL) String proof) {}

    /** The entry in the Merkle log: every field, keys sorted, absent signer and proof left out. */
    private record Entry(
            String type,
            String payload,
            Submitter submitter,
            Instant timestamp,
            String nonce,
            @JsonInclude(JsonInclude.Include.NON_NULL) String signer,
            @JsonInclude(JsonInclude.Include.NON_NULL) String proof,
            String signature) {}

    @JsonCreator
    public Transaction(
            @JsonProperty("type") String type,
            @JsonProperty("payload") String payload,
            @JsonProperty("submitter") Submitter submitter,
            @JsonProperty("timestamp") Instant timestamp,
            @JsonProperty("nonce") String nonce,
            @JsonProperty("signer") String signer,
            @JsonProperty("proof") String proof,
            @JsonProperty("signature") String signature) {
        this.type = type;
        this.payload = payload;
        this.submitter = submitter;
        this.timestamp = timestamp;
        this.nonce = nonce;
        this.signer = signer;
        this.proof = proof;
        this.signature = signature;
    }

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
        Transaction signed = new Transaction(
                type, payload, submitter, timestamp, nonce, signer, proof, Base64Url.encode(nodeKey.sign(message)));
        signed.signingBytes = message;
        return signed;
    }

    /** A node signing for another organisation's user, with that user's ledger proof. */
    public record Vouching(String signer, String proof) {}

    public String type() {
        return type;
    }

    public String payload() {
        return payload;
    }

    public Submitter submitter() {
        return submitter;
    }

    public Instant timestamp() {
        return timestamp;
    }

    public String nonce() {
        return nonce;
    }

    /** The signing organisation when it is not the submitter's own; null otherwise. */
    public String signer() {
        return signer;
    }

    /** The user's ledger proof when another organisation's node signed; null otherwise. */
    public String proof() {
        return proof;
    }

    public String signature() {
        return signature;
    }

    /** The organisation whose node signed: {@code signer}, or else the submitter's. */
    public String signingOrganisation() {
        return signer == null ? submitter.organisation() : signer;
    }

    /** True when another organisation's node signed for the submitter (with a proof to check). */
    public boolean signedForAnotherOrganisation() {
        return !signingOrganisation().equals(submitter.organisation());
    }

    /** The canonical JSON of every field but the signature: what the node signed. A fresh copy. */
    public byte[] signingBytes() {
        return signed().clone();
    }

    /** Hex SHA-256 of the signed content: the transaction id, unique per nonce. */
    public String id() {
        String known = id;
        if (known == null) {
            known = Hex.encode(Hashes.sha256(signed()));
            id = known;
        }
        return known;
    }

    /** The transaction's bytes in the Merkle log: its canonical JSON. A fresh copy. */
    public byte[] entryBytes() {
        return entry().clone();
    }

    /** The RFC 9162 leaf hash of {@link #entryBytes()}. A fresh copy. */
    public byte[] leafHash() {
        byte[] known = leafHash;
        if (known == null) {
            known = MerkleLog.leafHash(entry());
            leafHash = known;
        }
        return known.clone();
    }

    /** True when the signature verifies under the given Ed25519 public key. */
    public boolean signatureValidFor(byte[] publicKey) {
        try {
            return Ed25519.verify(publicKey, signed(), Base64Url.decode(signature));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private byte[] signed() {
        byte[] known = signingBytes;
        if (known == null) {
            known = Json.encode(new Unsigned(type, payload, submitter, timestamp, nonce, signer, proof));
            signingBytes = known;
        }
        return known;
    }

    private byte[] entry() {
        byte[] known = entryBytes;
        if (known == null) {
            known = Json.encode(new Entry(type, payload, submitter, timestamp, nonce, signer, proof, signature));
            entryBytes = known;
        }
        return known;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Transaction t
                && Objects.equals(type, t.type)
                && Objects.equals(payload, t.payload)
                && Objects.equals(submitter, t.submitter)
                && Objects.equals(timestamp, t.timestamp)
                && Objects.equals(nonce, t.nonce)
                && Objects.equals(signer, t.signer)
                && Objects.equals(proof, t.proof)
                && Objects.equals(signature, t.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, payload, submitter, timestamp, nonce, signer, proof, signature);
    }

    @Override
    public String toString() {
        return "Transaction[type=" + type + ", submitter=" + submitter + ", timestamp=" + timestamp + ", nonce=" + nonce
                + ", signer=" + signer + ", signature=" + signature + "]";
    }

    /** Writes a transaction as its entry bytes (the same JSON the mapper would write, computed once). */
    static final class AsEntry extends StdSerializer<Transaction> {
        private static final long serialVersionUID = 1L;

        AsEntry() {
            super(Transaction.class);
        }

        @Override
        public void serialize(Transaction transaction, JsonGenerator generator, SerializerProvider provider)
                throws IOException {
            generator.writeRawValue(new String(transaction.entry(), StandardCharsets.UTF_8));
        }
    }
}
