package io.trustlake.ledger.contract;

import java.util.Optional;
import java.util.SortedMap;

/** Read access to the world state. Keys are UTF-8 strings; values are canonical JSON bytes. */
public interface StateView {
    Optional<byte[]> get(String key);

    /** Every entry whose key starts with {@code prefix}, in key order. */
    SortedMap<String, byte[]> scan(String prefix);
}
