package io.trustlake.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustlake.common.crypto.Ed25519;
import io.trustlake.common.crypto.Hashes;
import io.trustlake.common.crypto.Hex;
import io.trustlake.common.encoding.Json;
import io.trustlake.ledger.core.Block;
import io.trustlake.ledger.core.BlockHeader;
import io.trustlake.ledger.core.MerkleLog;
import io.trustlake.ledger.core.Submitter;
import io.trustlake.ledger.core.Transaction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A transaction's encodings are on the ledger (signed, hashed into ids, blocks and the Merkle log),
 * so they must never change, and the ones a transaction keeps must equal fresh ones.
 */
class TransactionEncodingTest {
    private static final Ed25519.KeyPair KEY = Ed25519.fromPrivateKey(new byte[32]);
    private static final String VOUCHED_ENTRY =
            "{\"nonce\":\"nonce-1\",\"payload\":\"{\\\"key\\\":\\\"a\\\",\\\"value\\\":\\\"1\\\"}\","
                    + "\"proof\":\"proof-token\",\"signature\":\"3WsjTLtdHbfa19Y7WSexsBrqd64h7ivDz_R1CmyY1i6-BVh1_i9Q9HnEYPahckuDo6zcVGlR1dJcVKQlOXtKDQ\","
                    + "\"signer\":\"org-b\",\"submitter\":{\"departments\":[\"cardiology\"],\"organisation\":\"org-a\","
                    + "\"patientId\":\"patient-1\",\"role\":\"PATIENT\",\"userId\":\"org-a:alice\"},"
                    + "\"timestamp\":\"2026-01-02T03:04:05.678Z\",\"type\":\"kv.put\"}";
    private static final String VOUCHED_SIGNED =
            "{\"nonce\":\"nonce-1\",\"payload\":\"{\\\"key\\\":\\\"a\\\",\\\"value\\\":\\\"1\\\"}\","
                    + "\"proof\":\"proof-token\",\"signer\":\"org-b\",\"submitter\":{\"departments\":[\"cardiology\"],"
                    + "\"organisation\":\"org-a\",\"patientId\":\"patient-1\",\"role\":\"PATIENT\",\"userId\":\"org-a:alice\"},"
                    + "\"timestamp\":\"2026-01-02T03:04:05.678Z\",\"type\":\"kv.put\"}";
    private static final String PLAIN_ENTRY = "{\"nonce\":\"n\",\"payload\":\"{}\",\"signature\":\"sig\",\"submitter\":"
            + "{\"departments\":[],\"organisation\":\"org-a\",\"patientId\":\"\",\"role\":\"NODE\",\"userId\":\"org-a:node\"},"
            + "\"timestamp\":\"2026-01-02T03:04:05Z\",\"type\":\"t\"}";

    private static Transaction vouched() {
        return Transaction.sign(
                "kv.put",
                "{\"key\":\"a\",\"value\":\"1\"}",
                new Submitter("org-a:alice", "org-a", "PATIENT", "patient-1", List.of("cardiology")),
                Instant.parse("2026-01-02T03:04:05.678Z"),
                "nonce-1",
                Optional.of(new Transaction.Vouching("org-b", "proof-token")),
                KEY);
    }

