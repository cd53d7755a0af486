package io.trustlake.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustlake.common.crypto.Hashes;
import io.trustlake.common.crypto.Hex;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceFetcherTest {
    @TempDir
    Path root;

    @Test
    void aBundleFileResourceIsFetchedAgainByteForByte() throws Exception {
        Path sources = Files.createDirectories(root.resolve("sources"));
        Path file = Files.write(sources.resolve("patient.json"), Fixtures.bundle());
        BundleFileFetcher fetcher = new BundleFileFetcher("synthea", LakeConfig.DEFAULT_MAX_BUNDLE_BYTES);
        try (Lake lake = Fixtures.openLake(root.resolve("lake"))) {
            IngestReport.Accepted accepted = (IngestReport.Accepted) lake.ingestFile("synthea", file);

            assertThat(lake.entries(accepted.patientId())).isNotEmpty().allSatisfy(entry -> {
                SourceFetcher.Fetched fetched = fetcher.fetch(entry.resourceType(), entry.lineage());
                assertThat(fetched).isInstanceOf(SourceFetcher.Fetched.Found.class);
                byte[] json = ((SourceFetcher.Fetched.Found) fetched).json();
                assertThat(Hex.encode(Hashes.sha256(json))).isEqualTo(entry.sha256());
            });
            CatalogEntry any = lake.entries(accepted.patientId()).get(0);
            Files.delete(file);
            assertThat(fetcher.fetch(any.resourceType(), any.lineage()))
                    .isInstanceOf(SourceFetcher.Fetched.NotFound.class);
            assertThat(new BundleFileFetcher("other", 1).fetch(any.resourceType(), any.lineage()))
                    .isInstanceOf(SourceFetcher.Fetched.Unavailable.class);
        }
    }
}
