package io.trustlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustlake.lake.SyntheaDatabase;
import io.trustlake.lake.TestFhirServer;
import io.trustlake.testkit.FreePorts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code trustlake ingest --fhir-server} on a one-organisation consortium (a Raft group of one)
 * against a real FHIR server: the record lands in the lake and its data record on the ledger.
 */
@Timeout(180)
class IngestCommandTest {
    private static final String PATIENT = "6f2c4b1e-8d3a-4c5e-9f1a-2b3c4d5e6f70";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.commandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }

    private Path consortium() {
        Path consortium = dir.resolve("c");
        int ports = FreePorts.consecutive(2);
        int exit = run(
                "init",
                "--dir",
                consortium.toString(),
                "--consortium",
                "test",
                "--node",
                "hosp-a=127.0.0.1:" + ports + ":" + (ports + 1));
        assertThat(exit).as(err.toString()).isZero();
        return consortium.resolve("hosp-a.json");
    }

    @Test
    void ingestsAPatientFromAFhirServerAndRegistersItOnce() throws Exception {
        Path node = consortium();
        try (TestFhirServer server = TestFhirServer.startWithFixture(4)) {
            String url = server.baseUrl().toString();

            int first = run("ingest", "--config", node.toString(), "--fhir-server", url, "--patient", PATIENT);
            assertThat(first).as(err.toString()).isZero();
            assertThat(out.toString()).contains("1 accepted, 0 rejected, 0 skipped; 1 data records registered");

            int again = run("ingest", "--config", node.toString(), "--fhir-server", url, "--patient", PATIENT);
            assertThat(again).as(err.toString()).isZero();
            assertThat(out.toString()).contains("1 accepted, 0 rejected, 0 skipped; 0 data records registered");
            assertThat(server.requests()).anyMatch(r -> r.contains("_getpages"));
        }
        assertThat(Files.isDirectory(node.getParent().resolve("nodes").resolve("hosp-a")))
                .isTrue();
    }

    @Test
    void ingestsEveryPatientOfADatabaseThroughTheDocumentedMapping() throws Exception {
        Path node = consortium();
        Path mapping = Path.of("..", "docs", "examples", "synthea-csv-mapping.json");
        try (SyntheaDatabase database = SyntheaDatabase.start()) {
            String[] args = {
                "ingest",
                "--config",
                node.toString(),
                "--jdbc",
                database.jdbcUrl(),
                "--db-user",
                "postgres",
                "--db-password-env",
                "EHR_PASSWORD",
                "--mapping",
                mapping.toString(),
                "--source-system",
                "hosp-a-ehr"
            };
            int exit = Main.commandLine(new CommandLine.IFactory() {
                        @Override
                        public <K> K create(Class<K> type) throws Exception {
                            return type == IngestCommand.class
                                    ? type.cast(new IngestCommand(name -> name.equals("EHR_PASSWORD") ? "" : null))
                                    : CommandLine.defaultFactory().create(type);
                        }
                    })
                    .setOut(new PrintWriter(out, true))
                    .setErr(new PrintWriter(err, true))
                    .execute(args);

            assertThat(exit).as(err.toString()).isZero();
            assertThat(out.toString()).contains("2 accepted, 0 rejected, 0 skipped; 2 data records registered");
        }
    }

    @Test
    void aMissingPasswordVariableIsABadRequest() {
        Path node = consortium();

        int exit = run(
                "ingest",
                "--config",
                node.toString(),
                "--jdbc",
                "jdbc:postgresql://127.0.0.1:1/x",
                "--db-password-env",
                "TRUSTLAKE_TEST_SURELY_UNSET",
                "--mapping",
                "mapping.json");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("TRUSTLAKE_TEST_SURELY_UNSET is not set");
    }

    @Test
    void anUnreachableServerIsReportedWithExitCodeTwo() {
        Path node = consortium();
        String nowhere = "http://127.0.0.1:" + FreePorts.consecutive(1) + "/fhir";

        int exit = run(
                "ingest",
                "--config",
                node.toString(),
                "--fhir-server",
                nowhere,
                "--patient",
                PATIENT,
                "--timeout-seconds",
                "2");

        assertThat(exit).isEqualTo(2);
        assertThat(out.toString()).contains("SOURCE_UNREACHABLE the server cannot be reached");
    }

    @Test
    void aFhirServerWithoutPatientIsABadRequest() {
        Path node = consortium();

        int exit = run("ingest", "--config", node.toString(), "--fhir-server", "http://127.0.0.1:1/fhir");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--fhir-server needs at least one --patient");
    }
}
