package io.trustlake.lake;

import static io.trustlake.lake.Fixtures.PATIENT_ID;
import static io.trustlake.lake.Fixtures.SOURCE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.trustlake.common.crypto.Hashes;
import io.trustlake.common.crypto.Hex;
import io.trustlake.common.id.Ids;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestionTest {
    @TempDir
    Path root;

    private static Map<String, List<String>> tagsByResource(List<CatalogEntry> entries) {
        return entries.stream()
                .collect(Collectors.toMap(
                        entry -> entry.resourceType() + "/" + entry.resourceId().substring(0, 13), CatalogEntry::tags));
    }

    @Test
    void aSyntheaBundleLandsWithTheExpectedTagsPerResource() {
        try (Lake lake = Fixtures.openLake(root)) {
            IngestReport report = lake.ingest(SOURCE, Fixtures.bundle());

            assertThat(report).isInstanceOfSatisfying(IngestReport.Accepted.class, accepted -> {
                assertThat(accepted.patientId()).isEqualTo(PATIENT_ID);
                assertThat(accepted.resourceCount()).isEqualTo(12);
                assertThat(accepted.changedCount()).isEqualTo(12);
                assertThat(accepted.rawKey()).isEqualTo(RawZone.keyOf(Fixtures.bundle()));
            });
            assertThat(tagsByResource(lake.entries(PATIENT_ID)))
                    .containsOnly(
                            Map.entry("Patient/6f2c4b1e-8d3a", List.of("demographics")),
                            Map.entry("Encounter/a1b2c3d4-0001", List.of("encounters")),
                            Map.entry("Condition/a1b2c3d4-0002", List.of("conditions")),
                            Map.entry("Condition/a1b2c3d4-0003", List.of("conditions", "mental-health")),
                            Map.entry("Observation/a1b2c3d4-0004", List.of("vital-signs")),
                            Map.entry("Observation/a1b2c3d4-0005", List.of("lab-results")),
                            Map.entry("MedicationRequest/a1b2c3d4-0006", List.of("medications")),
                            Map.entry("Immunization/a1b2c3d4-0007", List.of("immunizations")),
                            Map.entry("Claim/a1b2c3d4-0008", List.of("billing")),
                            Map.entry("DiagnosticReport/a1b2c3d4-0009", List.of("documents")),
                            Map.entry("DiagnosticReport/a1b2c3d4-000a", List.of("lab-results")),
                            Map.entry("Provenance/a1b2c3d4-000b", List.of()));
        }
    }

    @Test
    void catalogEntriesRecordSliceHashDateLabelsAndLineage() {
        try (Lake lake = Fixtures.openLake(root)) {
            lake.ingest(SOURCE, Fixtures.bundle());
            byte[] bundle = Fixtures.bundle();

            for (CatalogEntry entry : lake.entries(PATIENT_ID)) {
                byte[] slice = Arrays.copyOfRange(
                        bundle,
                        (int) entry.raw().offset(),
                        (int) entry.raw().offset() + entry.raw().length());
                assertThat(Hex.encode(Hashes.sha256(slice))).isEqualTo(entry.sha256());
                assertThat(new String(slice, UTF_8))
                        .startsWith("{")
                        .endsWith("}")
                        .contains(entry.resourceId());
                assertThat(entry.lineage()).isEqualTo(new Lineage(SOURCE, entry.resourceId(), Fixtures.NOW));
                assertThat(entry.fullUrl()).isEqualTo("urn:uuid:" + entry.resourceId());
                assertThat(entry.version()).isEqualTo(1);
            }
            Function<String, CatalogEntry> byType = type -> lake.entries(PATIENT_ID).stream()
                    .filter(entry -> entry.resourceType().equals(type))
                    .findFirst()
                    .orElseThrow();
            assertThat(byType.apply("Patient").date()).isEqualTo("1974-03-12");
            assertThat(byType.apply("Observation").date()).isEqualTo("2021-05-04T09:20:00+02:00");
            assertThat(byType.apply("MedicationRequest").date()).isEqualTo("2021-05-04T09:40:00+02:00");
            assertThat(byType.apply("Encounter").date()).isEqualTo("2021-05-04T09:15:00+02:00");
            assertThat(byType.apply("Provenance").dateIfPresent()).isEmpty();
            assertThat(lake.entries(PATIENT_ID))
                    .filteredOn(entry -> entry.resourceId().equals(Fixtures.DEPRESSION_ID))
                    .singleElement()
                    .satisfies(entry -> assertThat(entry.securityLabels()).containsExactly("PSY"));
        }
    }

    @Test
    void reIngestingTheSameBundleIsIdempotent() {
        try (Lake lake = Fixtures.openLake(root)) {
            IngestReport.Accepted first = (IngestReport.Accepted) lake.ingest(SOURCE, Fixtures.bundle());
            List<CatalogEntry> before = lake.entries(PATIENT_ID);

            IngestReport.Accepted second = (IngestReport.Accepted) lake.ingest(SOURCE, Fixtures.bundle());

            assertThat(second.changedCount()).isZero();
            assertThat(second.dataHash()).isEqualTo(first.dataHash());
            assertThat(lake.entries(PATIENT_ID)).isEqualTo(before);
            assertThat(lake.patients()).containsExactly(PATIENT_ID);
        }
    }

    @Test
    void changedContentReplacesTheEntryAndIncrementsItsVersion() {
        try (Lake lake = Fixtures.openLake(root)) {
            lake.ingest(SOURCE, Fixtures.bundle());
            byte[] changed = Fixtures.bundleText().replace("163.40", "163.90").getBytes(UTF_8);

            IngestReport report = lake.ingest(SOURCE, changed);

            assertThat(report)
                    .isInstanceOfSatisfying(IngestReport.Accepted.class, accepted -> assertThat(accepted.changedCount())
                            .isEqualTo(1));
            List<CatalogEntry> entries = lake.entries(PATIENT_ID);
            assertThat(entries).hasSize(12);
            assertThat(entries)
                    .filteredOn(entry -> entry.version() == 2)
                    .singleElement()
                    .satisfies(entry -> {
                        assertThat(entry.resourceType()).isEqualTo("Observation");
                        assertThat(entry.raw().key()).isEqualTo(RawZone.keyOf(changed));
                    });
        }
    }

    @Test
    void aDirectoryIsCataloguedInFileNameOrderSoTheLaterFileMakesTheNewerVersion() throws Exception {
        Path input = java.nio.file.Files.createDirectories(root.resolve("input"));
        for (int i = 0; i < 6; i++) {
            String weight = "163.4" + i;
            java.nio.file.Files.write(
                    input.resolve("bundle-" + i + ".json"),
                    Fixtures.bundleText().replace("163.40", weight).getBytes(UTF_8));
        }
        try (Lake lake = Fixtures.openLake(root.resolve("lake"))) {
            List<IngestReport> reports = lake.ingestDirectory("synthea", input);

            assertThat(reports).hasSize(6).allSatisfy(r -> assertThat(r).isInstanceOf(IngestReport.Accepted.class));
            assertThat(reports.get(5).source().name()).endsWith("bundle-5.json");
            assertThat(lake.entries(PATIENT_ID))
                    .filteredOn(entry -> entry.version() > 1)
                    .singleElement()
                    .satisfies(entry -> {
                        assertThat(entry.version()).isEqualTo(6);
                        assertThat(entry.raw().key())
                                .isEqualTo(RawZone.keyOf(
                                        java.nio.file.Files.readAllBytes(input.resolve("bundle-5.json"))));
                    });
        }
    }

    @Test
    void aPatientWithoutTrustlakeIdGetsARandomIdThatReIngestionReuses() {
        try (Lake lake = Fixtures.openLake(root)) {
            IngestReport.Accepted first =
                    (IngestReport.Accepted) lake.ingest(SOURCE, Fixtures.bundleWithoutTrustlakeId());
            IngestReport.Accepted second =
                    (IngestReport.Accepted) lake.ingest(SOURCE, Fixtures.bundleWithoutTrustlakeId());

            assertThat(Ids.isPatientId(first.patientId())).isTrue();
            assertThat(first.patientId()).isNotEqualTo(PATIENT_ID);
            assertThat(second.patientId()).isEqualTo(first.patientId());
            assertThat(second.changedCount()).isZero();
        }
    }

    @Test
    void thePatientLinkSurvivesReopeningTheLake() {
        LakeConfig config = Fixtures.config(root);
        String patientId;
        try (Lake lake = Lake.open(config)) {
            patientId = ((IngestReport.Accepted) lake.ingest(SOURCE, Fixtures.bundleWithoutTrustlakeId())).patientId();
        }
        try (Lake lake = Lake.open(config)) {
            IngestReport.Accepted again =
                    (IngestReport.Accepted) lake.ingest(SOURCE, Fixtures.bundleWithoutTrustlakeId());
            assertThat(again.patientId()).isEqualTo(patientId);
            assertThat(lake.patients()).containsExactly(patientId);
        }
    }

    @Test
    void summaryCountsResourcesListsTagsAndHashesTheSortedResourceHashes() {
        try (Lake lake = Fixtures.openLake(root)) {
            IngestReport.Accepted accepted = (IngestReport.Accepted) lake.ingest(SOURCE, Fixtures.bundle());

            PatientSummary summary = lake.summary(PATIENT_ID).orElseThrow();

            var digest = Hashes.sha256Digest();
            lake.entries(PATIENT_ID).stream()
                    .map(CatalogEntry::sha256)
                    .sorted()
                    .forEach(hex -> digest.update(Hex.decode(hex)));
            assertThat(summary.dataHash())
                    .isEqualTo(Hex.encode(digest.digest()))
                    .isEqualTo(accepted.dataHash());
            assertThat(summary.resourceCount()).isEqualTo(12);
            assertThat(summary.tags()).contains("demographics", "mental-health").doesNotContain("genetics");
            assertThat(lake.summary("p-zzzzzzzzzzzzzzzzzzzzzzzzzz")).isEmpty();
        }
    }

    @Test
    void concurrentIngestsOfOnePatientWithoutTrustlakeIdAgreeOnOneId() throws Exception {
        try (Lake lake = Fixtures.openLake(root)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<IngestReport>> futures = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    futures.add(pool.submit(() -> lake.ingest(SOURCE, Fixtures.bundleWithoutTrustlakeId())));
                }
                Set<String> ids = new HashSet<>();
                for (Future<IngestReport> future : futures) {
                    ids.add(((IngestReport.Accepted) future.get(30, TimeUnit.SECONDS)).patientId());
                }
                assertThat(ids).hasSize(1);
                assertThat(lake.patients()).containsExactlyElementsOf(ids);
                assertThat(lake.entries(ids.iterator().next())).hasSize(12);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
