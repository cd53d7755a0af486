package io.trustlake.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustlake.common.error.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record released in parts at once is the record released in one piece: same resources, same
 * order, same bytes; and a damaged resource in any part still fails the whole selection.
 */
class PartedSelectionTest {
    @TempDir
    Path root;

    private String ingestRealPatient() {
        try (Lake lake = Fixtures.openLake(root)) {
            IngestReport report = lake.ingest(new Source("synthea", "real.json"), Fixtures.realSyntheaBundle());
            return ((IngestReport.Accepted) report).patientId();
        }
    }

    private static List<String> released(List<TaggedResource> resources) {
        return resources.stream()
                .map(resource ->
                        resource.fullUrl() + " " + new String(resource.json(), java.nio.charset.StandardCharsets.UTF_8))
                .toList();
    }

    @Test
    void partsGiveTheSameRecordAsOnePiece() {
        String patientId = ingestRealPatient();
        LakeConfig config = Fixtures.config(root);
        try (Catalog catalog = Catalog.open(config.catalogDirectory())) {
            RawZone raw = new RawZone(FileSystemObjectStore.open(config.objectsDirectory()));
            ResourceSelection whole = new ResourceSelection(catalog, raw, TagMapping.defaults(), Integer.MAX_VALUE, 1);
            ResourceSelection parted = new ResourceSelection(catalog, raw, TagMapping.defaults(), 3, 3);
            for (Set<String> tags : List.of(TagMapping.defaultTags(), Set.of("conditions", "encounters"))) {
                List<TaggedResource> one = whole.select(patientId, tags);
                assertThat(one).hasSizeGreaterThan(10);
                assertThat(released(parted.select(patientId, tags))).containsExactlyElementsOf(released(one));
            }
        }
    }

    @Test
    void aDamagedResourceInTheLastPartFailsTheWholeSelection() throws Exception {
        String patientId = ingestRealPatient();
        LakeConfig config = Fixtures.config(root);
        CatalogEntry last;
        try (Lake lake = Lake.open(config)) {
            List<CatalogEntry> releasable = lake.entries(patientId).stream()
                    .filter(entry -> ResourceSelection.releasable(entry.tags(), TagMapping.defaultTags()))
                    .toList();
            last = releasable.get(releasable.size() - 1);
        }
        Path object = config.objectsDirectory().resolve(last.raw().key().value());
        byte[] bytes = Files.readAllBytes(object);
        bytes[Math.toIntExact(last.raw().offset() + last.raw().length() / 2)] ^= 0x01;
        Files.write(object, bytes);

        try (Catalog catalog = Catalog.open(config.catalogDirectory())) {
            ResourceSelection parted = new ResourceSelection(
                    catalog,
                    new RawZone(FileSystemObjectStore.open(config.objectsDirectory())),
                    TagMapping.defaults(),
                    10,
                    3);
            assertThatThrownBy(() -> parted.select(patientId, TagMapping.defaultTags()))
                    .isInstanceOf(LakeException.class)
                    .satisfies(e -> assertThat(((LakeException) e).code()).isEqualTo(ErrorCode.TAMPERING_DETECTED));
        }
    }
}
