package io.trustlake.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmarks' entry point ({@code java -jar bench/target/benchmarks.jar COMMAND [--option
 * value]…}):
 *
 * <ul>
 *   <li>{@code decisions [--world DIR] [--quick true]}: in-process access decisions over a
 *       million rules in RocksDB (JMH; builds the world in DIR on first use);
 *   <li>{@code http [--rate 200] [--seconds 30] [--threads 4] [--rules 100]}: decision latency over
 *       HTTP at a fixed rate, next to {@code GET /health};
 *   <li>{@code consensus [--transactions 50000] [--rate 2000] [--seconds 20] [--warmup 10000] [--batch-timeout-ms 50] [--idle-gap-ms 20]}: committed signed
 *       transactions per second and commit latency for three organisations on Raft, next to raw
 *       Ratis and Ed25519 verification measured in the same run;
 *   <li>{@code verify [--transactions 50000] [--dir target/bench-verify]}: offline verification
 *       rate of a real ledger next to single-core Ed25519 verifies/s;
 *   <li>{@code lake [--dir target/bench-lake] [--patients 40] [--seed 42] [--rounds 200] [--threads
 *       2] [--part all|ingest|sphr]}: Synthea ingestion into raw + catalog next to Jackson's tokenize rate, and SPHR assembly
 *       for patients two hospitals share (Synthea runs once in its own JVM; output cached in DIR);
 *   <li>{@code auth [--seconds 10]}: password sign-ins and token verifications per second on one
 *       thread, next to raw Argon2id and raw Ed25519 rates;
 *   <li>{@code jmh [JMH options]}: JMH's own command line over every benchmark here (the default
 *       world must exist: run {@code decisions} once).
 * </ul>
 */
public final class Bench {
    private static final io.trustlake.ledger.raft.RaftConfig.Batching BATCHING =
            io.trustlake.ledger.raft.RaftConfig.Batching.defaults();

    private Bench() {}

    private static java.time.Duration millis(Map<String, String> options, String name, java.time.Duration otherwise) {
        return options.containsKey(name) ? java.time.Duration.ofMillis(Long.parseLong(options.get(name))) : otherwise;
    }

    public static void main(String[] args) throws Exception {
        io.trustlake.ledger.raft.CommonPool.ensureParallel();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        String command = args.length == 0 ? "help" : args[0];
        if (command.equals("jmh")) {
            org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        Map<String, String> options = options(Arrays.asList(args).subList(Math.min(1, args.length), args.length));
        switch (command) {
            case "decisions" ->
                new DecisionReport(
                                World.million(Path.of(options.getOrDefault(
                                        "world", World.defaultDirectory().toString()))),
                                Boolean.parseBoolean(options.getOrDefault("quick", "false")),
                                out)
                        .run();
            case "http" -> new HttpLoad(httpSettings(options), out).run();
            case "consensus" ->
                new ConsensusLoad(
                                new ConsensusLoad.Settings(
                                        Integer.parseInt(options.getOrDefault("transactions", "50000")),
                                        Integer.parseInt(options.getOrDefault("rate", "2000")),
                                        Integer.parseInt(options.getOrDefault("seconds", "20")),
                                        Integer.parseInt(options.getOrDefault("warmup", "10000")),
                                        millis(options, "batch-timeout-ms", BATCHING.batchTimeout()),
                                        millis(options, "idle-gap-ms", BATCHING.idleGap())),
                                out)
                        .run();
            case "verify" ->
                new VerifyBenchmark(
                                Integer.parseInt(options.getOrDefault("transactions", "50000")),
                                Path.of(options.getOrDefault("dir", "target/bench-verify")),
                                out)
                        .run();
            case "lake" -> new LakeBenchmark(lakeSettings(options), out).run();
            case "auth" ->
                new AuthLoad(
                                out,
                                java.time.Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "10"))),
                                io.trustlake.auth.AuthConfig.DEFAULT_PASSWORD_HASHING)
                        .run();
            default ->
                out.println("usage: decisions [--world DIR] [--quick true] | http [--rate N] [--seconds N]"
                        + " [--threads N] [--rules N] | consensus [--transactions N] [--rate N] [--seconds N] [--warmup N] [--batch-timeout-ms N] [--idle-gap-ms N]"
                        + " | verify [--transactions N] [--dir DIR] | lake [--dir DIR] [--patients N] [--rounds N]"
                        + " [--threads N] | auth [--seconds N] | jmh [JMH options]");
        }
    }

    private static LakeBenchmark.Settings lakeSettings(Map<String, String> options) {
        return new LakeBenchmark.Settings(
                Path.of(options.getOrDefault("dir", "target/bench-lake")),
                Integer.parseInt(options.getOrDefault("patients", "40")),
                Long.parseLong(options.getOrDefault("seed", "42")),
                Integer.parseInt(options.getOrDefault("rounds", "200")),
                Integer.parseInt(options.getOrDefault("threads", "2")),
                options.getOrDefault("part", "all"));
    }

    private static HttpLoad.Settings httpSettings(Map<String, String> options) {
        return new HttpLoad.Settings(
                Integer.parseInt(options.getOrDefault("rate", "200")),
                Integer.parseInt(options.getOrDefault("seconds", "30")),
                Integer.parseInt(options.getOrDefault("threads", "4")),
                Integer.parseInt(options.getOrDefault("rules", "100")));
    }

    private static Map<String, String> options(List<String> args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.size(); i += 2) {
            if (!args.get(i).startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args.get(i));
            }
            options.put(args.get(i).substring(2), args.get(i + 1));
        }
        return options;
    }
}
