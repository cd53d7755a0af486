package io.trustlake.contracts.access.compiled;

import io.trustlake.contracts.access.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tags a compiled rule set can say anything about: the universe, the emergency tags and every
 * tag an active rule names, numbered in sorted order. A requested tag outside this space can only be
 * withheld for want of a rule. Shared by every rule set with the same names (see {@link
 * Vocabulary}), it also remembers the lists and maps it built for recent bitsets, so most decisions
 * build no list of names and no map of reasons.
 *
 * <p>Immutable apart from those caches, which are direct-mapped arrays of immutable entries: racing
 * writers only replace one correct entry with another. Thread-safe.
 */
final class TagSpace {
    private static final int CACHE_SLOTS = 1 << 10;

    /** What a tag space is built from; equal keys give equal spaces. */
    record Key(List<String> sortedTags, Set<String> universe, Set<String> emergency) {}

    private record Names(long bits, List<String> names) {}

    private record Reasons(long withheld, long denied, Map<String, Decision.Withheld> reasons) {}

    private final SortedNames names;
    private final long[] universe;
    private final long[] emergency;
    private final List<String> sortedUniverse;
    private final List<Map.Entry<String, Decision.Withheld>> reasonEntries;
    private final Names[] namesCache = new Names[CACHE_SLOTS];
    private final Reasons[] reasonsCache = new Reasons[CACHE_SLOTS];

    private TagSpace(
            SortedNames names,
            long[] universe,
            long[] emergency,
            List<String> sortedUniverse,
            List<Map.Entry<String, Decision.Withheld>> reasonEntries) {
        this.names = names;
        this.universe = universe;
        this.emergency = emergency;
        this.sortedUniverse = sortedUniverse;
        this.reasonEntries = reasonEntries;
    }

    static TagSpace of(Key key) {
        SortedNames names = SortedNames.of(key.sortedTags());
        List<Map.Entry<String, Decision.Withheld>> reasons = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            reasons.add(Map.entry(names.name(i), Decision.Withheld.DENIED_BY_RULE));
            reasons.add(Map.entry(names.name(i), Decision.Withheld.NO_RULE));
        }
        return new TagSpace(
                names,
                names.mask(key.universe()),
                names.mask(key.emergency()),
                List.copyOf(new TreeSet<>(key.universe())),
                List.copyOf(reasons));
    }

    SortedNames names() {
        return names;
    }

    int words() {
        return universe.length;
    }

    /** The universe, sorted: what "no tags requested" asks for. */
    List<String> sortedUniverse() {
        return sortedUniverse;
    }

    long emergencyWord(int word) {
        return emergency[word];
    }

    /**
     * Sets in {@code asked} the requested tags, or the universe when none are requested; returns the
     * requested tags outside this space.
     */
    List<String> ask(Set<String> requested, long[] asked) {
        if (requested.isEmpty()) {
            System.arraycopy(universe, 0, asked, 0, asked.length);
            return List.of();
        }
        List<String> unknown = List.of();
        for (String tag : requested) {
            int index = names.indexOf(tag);
            if (index >= 0) {
                SortedNames.set(asked, 0, index);
            } else {
                if (unknown.isEmpty()) {
                    unknown = new ArrayList<>();
                }
                unknown.add(tag);
            }
        }
        return unknown;
    }

    /** The names of the set bits of a one-word bitset, sorted. */
    List<String> names(long bits) {
        int slot = slot(bits, 0);
        Names cached = namesCache[slot];
        if (cached != null && cached.bits() == bits) {
            return cached.names();
        }
        List<String> built = names(new long[] {bits});
        namesCache[slot] = new Names(bits, built);
        return built;
    }

    /** The names of the set bits, sorted. */
    List<String> names(long[] bits) {
        int count = count(bits);
        if (count == 0) {
            return List.of();
        }
        String[] out = new String[count];
        int next = 0;
        for (int word = 0; word < bits.length; word++) {
            for (long rest = bits[word]; rest != 0; rest &= rest - 1) {
                out[next++] = names.name((word << 6) + Long.numberOfTrailingZeros(rest));
            }
        }
        return List.of(out);
    }

    /** {@link #withheld(long[], long[], List)} for one-word bitsets and no unknown tags. */
    Map<String, Decision.Withheld> withheld(long withheld, long denied) {
        long deniedWithheld = denied & withheld;
        int slot = slot(withheld, deniedWithheld);
        Reasons cached = reasonsCache[slot];
        if (cached != null && cached.withheld() == withheld && cached.denied() == deniedWithheld) {
            return cached.reasons();
        }
        Map<String, Decision.Withheld> built = withheld(new long[] {withheld}, new long[] {denied}, List.of());
        reasonsCache[slot] = new Reasons(withheld, deniedWithheld, built);
        return built;
    }

    /**
     * The reasons for the withheld tags: {@code DENIED_BY_RULE} where a counting deny covers the
     * tag, {@code NO_RULE} otherwise and for every unknown tag.
     */
    @SuppressWarnings({"unchecked", "rawtypes"}) // Map.ofEntries needs an array of a generic type
    Map<String, Decision.Withheld> withheld(long[] withheld, long[] denied, List<String> unknown) {
        int count = count(withheld) + unknown.size();
        if (count == 0) {
            return Map.of();
        }
        Map.Entry<String, Decision.Withheld>[] entries = new Map.Entry[count];
        int next = 0;
        for (int word = 0; word < withheld.length; word++) {
            for (long rest = withheld[word]; rest != 0; rest &= rest - 1) {
                int tag = (word << 6) + Long.numberOfTrailingZeros(rest);
                entries[next++] = reasonEntries.get(2 * tag + (SortedNames.isSet(denied, 0, tag) ? 0 : 1));
            }
        }
        for (String tag : unknown) {
            entries[next++] = Map.entry(tag, Decision.Withheld.NO_RULE);
        }
        return Map.ofEntries(entries);
    }

    static int count(long[] bits) {
        int count = 0;
        for (long word : bits) {
            count += Long.bitCount(word);
        }
        return count;
    }

    private static int slot(long first, long second) {
        long mixed = (first * 0x9E3779B97F4A7C15L) ^ (second * 0xC2B2AE3D27D4EB4FL);
        return (int) (mixed >>> 54) & (CACHE_SLOTS - 1);
    }
}
