package io.trustlake.contracts.access.compiled;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustlake.contracts.access.Decision;
import io.trustlake.contracts.access.DecisionEngine;
import io.trustlake.contracts.access.DecisionRequest;
import io.trustlake.contracts.access.Requester;
import io.trustlake.contracts.rules.Effect;
import io.trustlake.contracts.rules.Grantee;
import io.trustlake.contracts.rules.Rule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * The compiled rules decide exactly like the reference {@link DecisionEngine}: same released and
 * withheld tags with the same reasons, same rules used, same overrides, for random rule sets and
 * requests that hit every branch (grantee levels, roles, the patient, purposes, emergencies,
 * validity edges to the nanosecond, unknown and empty tag requests, bitsets wider than 64).
 */
class CompiledRulesEquivalenceTest {
    static final String PATIENT = "p-abcdefghijkmnpqrstuvwxyz2";
    static final String OTHER_PATIENT = "p-zyxwvutsrqpnmkjihgfedcba2";
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final List<String> TAGS =
            List.of("allergies", "conditions", "demographics", "genetics", "medications", "mental-health", "zz-own");
    static final List<String> ORGANISATIONS = List.of("hosp-es", "hosp-nl", "research-se");
    static final List<String> DEPARTMENTS = List.of("hosp-es:cardiology", "hosp-es:emergency", "hosp-nl:oncology");
    static final List<String> USERS = List.of("hosp-es:dr-a", "hosp-es:dr-b", "hosp-nl:dr-c", "research-se:res-d");
    static final List<String> PURPOSES = List.of("TREAT", "HRESCH", "PATRQT", "ETREAT", "BTG", "OTHER");
    static final List<String> ROLES = List.of("PROFESSIONAL", "RESEARCHER", "PATIENT", "ADMIN");

    /** One random world: rules, universe, emergency tags, and a request to decide on it. */
    record Case(List<Rule> rules, Set<String> universe, Set<String> emergency, DecisionRequest request) {}

    @Property(tries = 5000)
    void compiledRulesDecideLikeTheReferenceEngine(@ForAll("cases") Case c) {
        Decision reference = assertEquivalent(c);
        boolean emergency = DecisionEngine.isEmergency(c.request());
        Statistics.label("released").collect(!reference.released().isEmpty());
        Statistics.label("denied by rule")
                .collect(reference.withheld().containsValue(Decision.Withheld.DENIED_BY_RULE));
        Statistics.label("overridden").collect(reference.emergencyOverride());
        Statistics.label("emergency tag denied in an emergency")
                .collect(emergency
                        && reference.withheld().entrySet().stream()
                                .anyMatch(e -> c.emergency().contains(e.getKey())
                                        && e.getValue() == Decision.Withheld.DENIED_BY_RULE));
        Statistics.label("the patient")
                .collect(c.request().requester().isThePatient(c.request().patientId()));
        Statistics.label("released").coverage(check -> {
            check.check(true).percentage(p -> p > 20);
            check.check(false).percentage(p -> p > 20);
        });
        Statistics.label("overridden").coverage(check -> check.check(true).percentage(p -> p > 3));
        Statistics.label("emergency tag denied in an emergency")
                .coverage(check -> check.check(true).percentage(p -> p > 0.5));
        Statistics.label("the patient").coverage(check -> check.check(true).percentage(p -> p > 1));
    }

    @Property(tries = 1000)
    void compiledRulesDecideLikeTheReferenceEngineWithMoreThan64TagsRulesAndPurposes(@ForAll("wideCases") Case c) {
        assertEquivalent(c);
    }

    @Property(tries = 500)
    void oneCompiledSetAnswersManyRequestsLikeTheReferenceEngine(
            @ForAll("ruleSets") List<Rule> rules, @ForAll("requests") List<DecisionRequest> requests) {
        Set<String> universe = Set.copyOf(TAGS.subList(0, 5));
        Set<String> emergency = Set.of("allergies", "medications");
        CompiledRules compiled = CompiledRules.compile(rules, universe, emergency);
        for (DecisionRequest request : requests) {
            assertThat(compiled.decide(request)).isEqualTo(DecisionEngine.decide(request, rules, universe, emergency));
        }
    }

    /** Shared by every try, as a rule index shares it: grantee numbers, tag spaces and their caches. */
    static final Vocabulary SHARED = new Vocabulary();

    @Property(tries = 3000)
    void ruleSetsSharingOneVocabularyDecideLikeTheReferenceEngine(@ForAll("cases") Case c) {
        Decision reference = DecisionEngine.decide(c.request(), c.rules(), c.universe(), c.emergency());
        CompiledRules compiled = CompiledRules.compile(c.rules(), c.universe(), c.emergency(), SHARED);
        assertThat(compiled.decide(c.request())).isEqualTo(reference);
    }

