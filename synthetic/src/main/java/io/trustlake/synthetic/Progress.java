package io.trustlake.synthetic;

import java.util.Objects;

/**
 * A progress report: {@code done} of {@code total} units (patients) are finished.
 *
 * @param done units finished so far, never negative
 * @param total units expected; {@code done} may exceed it only where a producer says so
 * @param message what just happened: a line of Synthea's output, or the patient id just split
 */
public record Progress(int done, int total, String message) {
    public Progress {
        Objects.requireNonNull(message, "message");
    }
}
