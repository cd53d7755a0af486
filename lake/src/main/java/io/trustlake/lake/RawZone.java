package io.trustlake.lake;

import io.trustlake.common.crypto.Hashes;
import io.trustlake.common.crypto.Hex;
import java.util.Optional;

/**
 * The raw zone: content-addressed, write-once copies of source deliveries under {@code
 * raw/<sha256 hex of the content>}. An object is never modified: storing content that is already
 * there is a no-op. Thread-safe.
 */
public final class RawZone {
    private final ObjectStore store;

    public RawZone(ObjectStore store) {
        this.store = store;
    }

    /** The key under which {@code content} is (or would be) stored. */
    public static ObjectKey keyOf(byte[] content) {
        return Zone.RAW.key(Hex.encode(Hashes.sha256(content)));
    }

    /** Stores {@code content} unless an object with the same hash exists; returns its key. */
    public ObjectKey put(byte[] content) {
        ObjectKey key = keyOf(content);
        if (!store.exists(key)) {
            store.put(key, content);
        }
        return key;
    }

    public Optional<byte[]> get(ObjectKey key) {
        return store.get(key);
    }

    /** A slice of a raw object, or empty when the object is missing or too short. */
    public Optional<byte[]> slice(RawSlice slice) {
        return store.read(slice.key(), slice.offset(), slice.length());
    }
}
