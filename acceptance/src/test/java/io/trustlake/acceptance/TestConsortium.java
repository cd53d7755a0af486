package io.trustlake.acceptance;

import io.trustlake.cli.Demo;
import io.trustlake.cli.DemoAccounts;
import io.trustlake.cli.DemoOptions;
import io.trustlake.cli.Progress;
import io.trustlake.synthetic.ManifestPatient;
import io.trustlake.testkit.ApiClient;
import io.trustlake.testkit.FreePorts;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One demo-like consortium per test JVM, started the way {@code trustlake demo} starts it: three
 * nodes with their own ledger replica, lake, accounts and HTTP server, and a small Synthea
 * population (really generated, in its own JVM) split between the two hospitals.
 */
final class TestConsortium {
    private static Demo.Running running;
    private static Path dataDirectory;

    private TestConsortium() {}

    static synchronized Demo.Running get() {
        if (running == null) {
            try {
                dataDirectory = Files.createTempDirectory("trustlake-acceptance");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Progress progress = new Progress(new PrintWriter(System.out, true, StandardCharsets.UTF_8), false);
            running = Demo.start(options(dataDirectory), progress);
            Runtime.getRuntime().addShutdownHook(new Thread(running::close));
        }
        return running;
    }

    /** How long the acceptance consortium keeps research extracts: not the default, to see it applied. */
    static final java.time.Duration EXTRACT_TIME_TO_LIVE = java.time.Duration.ofHours(36);

    /**
     * The options every acceptance consortium uses; the population is large enough that each test
     * class can have a patient of its own.
     */
    static DemoOptions options(Path dataDirectory) {
        return new DemoOptions(
                dataDirectory,
                "127.0.0.1",
                FreePorts.consecutive(3),
                FreePorts.consecutive(3),
                9,
                7,
                2,
                EXTRACT_TIME_TO_LIVE);
    }

    static Path dataDirectory() {
        get();
        return dataDirectory;
    }

    static ApiClient client(String organisation) {
        return new ApiClient(get().endpoints().get(organisation));
    }

    static DemoAccounts.DemoAccount account(String organisation, String username) {
        return get().accounts().stream()
                .filter(a ->
                        a.organisation().equals(organisation) && a.username().equals(username))
                .findFirst()
                .orElseThrow();
    }

    /** A patient with data at both hospitals, and their account. */
    static DemoAccounts.DemoAccount patientAtBothHospitals() {
        List<String> shared = get().manifest().patients().stream()
                .filter(p -> p.hospitals().size() > 1)
                .map(ManifestPatient::patientId)
                .toList();
        return get().accounts().stream()
                .filter(a -> a.role().equals("PATIENT") && shared.contains(a.patientId()))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("the synthetic population has no patient treated at both hospitals"));
    }

    /** Patients other than {@code except}, for tests that need a fresh rule set. */
    static List<DemoAccounts.DemoAccount> patients() {
        return get().accounts().stream().filter(a -> a.role().equals("PATIENT")).toList();
    }
}
