package io.trustlake.synthetic;

import io.trustlake.common.encoding.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything that determines Synthea's output, written as the completion marker of a successful run.
 * A run is reused only if its marker decodes to an equal value.
 */
record RunParameters(
        String syntheaVersion, int population, long seed, int yearsOfHistory, String state, String referenceDate) {
    static final String MARKER_FILE = "trustlake-synthea-complete.json";

    RunParameters {
        Objects.requireNonNull(syntheaVersion, "syntheaVersion");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(referenceDate, "referenceDate");
    }

    static RunParameters of(SyntheaConfig config) {
        return new RunParameters(
                SyntheaClasspath.version(config.classpath()),
                config.population(),
                config.seed(),
                config.yearsOfHistory(),
                config.state(),
                config.referenceDate().toString());
    }

    /** Whether {@code directory} holds a completed run with exactly these parameters. */
    boolean completedIn(Path directory) {
        Path marker = directory.resolve(MARKER_FILE);
        if (!Files.isRegularFile(marker)) {
            return false;
        }
        try {
            return equals(Json.decode(Files.readAllBytes(marker), RunParameters.class));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Writes the marker; call only after the run has fully succeeded. */
    void markCompleted(Path directory) {
        try {
            Files.write(directory.resolve(MARKER_FILE), Json.encode(this));
        } catch (IOException e) {
            throw FileTrees.failure("cannot write the completion marker in " + directory, e);
        }
    }
}
