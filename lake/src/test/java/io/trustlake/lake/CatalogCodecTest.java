package io.trustlake.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustlake.common.encoding.Json;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogCodecTest {
    private static CatalogEntry entry(String date, List<String> labels) {
        return new CatalogEntry(
                Fixtures.PATIENT_ID,
                "Condition",
                "a1b2c3d4-0003-4e5f-8a9b-0c1d2e3f4a52",
                "urn:uuid:a1b2c3d4-0003-4e5f-8a9b-0c1d2e3f4a52",
                List.of("conditions", "mental-health"),
                labels,
                date,
                new RawSlice(ObjectKey.of("raw/" + "ab".repeat(32)), 1234, 567),
                "cd".repeat(32),
                new Lineage(Fixtures.SOURCE, "a1b2c3d4-0003", Instant.parse("2026-01-15T10:00:00.123456789Z")),
                3);
    }

    @Test
    void anEntrySurvivesTheRoundTrip() {
        CatalogEntry entry = entry("2021-05-04T09:15:00+02:00", List.of("PSY"));
        CatalogEntry empty = entry("", List.of());

        assertThat(new CatalogCodec.Decoder().decode(CatalogCodec.encode(entry)))
                .isEqualTo(entry);
        assertThat(new CatalogCodec.Decoder().decode(CatalogCodec.encode(empty)))
                .isEqualTo(empty);
    }

    @Test
    void entriesStoredAsJsonByEarlierVersionsAreStillRead() {
        CatalogEntry entry = entry("2021-05-04", List.of("PSY"));

        assertThat(new CatalogCodec.Decoder().decode(Json.encode(entry))).isEqualTo(entry);
    }

    @Test
    void aDamagedEntryIsReportedAsTampering() {
        byte[] stored = CatalogCodec.encode(entry("2021", List.of()));

        assertThatThrownBy(() -> new CatalogCodec.Decoder().decode(java.util.Arrays.copyOf(stored, 40)))
                .isInstanceOf(LakeException.class);
        assertThatThrownBy(() -> new CatalogCodec.Decoder().decode(new byte[] {9, 1, 2}))
                .isInstanceOf(LakeException.class);
    }
}
