package io.trustlake.ledger.store;

import io.trustlake.ledger.contract.StateView;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Writes staged over a base state: reads see the staged writes first. Used per block (over the
 * committed store) and per transaction (over the block's staging). Not thread-safe.
 */
public final class StagedState implements StateView {
    private final StateView base;
    private final TreeMap<String, Optional<byte[]>> writes = new TreeMap<>();

    public StagedState(StateView base) {
        this.base = base;
    }

    @Override
    public Optional<byte[]> get(String key) {
        Optional<byte[]> staged = writes.get(key);
        return staged != null ? staged : base.get(key);
    }

    @Override
    public SortedMap<String, byte[]> scan(String prefix) {
        TreeMap<String, byte[]> merged = new TreeMap<>(base.scan(prefix));
        for (Map.Entry<String, Optional<byte[]>> write : writes.tailMap(prefix).entrySet()) {
            if (!write.getKey().startsWith(prefix)) {
                break;
            }
            if (write.getValue().isPresent()) {
                merged.put(write.getKey(), write.getValue().get());
            } else {
                merged.remove(write.getKey());
            }
        }
        return Collections.unmodifiableSortedMap(merged);
    }

    public void put(String key, byte[] value) {
        writes.put(key, Optional.of(value.clone()));
    }

    public void delete(String key) {
        writes.put(key, Optional.empty());
    }

    /** Moves this staging's writes onto another staging (a transaction's writes onto its block's). */
    public void mergeInto(StagedState target) {
        target.writes.putAll(writes);
    }

    public Map<String, Optional<byte[]>> writes() {
        return Collections.unmodifiableMap(writes);
    }
}
