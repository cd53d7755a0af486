package io.trustlake.auth;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link KeyDirectory} held in memory, for a single node and for tests. Thread-safe. */
public final class InMemoryKeyDirectory implements KeyDirectory {
    private final Map<String, PublicTokenKey> keys = new ConcurrentHashMap<>();

    /** Adds or replaces the key with the same key id. */
    public void add(PublicTokenKey key) {
        keys.put(key.kid(), key);
    }

    public void remove(String kid) {
        keys.remove(kid);
    }

    @Override
    public Optional<PublicTokenKey> find(String kid) {
        return Optional.ofNullable(keys.get(kid));
    }
}
