package io.trustlake.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustlake.common.encoding.Json;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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
                3,
                null);
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
    void anEntryWithAReleaseCopySurvivesTheRoundTripAndADamagedOneIsRefused() {
        ObjectKey copyKey = ObjectKey.of("structured/" + "ef".repeat(32));
        CatalogEntry first =
                entry("2021", List.of("PSY")).withCopy(new ReleaseCopy(copyKey, 0, 400, 120, 90, "01".repeat(32)));
        CatalogEntry second =
                entry("2022", List.of()).withCopy(new ReleaseCopy(copyKey, 400, 300, 20, 60, "02".repeat(32)));
        CatalogCodec.Decoder decoder = new CatalogCodec.Decoder();

        CatalogEntry firstBack = decoder.decode(CatalogCodec.encode(first));
        CatalogEntry secondBack = decoder.decode(CatalogCodec.encode(second));

        assertThat(firstBack).isEqualTo(first);
        assertThat(secondBack).isEqualTo(second);
        assertThat(secondBack.copy().key()).isSameAs(firstBack.copy().key());
        assertThat(CatalogCodec.encode(entry("2021", List.of("PSY")))[0]).isEqualTo((byte) 1);
        byte[] stored = CatalogCodec.encode(first);
        assertThat(stored[0]).isEqualTo((byte) 2);
        for (byte[] damaged : List.of(
                java.util.Arrays.copyOf(stored, stored.length - 3),
                java.util.Arrays.copyOf(stored, stored.length + 1),
                withByte(stored, 0, 3))) {
            assertThatThrownBy(() -> new CatalogCodec.Decoder().decode(damaged))
                    .isInstanceOfSatisfying(LakeException.class, e -> assertThat(e.code())
                            .isEqualTo(io.trustlake.common.error.ErrorCode.TAMPERING_DETECTED));
        }
    }

    private static byte[] withByte(byte[] bytes, int at, int value) {
        byte[] copy = bytes.clone();
        copy[at] = (byte) value;
        return copy;
    }

    @Test
    void textOutsideAsciiIsStoredAsModifiedUtf8AndReadBack() throws IOException {
        CatalogEntry entry = new CatalogEntry(
                Fixtures.PATIENT_ID,
                "Condition",
                "a1b2c3d4-0003",
                "urn:uuid:é\u0000€😀",
                List.of("conditions"),
                List.of("PSY"),
                "2021",
                new RawSlice(ObjectKey.of("raw/" + "ab".repeat(32)), 1234, 567),
                "cd".repeat(32),
                new Lineage(new Source("synthea", "/data/Zoë Müller.json"), "x", Instant.EPOCH),
                1,
                null);

        byte[] stored = CatalogCodec.encode(entry);

        assertThat(stored).isEqualTo(dataOutputEncoding(entry));
        assertThat(new CatalogCodec.Decoder().decode(stored)).isEqualTo(entry);
        assertThat(CatalogCodec.encode(entry("2021", List.of("PSY"))))
                .isEqualTo(dataOutputEncoding(entry("2021", List.of("PSY"))));
    }

    /** The format as {@link DataOutputStream} writes it, field by field. */
    private static byte[] dataOutputEncoding(CatalogEntry entry) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeUTF(entry.patientId());
            out.writeUTF(entry.resourceType());
            out.writeUTF(entry.resourceId());
            out.writeUTF(entry.fullUrl());
            for (List<String> list : List.of(entry.tags(), entry.securityLabels())) {
                out.writeShort(list.size());
                for (String value : list) {
                    out.writeUTF(value);
                }
            }
            out.writeUTF(entry.date());
            out.writeUTF(entry.raw().key().value());
            out.writeLong(entry.raw().offset());
            out.writeInt(entry.raw().length());
            out.writeUTF(entry.sha256());
            out.writeUTF(entry.lineage().source().system());
            out.writeUTF(entry.lineage().source().name());
            out.writeUTF(entry.lineage().sourceResourceId());
            Instant fetchedAt = entry.lineage().fetchedAt();
            out.writeLong(fetchedAt.getEpochSecond());
            out.writeInt(fetchedAt.getNano());
            out.writeLong(entry.version());
        }
        return bytes.toByteArray();
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
