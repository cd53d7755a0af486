package io.trustlake.lake;

import io.trustlake.common.crypto.Aead;
import io.trustlake.common.crypto.Hashes;
import io.trustlake.common.crypto.Hex;
import io.trustlake.common.encoding.Base64Url;
import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.id.Ids;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Stage 4 of the SPHR pipeline: the curated and consumer zones. A record is encrypted with a fresh
 * AES-256-GCM data key per request (bound to the organisation, request and recipient as associated
 * data), the data key is wrapped by the node's key-encryption key, the ciphertext is written to
 * {@code curated/<requestId>} and then moved to {@code consumer/<requestId>}; metadata and
 * tombstones live in the catalog. A record is delivered at most once, only to its recipient and
 * only before it expires.
 *
 * <p>Thread-safe: {@link #store} and {@link #take} are serialised, so two concurrent takes of one
 * record deliver it once.
 */
public final class Deliveries {
    private final ObjectStore store;
    private final Catalog catalog;
    private final KeyEncryptionKey keyEncryptionKey;
    private final String organisationId;
    private final Clock clock;

    Deliveries(
            ObjectStore store, Catalog catalog, KeyEncryptionKey keyEncryptionKey, String organisationId, Clock clock) {
        this.store = store;
        this.catalog = catalog;
        this.keyEncryptionKey = keyEncryptionKey;
        this.organisationId = organisationId;
        this.clock = clock;
    }

    /**
     * Encrypts and stores a record for {@code recipientUserId} until {@code expiresAt}. Throws
     * {@link LakeException} ({@link ErrorCode#CONFLICT}) when the request id was used before, and
     * {@link io.trustlake.common.error.TrustlakeException} ({@link ErrorCode#INVALID_ID}) for a
     * malformed request or user id. Returns the lower-case hex SHA-256 of the ciphertext now in the
     * consumer zone.
     */
    public synchronized String store(String requestId, String recipientUserId, byte[] record, Instant expiresAt) {
        Ids.requireRequestId(requestId);
        Ids.requireScopedId(recipientUserId);
        if (catalog.delivery(requestId).isPresent()) {
            throw new LakeException(ErrorCode.CONFLICT, "a delivery already exists for request " + requestId);
        }
        byte[] dataKey = Aead.newKey();
        try {
            byte[] ciphertext = Aead.encrypt(dataKey, record, recordAad(requestId, recipientUserId));
            byte[] wrapped = Aead.encrypt(keyEncryptionKey.bytes(), dataKey, keyAad(requestId));
            ObjectKey curated = Zone.CURATED.key(requestId);
            store.put(curated, ciphertext);
            if (!store.move(curated, Zone.CONSUMER.key(requestId))) {
                throw new LakeException(ErrorCode.STORAGE_FAILURE, "curated object vanished: " + curated);
            }
            DeliveryRecord pending = new DeliveryRecord(
                    requestId,
                    recipientUserId,
                    expiresAt,
                    DeliveryRecord.State.PENDING,
                    Base64Url.encode(wrapped),
                    clock.instant());
            catalog.putDelivery(requestId, Json.encode(pending));
            return Hex.encode(Hashes.sha256(ciphertext));
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /**
     * Takes a record: decrypts it, records a tombstone and deletes the ciphertext, so the next take
     * is {@link TakeResult.AlreadyDelivered}. Refusals are checked in this order: {@link
     * TakeResult.NotFound}, {@link TakeResult.NotRecipient} (so a stranger learns nothing more),
     * {@link TakeResult.AlreadyDelivered}, {@link TakeResult.Expired} (at or after {@code
     * expiresAt}). Throws {@link LakeException} ({@link ErrorCode#TAMPERING_DETECTED}) when the
     * ciphertext or wrapped key fails authentication.
     */
    public synchronized TakeResult take(String requestId, String recipientUserId, Instant now) {
        Optional<DeliveryRecord> found = Ids.isRequestId(requestId)
                ? catalog.delivery(requestId).map(bytes -> Json.decode(bytes, DeliveryRecord.class))
                : Optional.empty();
        if (found.isEmpty()) {
            return new TakeResult.NotFound();
        }
        DeliveryRecord delivery = found.get();
        if (!delivery.recipientUserId().equals(recipientUserId)) {
            return new TakeResult.NotRecipient();
        }
        return switch (delivery.state()) {
            case DELIVERED -> new TakeResult.AlreadyDelivered();
            case EXPIRED -> new TakeResult.Expired();
            case PENDING -> now.isBefore(delivery.expiresAt()) ? deliver(delivery) : expire(delivery);
        };
    }

    /**
     * The sweeper: every pending delivery whose {@code expiresAt} is at or before {@code now} is
     * turned into an expired tombstone (its wrapped data key dropped) and its consumer object
     * deleted, whether or not anyone ever asks for it; a later take answers {@link
     * TakeResult.Expired}. Also deletes consumer objects that a crash left behind a tombstone.
     * Returns how many deliveries expired. Safe to run at any time, concurrently with takes.
     */
    public synchronized int sweep(Instant now) {
        int expired = 0;
        for (byte[] stored : catalog.deliveryRecords()) {
            DeliveryRecord delivery = Json.decode(stored, DeliveryRecord.class);
            if (delivery.state() == DeliveryRecord.State.PENDING && !now.isBefore(delivery.expiresAt())) {
                settle(delivery, DeliveryRecord.State.EXPIRED);
                expired++;
            } else if (delivery.state() != DeliveryRecord.State.PENDING) {
                store.delete(Zone.CONSUMER.key(delivery.requestId()));
            }
        }
        return expired;
    }

    /**
     * Withdraws a pending delivery that must not be handed out (for example because its provenance
     * could not be notarised): it becomes an expired tombstone and its consumer object is deleted.
     * Does nothing if there is no pending delivery for {@code requestId}.
     */
    public synchronized void discard(String requestId) {
        if (!Ids.isRequestId(requestId)) {
            return;
        }
        catalog.delivery(requestId)
                .map(bytes -> Json.decode(bytes, DeliveryRecord.class))
                .filter(delivery -> delivery.state() == DeliveryRecord.State.PENDING)
                .ifPresent(delivery -> settle(delivery, DeliveryRecord.State.EXPIRED));
    }

    /**
     * Registers (or replaces) the public key {@code userId} wants records encrypted for, as the JWK
     * text the caller has already validated. Throws {@link
     * io.trustlake.common.error.TrustlakeException} ({@link ErrorCode#INVALID_ID}) for a malformed
     * user id.
     */
    public void registerRecipientKey(String userId, String jwk) {
        Ids.requireScopedId(userId);
        catalog.putRecipientKey(userId, jwk.getBytes(StandardCharsets.UTF_8));
    }

    /** The JWK text registered by {@code userId}, or empty. */
    public Optional<String> recipientKey(String userId) {
        return Ids.isScopedId(userId)
                ? catalog.recipientKey(userId).map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                : Optional.empty();
    }

    /** Removes the key registered by {@code userId}; returns whether there was one. */
    public boolean removeRecipientKey(String userId) {
        return Ids.isScopedId(userId) && catalog.deleteRecipientKey(userId);
    }

    private TakeResult deliver(DeliveryRecord delivery) {
        ObjectKey key = Zone.CONSUMER.key(delivery.requestId());
        byte[] ciphertext = store.get(key)
                .orElseThrow(() -> new LakeException(ErrorCode.STORAGE_FAILURE, "consumer object missing: " + key));
        byte[] dataKey = Aead.decrypt(
                        keyEncryptionKey.bytes(), Base64Url.decode(delivery.wrappedKey()), keyAad(delivery.requestId()))
                .orElseThrow(() -> tampered(key));
        try {
            byte[] plaintext = Aead.decrypt(
                            dataKey, ciphertext, recordAad(delivery.requestId(), delivery.recipientUserId()))
                    .orElseThrow(() -> tampered(key));
            settle(delivery, DeliveryRecord.State.DELIVERED);
            return new TakeResult.Delivered(plaintext, Hex.encode(Hashes.sha256(ciphertext)));
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    private TakeResult expire(DeliveryRecord delivery) {
        settle(delivery, DeliveryRecord.State.EXPIRED);
        return new TakeResult.Expired();
    }

    /** Tombstone first, then delete: a crash in between leaves only undecryptable ciphertext. */
    private void settle(DeliveryRecord delivery, DeliveryRecord.State state) {
        catalog.putDelivery(delivery.requestId(), Json.encode(delivery.tombstone(state, clock.instant())));
        store.delete(Zone.CONSUMER.key(delivery.requestId()));
    }

    private byte[] recordAad(String requestId, String recipientUserId) {
        return ("trustlake/delivery/v1|" + organisationId + "|" + requestId + "|" + recipientUserId)
                .getBytes(StandardCharsets.UTF_8);
    }

    private byte[] keyAad(String requestId) {
        return ("trustlake/data-key/v1|" + organisationId + "|" + requestId).getBytes(StandardCharsets.UTF_8);
    }

    private static LakeException tampered(ObjectKey key) {
        return new LakeException(ErrorCode.TAMPERING_DETECTED, "delivery failed authentication: " + key);
    }
}
