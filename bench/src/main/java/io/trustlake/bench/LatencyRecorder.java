package io.trustlake.bench;

import java.util.Arrays;

/** Latencies in nanoseconds, and their percentiles. Not thread-safe: one per thread, then merged. */
final class LatencyRecorder {
    private long[] samples;
    private int count;
    private int errors;
    private long[] lateness = new long[16];
    private int latenessCount;

    LatencyRecorder(int expected) {
        this.samples = new long[Math.max(16, expected)];
    }

    void record(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, 2 * count);
        }
        samples[count++] = nanos;
    }

    /** How late the client's own timer woke for a send it was free to make on time. */
    void timerLateness(long nanos) {
        if (latenessCount == lateness.length) {
            lateness = Arrays.copyOf(lateness, 2 * latenessCount);
        }
        lateness[latenessCount++] = Math.max(0, nanos);
    }

    void error() {
        errors++;
    }

    int count() {
        return count;
    }

    int errors() {
        return errors;
    }

    static LatencyRecorder merge(Iterable<LatencyRecorder> parts) {
        LatencyRecorder all = new LatencyRecorder(16);
        for (LatencyRecorder part : parts) {
            for (int i = 0; i < part.count; i++) {
                all.record(part.samples[i]);
            }
            all.errors += part.errors;
            for (int i = 0; i < part.latenessCount; i++) {
                all.timerLateness(part.lateness[i]);
            }
        }
        Arrays.sort(all.samples, 0, all.count);
        Arrays.sort(all.lateness, 0, all.latenessCount);
        return all;
    }

    /** The nearest-rank percentile of a merged (sorted) recorder, in microseconds. */
    double percentileMicros(double percent) {
        if (count == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percent / 100 * count);
        return samples[Math.max(0, Math.min(count - 1, rank - 1))] / 1000.0;
    }

    /** The nearest-rank percentile of the client timer's lateness of a merged recorder, in microseconds. */
    double timerLatenessMicros(double percent) {
        if (latenessCount == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percent / 100 * latenessCount);
        return lateness[Math.max(0, Math.min(latenessCount - 1, rank - 1))] / 1000.0;
    }

    double maxMicros() {
        return count == 0 ? Double.NaN : samples[count - 1] / 1000.0;
    }
}
