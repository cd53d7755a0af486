package io.trustlake.bench;

import java.io.PrintStream;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs {@link DecisionBenchmark} (one JMH fork per measurement, each on the same RocksDB world) and
 * prints issue 6's figures with their ratios to the targets and to the limits measured in the same
 * run.
 */
final class DecisionReport {
    static final double TARGET_PER_SECOND = 1_000_000;
    static final double TARGET_P99_MICROS = 20;

    private final World world;
    private final boolean quick;
    private final PrintStream out;

    DecisionReport(World world, boolean quick, PrintStream out) {
        this.world = world;
        this.quick = quick;
        this.out = out;
    }

    void run() throws RunnerException {
        world.buildIfMissing(out);
        String before = Machine.describe();
        Map<String, Result<?>> results = new LinkedHashMap<>();
        results.put("compiled", measure("compiled", Mode.Throughput, TimeUnit.SECONDS, 1, 1));
        results.put("latency", measure("compiled", Mode.SampleTime, TimeUnit.NANOSECONDS, 1, 3));
        results.put("onePatient", measure("compiledOnePatient", Mode.Throughput, TimeUnit.SECONDS, 1, 1));
        results.put("walk", measure("memoryWalk", Mode.Throughput, TimeUnit.SECONDS, 1, 1));
        results.put("answer", measure("answerOnly", Mode.Throughput, TimeUnit.SECONDS, 1, 1));
        results.put("limit", measure("walkAndAnswer", Mode.Throughput, TimeUnit.SECONDS, 1, 1));
        results.put("reference", measure("reference", Mode.Throughput, TimeUnit.SECONDS, 1, 1));
        results.put("state", measure("stateBacked", Mode.Throughput, TimeUnit.SECONDS, 1, 1));
        results.put("cold", measure("compileFromState", Mode.AverageTime, TimeUnit.MICROSECONDS, 1, 1));
        results.put("read", measure("readRules", Mode.AverageTime, TimeUnit.MICROSECONDS, 1, 1));
        results.put("twoThreads", measure("compiled", Mode.Throughput, TimeUnit.SECONDS, 2, 1));
        out.println();
        out.printf(
                "== Access decisions: %,d rules in RocksDB, %,d patients x %d rules ==%n",
                world.rules(), world.patients(), world.rulesPerPatient());
        out.println("before: " + before);
        out.println("after:  " + Machine.describe());
        printThroughput(results);
        printLatency(results.get("latency"));
        out.printf(
                "cold, one patient: compile from RocksDB %,.1f µs, of which reading and decoding the rules"
                        + " %,.1f µs%n",
                results.get("cold").getScore(), results.get("read").getScore());
    }

    private void printThroughput(Map<String, Result<?>> results) {
        double compiled = results.get("compiled").getScore();
        double onePatient = results.get("onePatient").getScore();
        out.printf(
                "fast path (RuleIndex, warm), 1 thread, questions about random patients: %,.0f ± %,.0f"
                        + " decisions/s = %.2f x target (1,000,000/s)%n",
                compiled, results.get("compiled").getScoreError(), compiled / TARGET_PER_SECOND);
        out.printf(
                "fast path, 1 thread, questions about one patient: %,.0f ± %,.0f decisions/s = %.2f x target%n",
                onePatient, results.get("onePatient").getScoreError(), onePatient / TARGET_PER_SECOND);
        double limit = results.get("limit").getScore();
        out.printf(
                "limit: read the patient's rules once and build the answer: %,.0f /s; fast path / limit = %.2f"
                        + " (reading alone %,.0f /s, building the answer alone %,.0f /s)%n",
                limit,
                compiled / limit,
                results.get("walk").getScore(),
                results.get("answer").getScore());
        double reference = results.get("reference").getScore();
        out.printf(
                "reference DecisionEngine over decoded rules: %,.0f /s; fast path / reference = %.1f x%n",
                reference, compiled / reference);
        double state = results.get("state").getScore();
        out.printf(
                "AccessLogContract.decide on RocksDB (decode per decision): %,.0f /s; fast path / it = %,.0f x%n",
                state, compiled / state);
        double twoThreads = results.get("twoThreads").getScore();
        out.printf("fast path, 2 threads: %,.0f decisions/s (%.2f x one thread)%n", twoThreads, twoThreads / compiled);
    }

    private void printLatency(Result<?> latency) {
        Statistics statistics = latency.getStatistics();
        double p50 = statistics.getPercentile(50) / 1000;
        double p99 = statistics.getPercentile(99) / 1000;
        out.printf(
                "fast path latency, 1 thread (%,d samples): p50 %.2f µs, p99 %.2f µs, p99.9 %.2f µs, max %.1f µs;"
                        + " p99 / target (20 µs) = %.3f%n",
                statistics.getN(),
                p50,
                p99,
                statistics.getPercentile(99.9) / 1000,
                statistics.getMax() / 1000,
                p99 / TARGET_P99_MICROS);
    }

    private Result<?> measure(String benchmark, Mode mode, TimeUnit unit, int threads, int lengthFactor)
            throws RunnerException {
        int seconds = quick ? 1 : 2 * lengthFactor;
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(DecisionBenchmark.class.getName() + "." + benchmark + "$")
                .mode(mode)
                .timeUnit(unit)
                .threads(threads)
                .forks(1)
                .warmupIterations(quick ? 1 : 3)
                .warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 2 : 5)
                .measurementTime(TimeValue.seconds(seconds))
                .jvmArgsAppend("-D" + World.DIRECTORY_PROPERTY + "=" + world.directory(), "-Xms4g", "-Xmx4g");
        Collection<RunResult> results = new Runner(options.build()).run();
        return results.iterator().next().getPrimaryResult();
    }
}
