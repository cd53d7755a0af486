package io.trustlake.synthetic;

import io.trustlake.common.error.ErrorCode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How {@link SyntheaGenerator} runs Synthea. Build it with {@link #defaults(List, Clock)} and the
 * {@code with*} methods; configuration files name the components in kebab-case ({@code
 * population}, {@code seed}, {@code years-of-history}, {@code state}, {@code max-heap}, {@code
 * reference-date}, {@code timeout}, {@code java}, {@code synthea-lib}).
 *
 * @param classpath Synthea's jars and/or directories holding them (a directory contributes every
 *     jar in it); one of them must be {@code synthea-VERSION.jar}. See {@link SyntheaClasspath}.
 * @param javaExecutable the {@code java} launcher of the child JVM; default: this JVM's
 * @param population living patients to generate (Synthea also exports the people who died on the
 *     way, so there are usually more patient bundles than this); default 10
 * @param seed Synthea's seed, also used as its clinician seed; default 42
 * @param yearsOfHistory years of history exported per patient (older encounters are dropped, keeping
 *     bundles small); default 5
 * @param state the US state to simulate; default Massachusetts
 * @param maxHeap the child JVM's {@code -Xmx} value, such as {@code 1g}; default 1g
 * @param referenceDate the simulation's "today" ({@code -r}); default 1 January of the clock's
 *     current year, so that the same configuration reproduces the same records all year
 * @param timeout how long the child may run before it is killed; default 30 minutes
 */
public record SyntheaConfig(
        List<Path> classpath,
        Path javaExecutable,
        int population,
        long seed,
        int yearsOfHistory,
        String state,
        String maxHeap,
        LocalDate referenceDate,
        Duration timeout) {

    public static final int DEFAULT_POPULATION = 10;
    public static final long DEFAULT_SEED = 42;
    public static final int DEFAULT_YEARS_OF_HISTORY = 5;
    public static final String DEFAULT_STATE = "Massachusetts";
    public static final String DEFAULT_MAX_HEAP = "1g";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

    private static final Pattern HEAP = Pattern.compile("[1-9][0-9]*[kKmMgG]?");
    private static final Pattern STATE = Pattern.compile("[A-Za-z][A-Za-z .'-]{1,39}");

    public SyntheaConfig {
        classpath = List.copyOf(classpath);
        Objects.requireNonNull(javaExecutable, "javaExecutable");
        Objects.requireNonNull(referenceDate, "referenceDate");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(maxHeap, "maxHeap");
        Objects.requireNonNull(timeout, "timeout");
        require(!classpath.isEmpty(), "the Synthea classpath is empty");
        require(population >= 1, "population must be at least 1, was " + population);
        require(yearsOfHistory >= 1, "years of history must be at least 1, was " + yearsOfHistory);
        require(STATE.matcher(state).matches(), "not a state name: " + state);
        require(HEAP.matcher(maxHeap).matches(), "max heap must look like 1g or 512m, was " + maxHeap);
        require(!timeout.isNegative() && !timeout.isZero(), "timeout must be positive, was " + timeout);
    }

    /** The documented defaults, running Synthea from {@code classpath} with this JVM's launcher. */
    public static SyntheaConfig defaults(List<Path> classpath, Clock clock) {
        return new SyntheaConfig(
                classpath,
                currentJava(),
                DEFAULT_POPULATION,
                DEFAULT_SEED,
                DEFAULT_YEARS_OF_HISTORY,
                DEFAULT_STATE,
                DEFAULT_MAX_HEAP,
                LocalDate.now(clock).withDayOfYear(1),
                DEFAULT_TIMEOUT);
    }

    /** The {@code java} launcher of the running JVM. */
    public static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    public SyntheaConfig withPopulation(int value) {
        return new SyntheaConfig(
                classpath, javaExecutable, value, seed, yearsOfHistory, state, maxHeap, referenceDate, timeout);
    }

    public SyntheaConfig withSeed(long value) {
        return new SyntheaConfig(
                classpath, javaExecutable, population, value, yearsOfHistory, state, maxHeap, referenceDate, timeout);
    }

    public SyntheaConfig withYearsOfHistory(int value) {
        return new SyntheaConfig(
                classpath, javaExecutable, population, seed, value, state, maxHeap, referenceDate, timeout);
    }

    public SyntheaConfig withState(String value) {
        return new SyntheaConfig(
                classpath, javaExecutable, population, seed, yearsOfHistory, value, maxHeap, referenceDate, timeout);
    }

    public SyntheaConfig withMaxHeap(String value) {
        return new SyntheaConfig(
                classpath, javaExecutable, population, seed, yearsOfHistory, state, value, referenceDate, timeout);
    }

    public SyntheaConfig withReferenceDate(LocalDate value) {
        return new SyntheaConfig(
                classpath, javaExecutable, population, seed, yearsOfHistory, state, maxHeap, value, timeout);
    }

    public SyntheaConfig withTimeout(Duration value) {
        return new SyntheaConfig(
                classpath, javaExecutable, population, seed, yearsOfHistory, state, maxHeap, referenceDate, value);
    }

    public SyntheaConfig withJavaExecutable(Path value) {
        return new SyntheaConfig(
                classpath, value, population, seed, yearsOfHistory, state, maxHeap, referenceDate, timeout);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new SyntheticException(ErrorCode.CONFIGURATION, "invalid Synthea configuration: " + message);
        }
    }
}
