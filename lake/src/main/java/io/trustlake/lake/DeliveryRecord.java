package io.trustlake.lake;

import java.time.Instant;

/**
 * Delivery metadata kept in the catalog. Once delivered or expired it becomes a tombstone: the
 * wrapped data key is dropped, so any ciphertext left behind can no longer be decrypted.
 *
 * @param wrappedKey base64url of the data key encrypted under the key-encryption key; empty in a
 *     tombstone
 * @param updatedAt when it was stored, delivered or expired
 */
record DeliveryRecord(
        String requestId,
        String recipientUserId,
        Instant expiresAt,
        State state,
        String wrappedKey,
        Instant updatedAt) {

    enum State {
        PENDING,
        DELIVERED,
        EXPIRED
    }

    DeliveryRecord tombstone(State finalState, Instant at) {
        return new DeliveryRecord(requestId, recipientUserId, expiresAt, finalState, "", at);
    }
}
