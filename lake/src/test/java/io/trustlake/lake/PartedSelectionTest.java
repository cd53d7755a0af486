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
 * A record released in parts at once is the record released in one piece, and a record released
 * from the release copies is the record released from the raw zone: same resources, same order,
 * same bytes; and a damaged resource in any part still fails the whole selection.
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
            ObjectStore store = FileSystemObjectStore.open(config.objectsDirectory());
            RawZone raw = new RawZone(store);
            ReleaseCopies copies = new ReleaseCopies(store, TagMapping.defaults());
            ResourceSelection whole =
                    new ResourceSelection(catalog, raw, copies, TagMapping.defaults(), Integer.MAX_VALUE, 1);
            ResourceSelection parted = new ResourceSelection(catalog, raw, copies, TagMapping.defaults(), 3, 3);
            List<Set<String>> tagSets = List.of(TagMapping.defaultTags(), Set.of("conditions", "encounters"));
            List<List<String>> fromCopies = new java.util.ArrayList<>();
            for (Set<String> tags : tagSets) {
                List<TaggedResource> one = whole.select(patientId, tags);
                assertThat(one).hasSizeGreaterThan(10);
                assertThat(released(parted.select(patientId, tags))).containsExactlyElementsOf(released(one));
                fromCopies.add(released(one));
            }

            List<CatalogEntry> entries = catalog.entries(patientId);
            assertThat(entries.stream().filter(entry -> !entry.tags().isEmpty()))
                    .allSatisfy(entry -> assertThat(entry.copy()).isNotNull());
            catalog.rewrite(entries.stream().map(entry -> entry.withCopy(null)).toList());
            for (int i = 0; i < tagSets.size(); i++) {
                assertThat(released(whole.select(patientId, tagSets.get(i))))
                        .containsExactlyElementsOf(fromCopies.get(i));
                assertThat(released(parted.select(patientId, tagSets.get(i))))
                        .containsExactlyElementsOf(fromCopies.get(i));
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
        flipByte(
                config.objectsDirectory().resolve(last.raw().key().value()),
                last.raw().offset() + last.raw().length() / 2);
        flipByte(
                config.objectsDirectory().resolve(last.copy().key().value()),
                last.copy().offset() + last.copy().length() / 2);

        try (Catalog catalog = Catalog.open(config.catalogDirectory())) {
            ObjectStore store = FileSystemObjectStore.open(config.objectsDirectory());
            ResourceSelection parted = new ResourceSelection(
                    catalog,
                    new RawZone(store),
                    new ReleaseCopies(store, TagMapping.defaults()),
                    TagMapping.defaults(),
                    10,
                    3);
            assertThatThrownBy(() -> parted.select(patientId, TagMapping.defaultTags()))
                    .isInstanceOf(LakeException.class)
                    .satisfies(e -> assertThat(((LakeException) e).code()).isEqualTo(ErrorCode.TAMPERING_DETECTED));
        }
    }

    private static void flipByte(Path object, long at) throws java.io.IOException {
        byte[] bytes = Files.readAllBytes(object);
        bytes[Math.toIntExact(at)] ^= 0x01;
        Files.write(object, bytes);
    }
}
