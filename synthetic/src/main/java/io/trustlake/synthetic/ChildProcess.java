package io.trustlake.synthetic;

import io.trustlake.common.error.ErrorCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs a child process to completion, handing each line of its merged stdout/stderr to a consumer
 * on the calling thread as it arrives, and killing it (with its descendants) when it outlives a
 * timeout or when the consumer throws.
 */
final class ChildProcess {
    /** How many of the last output lines an {@link Outcome} keeps. */
    static final int TAIL_LINES = 20;

    /**
     * How a child ended.
     *
     * @param exitCode the exit status (meaningless when {@code timedOut})
     * @param timedOut whether the child was killed for outliving its timeout
     * @param tail the last {@value #TAIL_LINES} lines of its output, oldest first
     */
    record Outcome(int exitCode, boolean timedOut, List<String> tail) {
        Outcome {
            tail = List.copyOf(tail);
        }
    }

    private ChildProcess() {}

    /**
     * Starts {@code builder} (its error stream is merged into its output) and waits for it.
     *
     * @throws SyntheticException (CONFIGURATION) if the process cannot be started
     */
    static Outcome run(ProcessBuilder builder, Duration timeout, Consumer<String> onLine) {
        Process process = start(builder.redirectErrorStream(true));
        AtomicBoolean timedOut = new AtomicBoolean();
        Thread watchdog = startWatchdog(process, timeout, timedOut);
        try {
            Deque<String> tail = readLines(process, onLine);
            int exitCode = waitFor(process);
            return new Outcome(exitCode, timedOut.get(), List.copyOf(tail));
        } finally {
            watchdog.interrupt();
            kill(process);
        }
    }

    private static Process start(ProcessBuilder builder) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new SyntheticException(
                    ErrorCode.CONFIGURATION, "cannot start " + builder.command().get(0), e);
        }
    }

    private static Deque<String> readLines(Process process, Consumer<String> onLine) {
        Deque<String> tail = new ArrayDeque<>();
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (tail.size() == TAIL_LINES) {
                    tail.removeFirst();
                }
                tail.addLast(line);
                onLine.accept(line);
            }
        } catch (IOException e) {
            // The stream breaks when the watchdog kills the child; the outcome reports the timeout.
            tail.addLast("(output unreadable: " + e.getMessage() + ")");
        }
        return tail;
    }

    private static int waitFor(Process process) {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SyntheticException(ErrorCode.INTERNAL, "interrupted while waiting for a child process", e);
        }
    }

    private static Thread startWatchdog(Process process, Duration timeout, AtomicBoolean timedOut) {
        Thread watchdog = new Thread(
                () -> {
                    try {
                        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                            timedOut.set(true);
                            kill(process);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "child-process-watchdog-" + process.pid());
        watchdog.setDaemon(true);
        watchdog.start();
        return watchdog;
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
