package io.trustlake.contracts.access.compiled;

import io.trustlake.contracts.access.Decision;
import java.util.List;
import java.util.Map;

/**
 * What the counting rules say about the asked tags, as bitsets over a {@link TagSpace}, and which
 * rules (by ordinal) covered an asked tag. One per decision; not thread-safe.
 */
final class Tally {
    final long[] asked;
    private final long[] allowed;
    private final long[] denied;
    private final long[] deniedForEmergencies;
    private final long[] used;

    Tally(int tagWords, int rules) {
        this.asked = new long[tagWords];
        this.allowed = new long[tagWords];
        this.denied = new long[tagWords];
        this.deniedForEmergencies = new long[tagWords];
        this.used = new long[Math.max(1, (rules + 63) >>> 6)];
    }

    /** Adds one counting rule: its tag bitset at {@code offset}, its {@link RuleTable} flags. */
    void add(long[] ruleTags, int offset, int flags, int ordinal) {
        boolean deny = (flags & RuleTable.DENY) != 0;
        boolean forEmergencies = (flags & RuleTable.DENY_FOR_EMERGENCY) != 0;
        boolean covers = false;
        for (int word = 0; word < asked.length; word++) {
            long covered = ruleTags[offset + word] & asked[word];
            if (covered == 0) {
                continue;
            }
            covers = true;
            if (deny) {
                denied[word] |= covered;
                if (forEmergencies) {
                    deniedForEmergencies[word] |= covered;
                }
            } else {
                allowed[word] |= covered;
            }
        }
        if (covers) {
            SortedNames.set(used, 0, ordinal);
        }
    }

    /**
     * The decision: an asked tag is released when allowed and not denied, or — in an emergency —
     * when it is an emergency tag no emergency deny covers (then it is also reported overridden).
     */
    Decision decision(TagSpace tags, Decision.RuleRef[] refs, boolean emergency, List<String> unknown) {
        if (asked.length == 1 && unknown.isEmpty()) {
            return oneWordDecision(tags, refs, emergency);
        }
        long[] released = new long[asked.length];
        long[] overridden = new long[asked.length];
        long[] withheld = new long[asked.length];
        for (int word = 0; word < asked.length; word++) {
            long normally = allowed[word] & ~denied[word];
            overridden[word] =
                    emergency ? asked[word] & ~normally & tags.emergencyWord(word) & ~deniedForEmergencies[word] : 0;
            released[word] = normally | overridden[word];
            withheld[word] = asked[word] & ~released[word];
        }
        return decision(
                tags.names(released),
                tags.withheld(withheld, denied, unknown),
                rulesUsed(refs),
                tags.names(overridden));
    }

    /** The same rules as above on one word, with the tag space's cached lists and maps. */
    private Decision oneWordDecision(TagSpace tags, Decision.RuleRef[] refs, boolean emergency) {
        long normally = allowed[0] & ~denied[0];
        long overridden = emergency ? asked[0] & ~normally & tags.emergencyWord(0) & ~deniedForEmergencies[0] : 0;
        long released = normally | overridden;
        return decision(
                tags.names(released),
                tags.withheld(asked[0] & ~released, denied[0]),
                rulesUsed(refs),
                overridden == 0 ? List.of() : tags.names(overridden));
    }

    private static Decision decision(
            List<String> released,
            Map<String, Decision.Withheld> withheld,
            List<Decision.RuleRef> rulesUsed,
            List<String> overridden) {
        Decision.Outcome outcome = released.isEmpty() ? Decision.Outcome.DENIED : Decision.Outcome.GRANTED;
        return new Decision(outcome, released, withheld, rulesUsed, overridden);
    }

    private List<Decision.RuleRef> rulesUsed(Decision.RuleRef[] refs) {
        int count = TagSpace.count(used);
        if (count == 0) {
            return List.of();
        }
        Decision.RuleRef[] out = new Decision.RuleRef[count];
        int next = 0;
        for (int word = 0; word < used.length; word++) {
            for (long rest = used[word]; rest != 0; rest &= rest - 1) {
                out[next++] = refs[(word << 6) + Long.numberOfTrailingZeros(rest)];
            }
        }
        return List.of(out);
    }
}