    @Test
    void threadsSharingOneVocabularyDecideLikeTheReferenceEngine() throws Exception {
        List<Case> cases = cases().sampleStream().limit(400).toList();
        Vocabulary vocabulary = new Vocabulary();
        List<CompiledRules> compiled = cases.stream()
                .map(c -> CompiledRules.compile(c.rules(), c.universe(), c.emergency(), vocabulary))
                .toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> mismatches = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                mismatches.add(pool.submit(() -> mismatches(cases, compiled)));
            }
            for (Future<Integer> count : mismatches) {
                assertThat(count.get()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static int mismatches(List<Case> cases, List<CompiledRules> compiled) {
        int mismatches = 0;
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                Decision reference = DecisionEngine.decide(c.request(), c.rules(), c.universe(), c.emergency());
                mismatches += compiled.get(i).decide(c.request()).equals(reference) ? 0 : 1;
            }
        }
        return mismatches;
    }

    @Test
    void ruleEndingAtTheRequestNanosecondNoLongerCountsAndOneStartingThenDoes() {
        Instant at = NOW.plusNanos(1);
        List<Rule> rules = List.of(
                rule("r1", Grantee.Type.ORGANISATION, "hosp-es", Effect.ALLOW, NOW, at, List.of("allergies")),
                rule(
                        "r2",
                        Grantee.Type.ORGANISATION,
                        "hosp-es",
                        Effect.ALLOW,
                        at,
                        NOW.plusSeconds(1),
                        List.of("conditions")));
        DecisionRequest request = new DecisionRequest(
                new Requester("hosp-es:dr-a", "PROFESSIONAL", "hosp-es", List.of(), ""),
                PATIENT,
                Set.of(),
                "TREAT",
                at);
        Decision decision = CompiledRules.compile(rules, Set.of("allergies", "conditions"), Set.of())
                .decide(request);
        assertThat(decision.released()).containsExactly("conditions");
        assertThat(decision)
                .isEqualTo(DecisionEngine.decide(request, rules, Set.of("allergies", "conditions"), Set.of()));
    }

