package io.trustlake.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

/**
 * The HTTP load driver, run in a JVM of its own so that its threads, allocations and garbage
 * collections are not counted as the server's latency. Each client thread uses blocking HTTP/1.1
 * on a kept-alive connection ({@link BlockingHttp}: one write per request, the response read on the
 * calling thread, no hand-off to selector threads) and sends at fixed times; a request
 * the server held up counts from its scheduled send time, so a stalled server cannot hide queueing
 * (see {@link #clientLoop}).
 *
 * <p>Arguments: node URL, floor URL ({@link FloorResponder}), patient id, rate, seconds, threads; the access token comes in the
 * environment variable {@value #TOKEN_VARIABLE} (not on the command line, where other users of
 * the machine could read it). Prints one {@code RESULT} line per measured phase.
 */
final class HttpDriver {
    static final String TOKEN_VARIABLE = "TRUSTLAKE_BENCH_TOKEN";

    private final String token;
    private final int rate;
    private final int seconds;
    private final int threads;

    private HttpDriver(String token, int rate, int seconds, int threads) {
        this.token = token;
        this.rate = rate;
        this.seconds = seconds;
        this.threads = threads;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: HttpDriver NODE_URL FLOOR_URL PATIENT_ID RATE SECONDS THREADS");
            System.exit(2);
        }
        String token = System.getenv(TOKEN_VARIABLE);
        if (token == null || token.isBlank()) {
            System.err.println("no access token in " + TOKEN_VARIABLE);
            System.exit(2);
        }
        HttpDriver driver =
                new HttpDriver(token, Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]));
        driver.run(URI.create(args[0]), URI.create(args[1]), args[2], System.out);
    }

    private void run(URI uri, URI floorUri, String patientId, PrintStream out) throws InterruptedException {
        List<byte[]> floor = List.of(BlockingHttp.request(floorUri, "GET", "/", "", ""));
        List<byte[]> health = List.of(BlockingHttp.request(uri, "GET", "/health", "", ""));
        List<byte[]> decisions = new ArrayList<>();
        for (byte[] body : HttpLoad.previewBodies()) {
            decisions.add(BlockingHttp.request(
                    uri,
                    "POST",
                    "/api/v1/patients/" + patientId + "/decisions",
                    token,
                    new String(body, StandardCharsets.UTF_8)));
        }
        List<Kind> kinds = List.of(
                new Kind("floor", floorUri, floor),
                new Kind("health", uri, health),
                new Kind("decisions", uri, decisions));
        drive(kinds);
        List<LatencyRecorder> measured = drive(kinds);
        for (int i = 0; i < kinds.size(); i++) {
            report(out, kinds.get(i).name(), measured.get(i));
        }
    }

    private static void report(PrintStream out, String phase, LatencyRecorder latency) {
        out.printf(
                Locale.ROOT,
                "RESULT %s %d %d %.1f %.1f %.1f %.1f %.1f%n",
                phase,
                latency.count(),
                latency.errors(),
                latency.percentileMicros(50),
                latency.percentileMicros(99),
                latency.percentileMicros(99.9),
                latency.maxMicros(),
                latency.timerLatenessMicros(99));
        out.flush();
    }

    /** A kind of request: its name, where it goes, the requests sent in turn. */
    record Kind(String name, URI target, List<byte[]> requests) {}

    /**
     * Runs one phase: every kind at the configured rate, interleaved (request g of the phase is of
     * kind g mod kinds), so that all kinds see the same moments of the machine; returns the merged,
     * sorted latencies per kind.
     */
    private List<LatencyRecorder> drive(List<Kind> kinds) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime() + 50_000_000L;
            long end = start + seconds * 1_000_000_000L;
            List<Future<List<LatencyRecorder>>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                parts.add(pool.submit(() -> clientLoop(kinds, thread, start, end)));
            }
            List<List<LatencyRecorder>> perKind = new ArrayList<>();
            for (int i = 0; i < kinds.size(); i++) {
                perKind.add(new ArrayList<>());
            }
            for (Future<List<LatencyRecorder>> part : parts) {
                List<LatencyRecorder> recorded = part.get();
                for (int i = 0; i < kinds.size(); i++) {
                    perKind.get(i).add(recorded.get(i));
                }
            }
            List<LatencyRecorder> merged = new ArrayList<>();
            for (List<LatencyRecorder> recorders : perKind) {
                merged.add(LatencyRecorder.merge(recorders));
            }
            return merged;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a client thread failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * One client: sends request g = k × threads + thread of the phase at start + g / (rate × kinds),
     * or at once when late, to kind g mod kinds (one kept-alive connection per kind).
     *
     * <p>When the previous response came back after a request's scheduled time, the server held the
     * client up and that request's latency counts from its scheduled time (no coordinated omission).
     * Otherwise the client was free and any delay between the scheduled time and the send is the
     * client's own timer waking late (on a small virtual machine its p99 is milliseconds), which is
     * not the server's latency: then latency counts from the send. The timer's lateness is recorded
     * on its own and reported.
     */
    private List<LatencyRecorder> clientLoop(List<Kind> kinds, int thread, long start, long end) {
        double interval = 1e9 / ((double) rate * kinds.size());
        List<LatencyRecorder> recorders = new ArrayList<>();
        List<BlockingHttp> clients = new ArrayList<>();
        for (Kind kind : kinds) {
            recorders.add(new LatencyRecorder(rate * seconds / threads + 1));
            clients.add(new BlockingHttp(kind.target()));
        }
        long previousDone = Long.MIN_VALUE;
        for (long k = 0; ; k++) {
            long g = k * threads + thread;
            long scheduled = start + (long) (g * interval);
            if (scheduled >= end) {
                clients.forEach(HttpDriver::closeQuietly);
                return recorders;
            }
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int kind = (int) (g % kinds.size());
            LatencyRecorder recorder = recorders.get(kind);
            long sent = System.nanoTime();
            boolean heldUp = previousDone - scheduled > 0;
            if (!heldUp) {
                recorder.timerLateness(sent - scheduled);
            }
            List<byte[]> requests = kinds.get(kind).requests();
            boolean ok = send(clients.get(kind), requests.get((int) ((g / kinds.size()) % requests.size())));
            long done = System.nanoTime();
            if (ok) {
                recorder.record(done - (heldUp ? scheduled : sent));
            } else {
                recorder.error();
            }
            previousDone = done;
        }
    }

    /** Sends one prepared request and reads the whole response; true on 200. */
    private static boolean send(BlockingHttp client, byte[] request) {
        try {
            return client.send(request) == 200;
        } catch (IOException | RuntimeException e) {
            closeQuietly(client);
            return false;
        }
    }

    private static void closeQuietly(BlockingHttp client) {
        try {
            client.close();
        } catch (IOException e) {
            // the connection is gone either way
        }
    }

    /** Parses a {@code RESULT} line into its phase and figures (microseconds). */
    record Result(
            String phase, int count, int errors, double p50, double p99, double p999, double max, double timerP99) {
        static Result parse(String line) {
            String[] parts = line.trim().split(" ", -1);
            if (parts.length != 9 || !parts[0].equals("RESULT")) {
                throw new IllegalArgumentException("not a driver result: " + line);
            }
            return new Result(
                    parts[1],
                    Integer.parseInt(parts[2]),
                    Integer.parseInt(parts[3]),
                    Double.parseDouble(parts[4]),
                    Double.parseDouble(parts[5]),
                    Double.parseDouble(parts[6]),
                    Double.parseDouble(parts[7]),
                    Double.parseDouble(parts[8]));
        }
    }
}
