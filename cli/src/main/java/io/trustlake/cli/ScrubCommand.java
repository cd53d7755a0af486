package io.trustlake.cli;

import io.trustlake.contracts.data.DataRecord;
import io.trustlake.contracts.data.DataRecordsContract;
import io.trustlake.lake.BundleFileFetcher;
import io.trustlake.lake.FhirServerConfig;
import io.trustlake.lake.FhirServerConnector;
import io.trustlake.lake.Lake;
import io.trustlake.lake.ObjectKey;
import io.trustlake.lake.RelationalConfig;
import io.trustlake.lake.RelationalConnector;
import io.trustlake.lake.ScrubReport;
import io.trustlake.lake.SourceFetcher;
import io.trustlake.ledger.gateway.Gateway;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trustlake scrub}: checks a stopped node's raw zone against the catalog's hashes and
 * restores missing or damaged objects from their sources (bundle files, and the FHIR server or
 * database given), trusting the catalog only where it matches the data hashes the node registered
 * on the ledger. Exit code 0 when every object is healthy or was repaired, {@value #UNREPAIRABLE}
 * when any could not be repaired (each printed with its reason).
 */
@Command(
        name = "scrub",
        mixinStandardHelpOptions = true,
        description = "Check a stopped node's raw zone and restore missing or damaged objects from their sources.")
public final class ScrubCommand implements Callable<Integer> {
    /** The exit code when some object could not be repaired. */
    static final int UNREPAIRABLE = 5;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, description = "The node's file, e.g. consortium/hosp-es.json.")
    Path config;

    @Option(
            names = "--bundle-system",
            description = "A source system whose deliveries were bundle files (repeatable; default synthea-export).")
    List<String> bundleSystems = new ArrayList<>();

    @Option(names = "--fhir-server", description = "The FHIR R4 server of --fhir-system, to re-fetch from.")
    URI fhirServer;

    @Option(names = "--fhir-system", description = "The source system of --fhir-server.", defaultValue = "fhir-server")
    String fhirSystem;

    @Option(names = "--jdbc", description = "The JDBC URL of --jdbc-system, to re-fetch from.")
    String jdbc;

    @Option(names = "--jdbc-system", description = "The source system of --jdbc.", defaultValue = "hospital-db")
    String jdbcSystem;

    @Option(names = "--mapping", description = "With --jdbc: the mapping file (JSON), see docs/sources.md.")
    Path mapping;

    @Option(names = "--db-user", description = "With --jdbc: the database user.", defaultValue = "")
    String dbUser;

    @Option(
            names = "--db-password-env",
            description = "With --jdbc: the environment variable holding the database password.")
    String dbPasswordEnv;

    @Option(names = "--timeout-seconds", description = "Connect and answer timeout per request.", defaultValue = "30")
    int timeoutSeconds;

    private final Function<String, String> environment;

    public ScrubCommand() {
        this(System::getenv);
    }

    ScrubCommand(Function<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        Optional<RelationalConfig> database = database();
        NodeConfig node = NodeConfig.read(config);
        NodeCommand.Opened opened = NodeCommand.open(node, config);
        PrintWriter out = spec.commandLine().getOut();
        ScrubReport report;
        try {
            Lake lake = opened.runtime().services().lake();
            Gateway gateway = opened.runtime().services().gateway();
            String organisation = opened.runtime().services().organisationId();
            report = lake.scrub(
                    fetchers(lake.maxBundleBytes(), database), patientId -> onLedger(gateway, organisation, patientId));
        } finally {
            opened.runtime().close();
            opened.orderer().close();
        }
        for (ScrubReport.Repaired repaired : report.repaired()) {
            out.printf(
                    "repaired %s (%s, %d resources), restored from its source%n",
                    repaired.key(), describe(repaired.problem()), repaired.resources());
        }
        for (ScrubReport.Unrepairable broken : report.unrepairable()) {
            out.printf("NOT REPAIRED %s (%s): %s%n", broken.key(), describe(broken.problem()), broken.reason());
        }
        for (ObjectKey copy : report.rebuiltCopies()) {
            out.printf("rebuilt release copy %s from the raw zone (it was missing or damaged)%n", copy);
        }
        out.printf(
                "%d raw objects checked: %d healthy, %d repaired, %d not repairable; %d release copies rebuilt.%n",
                report.checked(),
                report.healthy().size(),
                report.repaired().size(),
                report.unrepairable().size(),
                report.rebuiltCopies().size());
        out.flush();
        return report.allGood() ? 0 : UNREPAIRABLE;
    }

    private static String describe(ScrubReport.Problem problem) {
        return problem == ScrubReport.Problem.MISSING ? "missing" : "corrupted";
    }

    private static Optional<String> onLedger(Gateway gateway, String organisation, String patientId) {
        return DataRecordsContract.holders(gateway.state(), patientId).stream()
                .filter(record -> record.organisation().equals(organisation))
                .map(DataRecord::dataHash)
                .findFirst();
    }

    /** The database source, checked before the node is opened. */
    private Optional<RelationalConfig> database() {
        if (jdbc == null) {
            return Optional.empty();
        }
        return Optional.of(RelationalConfig.of(
                        jdbcSystem,
                        jdbc,
                        dbUser,
                        DatabaseOptions.password(environment, dbPasswordEnv),
                        DatabaseOptions.mapping(mapping))
                .withTimeout(Duration.ofSeconds(timeoutSeconds)));
    }

    private List<SourceFetcher> fetchers(long maxBytes, Optional<RelationalConfig> database) {
        List<SourceFetcher> fetchers = new ArrayList<>();
        for (String system : bundleSystems.isEmpty() ? List.of("synthea-export") : bundleSystems) {
            fetchers.add(new BundleFileFetcher(system, maxBytes));
        }
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        if (fhirServer != null) {
            fetchers.add(FhirServerConnector.open(
                    FhirServerConfig.of(fhirSystem, fhirServer).withTimeout(timeout), maxBytes));
        }
        database.ifPresent(config -> fetchers.add(RelationalConnector.open(config, maxBytes)));
        return fetchers;
    }
}
