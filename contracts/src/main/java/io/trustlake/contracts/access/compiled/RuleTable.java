package io.trustlake.contracts.access.compiled;

import io.trustlake.contracts.access.Decision;
import io.trustlake.contracts.access.DecisionEngine;
import io.trustlake.contracts.rules.Effect;
import io.trustlake.contracts.rules.Rule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The packed form of a rule set's active rules: one {@code long[]} read by {@link CompiledRules},
 * laid out so that a decision follows few pointers and reads a few cache lines (a patient's rules
 * are usually not in a CPU cache: a million rules do not fit). Layout:
 *
 * <ol>
 *   <li>a hash table of grantees, {@code 2^slotBits} slots of two longs: ({@link Vocabulary} number
 *       + 1) << 32 | row count, first row; 0 marks a free slot; linear probing;
 *   <li>rows, those of one grantee adjacent, {@code stride} longs each: {@code [validFrom key,
 *       validUntil key, meta, tag bitset…, purpose bitset… (unless inline)]}; meta = flags | rule
 *       ordinal << 8 | purpose bitset << 32 when the rule set names at most 32 purposes;
 *   <li>exact validity, 3 longs per row (seconds, seconds, nanos << 32 | nanos), read only for
 *       request times outside the keys' range.
 * </ol>
 *
 * <p>A validity key is {@code seconds << 30 | nanos}, which orders like {@link Instant} for years
 * 1698–2242 and saturates outside; comparing a request time inside that range with a saturated key
 * is still exact, so the exact columns matter only for request times outside it.
 *
 * <p>The layout's sizes travel in one long (see {@link #layout}). Arrays built here are never
 * changed afterwards.
 */
final class RuleTable {
    static final int DENY = 1;
    static final int DENY_FOR_EMERGENCY = 2;
    static final int ANY_PURPOSE = 4;
    static final int FIXED = 3;
    static final int EXACT = 3;
    static final long KEY_RANGE = 1L << 33;
    static final int MAX_ROWS = 1 << 23;
    private static final int INLINE_PURPOSES = 32;

    private RuleTable() {}

    /** Sizes of a packed table: stride, tag words, slot bits, inline purposes, rows. */
    static long layout(int stride, int tagWords, int slotBits, boolean inlinePurposes, int rows) {
        return stride
                | ((long) tagWords << 16)
                | ((long) slotBits << 32)
                | (inlinePurposes ? 1L << 40 : 0)
                | ((long) rows << 41);
    }

    static int stride(long layout) {
        return (int) layout & 0xffff;
    }

    static int tagWords(long layout) {
        return (int) (layout >>> 16) & 0xffff;
    }

    static int slotBits(long layout) {
        return (int) (layout >>> 32) & 0xff;
    }

    static boolean inlinePurposes(long layout) {
        return ((layout >>> 40) & 1) != 0;
    }

    static int rows(long layout) {
        return (int) (layout >>> 41);
    }

    static int rowsStart(long layout) {
        return 2 << slotBits(layout);
    }

    static int exactStart(long layout) {
        return rowsStart(layout) + rows(layout) * stride(layout);
    }

    /** The first slot to probe for a grantee number. */
    static int slot(int grantee, int slotBits) {
        return (grantee * 0x9E3779B9) >>> (32 - slotBits);
    }

    /**
     * The layout for {@code activeRules} (status ACTIVE) over these dictionaries; every tag and
     * purpose they name must be in {@code tags} / {@code purposes}.
     */
    static long layoutFor(List<Rule> activeRules, SortedNames tags, SortedNames purposes, int grantees) {
        if (activeRules.size() >= MAX_ROWS) {
            throw new IllegalArgumentException("more than " + MAX_ROWS + " rules in one rule set");
        }
        boolean inline = purposes.size() <= INLINE_PURPOSES;
        int stride = FIXED + tags.words() + (inline ? 0 : purposes.words());
        int slotBits = Math.max(1, 33 - Integer.numberOfLeadingZeros(Math.max(1, grantees)));
        return layout(stride, tags.words(), slotBits, inline, activeRules.size());
    }

    /** Packs the rules; {@code ordinals} numbers every rule's (id, version). */
    static long[] build(
            List<Rule> activeRules,
            long layout,
            Vocabulary vocabulary,
            Dictionaries dictionaries,
            Map<Decision.RuleRef, Integer> ordinals) {
        Map<Integer, List<Rule>> byGrantee = byGrantee(activeRules, vocabulary);
        long[] table = new long[exactStart(layout) + rows(layout) * EXACT];
        int row = 0;
        for (Map.Entry<Integer, List<Rule>> group : byGrantee.entrySet()) {
            int free = slot(group.getKey(), slotBits(layout));
            while (table[2 * free] != 0) {
                free = (free + 1) & ((1 << slotBits(layout)) - 1);
            }
            table[2 * free] =
                    ((long) (group.getKey() + 1) << 32) | group.getValue().size();
            table[2 * free + 1] = row;
            for (Rule rule : group.getValue()) {
                int ordinal = ordinals.get(new Decision.RuleRef(rule.ruleId(), rule.version()));
                fill(table, layout, row++, rule, dictionaries, ordinal);
            }
        }
        return table;
    }

    static Map<Integer, List<Rule>> byGrantee(List<Rule> activeRules, Vocabulary vocabulary) {
        Map<Integer, List<Rule>> byGrantee = new LinkedHashMap<>();
        activeRules.forEach(rule -> byGrantee
                .computeIfAbsent(vocabulary.number(rule.grantee()), n -> new ArrayList<>())
                .add(rule));
        return byGrantee;
    }

    private static void fill(long[] table, long layout, int row, Rule rule, Dictionaries dictionaries, int ordinal) {
        int at = rowsStart(layout) + row * stride(layout);
        table[at] = key(rule.validFrom());
        table[at + 1] = key(rule.validUntil());
        table[at + 2] = flags(rule) | ((long) ordinal << 8);
        int tagsAt = at + FIXED;
        rule.tags()
                .forEach(tag -> SortedNames.set(
                        table, tagsAt, dictionaries.tags().names().indexOf(tag)));
        for (String purpose : rule.purposes()) {
            int index = dictionaries.purposes().indexOf(purpose);
            if (inlinePurposes(layout)) {
                table[at + 2] |= 1L << (32 + index);
            } else {
                SortedNames.set(table, tagsAt + tagWords(layout), index);
            }
        }
        int exact = exactStart(layout) + row * EXACT;
        Instant from = rule.validFrom();
        Instant until = rule.validUntil();
        table[exact] = from.getEpochSecond();
        table[exact + 1] = until.getEpochSecond();
        table[exact + 2] = ((long) from.getNano() << 32) | until.getNano();
    }

    private static long flags(Rule rule) {
        boolean deny = rule.effect() == Effect.DENY;
        boolean forEmergencies = rule.purposes().stream().anyMatch(DecisionEngine.EMERGENCY_PURPOSES::contains);
        return (deny ? DENY : 0)
                | (deny && forEmergencies ? DENY_FOR_EMERGENCY : 0)
                | (rule.purposes().isEmpty() ? ANY_PURPOSE : 0);
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
}
