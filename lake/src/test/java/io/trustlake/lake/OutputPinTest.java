package io.trustlake.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustlake.common.crypto.Hashes;
import io.trustlake.common.crypto.Hex;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins what ingestion stores and what a record request releases for a real Synthea bundle, byte for
 * byte: the catalog entries (tags, labels, dates, byte ranges, hashes) and the assembled Bundle.
 * The digests were taken before ingestion and selection were made faster (streaming scan, release
 * form pass); a change to either that alters a single byte fails here.
 */
class OutputPinTest {
    private static final String CATALOG_DIGEST = "5b5987fc647817a8f94484b1904e702eaf1b8770e0feb28c0e6339685d32c0b2";
    private static final String BUNDLE_DIGEST = "5c1bbe94c294cd37bad373f213dadc66d8f219ee21078a2974a502b6fcc88137";
    private static final String REQUEST_ID = "abcdefghijkmnpqrstuvwxyz23";

    @TempDir
    Path root;

    @Test
    void catalogEntriesAndTheReleasedBundleAreAsBefore() {
        try (Lake lake = Fixtures.openLake(root)) {
            IngestReport report = lake.ingest(new Source("synthea", "real.json"), Fixtures.realSyntheaBundle());
            String patientId = ((IngestReport.Accepted) report).patientId();

            MessageDigest catalog = Hashes.sha256Digest();
            List<CatalogEntry> entries = lake.entries(patientId);
            assertThat(entries).hasSize(158);
            for (CatalogEntry entry : entries) {
                catalog.update(CatalogCodec.encode(new CatalogEntry(
                        Fixtures.PATIENT_ID,
                        entry.resourceType(),
                        entry.resourceId(),
                        entry.fullUrl(),
                        entry.tags(),
                        entry.securityLabels(),
                        entry.date(),
                        entry.raw(),
                        entry.sha256(),
                        entry.lineage(),
                        entry.version(),
                        null)));
            }
            List<TaggedResource> released = lake.select(patientId, TagMapping.defaultTags());
            AssembledRecord record = lake.assemble(
                    REQUEST_ID,
                    List.of(
                            new SourcePart("hospital-a", "Hospital A", released.subList(0, released.size() / 2)),
                            new SourcePart("hospital-b", "Hospital B", released)));

            String catalogDigest = Hex.encode(catalog.digest());
            assertThat(catalogDigest).isEqualTo(CATALOG_DIGEST);
            assertThat(Hex.encode(Hashes.sha256(record.bytes()))).isEqualTo(BUNDLE_DIGEST);
        }
    }
}
