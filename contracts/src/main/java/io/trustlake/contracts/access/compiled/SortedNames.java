package io.trustlake.contracts.access.compiled;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * A sorted set of distinct names (tags or purposes) numbered 0..size-1 in natural string order, so
 * that a set of names is a bitset of {@link #words()} longs and walking its bits in ascending order
 * yields the names sorted. Immutable and thread-safe.
 */
final class SortedNames {
    private final String[] names;
    private final Map<String, Integer> indices;

    private SortedNames(String[] names, Map<String, Integer> indices) {
        this.names = names;
        this.indices = indices;
    }

    static SortedNames of(Collection<String> names) {
        String[] sorted = new TreeSet<>(names).toArray(new String[0]);
        Map<String, Integer> indices = new HashMap<>();
        for (int i = 0; i < sorted.length; i++) {
            indices.put(sorted[i], i);
        }
        return new SortedNames(sorted, indices);
    }

    /** The number of the name, or -1 when it is not one of these names (null included). */
    int indexOf(String name) {
        Integer index = indices.get(name);
        return index == null ? -1 : index;
    }

    String name(int index) {
        return names[index];
    }

    int size() {
        return names.length;
    }

    /** Longs per bitset over these names; at least one, so that loops need no special case. */
    int words() {
        return Math.max(1, (names.length + 63) >>> 6);
    }

    /** The bitset of {@code members}, every one of which must be one of these names. */
    long[] mask(Collection<String> members) {
        long[] mask = new long[words()];
        for (String member : members) {
            set(mask, 0, indexOf(member));
        }
        return mask;
    }

    static void set(long[] bits, int offset, int index) {
        bits[offset + (index >>> 6)] |= 1L << index;
    }

    static boolean isSet(long[] bits, int offset, int index) {
        return (bits[offset + (index >>> 6)] & (1L << index)) != 0;
    }
}
