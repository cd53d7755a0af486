package io.trustlake.lake;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import com.fasterxml.jackson.databind.JsonNode;
import io.trustlake.common.crypto.Hashes;
import io.trustlake.common.crypto.Hex;
import io.trustlake.testkit.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relational connector against a real PostgreSQL (embedded binaries) loaded from Synthea's
 * CSV export, with the documented example mapping {@code docs/examples/synthea-csv-mapping.json}.
 */
@Timeout(180)
class RelationalConnectorTest {
    private static final String SYSTEM = "hospital-db";
    private static final String ALIVE = "1e621f4c-db30-c273-49e9-2dcad508a9cb";
    private static final String DECEASED = "347ceebf-0248-5a56-14f3-e1e8e8ffb73c";
    private static final List<String> TABLES =
            List.of("patients", "encounters", "conditions", "observations", "medications");
    private static final Path MAPPING = Path.of("..", "docs", "examples", "synthea-csv-mapping.json");

    private static SyntheaDatabase database;

    @TempDir
    Path root;

    @BeforeAll
    static void startPostgres() throws Exception {
        database = SyntheaDatabase.start();
    }

    @AfterAll
    static void stopPostgres() {
        database.close();
    }

    private static RelationalMapping mapping() throws IOException {
        return RelationalMapping.fromJson(Files.readAllBytes(MAPPING));
    }

    private static RelationalConnector connector(RelationalMapping mapping) {
        return RelationalConnector.open(
                RelationalConfig.of(SYSTEM, database.jdbcUrl(), "postgres", "", mapping),
                LakeConfig.DEFAULT_MAX_BUNDLE_BYTES);
    }

    private static int rows(String sql) throws SQLException {
        try (Connection connection = database.connection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getInt(1);
        }
    }

