package io.trustlake.contracts.access.compiled;

import io.trustlake.contracts.access.Decision;
import io.trustlake.contracts.access.DecisionEngine;
import io.trustlake.contracts.access.Requester;
import io.trustlake.contracts.rules.Effect;
import io.trustlake.contracts.rules.Grantee;
import io.trustlake.contracts.rules.Rule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Active rules packed into one {@code long[]}, so that a decision follows few pointers and reads a
 * few adjacent cache lines (a patient's rule set is usually cold: a million rules do not fit in a
 * CPU cache). Layout:
 *
 * <ol>
 *   <li>header (3 longs): group count | row stride << 32; tag words | inline purposes << 32; row
 *       count;
 *   <li>one long per grantee, sorted: its {@link Vocabulary} number << 32 | its first row;
 *   <li>rows, those of one grantee adjacent: {@code [validFrom key, validUntil key, meta, tag
 *       bitset…, purpose bitset… (unless inline)]}; meta = flags | rule ordinal << 8 | purpose
 *       bitset << 32 when the rule set names at most 32 purposes;
 *   <li>exact validity, 3 longs per row (seconds, seconds, nanos << 32 | nanos), read only for a
 *       request time outside the keys' range.
 * </ol>
 *
 * <p>A validity key is {@code seconds << 30 | nanos}, which orders like {@link Instant} for years
 * 1698–2242 and saturates outside; comparing a request time inside that range with saturated keys is
 * still exact, so the exact columns are needed only for request times outside it.
 *
 * <p>Static functions over an array that is never changed after {@link #build}; thread-safe.
 */
final class RuleTable {
    static final int DENY = 1;
    static final int DENY_FOR_EMERGENCY = 2;
    static final int ANY_PURPOSE = 4;
    private static final int HEADER = 3;
    private static final int FIXED = 3;
    private static final int EXACT = 3;
    private static final int INLINE_PURPOSES = 32;
    private static final long KEY_RANGE = 1L << 33;
    private static final int MAX_RULES = 1 << 24;

    private RuleTable() {}

    /**
     * Packs {@code activeRules} (status ACTIVE); every tag and purpose they name must be in {@code
     * tags} / {@code purposes}, and every rule's (id, version) in {@code ordinals}.
     */
    static long[] build(
            List<Rule> activeRules,
            Vocabulary vocabulary,
            SortedNames tags,
            SortedNames purposes,
            Map<Decision.RuleRef, Integer> ordinals) {
        if (ordinals.size() > MAX_RULES) {
            throw new IllegalArgumentException("more than " + MAX_RULES + " rules in one rule set");
        }
        TreeMap<Integer, List<Rule>> byGrantee = new TreeMap<>();
        activeRules.forEach(rule -> byGrantee
                .computeIfAbsent(vocabulary.number(rule.grantee()), n -> new ArrayList<>())
                .add(rule));
        boolean inline = purposes.size() <= INLINE_PURPOSES;
        int stride = FIXED + tags.words() + (inline ? 0 : purposes.words());
        int groups = byGrantee.size();
        int rows = activeRules.size();
        long[] data = new long[HEADER + groups + rows * (stride + EXACT)];
        data[0] = groups | ((long) stride << 32);
        data[1] = tags.words() | (inline ? 1L << 32 : 0);
        data[2] = rows;
        int group = 0;
        int row = 0;
        for (Map.Entry<Integer, List<Rule>> entry : byGrantee.entrySet()) {
            data[HEADER + group++] = ((long) entry.getKey() << 32) | row;
            for (Rule rule : entry.getValue()) {
                int ordinal = ordinals.get(new Decision.RuleRef(rule.ruleId(), rule.version()));
                fill(data, row++, rule, tags, purposes, ordinal);
            }
        }
        return data;
    }

    private static void fill(long[] data, int row, Rule rule, SortedNames tags, SortedNames purposes, int ordinal) {
        int at = rowsStart(data) + row * stride(data);
        data[at] = key(rule.validFrom());
        data[at + 1] = key(rule.validUntil());
        boolean deny = rule.effect() == Effect.DENY;
        boolean forEmergencies = rule.purposes().stream().anyMatch(DecisionEngine.EMERGENCY_PURPOSES::contains);
        long flags = (deny ? DENY : 0)
                | (deny && forEmergencies ? DENY_FOR_EMERGENCY : 0)
                | (rule.purposes().isEmpty() ? ANY_PURPOSE : 0);
        data[at + 2] = flags | ((long) ordinal << 8);
        int tagsAt = at + FIXED;
        rule.tags().forEach(tag -> SortedNames.set(data, tagsAt, tags.indexOf(tag)));
        for (String purpose : rule.purposes()) {
            if (inlinePurposes(data)) {
                data[at + 2] |= 1L << (32 + purposes.indexOf(purpose));
            } else {
                SortedNames.set(data, tagsAt + tagWords(data), purposes.indexOf(purpose));
            }
        }
        int exact = exactStart(data) + row * EXACT;
        Instant from = rule.validFrom();
        Instant until = rule.validUntil();
        data[exact] = from.getEpochSecond();
        data[exact + 1] = until.getEpochSecond();
        data[exact + 2] = ((long) from.getNano() << 32) | until.getNano();
    }

    static int rows(long[] data) {
        return (int) data[2];
    }

    /**
     * Adds to {@code tally} every row that counts for the request: naming the requester, one of
     * their departments or their organisation; in force at {@code at}; applying to the purpose
     * ({@code purpose} is its number among the rules' purposes, -1 when no rule names it). The
     * caller has checked that the requester's role can be granted anything.
     */
    static void tally(long[] data, Tally tally, Vocabulary vocabulary, Requester requester, Instant at, int purpose) {
        Time time = Time.of(at);
        tallyGrantee(
                data, tally, vocabulary.numberIfKnown(Grantee.Type.PROFESSIONAL, requester.userId()), time, purpose);
        for (String department : requester.departments()) {
            tallyGrantee(data, tally, vocabulary.numberIfKnown(Grantee.Type.DEPARTMENT, department), time, purpose);
        }
        tallyGrantee(
                data,
                tally,
                vocabulary.numberIfKnown(Grantee.Type.ORGANISATION, requester.organisation()),
                time,
                purpose);
    }

    private static void tallyGrantee(long[] data, Tally tally, int grantee, Time time, int purpose) {
        int group = grantee < 0 ? -1 : findGroup(data, grantee);
        if (group < 0) {
            return;
        }
        int groups = (int) data[0];
        int first = (int) data[HEADER + group];
        int last = group + 1 < groups ? (int) data[HEADER + group + 1] : rows(data);
        int stride = stride(data);
        int start = rowsStart(data);
        for (int row = first; row < last; row++) {
            int at = start + row * stride;
            if (inForce(data, row, at, time) && appliesTo(data, at, purpose)) {
                long meta = data[at + 2];
                tally.add(data, at + FIXED, (int) meta & 0xff, (int) (meta >>> 8) & 0xffffff);
            }
        }
    }

    /** The index of the grantee's entry, or -1. */
    private static int findGroup(long[] data, int grantee) {
        int low = 0;
        int high = (int) data[0] - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int number = (int) (data[HEADER + middle] >>> 32);
            if (number < grantee) {
                low = middle + 1;
            } else if (number > grantee) {
                high = middle - 1;
            } else {
                return middle;
            }
        }
        return -1;
    }

    /** validFrom ≤ at < validUntil, exactly as {@link Instant#compareTo} would say. */
    private static boolean inForce(long[] data, int row, int at, Time time) {
        if (time.inKeyRange()) {
            return data[at] <= time.key() && time.key() < data[at + 1];
        }
        int exact = exactStart(data) + row * EXACT;
        long fromSeconds = data[exact];
        long untilSeconds = data[exact + 1];
        int fromNanos = (int) (data[exact + 2] >>> 32);
        int untilNanos = (int) data[exact + 2];
        boolean started = time.seconds() > fromSeconds || (time.seconds() == fromSeconds && time.nanos() >= fromNanos);
        boolean ended = time.seconds() > untilSeconds || (time.seconds() == untilSeconds && time.nanos() >= untilNanos);
        return started && !ended;
    }

    private static boolean appliesTo(long[] data, int at, int purpose) {
        long meta = data[at + 2];
        if ((meta & ANY_PURPOSE) != 0) {
            return true;
        }
        if (purpose < 0) {
            return false;
        }
        return inlinePurposes(data)
                ? (meta & (1L << (32 + purpose))) != 0
                : SortedNames.isSet(data, at + FIXED + tagWords(data), purpose);
    }

    /** A request time: its key, and its exact parts for times outside the keys' range. */
    private record Time(long key, boolean inKeyRange, long seconds, int nanos) {
        static Time of(Instant at) {
            long seconds = at.getEpochSecond();
            return new Time(RuleTable.key(at), -KEY_RANGE < seconds && seconds < KEY_RANGE, seconds, at.getNano());
        }
    }

    /** {@code seconds << 30 | nanos}, saturated outside ±2^33 seconds. */
    static long key(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds >= KEY_RANGE) {
            return Long.MAX_VALUE;
        }
        if (seconds < -KEY_RANGE) {
            return Long.MIN_VALUE;
        }
        return (seconds << 30) | instant.getNano();
    }

    private static int stride(long[] data) {
        return (int) (data[0] >>> 32);
    }

    private static int tagWords(long[] data) {
        return (int) data[1];
    }

    private static boolean inlinePurposes(long[] data) {
        return (data[1] >>> 32) != 0;
    }

    private static int rowsStart(long[] data) {
        return HEADER + (int) data[0];
    }

    private static int exactStart(long[] data) {
        return rowsStart(data) + rows(data) * stride(data);
    }
}
