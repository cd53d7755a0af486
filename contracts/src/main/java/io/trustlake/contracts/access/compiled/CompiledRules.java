package io.trustlake.contracts.access.compiled;

import io.trustlake.contracts.access.Decision;
import io.trustlake.contracts.access.DecisionEngine;
import io.trustlake.contracts.access.DecisionRequest;
import io.trustlake.contracts.access.Requester;
import io.trustlake.contracts.rules.Grantee;
import io.trustlake.contracts.rules.Rule;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A rule collection compiled for fast decisions (issue 6: a million decisions per second per core
 * for a patient with 100 rules). Revoked rules are dropped; active rules are packed into one array
 * ({@link RuleTable}) grouped by grantee, so a decision reads only the rules that can name the
 * requester; tags and purposes are bitsets over sorted dictionaries shared between rule sets with
 * the same names; validity compares exactly like {@link Instant}.
 *
 * <p><b>Contract:</b> for every request, {@code compile(rules, universe, emergencyTags).decide(r)}
 * equals {@link DecisionEngine#decide DecisionEngine.decide(r, rules, universe, emergencyTags)},
 * which stays the reference (checked by property tests over random rule sets and requests). Like
 * the reference, it does not filter rules by patient: compile one patient's rules.
 *
 * <p>Immutable and thread-safe; {@link #decide} allocates only its result and a few small bitsets.
 */
public final class CompiledRules {
    private static final Comparator<Decision.RuleRef> RULE_ORDER =
            Comparator.comparing(Decision.RuleRef::ruleId).thenComparing(Decision.RuleRef::version);

    private final Dictionaries dictionaries;
    private final long[] table;
    private final long layout;
    private final Decision.RuleRef[] refs;

    private CompiledRules(Dictionaries dictionaries, long[] table, long layout, Decision.RuleRef[] refs) {
        this.dictionaries = dictionaries;
        this.table = table;
        this.layout = layout;
        this.refs = refs;
    }

    /**
     * Compiles {@code rules} for decisions with the given universe (asked for when a request names
     * no tags) and emergency tag set. Takes O(rules × tags) time; keeps no reference to the inputs.
     */
    public static CompiledRules compile(Collection<Rule> rules, Set<String> universe, Set<String> emergencyTags) {
        return compile(rules, universe, emergencyTags, new Vocabulary());
    }

    /** As {@link #compile(Collection, Set, Set)}, sharing grantee numbers and dictionaries. */
    static CompiledRules compile(
            Collection<Rule> rules, Set<String> universe, Set<String> emergencyTags, Vocabulary vocabulary) {
        List<Rule> active = rules.stream()
                .filter(rule -> rule.status() == Rule.Status.ACTIVE)
                .toList();
        TagSpace tags = vocabulary.tagSpace(
                universe,
                emergencyTags,
                active.stream().flatMap(rule -> rule.tags().stream()).toList());
        SortedNames purposes = vocabulary.purposes(
                active.stream().flatMap(rule -> rule.purposes().stream()).toList());
        Dictionaries dictionaries = vocabulary.dictionaries(tags, purposes);
        Decision.RuleRef[] refs = active.stream()
                .map(rule -> new Decision.RuleRef(rule.ruleId(), rule.version()))
                .distinct()
                .sorted(RULE_ORDER)
                .toArray(Decision.RuleRef[]::new);
        Map<Decision.RuleRef, Integer> ordinals = new HashMap<>();
        for (int i = 0; i < refs.length; i++) {
            ordinals.put(refs[i], i);
        }
        int grantees = RuleTable.byGrantee(active, vocabulary).size();
        long layout = RuleTable.layoutFor(active, tags.names(), purposes, grantees);
        long[] table = RuleTable.build(active, layout, vocabulary, dictionaries, ordinals);
        return new CompiledRules(dictionaries, table, layout, refs);
    }

    /** The decision for {@code request}; see the class contract. */
    public Decision decide(DecisionRequest request) {
        TagSpace tags = dictionaries.tags();
        if (request.requester().isThePatient(request.patientId())) {
            return ownRecord(tags, request.requestedTags());
        }
        Tally tally = new Tally(tags.words(), refs.length);
        List<String> unknown = tags.ask(request.requestedTags(), tally.asked);
        if (DecisionEngine.GRANTABLE_ROLES.contains(request.requester().role())) {
            tally(
                    tally,
                    request.requester(),
                    Time.of(request.at()),
                    dictionaries.purposes().indexOf(request.purpose()));
        }
        return tally.decision(tags, refs, DecisionEngine.isEmergency(request), unknown);
    }

    /** The number of active (compiled) rules. */
    public int activeRules() {
        return RuleTable.rows(layout);
    }

    private static Decision ownRecord(TagSpace tags, Set<String> requested) {
        List<String> asked = requested.isEmpty() ? tags.sortedUniverse() : List.copyOf(new TreeSet<>(requested));
        return new Decision(Decision.Outcome.GRANTED, asked, Map.of(), List.of(), List.of());
    }

    /**
     * Adds every row that counts: naming the requester, one of their departments or their
     * organisation; in force at the time; applying to the purpose ({@code purpose} is its number
     * among the rules' purposes, -1 when no rule names it). The requester's role can be granted.
     */
    private void tally(Tally tally, Requester requester, Time time, int purpose) {
        for (long span : spans(requester)) {
            if (span >= 0) {
                tallyRows(tally, (int) (span >>> 32), (int) span, time, purpose);
            }
        }
    }

    /**
     * The rows naming the requester, one of their departments or their organisation, as {@code
     * first << 32 | end} per grantee (-1 when none): all looked up before any row is read, so that
     * the memory reads overlap.
     */
    private long[] spans(Requester requester) {
        Vocabulary vocabulary = dictionaries.vocabulary();
        List<String> departments = requester.departments();
        long[] spans = new long[departments.size() + 2];
        spans[0] = span(vocabulary.numberIfKnown(Grantee.Type.PROFESSIONAL, requester.userId()));
        for (int i = 0; i < departments.size(); i++) {
            spans[i + 1] = span(vocabulary.numberIfKnown(Grantee.Type.DEPARTMENT, departments.get(i)));
        }
        spans[spans.length - 1] = span(vocabulary.numberIfKnown(Grantee.Type.ORGANISATION, requester.organisation()));
        return spans;
    }

    private long span(int grantee) {
        int slot = grantee < 0 ? -1 : findSlot(grantee);
        if (slot < 0) {
            return -1;
        }
        long first = table[2 * slot + 1];
        return (first << 32) | (first + (int) table[2 * slot]);
    }

    private int rowAt(int row) {
        return RuleTable.rowsStart(layout) + row * RuleTable.stride(layout);
    }

    private void tallyRows(Tally tally, int first, int end, Time time, int purpose) {
        for (int row = first; row < end; row++) {
            int at = rowAt(row);
            if (inForce(row, at, time) && appliesTo(at, purpose)) {
                long meta = table[at + 2];
                tally.add(table, at + RuleTable.FIXED, (int) meta & 0xff, (int) (meta >>> 8) & 0xffffff);
            }
        }
    }

    /** The grantee's slot in the table's hash table, or -1. */
    private int findSlot(int grantee) {
        int bits = RuleTable.slotBits(layout);
        long wanted = (long) (grantee + 1) << 32;
        for (int slot = RuleTable.slot(grantee, bits); ; slot = (slot + 1) & ((1 << bits) - 1)) {
            long entry = table[2 * slot];
            if (entry == 0) {
                return -1;
            }
            if ((entry & 0xffffffff00000000L) == wanted) {
                return slot;
            }
        }
    }

    /** validFrom ≤ at < validUntil, exactly as {@link Instant#compareTo} would say. */
    private boolean inForce(int row, int at, Time time) {
        if (time.inKeyRange()) {
            return table[at] <= time.key() && time.key() < table[at + 1];
        }
        int exact = RuleTable.exactStart(layout) + row * RuleTable.EXACT;
        long from = table[exact];
        long until = table[exact + 1];
        int fromNanos = (int) (table[exact + 2] >>> 32);
        int untilNanos = (int) table[exact + 2];
        boolean started = time.seconds() > from || (time.seconds() == from && time.nanos() >= fromNanos);
        boolean ended = time.seconds() > until || (time.seconds() == until && time.nanos() >= untilNanos);
        return started && !ended;
    }

    private boolean appliesTo(int at, int purpose) {
        long meta = table[at + 2];
        if ((meta & RuleTable.ANY_PURPOSE) != 0) {
            return true;
        }
        if (purpose < 0) {
            return false;
        }
        return RuleTable.inlinePurposes(layout)
                ? (meta & (1L << (32 + purpose))) != 0
                : SortedNames.isSet(table, at + RuleTable.FIXED + RuleTable.tagWords(layout), purpose);
    }

    /** A request time: its validity key, and its exact parts for times outside the keys' range. */
    private record Time(long key, boolean inKeyRange, long seconds, int nanos) {
        static Time of(Instant at) {
            long seconds = at.getEpochSecond();
            boolean inRange = -RuleTable.KEY_RANGE < seconds && seconds < RuleTable.KEY_RANGE;
            return new Time(RuleTable.key(at), inRange, seconds, at.getNano());
        }
    }
}
