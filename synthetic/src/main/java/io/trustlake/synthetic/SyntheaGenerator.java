package io.trustlake.synthetic;

import io.trustlake.common.error.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates a synthetic population with Synthea, run in a child JVM so that its dependencies (HAPI
 * FHIR 6.1 among them) never meet the application's. Output is FHIR R4 only, reproducible from
 * the configuration (fixed seed, clinician seed and reference date), and cached: a directory
 * holding the completion marker of a run with the same parameters is returned as it is.
 *
 * <p>A run writes into a hidden staging sibling of the output directory and renames it into place
 * only after Synthea exited with status 0, so a failed, killed or interrupted run never leaves a
 * directory that looks complete. Not safe for concurrent runs on the same output directory.
 */
public final class SyntheaGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(SyntheaGenerator.class);

    /** Synthea prints one such line per simulated person: {@code "3 -- Name (42 y/o F) City, State"}. */
    private static final Pattern PERSON_LINE = Pattern.compile("\\s*\\d+ -- .*");

    private static final String DECEASED = " DECEASED";

    private final SyntheaConfig config;

    public SyntheaGenerator(SyntheaConfig config) {
        this.config = config;
    }

    /**
     * Makes {@code outputDirectory} hold Synthea's output for this configuration, running Synthea only
     * if it does not already. {@code progress} is called on the calling thread with every line Synthea
     * prints; {@code done} counts the living patients generated so far, of {@code population}.
     *
     * @throws SyntheticException CONFIGURATION if {@code outputDirectory} exists but is neither empty
     *     nor an earlier Synthea run, or Synthea cannot be started; INTERNAL if Synthea exits with a
     *     non-zero status or outlives the timeout (the message carries its last output lines);
     *     STORAGE_FAILURE on I/O errors
     */
    public SyntheaOutput generate(Path outputDirectory, Consumer<Progress> progress) {
        Path target = outputDirectory.toAbsolutePath().normalize();
        RunParameters parameters = RunParameters.of(config);
        if (parameters.completedIn(target)) {
            LOG.info("Reusing Synthea output in {} ({})", target, parameters);
            return new SyntheaOutput(target, target.resolve("fhir"), true);
        }
        requireReplaceable(target);
        Path staging = FileTrees.createStagingSibling(target);
        try {
            runSynthea(staging, progress);
            parameters.markCompleted(staging);
            FileTrees.deleteTree(target);
            FileTrees.moveReplacing(staging, target);
        } finally {
            FileTrees.deleteTree(staging);
        }
        return new SyntheaOutput(target, target.resolve("fhir"), false);
    }

    private void runSynthea(Path staging, Consumer<Progress> progress) {
        List<String> command = SyntheaCommand.of(config, staging);
        LOG.info(
                "Running Synthea: population {}, seed {}, {} years of history, {}",
                config.population(),
                config.seed(),
                config.yearsOfHistory(),
                config.state());
        LOG.debug("Synthea command: {}", command);
        long started = System.nanoTime();
        LineCounter counter = new LineCounter(config.population(), progress);
        ChildProcess.Outcome outcome =
                ChildProcess.run(new ProcessBuilder(command).directory(staging.toFile()), config.timeout(), counter);
        if (outcome.timedOut()) {
            throw failure("Synthea did not finish within " + config.timeout() + " and was killed", outcome);
        }
        if (outcome.exitCode() != 0) {
            throw failure("Synthea exited with status " + outcome.exitCode(), outcome);
        }
        if (!Files.isDirectory(staging.resolve("fhir"))) {
            throw failure("Synthea exited with status 0 but wrote no FHIR output", outcome);
        }
        LOG.info(
                "Synthea generated {} living patients in {} s",
                counter.living,
                (System.nanoTime() - started) / 1_000_000_000L);
    }

    private SyntheticException failure(String what, ChildProcess.Outcome outcome) {
        return new SyntheticException(
                ErrorCode.INTERNAL,
                what + " (population " + config.population() + ", seed " + config.seed() + "); last output:\n  "
                        + String.join("\n  ", outcome.tail()));
    }

    /** Refuses to replace anything but nothing, an empty directory or an earlier run of ours. */
    private static void requireReplaceable(Path target) {
        boolean replaceable = !Files.exists(target)
                || (Files.isDirectory(target)
                        && (Files.exists(target.resolve(RunParameters.MARKER_FILE))
                                || FileTrees.isEmptyDirectory(target)));
        if (!replaceable) {
            throw new SyntheticException(
                    ErrorCode.CONFIGURATION,
                    target + " exists and is not a Synthea output directory; refusing to replace it");
        }
    }

    /** Turns Synthea's output lines into progress reports. */
    private static final class LineCounter implements Consumer<String> {
        private final int population;
        private final Consumer<Progress> progress;
        private int living;

        LineCounter(int population, Consumer<Progress> progress) {
            this.population = population;
            this.progress = progress;
        }

        @Override
        public void accept(String line) {
            if (PERSON_LINE.matcher(line).matches() && !line.contains(DECEASED)) {
                living++;
            }
            progress.accept(new Progress(living, population, line));
        }
    }
}
