package io.trustlake.lake;

import static io.trustlake.lake.Fixtures.SOURCE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RejectionTest {
    @TempDir
    Path root;

    static Stream<Arguments> badBundles() {
        String good = Fixtures.bundleText();
        byte[] bytes = Fixtures.bundle();
        return Stream.of(
                Arguments.of("truncated", Arrays.copyOf(bytes, bytes.length / 2), RejectionReason.TRUNCATED_JSON),
                Arguments.of(
                        "malformed",
                        good.replaceFirst("\"type\": \"transaction\"", "\"type\": transaction")
                                .getBytes(UTF_8),
                        RejectionReason.MALFORMED_JSON),
                Arguments.of("empty", new byte[0], RejectionReason.MALFORMED_JSON),
                Arguments.of("trailing garbage", (good + "{}").getBytes(UTF_8), RejectionReason.MALFORMED_JSON),
                Arguments.of(
                        "duplicate key",
                        good.replaceFirst(
                                        "\"type\": \"transaction\",", "\"type\": \"transaction\", \"type\": \"batch\",")
                                .getBytes(UTF_8),
                        RejectionReason.MALFORMED_JSON),
                Arguments.of("array", "[1, 2]".getBytes(UTF_8), RejectionReason.NOT_A_BUNDLE),
                Arguments.of(
                        "not a bundle",
                        good.replaceFirst("\"resourceType\": \"Bundle\"", "\"resourceType\": \"Parameters\"")
                                .getBytes(UTF_8),
                        RejectionReason.NOT_A_BUNDLE),
                Arguments.of(
                        "no patient",
                        good.replace("\"resourceType\": \"Patient\"", "\"resourceType\": \"Person\"")
                                .getBytes(UTF_8),
                        RejectionReason.NO_PATIENT),
                Arguments.of(
                        "bad trustlake id",
                        good.replace("p-abcdefghijkmnpqrstuvwxyz23", "P-0").getBytes(UTF_8),
                        RejectionReason.INVALID_PATIENT_ID),
                Arguments.of(
                        "duplicate resource",
                        good.replace("a1b2c3d4-0002-4e5f-8a9b-0c1d2e3f4a51", "a1b2c3d4-0003-4e5f-8a9b-0c1d2e3f4a52")
                                .getBytes(UTF_8),
                        RejectionReason.INVALID_ENTRY),
                Arguments.of(
                        "resource without id",
                        good.replace("\"id\": \"a1b2c3d4-0004-4e5f-8a9b-0c1d2e3f4a53\",", "")
                                .getBytes(UTF_8),
                        RejectionReason.INVALID_ENTRY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBundles")
    void aBadBundleIsRejectedWithAPreciseReasonAndLeavesNothingBehind(
            String name, byte[] bundle, RejectionReason reason) {
        try (Lake lake = Fixtures.openLake(root)) {
            IngestReport report = lake.ingest(SOURCE, bundle);

            assertThat(report).isInstanceOfSatisfying(IngestReport.Rejected.class, rejected -> {
                assertThat(rejected.reason()).isEqualTo(reason);
                assertThat(rejected.detail()).isNotBlank().doesNotContain("Lovelace");
            });
            assertThat(lake.patients()).isEmpty();
            assertThat(FileSystemObjectStore.open(root.resolve("objects")).list(""))
                    .isEmpty();
        }
    }

    @Test
    void aBundleOverTheSizeLimitIsRejected() {
        try (Lake lake = Lake.open(Fixtures.config(root).withMaxBundleBytes(1024))) {
            IngestReport report = lake.ingest(SOURCE, Fixtures.bundle());

            assertThat(report)
                    .isInstanceOfSatisfying(IngestReport.Rejected.class, rejected -> assertThat(rejected.reason())
                            .isEqualTo(RejectionReason.TOO_LARGE));
            assertThat(lake.patients()).isEmpty();
        }
    }

    @Test
    void aDirectoryIngestLandsGoodFilesRejectsBadOnesAndSkipsOrganisationFiles() throws IOException {
        Path input = Files.createDirectory(root.resolve("input"));
        byte[] bundle = Fixtures.bundle();
        Files.write(input.resolve("a-truncated.json"), Arrays.copyOf(bundle, 500));
        Files.write(input.resolve("b-good.json"), bundle);
        Files.write(
                input.resolve("c-no-patient.json"),
                Fixtures.bundleText()
                        .replace("\"resourceType\": \"Patient\"", "\"resourceType\": \"Person\"")
                        .getBytes(UTF_8));
        Files.write(
                input.resolve("hospitalInformation1700000000000.json"),
                Fixtures.resource("hospitalInformation1700000000000.json"));
        Files.write(input.resolve("practitionerInformation1700000000000.json"), "{}".getBytes(UTF_8));
        Files.write(input.resolve("notes.txt"), "ignored".getBytes(UTF_8));
        try (Lake lake = Lake.open(Fixtures.config(root.resolve("lake")).withMaxBundleBytes(bundle.length))) {
            Files.write(input.resolve("d-oversized.json"), new byte[bundle.length + 1]);

            List<IngestReport> reports = lake.ingestDirectory("synthea", input);

            assertThat(reports).hasSize(6);
            assertThat(reports.get(0)).isInstanceOfSatisfying(IngestReport.Rejected.class, r -> assertThat(r.reason())
                    .isEqualTo(RejectionReason.TRUNCATED_JSON));
            assertThat(reports.get(1))
                    .isInstanceOfSatisfying(IngestReport.Accepted.class, a -> assertThat(a.patientId())
                            .isEqualTo(Fixtures.PATIENT_ID));
            assertThat(reports.get(2)).isInstanceOfSatisfying(IngestReport.Rejected.class, r -> assertThat(r.reason())
                    .isEqualTo(RejectionReason.NO_PATIENT));
            assertThat(reports.get(3)).isInstanceOfSatisfying(IngestReport.Rejected.class, r -> assertThat(r.reason())
                    .isEqualTo(RejectionReason.TOO_LARGE));
            assertThat(reports.subList(4, 6)).allSatisfy(r -> assertThat(r).isInstanceOf(IngestReport.Skipped.class));
            assertThat(reports.get(1).source().name()).endsWith("b-good.json");
            assertThat(lake.patients()).containsExactly(Fixtures.PATIENT_ID);
            assertThat(lake.entries(Fixtures.PATIENT_ID)).hasSize(12);
        }
    }
}
