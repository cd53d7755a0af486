package io.trustlake.cli;

import io.trustlake.lake.LakeConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trustlake demo}: the whole consortium in one process, with synthetic data and the portal. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Run a three-organisation consortium with synthetic patients and the portal.")
public final class DemoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--data",
            description = "Directory for all state (default: ${DEFAULT-VALUE}).",
            defaultValue = "trustlake-data")
    Path data;

    @Option(
            names = "--port",
            description = "Port of the first node; the others use the next ports (default: ${DEFAULT-VALUE}).",
            defaultValue = "8080")
    int port;

    @Option(
            names = "--raft-port",
            description = "Port of the first node's Raft peer; the others use the next ports"
                    + " (default: the HTTP port + 10).",
            defaultValue = "-1")
    int raftPort;

    @Option(
            names = "--host",
            description = "Interface to listen on (default: ${DEFAULT-VALUE}).",
            defaultValue = "127.0.0.1")
    String host;

    @Option(
            names = "--patients",
            description = "Synthetic patients to generate on first start (default: ${DEFAULT-VALUE}).",
            defaultValue = "10")
    int patients;

    @Option(names = "--seed", description = "Synthea seed (default: ${DEFAULT-VALUE}).", defaultValue = "42")
    long seed;

    @Option(
            names = "--years",
            description = "Years of history per patient (default: ${DEFAULT-VALUE}).",
            defaultValue = "5")
    int years;

    @Option(
            names = "--extract-ttl",
            description = "How long research extracts are kept before they are deleted, ISO-8601, between PT1M"
                    + " and P366D (default: ${DEFAULT-VALUE}).",
            defaultValue = "PT24H")
    Duration extractTimeToLive;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        int raft = raftPort == -1 ? port + ConsortiumConfig.RAFT_PORT_OFFSET : raftPort;
        if (raft < 1 || raft > 65533 || Math.abs(raft - port) < 3) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--raft-port must be 1-65533 and clear of the three HTTP ports");
        }
        if (port < 1 || port > 65533 || patients < 1 || patients > 1000 || years < 1 || years > 100) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--port must be 1-65533, --patients 1-1000, --years 1-100");
        }
        if (extractTimeToLive.compareTo(Duration.ofMinutes(1)) < 0
                || extractTimeToLive.compareTo(LakeConfig.MAX_EXTRACT_TIME_TO_LIVE) > 0) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--extract-ttl must be between PT1M (one minute) and P366D (366 days)");
        }
        Progress progress = new Progress(out, System.getenv("CI") == null && System.getenv("TERM") != null);
        Demo.Running demo = Demo.start(
                new DemoOptions(data.toAbsolutePath(), host, port, raft, patients, seed, years, extractTimeToLive),
                progress);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            demo.close();
                            stopped.countDown();
                        },
                        "trustlake-shutdown"));
        instructions(out, demo);
        stopped.await();
        return 0;
    }

    private void instructions(PrintWriter out, Demo.Running demo) {
        out.println();
        out.println("Trustlake is running. Each organisation has its own node, portal and API:");
        demo.endpoints().forEach((org, url) -> out.printf("  %-12s %s%n", org, url.replace("127.0.0.1", "localhost")));
        out.println();
        out.println("Sign in at the portal of the account's organisation. A few accounts:");
        List<DemoAccounts.DemoAccount> accounts = demo.accounts();
        accounts.stream().filter(a -> !a.role().equals("PATIENT")).limit(6).forEach(a -> line(out, a));
        accounts.stream().filter(a -> a.role().equals("PATIENT")).limit(3).forEach(a -> line(out, a));
        out.println();
        out.println("All accounts (passwords, patient ids): "
                + data.toAbsolutePath().resolve("demo-accounts.json"));
        out.println("API description: "
                + demo.endpoints().values().iterator().next().replace("127.0.0.1", "localhost") + "/api/openapi.json");
        out.println("Stop with Ctrl-C; a restart with the same --data reuses everything.");
        out.flush();
    }

    private static void line(PrintWriter out, DemoAccounts.DemoAccount a) {
        out.printf(
                "  %-9s %-22s %-16s %-12s %s%n",
                a.role().toLowerCase(java.util.Locale.ROOT),
                a.username(),
                a.password(),
                a.organisation(),
                a.department().isEmpty() ? a.patientId() : a.department());
    }
}