    private static Transaction plain() {
        return new Transaction("t", "{}", Submitter.node("org-a"), Instant.parse("2026-01-02T03:04:05Z"), "n", "sig");
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void encodingsAreTheLedgersCanonicalJson() {
        Transaction tx = vouched();

        assertThat(text(tx.entryBytes())).isEqualTo(VOUCHED_ENTRY);
        assertThat(text(tx.signingBytes())).isEqualTo(VOUCHED_SIGNED);
        assertThat(tx.id()).isEqualTo("8bdf30bddf30c4e7e80ba9fcb78cb851d9cd0041ed9127b59e13efab5da11dbf");
        assertThat(text(plain().entryBytes())).isEqualTo(PLAIN_ENTRY);
        assertThat(plain().id()).isEqualTo("8b7b270e28ca4d53c723d551a1d1f0051e3473f6d94c988eb0d658096c7f837a");
    }

    @Test
    void theMapperWritesTheEntryBytesAloneAndInsideOtherValues() {
        assertThat(Json.encodeToString(plain())).isEqualTo(PLAIN_ENTRY);
        assertThat(text(Json.encode(List.of(plain(), vouched()))))
                .isEqualTo("[" + PLAIN_ENTRY + "," + VOUCHED_ENTRY + "]");
    }

    @Test
    void keptEncodingsEqualFreshOnesOfAnEqualTransaction() {
        Transaction used = Json.decode(VOUCHED_ENTRY.getBytes(StandardCharsets.UTF_8), Transaction.class);
        byte[] firstEntry = used.entryBytes();
        String firstId = used.id();
        byte[] firstLeaf = used.leafHash();
        Transaction fresh = Json.decode(VOUCHED_ENTRY.getBytes(StandardCharsets.UTF_8), Transaction.class);

        assertThat(used).isEqualTo(fresh).isEqualTo(vouched());
        assertThat(used.entryBytes()).isEqualTo(firstEntry).isEqualTo(fresh.entryBytes());
        assertThat(used.signingBytes()).isEqualTo(fresh.signingBytes());
        assertThat(used.id()).isEqualTo(firstId).isEqualTo(Hex.encode(Hashes.sha256(fresh.signingBytes())));
        assertThat(used.leafHash()).isEqualTo(firstLeaf).isEqualTo(MerkleLog.leafHash(fresh.entryBytes()));
    }

    @Test
    void changingAReturnedArrayDoesNotChangeTheTransaction() {
        Transaction tx = vouched();
        tx.entryBytes()[0] = 'X';
        tx.signingBytes()[0] = 'X';
        tx.leafHash()[0] ^= 1;

        assertThat(text(tx.entryBytes())).isEqualTo(VOUCHED_ENTRY);
        assertThat(text(tx.signingBytes())).isEqualTo(VOUCHED_SIGNED);
        assertThat(tx.leafHash()).isEqualTo(MerkleLog.leafHash(VOUCHED_ENTRY.getBytes(StandardCharsets.UTF_8)));
        assertThat(tx.signatureValidFor(KEY.publicKey())).isTrue();
    }

    @Test
    void aDecodedTransactionKeepsItsOwnCanonicalEncodingNotTheBytesItCameFrom() {
        String reordered =
                "{ \"type\":\"t\", \"extra\": 1, \"timestamp\":\"2026-01-02T03:04:05Z\", \"signature\":\"sig\","
                        + " \"payload\":\"{}\", \"nonce\":\"n\", \"submitter\": {\"userId\":\"org-a:node\",\"role\":\"NODE\","
                        + "\"patientId\":\"\",\"organisation\":\"org-a\",\"departments\":[]} }";

        Transaction decoded = Json.decode(reordered.getBytes(StandardCharsets.UTF_8), Transaction.class);

        assertThat(text(decoded.entryBytes())).isEqualTo(PLAIN_ENTRY);
        assertThat(decoded.id()).isEqualTo(plain().id());
    }

    @Test
    void aTamperedSignatureDoesNotVerifyAlthoughTheSignedBytesAreKept() {
        Transaction tx = vouched();
        assertThat(tx.signatureValidFor(KEY.publicKey())).isTrue();
        String other =
                (tx.signature().charAt(0) == 'A' ? "B" : "A") + tx.signature().substring(1);

        Transaction tampered = new Transaction(
                tx.type(), tx.payload(), tx.submitter(), tx.timestamp(), tx.nonce(), tx.signer(), tx.proof(), other);

        assertThat(tampered.signatureValidFor(KEY.publicKey())).isFalse();
        assertThat(tampered.id()).isEqualTo(tx.id());
        assertThat(tampered.entryBytes()).isNotEqualTo(tx.entryBytes());
    }

    @Test
    void aBlockEncodesItsTransactionsAsTheirEntryBytes() {
        Block block = new Block(
                new BlockHeader(0, BlockHeader.NO_PREVIOUS, "d", 0, 2, "r", Instant.parse("2026-01-02T03:04:05Z")),
                List.of(plain(), vouched()));

        String json = text(Json.encode(block));

        assertThat(json).endsWith(",\"transactions\":[" + PLAIN_ENTRY + "," + VOUCHED_ENTRY + "]}");
        assertThat(Json.decode(Json.encode(block), Block.class)).isEqualTo(block);
    }
}
