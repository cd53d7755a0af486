package io.trustlake.lake;

import static io.trustlake.lake.Fixtures.PATIENT_ID;
import static io.trustlake.lake.Fixtures.SOURCE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelectionTest {
    @TempDir
    Path root;

    private static List<String> tagCodes(TaggedResource resource) {
        List<String> codes = new ArrayList<>();
        for (JsonNode tag : Json.tree(resource.json()).path("meta").path("tag")) {
            assertThat(tag.path("system").asText()).isEqualTo(TaggedResource.TAG_SYSTEM);
            codes.add(tag.path("code").asText());
        }
        return codes;
    }

    @Test
    void selectReturnsOnlyResourcesWhoseTagsAreAllAllowedWithMetaTagsSet() {
        try (Lake lake = Fixtures.openLake(root)) {
            lake.ingest(SOURCE, Fixtures.bundle());

            List<TaggedResource> released = lake.select(PATIENT_ID, Set.of("conditions", "demographics"));

            assertThat(released)
                    .extracting(TaggedResource::resourceType)
                    .containsExactlyInAnyOrder("Condition", "Patient");
            assertThat(released)
                    .allSatisfy(resource -> assertThat(tagCodes(resource)).containsExactlyElementsOf(resource.tags()));
            assertThat(released).extracting(TaggedResource::resourceId).doesNotContain(Fixtures.DEPRESSION_ID);
        }
    }

    @Test
    void aSensitiveResourceNeedsItsOverlayTagToo() {
        try (Lake lake = Fixtures.openLake(root)) {
            lake.ingest(SOURCE, Fixtures.bundle());

            List<TaggedResource> released = lake.select(PATIENT_ID, Set.of("conditions", "mental-health"));

            assertThat(released).hasSize(2);
            TaggedResource depression = released.stream()
                    .filter(resource -> resource.resourceId().equals(Fixtures.DEPRESSION_ID))
                    .findFirst()
                    .orElseThrow();
            assertThat(tagCodes(depression)).containsExactly("conditions", "mental-health");
            JsonNode security =
                    Json.tree(depression.json()).path("meta").path("security").get(0);
            assertThat(security.path("system").asText()).isEqualTo(TagMapping.SECURITY_SYSTEM);
            assertThat(security.path("code").asText()).isEqualTo("PSY");
            assertThat(depression.fullUrl()).isEqualTo("urn:uuid:" + Fixtures.DEPRESSION_ID);
        }
    }

    @Test
    void untaggedResourcesAreNeverReleased() {
        try (Lake lake = Fixtures.openLake(root)) {
            lake.ingest(SOURCE, Fixtures.bundle());

            List<TaggedResource> released = lake.select(PATIENT_ID, TagMapping.defaultTags());

            assertThat(released)
                    .hasSize(11)
                    .extracting(TaggedResource::resourceType)
                    .doesNotContain("Provenance");
            assertThat(lake.select(PATIENT_ID, Set.of())).isEmpty();
        }
    }

    @Test
    void releasedJsonKeepsTheSourceContentIncludingDecimalsAndMakesConditionalReferencesLogical() {
        try (Lake lake = Fixtures.openLake(root)) {
            lake.ingest(SOURCE, Fixtures.bundle());

            List<TaggedResource> released = lake.select(PATIENT_ID, Set.of("lab-results", "encounters"));

            String all = String.join(
                    "\n",
                    released.stream().map(r -> new String(r.json(), UTF_8)).toList());
            assertThat(all)
                    .contains("97.50")
                    .doesNotContain("?identifier=")
                    .contains("\"individual\":{\"type\":\"Practitioner\",\"identifier\":{\"system\":"
                            + "\"http://hl7.org/fhir/sid/us-npi\",\"value\":\"9999994397\"}")
                    .contains("urn:uuid:6f2c4b1e-8d3a-4c5e-9f1a-2b3c4d5e6f70");
        }
    }

    @Test
    void aResourceDamagedInBothItsRawObjectAndItsCopyIsDetectedOnSelect() throws IOException {
        try (Lake lake = Fixtures.openLake(root)) {
            IngestReport.Accepted accepted = (IngestReport.Accepted) lake.ingest(SOURCE, Fixtures.bundle());
            Path rawFile = root.resolve("objects").resolve(accepted.rawKey().value());
            Path copyFile = root.resolve("objects")
                    .resolve(Fixtures.copyKey(lake, PATIENT_ID).value());
            for (Path file : List.of(rawFile, copyFile)) {
                String text = Files.readString(file);
                assertThat(text).contains("Viral sinusitis");
                Files.writeString(file, text.replace("Viral sinusitis", "Viral sinusitiZ"));
            }

            assertThatThrownBy(() -> lake.select(PATIENT_ID, Set.of("conditions")))
                    .isInstanceOfSatisfying(
                            LakeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TAMPERING_DETECTED));
            assertThat(lake.select(PATIENT_ID, Set.of("demographics"))).hasSize(1);
        }
    }

    @Test
    void aDamagedOrMissingCopyIsReleasedFromTheRawZoneAndADamagedRawObjectFromTheCopy() throws IOException {
        try (Lake lake = Fixtures.openLake(root)) {
            IngestReport.Accepted accepted = (IngestReport.Accepted) lake.ingest(SOURCE, Fixtures.bundle());
            Set<String> tags = Set.of("conditions", "demographics", "mental-health");
            List<String> before = Fixtures.texts(lake.select(PATIENT_ID, tags));
            Path rawFile = root.resolve("objects").resolve(accepted.rawKey().value());
            Path copyFile = root.resolve("objects")
                    .resolve(Fixtures.copyKey(lake, PATIENT_ID).value());
            String raw = Files.readString(rawFile);
            String copy = Files.readString(copyFile);

            Files.writeString(copyFile, copy.replace("Viral sinusitis", "Viral sinusitiZ"));
            assertThat(Fixtures.texts(lake.select(PATIENT_ID, tags))).isEqualTo(before);
            Files.delete(copyFile);
            assertThat(Fixtures.texts(lake.select(PATIENT_ID, tags))).isEqualTo(before);

            Files.writeString(copyFile, copy);
            Files.writeString(rawFile, raw.replace("Viral sinusitis", "Viral sinusitiZ"));
            assertThat(Fixtures.texts(lake.select(PATIENT_ID, tags))).isEqualTo(before);
        }
    }

    @Test
    void aResourceMissingFromBothZonesIsAStorageFailure() throws IOException {
        try (Lake lake = Fixtures.openLake(root)) {
            IngestReport.Accepted accepted = (IngestReport.Accepted) lake.ingest(SOURCE, Fixtures.bundle());
            Files.delete(root.resolve("objects")
                    .resolve(Fixtures.copyKey(lake, PATIENT_ID).value()));
            Files.delete(root.resolve("objects").resolve(accepted.rawKey().value()));

            assertThatThrownBy(() -> lake.select(PATIENT_ID, Set.of("demographics")))
                    .isInstanceOfSatisfying(
                            LakeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_FAILURE));
        }
    }

    @Test
    void taggedResourcesFromAnotherOrganisationAreReadFromTheirMeta() {
        try (Lake lake = Fixtures.openLake(root)) {
            lake.ingest(SOURCE, Fixtures.bundle());
            TaggedResource local = lake.select(PATIENT_ID, Set.of("conditions", "mental-health"))
                    .get(1);

            TaggedResource remote = TaggedResource.parse(local.json());

            assertThat(remote.tags()).isEqualTo(local.tags());
            assertThat(remote.securityLabels()).isEqualTo(local.securityLabels());
            assertThat(remote.fullUrl()).isEqualTo(local.fullUrl());
            assertThat(remote.resourceType()).isEqualTo("Condition");
        }
    }

    @Test
    void aDigestMatchesOnlyTheHexThatSpellsIt() {
        byte[] digest = io.trustlake.common.crypto.Hashes.sha256("resource".getBytes(UTF_8));
        String hex = io.trustlake.common.crypto.Hex.encode(digest);

        assertThat(ResourceSelection.sameDigest(digest, hex)).isTrue();
        assertThat(ResourceSelection.sameDigest(digest, hex.toUpperCase(java.util.Locale.ROOT)))
                .isTrue();
        for (int i = 0; i < hex.length(); i++) {
            char changed = hex.charAt(i) == '0' ? '1' : '0';
            String other = hex.substring(0, i) + changed + hex.substring(i + 1);
            assertThat(ResourceSelection.sameDigest(digest, other)).isFalse();
        }
        assertThat(ResourceSelection.sameDigest(digest, hex.substring(2))).isFalse();
        assertThat(ResourceSelection.sameDigest(digest, hex.substring(2) + "zz"))
                .isFalse();
    }
}
