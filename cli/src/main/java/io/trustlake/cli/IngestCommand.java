package io.trustlake.cli;

import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.lake.FhirServerConfig;
import io.trustlake.lake.RelationalConfig;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trustlake ingest}: loads one source into a node's lake — a directory of FHIR bundle files,
 * a FHIR R4 server (paged search per patient), or a relational database through a mapping file —
 * and registers each changed patient's data record on the ledger. It opens the node's own stores,
 * so it runs while that node's {@code trustlake node} process is stopped (the other members keep
 * the ledger's quorum). Exit code 0 when every delivery was accepted, 2 when any was rejected (each
 * rejection is printed with its reason), as for any invalid input.
 */
@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description = "Load bundle files, a FHIR R4 server or a relational database into a stopped node's lake.")
public final class IngestCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, description = "The node's file, e.g. consortium/hosp-es.json.")
    Path config;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Origin origin;

    /** Exactly one source. */
    static final class Origin {
        @Option(names = "--bundles", description = "A directory of FHIR R4 bundle files (*.json).")
        Path bundles;

        @Option(names = "--fhir-server", description = "A FHIR R4 server's base URL.")
        URI fhirServer;

        @Option(names = "--jdbc", description = "A JDBC URL, e.g. jdbc:postgresql://db:5432/ehr.")
        String jdbc;
    }

    @Option(
            names = "--patient",
            description = "A patient id in the source (repeatable). Required with --fhir-server;"
                    + " with --jdbc, absent means every patient of the mapping's patient table.")
    List<String> patients = new ArrayList<>();

    @Option(names = "--source-system", description = "The source system's slug in the catalog (lineage).")
    String sourceSystem;

    @Option(names = "--mapping", description = "With --jdbc: the mapping file (JSON), see docs/sources.md.")
    Path mapping;

    @Option(names = "--db-user", description = "With --jdbc: the database user.", defaultValue = "")
    String dbUser;

    @Option(
            names = "--db-password-env",
            description = "With --jdbc: the environment variable holding the database password.")
    String dbPasswordEnv;

    @Option(names = "--page-size", description = "With --fhir-server: _count per page.", defaultValue = "100")
    int pageSize;

    @Option(
            names = "--max-pages",
            description = "With --fhir-server: pages per patient at most.",
            defaultValue = "1000")
    int maxPages;

    @Option(names = "--timeout-seconds", description = "Connect and answer timeout per request.", defaultValue = "30")
    int timeoutSeconds;

    private final Function<String, String> environment;

    public IngestCommand() {
        this(System::getenv);
    }

    IngestCommand(Function<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        Loader loader = loader();
        NodeConfig node = NodeConfig.read(config);
        NodeCommand.Opened opened = NodeCommand.open(node, config);
        PrintWriter out = spec.commandLine().getOut();
        DataLoading.Loaded loaded;
        try {
            loaded = loader.load(opened.runtime(), new Progress(out, false));
        } finally {
            opened.runtime().close();
            opened.orderer().close();
        }
        out.printf(
                "%d accepted, %d rejected, %d skipped; %d data records registered on the ledger.%n",
                loaded.accepted(), loaded.rejected(), loaded.skipped(), loaded.registered());
        out.flush();
        return loaded.rejected() == 0 ? 0 : 2;
    }

    /** One source's load, checked before the node is opened. */
    private interface Loader {
        DataLoading.Loaded load(NodeRuntime runtime, Progress progress);
    }

    private Loader loader() {
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        if (origin.bundles != null) {
            String system = system("synthea-export");
            Path directory = origin.bundles;
            return (runtime, progress) -> DataLoading.ingestAndRegister(runtime, system, directory, progress);
        }
        if (origin.fhirServer != null) {
            if (patients.isEmpty()) {
                throw invalid("--fhir-server needs at least one --patient");
            }
            FhirServerConfig fhir = FhirServerConfig.of(system("fhir-server"), origin.fhirServer)
                    .withPaging(pageSize, maxPages)
                    .withTimeout(timeout);
            List<String> ids = List.copyOf(patients);
            return (runtime, progress) -> DataLoading.ingestFromFhirServer(runtime, fhir, ids, progress);
        }
        RelationalConfig database = RelationalConfig.of(
                        system("hospital-db"),
                        origin.jdbc,
                        dbUser,
                        DatabaseOptions.password(environment, dbPasswordEnv),
                        DatabaseOptions.mapping(mapping))
                .withTimeout(timeout);
        List<String> ids = List.copyOf(patients);
        return (runtime, progress) -> DataLoading.ingestFromDatabase(runtime, database, ids, progress);
    }

    private String system(String fallback) {
        return sourceSystem == null ? fallback : sourceSystem;
    }

    private static TrustlakeException invalid(String message) {
        return new TrustlakeException(ErrorCode.BAD_REQUEST, message);
    }
}
