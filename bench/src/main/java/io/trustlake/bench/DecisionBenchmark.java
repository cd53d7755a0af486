package io.trustlake.bench;

import io.trustlake.contracts.Tags;
import io.trustlake.contracts.access.AccessLogContract;
import io.trustlake.contracts.access.Decision;
import io.trustlake.contracts.access.DecisionEngine;
import io.trustlake.contracts.access.compiled.CompiledRules;
import io.trustlake.contracts.access.compiled.RuleIndex;
import io.trustlake.contracts.membership.MembershipContract;
import io.trustlake.contracts.rules.AccessRulesContract;
import io.trustlake.contracts.rules.Effect;
import io.trustlake.contracts.rules.Rule;
import io.trustlake.ledger.store.LedgerStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Access decisions over a world state of a million rules (10,000 patients × 100, {@link World}) in
 * RocksDB. Every invocation asks the next of 65,536 pre-built {@link Questions} about a random
 * patient, so the patients' data do not stay in the CPU caches. Modes, times and forks are set by
 * {@link DecisionReport}, which also prints the ratios between these benchmarks:
 *
 * <ul>
 *   <li>{@link #compiled}: the fast path, {@link RuleIndex#decide} with every patient compiled;
 *   <li>{@link #compiledOnePatient}: the same, every question about one patient (its rules stay in
 *       the CPU caches);
 *   <li>{@link #memoryWalk}: summing 4 longs per rule of the patient (what reading the patient's 100
 *       rules once costs); {@link #answerOnly}: building the question's {@link Decision} from its
 *       parts (what returning the answer costs); {@link #walkAndAnswer}: both, the limit;
 *   <li>{@link #reference}: {@link DecisionEngine#decide} over the patient's rules decoded in
 *       advance;
 *   <li>{@link #stateBacked}: {@link AccessLogContract#decide}, reading and decoding the rules
 *       from RocksDB per decision (what the ledger contract does);
 *   <li>{@link #compileFromState}: the cold cost of one patient (RocksDB scan, JSON decode,
 *       compile), and {@link #readRules}, the same without compiling.
 * </ul>
 */
public class DecisionBenchmark {
    static final int QUESTIONS = 1 << 16;

    /** The store, the patient ids and the questions. */
    @State(Scope.Benchmark)
    public static class Fixture {
        LedgerStore store;
        List<String> patients;
        Questions.Question[] questions;
        Questions.Question[] onePatient;

        @Setup(Level.Trial)
        public void open() {
            World world = World.fromSystemProperty();
            store = LedgerStore.open(world.directory());
            patients = world.patientIds();
            questions = Questions.mix(patients, QUESTIONS, 7);
            onePatient = Questions.mix(patients.subList(0, 1), QUESTIONS, 7);
        }

        @TearDown(Level.Trial)
        public void close() {
            store.close();
        }
    }

    /** A rule index with every patient's rules compiled. */
    @State(Scope.Benchmark)
    public static class Warm {
        RuleIndex index;

        @Setup(Level.Trial)
        public void warm(Fixture fixture) {
            index = new RuleIndex(fixture.store, fixture.patients.size());
            fixture.patients.forEach(index::rules);
        }
    }

    /** A rule index that holds nothing: every use compiles from the store. */
    @State(Scope.Benchmark)
    public static class Cold {
        RuleIndex index;

        @Setup(Level.Trial)
        public void open(Fixture fixture) {
            index = new RuleIndex(fixture.store, 1);
        }
    }

    /** Every patient's rules decoded, with the universe and emergency tags the contract would use. */
    @State(Scope.Benchmark)
    public static class Decoded {
        List<List<Rule>> rules;
        List<Set<String>> universes;
        Set<String> emergency;

        @Setup(Level.Trial)
        public void decode(Fixture fixture) {
            rules = new ArrayList<>();
            universes = new ArrayList<>();
            for (String patient : fixture.patients) {
                List<Rule> patientRules = AccessRulesContract.rules(fixture.store, patient);
                rules.add(patientRules);
                universes.add(AccessLogContract.universe(patientRules));
            }
            emergency = Set.copyOf(MembershipContract.settings(fixture.store).emergencyTags());
        }
    }

    /** Per patient, 4 longs per rule: validity, tags as a bitset, grantee and effect. */
    @State(Scope.Benchmark)
    public static class Walk {
        long[][] rows;

        @Setup(Level.Trial)
        public void lay(Fixture fixture, Decoded decoded) {
            rows = new long[fixture.patients.size()][];
            for (int p = 0; p < rows.length; p++) {
                List<Rule> patientRules = decoded.rules.get(p);
                long[] row = new long[4 * patientRules.size()];
                for (int r = 0; r < patientRules.size(); r++) {
                    Rule rule = patientRules.get(r);
                    row[4 * r] = rule.validFrom().toEpochMilli();
                    row[4 * r + 1] = rule.validUntil().toEpochMilli();
                    row[4 * r + 2] = tagBits(rule.tags());
                    row[4 * r + 3] = rule.grantee().id().hashCode() * 2L + (rule.effect() == Effect.DENY ? 1 : 0);
                }
                rows[p] = row;
            }
        }

        private static long tagBits(List<String> tags) {
            long bits = 0;
            for (String tag : tags) {
                bits |= 1L << Tags.DEFAULT.indexOf(tag);
            }
            return bits;
        }
    }

    /** Each question's decision taken apart, so that the limit can build it again. */
    @State(Scope.Benchmark)
    public static class Answers {
        Answer[] answers;

        @Setup(Level.Trial)
        public void take(Fixture fixture, Warm warm) {
            answers = new Answer[QUESTIONS];
            for (int i = 0; i < QUESTIONS; i++) {
                answers[i] = Answer.of(warm.index.decide(fixture.questions[i].request()));
            }
        }
    }

    /** Each thread's position in the questions. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        Questions.Question next(Questions.Question[] questions) {
            return questions[nextIndex()];
        }

        int nextIndex() {
            return next++ & (QUESTIONS - 1);
        }
    }

    @Benchmark
    public Decision compiled(Fixture fixture, Warm warm, Cursor cursor) {
        return warm.index.decide(cursor.next(fixture.questions).request());
    }

    @Benchmark
    public Decision compiledOnePatient(Fixture fixture, Warm warm, Cursor cursor) {
        return warm.index.decide(cursor.next(fixture.onePatient).request());
    }

    @Benchmark
    public long memoryWalk(Fixture fixture, Walk walk, Cursor cursor) {
        return walk(walk, cursor.next(fixture.questions).patient());
    }

    @Benchmark
    public Decision answerOnly(Answers answers, Cursor cursor) {
        return answers.answers[cursor.nextIndex()].rebuild();
    }

    /** The limit: read each of the patient's rules once, and build the answer. */
    @Benchmark
    public Decision walkAndAnswer(Fixture fixture, Walk walk, Answers answers, Cursor cursor) {
        int index = cursor.nextIndex();
        long sum = walk(walk, fixture.questions[index].patient());
        Decision decision = answers.answers[index].rebuild();
        return sum == 42 ? answers.answers[0].rebuild() : decision;
    }

    private static long walk(Walk walk, int patient) {
        long sum = 0;
        for (long value : walk.rows[patient]) {
            sum += value;
        }
        return sum;
    }

    @Benchmark
    public Decision reference(Fixture fixture, Decoded decoded, Cursor cursor) {
        Questions.Question question = cursor.next(fixture.questions);
        int patient = question.patient();
        return DecisionEngine.decide(
                question.request(), decoded.rules.get(patient), decoded.universes.get(patient), decoded.emergency);
    }

    @Benchmark
    public Decision stateBacked(Fixture fixture, Cursor cursor) {
        return AccessLogContract.decide(
                fixture.store, cursor.next(fixture.questions).request());
    }

    @Benchmark
    public CompiledRules compileFromState(Fixture fixture, Cold cold, Cursor cursor) {
        return cold.index.compile(
                fixture.patients.get(cursor.next(fixture.questions).patient()));
    }

    @Benchmark
    public List<Rule> readRules(Fixture fixture, Cursor cursor) {
        return AccessRulesContract.rules(
                fixture.store,
                fixture.patients.get(cursor.next(fixture.questions).patient()));
    }
}