    @Test
    void everyOneOfManyGranteesFindsItsOwnRulesDespiteHashCollisions() {
        Vocabulary vocabulary = new Vocabulary();
        List<Rule> numbering = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            numbering.add(grant(i));
        }
        CompiledRules.compile(numbering, Set.copyOf(TAGS), Set.of(), vocabulary);
        List<Rule> rules = new ArrayList<>();
        for (long next = 17; rules.size() < 400; next = (next * 6364136223846793005L + 1442695040888963407L)) {
            rules.add(grant((int) Long.remainderUnsigned(next >>> 16, 5000)));
        }
        CompiledRules compiled = CompiledRules.compile(rules, Set.copyOf(TAGS), Set.of(), vocabulary);
        for (Rule rule : rules) {
            Requester requester = new Requester(rule.grantee().id(), "PROFESSIONAL", "hosp-es", List.of(), "");
            DecisionRequest request = new DecisionRequest(requester, PATIENT, Set.of(), "TREAT", NOW);
            assertThat(compiled.decide(request).rulesUsed()).isNotEmpty();
            assertThat(compiled.decide(request))
                    .isEqualTo(DecisionEngine.decide(request, rules, Set.copyOf(TAGS), Set.of()));
        }
    }

    private static Rule grant(int professional) {
        return rule(
                "r" + professional,
                Grantee.Type.PROFESSIONAL,
                "hosp-es:dr-" + professional,
                Effect.ALLOW,
                NOW,
                NOW.plusSeconds(1),
                List.of(TAGS.get(professional % TAGS.size())));
    }

    private static Decision assertEquivalent(Case c) {
        Decision reference = DecisionEngine.decide(c.request(), c.rules(), c.universe(), c.emergency());
        Decision compiled =
                CompiledRules.compile(c.rules(), c.universe(), c.emergency()).decide(c.request());
        assertThat(compiled).isEqualTo(reference);
        return reference;
    }

    @Provide
    Arbitrary<Case> cases() {
        return Combinators.combine(ruleSets(), tagSubset(TAGS), tagSubset(TAGS), request(TAGS))
                .as(Case::new);
    }

    @Provide
    Arbitrary<Case> wideCases() {
        List<String> tags =
                IntStream.range(0, 100).mapToObj(i -> String.format("t%03d", i)).toList();
        List<String> purposes = new ArrayList<>(PURPOSES);
        IntStream.range(0, 70).forEach(i -> purposes.add("P" + i));
        Arbitrary<List<Rule>> rules =
                rule(tags, purposes, 12).list().ofMinSize(60).ofMaxSize(150);
        return Combinators.combine(rules, tagSubset(tags), tagSubset(tags), request(tags))
                .as(Case::new);
    }

    @Provide
    Arbitrary<List<Rule>> ruleSets() {
        return rule(TAGS, PURPOSES, 4).list().ofMaxSize(40);
    }

    @Provide
    Arbitrary<List<DecisionRequest>> requests() {
        return request(TAGS).list().ofMinSize(1).ofMaxSize(20);
    }

    static Arbitrary<Set<String>> tagSubset(List<String> tags) {
        return Arbitraries.of(tags).set().ofMaxSize(Math.min(tags.size(), 20));
    }

    static Arbitrary<Rule> rule(List<String> tags, List<String> purposes, int maxTags) {
        Arbitrary<Grantee> grantee = Arbitraries.oneOf(
                Arbitraries.of(USERS).map(id -> new Grantee(Grantee.Type.PROFESSIONAL, id)),
                Arbitraries.of(DEPARTMENTS).map(id -> new Grantee(Grantee.Type.DEPARTMENT, id)),
                Arbitraries.of(ORGANISATIONS).map(id -> new Grantee(Grantee.Type.ORGANISATION, id)));
        Arbitrary<List<String>> ruleTags =
                Arbitraries.of(tags).list().ofMinSize(1).ofMaxSize(maxTags);
        Arbitrary<List<String>> rulePurposes = Arbitraries.oneOf(
                Arbitraries.just(List.of()),
                Arbitraries.of(purposes).list().ofMinSize(1).ofMaxSize(3),
                Arbitraries.of("ETREAT", "BTG").list().ofMinSize(1).ofMaxSize(2));
        Arbitrary<Tuple.Tuple3<Integer, Rule.Status, Effect>> versioning = Combinators.combine(
                        Arbitraries.integers().between(1, 3),
                        Arbitraries.frequency(Tuple.of(6, Rule.Status.ACTIVE), Tuple.of(1, Rule.Status.REVOKED)),
                        Arbitraries.frequency(Tuple.of(3, Effect.ALLOW), Tuple.of(1, Effect.DENY)))
                .as(Tuple::of);
        return Combinators.combine(
                        Arbitraries.of("r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8"),
                        grantee,
                        ruleTags,
                        instant(-3600L, -3600L, -1L, 0L, 1L),
                        instant(-1L, 0L, 1L, 3600L, 3600L),
                        rulePurposes,
                        versioning)
                .as((id, g, t, from, until, p, v) ->
                        new Rule(id, PATIENT, g, t, v.get3(), from, until, p, v.get1(), v.get2(), "u", NOW, 1));
    }

    /** Instants at the given offsets (seconds) from NOW, to the nanosecond around them, or far away. */
    static Arbitrary<Instant> instant(Long... offsets) {
        Arbitrary<Instant> nearNow = Combinators.combine(Arbitraries.of(offsets), Arbitraries.of(0L, 1L, 999_999_999L))
                .as((seconds, nanos) -> NOW.plusSeconds(seconds).plusNanos(nanos));
        return Arbitraries.frequencyOf(
                Tuple.of(10, nearNow),
                Tuple.of(
                        1,
                        Arbitraries.of(
                                Instant.MIN,
                                Instant.EPOCH,
                                Instant.parse("9999-12-31T23:59:59.999999999Z"),
                                Instant.MAX)));
    }

    static Arbitrary<DecisionRequest> request(List<String> tags) {
        Arbitrary<Set<String>> requested = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(Set.<String>of())),
                Tuple.of(3, Arbitraries.of(tags).set().ofMinSize(1).ofMaxSize(Math.min(tags.size(), 20))),
                Tuple.of(1, Arbitraries.of(tags).set().ofMaxSize(3).map(CompiledRulesEquivalenceTest::withUnknown)));
        return Combinators.combine(
                        requester(),
                        Arbitraries.of(PATIENT, OTHER_PATIENT),
                        requested,
                        Arbitraries.frequencyOf(
                                Tuple.of(3, Arbitraries.of(PURPOSES)), Tuple.of(2, Arbitraries.of("ETREAT", "BTG"))),
                        instant(-1L, 0L, 0L, 1L))
                .as(DecisionRequest::new);
    }

    private static Set<String> withUnknown(Set<String> tags) {
        List<String> all = new ArrayList<>(tags);
        all.add("not-in-any-rule");
        return Set.copyOf(all);
    }

    static Arbitrary<Requester> requester() {
        return Combinators.combine(
                        Arbitraries.of(USERS),
                        Arbitraries.frequencyOf(
                                Tuple.of(2, Arbitraries.of(ROLES)), Tuple.of(3, Arbitraries.just("PROFESSIONAL"))),
                        Arbitraries.of(ORGANISATIONS),
                        Arbitraries.of(DEPARTMENTS).list().ofMaxSize(3),
                        Arbitraries.of(PATIENT, OTHER_PATIENT, ""))
                .as(Requester::new);
    }

    static Rule rule(
            String id,
            Grantee.Type type,
            String grantee,
            Effect effect,
            Instant from,
            Instant until,
            List<String> tags) {
        return new Rule(
                id,
                PATIENT,
                new Grantee(type, grantee),
                tags,
                effect,
                from,
                until,
                List.of(),
                1,
                Rule.Status.ACTIVE,
                "u",
                NOW,
                1);
    }
}