    private static String text(String sql) throws SQLException {
        try (Connection connection = database.connection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = database.connection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static int rowsOf(String patient) throws SQLException {
        int count = 1;
        for (String table : TABLES.subList(1, TABLES.size())) {
            count += rows("SELECT count(*) FROM " + table + " WHERE patient = '" + patient + "'");
        }
        return count;
    }

    @Test
    void ingestsEveryPatientWithEveryMappedRow() throws Exception {
        try (Lake lake = Fixtures.openLake(root)) {
            List<IngestReport> reports = connector(mapping()).ingestAll(lake);

            assertThat(reports).hasSize(2).allSatisfy(r -> assertThat(r).isInstanceOf(IngestReport.Accepted.class));
            IngestReport.Accepted alive = (IngestReport.Accepted) reports.get(0);
            IngestReport.Accepted deceased = (IngestReport.Accepted) reports.get(1);
            assertThat(alive.resourceCount()).isEqualTo(rowsOf(ALIVE));
            assertThat(deceased.resourceCount()).isEqualTo(rowsOf(DECEASED));
            assertThat(lake.entries(alive.patientId())).hasSize(rowsOf(ALIVE)).allSatisfy(entry -> {
                assertThat(entry.lineage().source().system()).isEqualTo(SYSTEM);
                assertThat(entry.lineage().source().name())
                        .startsWith("jdbc:postgresql://")
                        .doesNotContain("?");
                assertThat(entry.lineage().sourceResourceId()).isEqualTo(entry.resourceId());
                assertThat(entry.lineage().fetchedAt()).isEqualTo(Fixtures.NOW);
            });
        }
    }

    @Test
    void mappedResourcesAreValidFhirR4AndReferToTheirPatient() throws Exception {
        RelationalConnector.Collected collected = connector(mapping()).collect(ALIVE);
        byte[] bundle =
                ((RelationalConnector.Collected.Delivery) collected).bundle().toBytes();

        ValidationResult result = validator().validateWithResult(new String(bundle, StandardCharsets.UTF_8));

        assertThat(errors(result)).isEmpty();
        JsonNode entries = FhirJson.MAPPER.readTree(bundle).path("entry");
        assertThat(entries.get(0).path("resource").path("resourceType").asText())
                .isEqualTo("Patient");
        assertThat(entries.get(0).path("resource").path("id").asText()).isEqualTo(ALIVE);
        for (int i = 1; i < entries.size(); i++) {
            assertThat(entries.get(i)
                            .path("resource")
                            .path("subject")
                            .path("reference")
                            .asText())
                    .isEqualTo("Patient/" + ALIVE);
        }
    }

    @Test
    void resourcesCarryTheProvidersTagsAndLabels() throws Exception {
        String labelled = new String(Files.readAllBytes(MAPPING), StandardCharsets.UTF_8)
                .replace("\"table\": \"conditions\",", "\"table\": \"conditions\", \"security-labels\": [\"PSY\"],");
        try (Lake lake = Fixtures.openLake(root)) {
            IngestReport.Accepted accepted = (IngestReport.Accepted)
                    connector(RelationalMapping.fromJson(labelled.getBytes(StandardCharsets.UTF_8)))
                            .ingestPatient(lake, ALIVE);

            List<CatalogEntry> entries = lake.entries(accepted.patientId());
            assertThat(entries)
                    .filteredOn(e -> e.resourceType().equals("Condition"))
                    .isNotEmpty()
                    .allSatisfy(e -> {
                        assertThat(e.tags()).containsExactly("conditions", "mental-health");
                        assertThat(e.securityLabels()).containsExactly("PSY");
                    });
            assertThat(entries)
                    .filteredOn(e -> e.tags().contains("vital-signs"))
                    .isNotEmpty();
            assertThat(entries)
                    .filteredOn(e -> e.tags().contains("lab-results"))
                    .isNotEmpty();
            assertThat(entries)
                    .filteredOn(e -> e.resourceType().equals("MedicationRequest"))
                    .isNotEmpty()
                    .allSatisfy(e -> assertThat(e.tags()).containsExactly("medications"));
            assertThat(lake.select(accepted.patientId(), Set.of("demographics")))
                    .singleElement()
                    .satisfies(r -> assertThat(r.resourceType()).isEqualTo("Patient"));
        }
    }

    @Test
    void reIngestingIsIdempotentAndAChangedRowBecomesANewVersion() throws Exception {
        RelationalConnector connector = connector(mapping());
        int observation = rows("SELECT min(id) FROM observations WHERE patient = '" + ALIVE + "' AND type = 'numeric'");
        String original = text("SELECT value FROM observations WHERE id = " + observation);
        try (Lake lake = Fixtures.openLake(root)) {
            IngestReport.Accepted first = (IngestReport.Accepted) connector.ingestPatient(lake, ALIVE);
            IngestReport.Accepted again = (IngestReport.Accepted) connector.ingestPatient(lake, ALIVE);
            assertThat(again.changedCount()).isZero();
            assertThat(again.patientId()).isEqualTo(first.patientId());

            execute("UPDATE observations SET value = '999.5' WHERE id = " + observation);
            try {
                IngestReport.Accepted updated = (IngestReport.Accepted) connector.ingestPatient(lake, ALIVE);
                assertThat(updated.changedCount()).isEqualTo(1);
                assertThat(lake.entries(first.patientId()))
                        .hasSize(rowsOf(ALIVE))
                        .filteredOn(e -> e.resourceId().equals("observation-" + observation))
                        .singleElement()
                        .satisfies(e -> assertThat(e.version()).isEqualTo(2));
            } finally {
                execute("UPDATE observations SET value = '" + original + "' WHERE id = " + observation);
            }
        }
    }

    @Test
    void fetchingAResourceAgainGivesExactlyTheCataloguedBytes() throws Exception {
        RelationalConnector connector = connector(mapping());
        try (Lake lake = Fixtures.openLake(root)) {
            IngestReport.Accepted accepted = (IngestReport.Accepted) connector.ingestPatient(lake, DECEASED);

            List<CatalogEntry> entries = lake.entries(accepted.patientId());
            for (CatalogEntry entry : entries.subList(0, Math.min(40, entries.size()))) {
                SourceFetcher.Fetched fetched = connector.fetch(entry.resourceType(), entry.lineage());
                assertThat(fetched).isInstanceOf(SourceFetcher.Fetched.Found.class);
                byte[] json = ((SourceFetcher.Fetched.Found) fetched).json();
                assertThat(Hex.encode(Hashes.sha256(json))).isEqualTo(entry.sha256());
            }
            assertThat(connector.fetch(
                            "Condition", new Lineage(entries.get(0).lineage().source(), "condition-0", Fixtures.NOW)))
                    .isInstanceOf(SourceFetcher.Fetched.NotFound.class);
        }
    }

    @Test
    void theScrubberRestoresALostOrDamagedDatabaseDeliveryByteForByte() throws Exception {
        RelationalConnector connector = connector(mapping());
        try (Lake lake = Fixtures.openLake(root)) {
            IngestReport.Accepted accepted = (IngestReport.Accepted) connector.ingestPatient(lake, DECEASED);
            Path raw = root.resolve("objects").resolve(accepted.rawKey().value());
            byte[] original = Files.readAllBytes(raw);
            List<CatalogEntry> catalogued = lake.entries(accepted.patientId());

            Files.delete(raw);
            ScrubReport missing = lake.scrub(List.of(connector));

            assertThat(missing.unrepairable()).isEmpty();
            assertThat(missing.repaired())
                    .singleElement()
                    .extracting(ScrubReport.Repaired::problem)
                    .isEqualTo(ScrubReport.Problem.MISSING);
            assertThat(Files.readAllBytes(raw)).isEqualTo(original);

            byte[] damaged = original.clone();
            for (CatalogEntry entry : List.of(catalogued.get(1), catalogued.get(catalogued.size() - 1))) {
                damaged[(int) entry.raw().offset() + entry.raw().length() / 2] ^= 0x3C;
            }
            Files.write(raw, damaged);
            ScrubReport corrupted = lake.scrub(List.of(connector));

            assertThat(corrupted.unrepairable()).isEmpty();
            assertThat(corrupted.repaired())
                    .singleElement()
                    .extracting(ScrubReport.Repaired::problem)
                    .isEqualTo(ScrubReport.Problem.CORRUPTED);
            assertThat(Files.readAllBytes(raw)).isEqualTo(original);
            assertThat(lake.entries(accepted.patientId())).isEqualTo(catalogued);
            assertThat(lake.scrub(List.of(connector)).allGood()).isTrue();
        }
    }

    @Test
    void aRowChangedInTheDatabaseSinceIngestionIsReportedAndNothingIsWritten() throws Exception {
        RelationalConnector connector = connector(mapping());
        int observation =
                rows("SELECT min(id) FROM observations WHERE patient = '" + DECEASED + "' AND type = 'numeric'");
        String value = text("SELECT value FROM observations WHERE id = " + observation);
        try (Lake lake = Fixtures.openLake(root)) {
            IngestReport.Accepted accepted = (IngestReport.Accepted) connector.ingestPatient(lake, DECEASED);
            Path raw = root.resolve("objects").resolve(accepted.rawKey().value());
            List<CatalogEntry> catalogued = lake.entries(accepted.patientId());
            CatalogEntry changed = catalogued.stream()
                    .filter(entry -> entry.resourceId().equals("observation-" + observation))
                    .findFirst()
                    .orElseThrow();
            byte[] damaged = Files.readAllBytes(raw);
            damaged[(int) changed.raw().offset() + changed.raw().length() / 2] ^= 0x3C;
            Files.write(raw, damaged);
            long modified = Files.getLastModifiedTime(raw).toMillis();

            execute("UPDATE observations SET value = '999.5' WHERE id = " + observation);
            try {
                ScrubReport corrupted = lake.scrub(List.of(connector));

                assertThat(corrupted.repaired()).isEmpty();
                assertThat(corrupted.unrepairable()).singleElement().satisfies(broken -> {
                    assertThat(broken.key()).isEqualTo(accepted.rawKey());
                    assertThat(broken.problem()).isEqualTo(ScrubReport.Problem.CORRUPTED);
                    assertThat(broken.reason())
                            .isEqualTo("Observation/observation-" + observation + " from " + SYSTEM + " ("
                                    + changed.lineage().source().name()
                                    + ") has changed at the source since it was ingested (its SHA-256 differs)");
                });
                assertThat(Files.readAllBytes(raw)).isEqualTo(damaged);
                assertThat(Files.getLastModifiedTime(raw).toMillis()).isEqualTo(modified);

                Files.delete(raw);
                ScrubReport missing = lake.scrub(List.of(connector));

                assertThat(missing.unrepairable()).singleElement().satisfies(broken -> assertThat(broken.reason())
                        .contains("has changed at the source"));
                assertThat(raw).doesNotExist();
                assertThat(root.resolve("objects").resolve("raw")).isEmptyDirectory();
                assertThat(lake.entries(accepted.patientId())).isEqualTo(catalogued);
            } finally {
                execute("UPDATE observations SET value = '" + value + "' WHERE id = " + observation);
            }
        }
    }

    @Test
    void aRowTheMappingCannotMapRejectsOnlyThatPatient() throws Exception {
        execute("INSERT INTO encounters (id, start, patient, encounterclass, code) VALUES"
                + " ('bad-encounter', now(), '" + ALIVE + "', 'spaceship', '1')");
        try (Lake lake = Fixtures.openLake(root)) {
            List<IngestReport> reports = connector(mapping()).ingestAll(lake);

            assertRejected(reports.get(0), RejectionReason.MAPPING_FAILED, "table encounters, column encounterclass");
            assertThat(reports.get(1)).isInstanceOf(IngestReport.Accepted.class);
            assertThat(lake.patients()).hasSize(1);
        } finally {
            execute("DELETE FROM encounters WHERE id = 'bad-encounter'");
        }
    }

    @Test
    void moreRowsThanTheBoundAreRejectedWithNothingPartialLeft() throws Exception {
        RelationalConnector connector = RelationalConnector.open(
                RelationalConfig.of(SYSTEM, database.jdbcUrl(), "postgres", "", mapping())
                        .withMaxRows(10),
                LakeConfig.DEFAULT_MAX_BUNDLE_BYTES);
        try (Lake lake = Fixtures.openLake(root)) {
            assertRejected(
                    connector.ingestPatient(lake, ALIVE),
                    RejectionReason.SOURCE_LIMIT_EXCEEDED,
                    "has more than 10 rows for the patient");
            assertThat(lake.patients()).isEmpty();
        }
    }

    @Test
    void anUnknownPatientIsRejected() throws Exception {
        try (Lake lake = Fixtures.openLake(root)) {
            assertRejected(
                    connector(mapping()).ingestPatient(lake, "no-such-patient"),
                    RejectionReason.UNKNOWN_PATIENT,
                    "no such patient");
            assertThat(lake.patients()).isEmpty();
        }
    }

    @Test
    void anUnreachableDatabaseIsRejected() throws Exception {
        String nowhere = "jdbc:postgresql://127.0.0.1:" + FreePorts.consecutive(1) + "/postgres";
        RelationalConnector connector = RelationalConnector.open(
                RelationalConfig.of(SYSTEM, nowhere, "postgres", "", mapping()).withTimeout(Duration.ofSeconds(2)),
                LakeConfig.DEFAULT_MAX_BUNDLE_BYTES);
        try (Lake lake = Fixtures.openLake(root)) {
            List<IngestReport> reports = connector.ingestAll(lake);

            assertThat(reports)
                    .singleElement()
                    .satisfies(r ->
                            assertRejected(r, RejectionReason.SOURCE_UNREACHABLE, "cannot be reached (SQL state 08"));
            assertThat(lake.patients()).isEmpty();
        }
    }

    @Test
    void aMissingTableIsAPreciseSourceError() throws Exception {
        String renamed = new String(Files.readAllBytes(MAPPING), StandardCharsets.UTF_8)
                .replace("\"table\": \"medications\"", "\"table\": \"prescriptions\"");
        try (Lake lake = Fixtures.openLake(root)) {
            IngestReport report = connector(RelationalMapping.fromJson(renamed.getBytes(StandardCharsets.UTF_8)))
                    .ingestPatient(lake, ALIVE);

            assertRejected(report, RejectionReason.SOURCE_ERROR, "table prescriptions (SQL state 42P01)");
            assertThat(lake.patients()).isEmpty();
        }
    }

    private static void assertRejected(IngestReport report, RejectionReason reason, String detail) {
        assertThat(report).isInstanceOf(IngestReport.Rejected.class);
        IngestReport.Rejected rejected = (IngestReport.Rejected) report;
        assertThat(rejected.reason()).isEqualTo(reason);
        assertThat(rejected.detail()).contains(detail);
    }

    private static FhirValidator validator() {
        FhirContext context = FhirContext.forR4Cached();
        ValidationSupportChain chain = new ValidationSupportChain(
                new ca.uhn.fhir.context.support.DefaultProfileValidationSupport(context),
                new InMemoryTerminologyServerValidationSupport(context),
                new CommonCodeSystemsTerminologyService(context));
        return context.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
    }

    private static List<String> errors(ValidationResult result) {
        return result.getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(SingleValidationMessage::toString)
                .toList();
    }
}
