package io.trustlake.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustlake.common.crypto.Hashes;
import io.trustlake.common.crypto.Hex;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScrubberTest {
    @TempDir
    Path root;

    private Path sources;
    private Path objects;
    private CountingStore store;
    private final List<SourceFetcher> fetchers = List.of(
            new BundleFileFetcher("synthea-a", LakeConfig.DEFAULT_MAX_BUNDLE_BYTES),
            new BundleFileFetcher("synthea-b", LakeConfig.DEFAULT_MAX_BUNDLE_BYTES));

    @BeforeEach
    void setUp() throws Exception {
        sources = Files.createDirectories(root.resolve("sources"));
        objects = root.resolve("lake").resolve("objects");
    }

    private Lake open() {
        store = new CountingStore(FileSystemObjectStore.open(objects));
        return Lake.open(Fixtures.config(root.resolve("lake")), store, TagMapping.defaults());
    }

    private IngestReport.Accepted ingest(Lake lake, String system, String fileName, byte[] bundle) throws Exception {
        Path file = Files.write(sources.resolve(fileName), bundle);
        return (IngestReport.Accepted) lake.ingestFile(system, file);
    }

    private Path fileOf(ObjectKey key) {
        return objects.resolve(key.value());
    }

    @Test
    void aDeletedAndACorruptedObjectComeBackByteIdentical() throws Exception {
        try (Lake lake = open()) {
            IngestReport.Accepted first = ingest(lake, "synthea-a", "a.json", Fixtures.bundle());
            IngestReport.Accepted second = ingest(lake, "synthea-b", "b.json", Fixtures.bundleWithoutTrustlakeId());
            assertThat(first.rawKey()).isNotEqualTo(second.rawKey());
            byte[] firstBytes = Files.readAllBytes(fileOf(first.rawKey()));
            byte[] secondBytes = Files.readAllBytes(fileOf(second.rawKey()));

            Files.delete(fileOf(first.rawKey()));
            byte[] corrupted = secondBytes.clone();
            CatalogEntry victim = lake.entries(second.patientId()).get(1);
            int at = (int) victim.raw().offset() + victim.raw().length() / 2;
            corrupted[at] ^= 0x5A;
            corrupted[at + 1] ^= 0x21;
            Files.write(fileOf(second.rawKey()), corrupted);

            ScrubReport report = lake.scrub(fetchers);

            assertThat(report.checked()).isEqualTo(2);
            assertThat(report.unrepairable()).isEmpty();
            assertThat(report.healthy()).isEmpty();
            assertThat(report.repaired())
                    .extracting(ScrubReport.Repaired::key, ScrubReport.Repaired::problem)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(first.rawKey(), ScrubReport.Problem.MISSING),
                            org.assertj.core.groups.Tuple.tuple(second.rawKey(), ScrubReport.Problem.CORRUPTED));
            assertThat(Files.readAllBytes(fileOf(first.rawKey()))).isEqualTo(firstBytes);
            assertThat(Files.readAllBytes(fileOf(second.rawKey()))).isEqualTo(secondBytes);
            for (String patientId : List.of(first.patientId(), second.patientId())) {
                byte[] raw = patientId.equals(first.patientId()) ? firstBytes : secondBytes;
                assertThat(lake.entries(patientId)).allSatisfy(entry -> assertThat(Hex.encode(Hashes.sha256(
                                raw, (int) entry.raw().offset(), entry.raw().length())))
                        .isEqualTo(entry.sha256()));
            }
            assertThat(lake.select(second.patientId(), java.util.Set.of("conditions", "mental-health")))
                    .isNotEmpty();
            assertThat(lake.scrub(fetchers).healthy()).hasSize(2);
        }
    }

    @Test
    void aCorruptedObjectIsRepairedFromTheResourcesWhenTheWholeDeliveryChanged() throws Exception {
        try (Lake lake = open()) {
            IngestReport.Accepted accepted = ingest(lake, "synthea-a", "a.json", Fixtures.bundle());
            byte[] original = Files.readAllBytes(fileOf(accepted.rawKey()));
            CatalogEntry victim = lake.entries(accepted.patientId()).get(0);
            byte[] corrupted = original.clone();
            corrupted[(int) victim.raw().offset() + 3] ^= 0x01;
            Files.write(fileOf(accepted.rawKey()), corrupted);
            // The file gains a trailing newline: the delivery's hash changes, each resource is unchanged.
            Files.write(sources.resolve("a.json"), (Fixtures.bundleText() + "\n").getBytes(StandardCharsets.UTF_8));

            ScrubReport report = lake.scrub(fetchers);

            assertThat(report.repaired())
                    .singleElement()
                    .extracting(ScrubReport.Repaired::problem)
                    .isEqualTo(ScrubReport.Problem.CORRUPTED);
            assertThat(Files.readAllBytes(fileOf(accepted.rawKey()))).isEqualTo(original);
        }
    }

    @Test
    void aChangedSourceIsReportedAndTheRawZoneIsLeftAlone() throws Exception {
        try (Lake lake = open()) {
            IngestReport.Accepted accepted = ingest(lake, "synthea-a", "a.json", Fixtures.bundle());
            CatalogEntry patient = entryOfType(lake, accepted, "Patient");
            byte[] corrupted = Files.readAllBytes(fileOf(accepted.rawKey()));
            corrupted[(int) patient.raw().offset() + 5] ^= 0x7F;
            Files.write(fileOf(accepted.rawKey()), corrupted);
            Files.writeString(sources.resolve("a.json"), changedGender());
            int putsBefore = store.puts.get();

            ScrubReport report = lake.scrub(fetchers);

            assertThat(report.allGood()).isFalse();
            assertThat(report.unrepairable()).singleElement().satisfies(broken -> {
                assertThat(broken.key()).isEqualTo(accepted.rawKey());
                assertThat(broken.problem()).isEqualTo(ScrubReport.Problem.CORRUPTED);
                assertThat(broken.reason())
                        .isEqualTo("Patient/" + patient.lineage().sourceResourceId() + " from synthea-a ("
                                + sources.resolve("a.json").toAbsolutePath().normalize()
                                + ") has changed at the source since it was ingested (its SHA-256 differs)");
            });
            assertThat(store.puts.get()).isEqualTo(putsBefore);
            assertThat(Files.readAllBytes(fileOf(accepted.rawKey()))).isEqualTo(corrupted);
        }
    }

    @Test
    void aMissingObjectWhoseSourceChangedIsReportedAndNotRewritten() throws Exception {
        try (Lake lake = open()) {
            IngestReport.Accepted accepted = ingest(lake, "synthea-a", "a.json", Fixtures.bundle());
            Files.delete(fileOf(accepted.rawKey()));
            Files.writeString(sources.resolve("a.json"), changedGender());
            int putsBefore = store.puts.get();

            ScrubReport report = lake.scrub(fetchers);

            assertThat(report.unrepairable()).singleElement().satisfies(broken -> {
                assertThat(broken.problem()).isEqualTo(ScrubReport.Problem.MISSING);
                assertThat(broken.reason()).startsWith("Patient/").contains("has changed at the source");
            });
            assertThat(store.puts.get()).isEqualTo(putsBefore);
            assertThat(Files.exists(fileOf(accepted.rawKey()))).isFalse();
        }
    }

    private static String changedGender() {
        String changed = Fixtures.bundleText().replace("\"gender\": \"female\"", "\"gender\": \"other\"");
        assertThat(changed).isNotEqualTo(Fixtures.bundleText());
        return changed;
    }

    private static CatalogEntry entryOfType(Lake lake, IngestReport.Accepted accepted, String type) {
        return lake.entries(accepted.patientId()).stream()
                .filter(entry -> entry.resourceType().equals(type))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aSourceThatIsGoneIsReported() throws Exception {
        try (Lake lake = open()) {
            IngestReport.Accepted accepted = ingest(lake, "synthea-a", "a.json", Fixtures.bundle());
            Files.delete(fileOf(accepted.rawKey()));
            Files.delete(sources.resolve("a.json"));

            ScrubReport report = lake.scrub(fetchers);

            assertThat(report.unrepairable()).singleElement().satisfies(broken -> {
                assertThat(broken.problem()).isEqualTo(ScrubReport.Problem.MISSING);
                assertThat(broken.reason()).contains("gone").contains("a.json");
            });
            assertThat(Files.exists(fileOf(accepted.rawKey()))).isFalse();
        }
    }

    @Test
    void aSourceWithoutAConnectorIsReported() throws Exception {
        try (Lake lake = open()) {
            IngestReport.Accepted accepted = ingest(lake, "synthea-a", "a.json", Fixtures.bundle());
            Files.delete(fileOf(accepted.rawKey()));

            ScrubReport report = lake.scrub(List.of());

            assertThat(report.unrepairable())
                    .singleElement()
                    .extracting(ScrubReport.Unrepairable::reason)
                    .asString()
                    .contains("no connector is configured for source system synthea-a");
        }
    }

    @Test
    void aCatalogThatDisagreesWithTheLedgerIsNotTrustedForRepair() throws Exception {
        try (Lake lake = open()) {
            IngestReport.Accepted accepted = ingest(lake, "synthea-a", "a.json", Fixtures.bundle());
            Files.delete(fileOf(accepted.rawKey()));

            ScrubReport distrusted = lake.scrub(fetchers, patientId -> Optional.of("00".repeat(32)));
            assertThat(distrusted.unrepairable())
                    .singleElement()
                    .extracting(ScrubReport.Unrepairable::reason)
                    .asString()
                    .contains("ledger");
            assertThat(Files.exists(fileOf(accepted.rawKey()))).isFalse();

            ScrubReport trusted = lake.scrub(fetchers, patientId -> Optional.of(accepted.dataHash()));
            assertThat(trusted.repaired()).hasSize(1);
            assertThat(Files.exists(fileOf(accepted.rawKey()))).isTrue();
        }
    }

    @Test
    void aFhirServerDeliveryIsRebuiltFromTheServer() throws Exception {
        try (TestFhirServer server = TestFhirServer.startWithFixture(4);
                Lake lake = open()) {
            FhirServerConnector connector = FhirServerConnector.open(
                    FhirServerConfig.of("hospital-fhir", server.baseUrl()).withTimeout(Duration.ofSeconds(10)),
                    LakeConfig.DEFAULT_MAX_BUNDLE_BYTES);
            IngestReport.Accepted accepted =
                    (IngestReport.Accepted) connector.ingestPatient(lake, Fixtures.SOURCE_PATIENT_ID);
            byte[] original = Files.readAllBytes(fileOf(accepted.rawKey()));

            Files.delete(fileOf(accepted.rawKey()));
            ScrubReport missing = lake.scrub(List.of(connector));

            assertThat(missing.unrepairable()).isEmpty();
            assertThat(missing.repaired())
                    .singleElement()
                    .extracting(ScrubReport.Repaired::problem)
                    .isEqualTo(ScrubReport.Problem.MISSING);
            assertThat(Files.readAllBytes(fileOf(accepted.rawKey()))).isEqualTo(original);

            byte[] truncated = java.util.Arrays.copyOf(original, original.length / 2);
            Files.write(fileOf(accepted.rawKey()), truncated);
            ScrubReport cut = lake.scrub(List.of(connector));

            assertThat(cut.repaired())
                    .singleElement()
                    .extracting(ScrubReport.Repaired::problem)
                    .isEqualTo(ScrubReport.Problem.CORRUPTED);
            assertThat(Files.readAllBytes(fileOf(accepted.rawKey()))).isEqualTo(original);
        }
    }

    @Test
    void aMissingAndADamagedReleaseCopyAreRebuiltFromTheRawZone() throws Exception {
        try (Lake lake = open()) {
            IngestReport.Accepted first = ingest(lake, "synthea-a", "a.json", Fixtures.bundle());
            IngestReport.Accepted second = ingest(lake, "synthea-b", "b.json", Fixtures.bundleWithoutTrustlakeId());
            java.util.Set<String> tags = java.util.Set.of("conditions", "mental-health", "demographics");
            List<String> firstRecord = Fixtures.texts(lake.select(first.patientId(), tags));
            List<String> secondRecord = Fixtures.texts(lake.select(second.patientId(), tags));
            ObjectKey firstCopy = Fixtures.copyKey(lake, first.patientId());
            ObjectKey secondCopy = Fixtures.copyKey(lake, second.patientId());
            byte[] secondCopyBytes = Files.readAllBytes(fileOf(secondCopy));

            Files.delete(fileOf(firstCopy));
            byte[] damaged = secondCopyBytes.clone();
            damaged[damaged.length / 2] ^= 0x5A;
            Files.write(fileOf(secondCopy), damaged);
            assertThat(Fixtures.texts(lake.select(first.patientId(), tags))).isEqualTo(firstRecord);
            assertThat(Fixtures.texts(lake.select(second.patientId(), tags))).isEqualTo(secondRecord);

            ScrubReport report = lake.scrub(fetchers);

            assertThat(report.healthy()).containsExactlyInAnyOrder(first.rawKey(), second.rawKey());
            assertThat(report.rebuiltCopies()).containsExactlyInAnyOrder(firstCopy, secondCopy);
            assertThat(fileOf(Fixtures.copyKey(lake, first.patientId()))).exists();
            assertThat(Files.readAllBytes(fileOf(Fixtures.copyKey(lake, second.patientId()))))
                    .isEqualTo(secondCopyBytes);
            assertThat(Fixtures.texts(lake.select(first.patientId(), tags))).isEqualTo(firstRecord);
            assertThat(Fixtures.texts(lake.select(second.patientId(), tags))).isEqualTo(secondRecord);
            assertThat(lake.scrub(fetchers).rebuiltCopies()).isEmpty();
        }
    }

    @Test
    void aCleanLakeIsLeftUntouched() throws Exception {
        try (Lake lake = open()) {
            IngestReport.Accepted first = ingest(lake, "synthea-a", "a.json", Fixtures.bundle());
            ingest(lake, "synthea-b", "b.json", Fixtures.bundleWithoutTrustlakeId());
            long modified = Files.getLastModifiedTime(fileOf(first.rawKey())).toMillis();
            int putsBefore = store.puts.get();
            int deletesBefore = store.deletes.get();

            ScrubReport report = lake.scrub(fetchers);

            assertThat(report.checked()).isEqualTo(2);
            assertThat(report.healthy()).hasSize(2);
            assertThat(report.repaired()).isEmpty();
            assertThat(report.allGood()).isTrue();
            assertThat(report.rebuiltCopies()).isEmpty();
            assertThat(store.puts.get()).isEqualTo(putsBefore);
            assertThat(store.deletes.get()).isEqualTo(deletesBefore);
            assertThat(Files.getLastModifiedTime(fileOf(first.rawKey())).toMillis())
                    .isEqualTo(modified);
        }
    }

    /** Counts writes so a test can prove the scrubber wrote nothing. */
    private static final class CountingStore implements ObjectStore {
        private final ObjectStore delegate;
        final AtomicInteger puts = new AtomicInteger();
        final AtomicInteger deletes = new AtomicInteger();

        CountingStore(ObjectStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public void put(ObjectKey key, byte[] content) {
            puts.incrementAndGet();
            delegate.put(key, content);
        }

        @Override
        public Optional<byte[]> get(ObjectKey key) {
            return delegate.get(key);
        }

        @Override
        public Optional<byte[]> read(ObjectKey key, long offset, int length) {
            return delegate.read(key, offset, length);
        }

        @Override
        public boolean delete(ObjectKey key) {
            deletes.incrementAndGet();
            return delegate.delete(key);
        }

        @Override
        public boolean exists(ObjectKey key) {
            return delegate.exists(key);
        }

        @Override
        public List<ObjectKey> list(String prefix) {
            return delegate.list(prefix);
        }
    }
}
