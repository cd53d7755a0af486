package io.trustlake.lake;

import io.trustlake.common.error.ErrorCode;
import java.util.List;
import java.util.Optional;

/**
 * A view of one {@link Zone} of an {@link ObjectStore}: every key it is given must lie in that zone,
 * for reads and writes alike. Code holding only a zone store of the workspace or analytics zone
 * therefore cannot change (or even read) the raw, curated or consumer zones, whatever keys it
 * builds. A refused call changes nothing and throws {@link LakeException} ({@link
 * ErrorCode#FORBIDDEN}). Thread-safe when the underlying store is.
 */
public final class ZoneStore implements ObjectStore {
    private final ObjectStore store;
    private final Zone zone;

    public ZoneStore(ObjectStore store, Zone zone) {
        this.store = store;
        this.zone = zone;
    }

    public Zone zone() {
        return zone;
    }

    @Override
    public void put(ObjectKey key, byte[] content) {
        store.put(inZone(key), content);
    }

    @Override
    public Optional<byte[]> get(ObjectKey key) {
        return store.get(inZone(key));
    }

    @Override
    public Optional<byte[]> read(ObjectKey key, long offset, int length) {
        return store.read(inZone(key), offset, length);
    }

    @Override
    public boolean delete(ObjectKey key) {
        return store.delete(inZone(key));
    }

    @Override
    public boolean exists(ObjectKey key) {
        return store.exists(inZone(key));
    }

    /** Keys under {@code prefix}, which must itself start with the zone's prefix. */
    @Override
    public List<ObjectKey> list(String prefix) {
        if (!prefix.startsWith(zone.prefix())) {
            throw outside(prefix);
        }
        return store.list(prefix);
    }

    @Override
    public boolean move(ObjectKey from, ObjectKey to) {
        return store.move(inZone(from), inZone(to));
    }

    private ObjectKey inZone(ObjectKey key) {
        if (!zone.contains(key)) {
            throw outside(key.value());
        }
        return key;
    }

    private LakeException outside(String key) {
        return new LakeException(
                ErrorCode.FORBIDDEN,
                "the " + zone.name().toLowerCase(java.util.Locale.ROOT) + " zone's store may not touch " + key);
    }
}
