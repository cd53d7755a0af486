package io.trustlake.lake;

import static io.trustlake.lake.Fixtures.PATIENT_ID;
import static io.trustlake.lake.Fixtures.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.id.Ids;
import io.trustlake.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Research extracts expire after the lake's time-to-live; what is left is only their tombstone. */
class ResearchExtractExpiryTest {
    private static final Duration TTL = Duration.ofHours(6);
    private static final String RESEARCHER = "research-se:dr.lindqvist";

    @TempDir
    Path root;

    private final MutableClock clock = new MutableClock(Fixtures.NOW);

    private Lake open() {
        LakeConfig config = LakeConfig.of(root, "hospital-a", KeyEncryptionKey.generate(), clock)
                .withExtractTimeToLive(TTL);
        return Lake.open(config, FileSystemObjectStore.open(config.objectsDirectory()), TagMapping.defaults());
    }

    private static ResearchExtracts.Manifest build(Lake lake, Zone zone, List<String> accessRequests) {
        return lake.extracts()
                .build(
                        new ResearchExtracts.Request(
                                Ids.newRequestId(), zone, RESEARCHER, "research-se", List.of(), accessRequests),
                        List.of(new ResearchExtracts.PatientRelease(PATIENT_ID, TagMapping.defaultTags())));
    }

    private List<ObjectKey> zoneKeys() {
        FileSystemObjectStore store = FileSystemObjectStore.open(root.resolve("objects"));
        return Stream.of("workspace/", "analytics/")
                .flatMap(prefix -> store.list(prefix).stream())
                .toList();
    }

    @Test
    void anExtractIsReadableUntilItsTimeToLiveEnds() {
        try (Lake lake = open()) {
            lake.ingest(SOURCE, Fixtures.bundle());
            ResearchExtracts.Manifest manifest = build(lake, Zone.WORKSPACE, List.of(Ids.newRequestId()));
            String file = manifest.files().get(0).name();

            assertThat(manifest.expiresAt()).isEqualTo(Fixtures.NOW.plus(TTL));
            clock.advance(TTL.minusSeconds(1));
            assertThat(lake.extracts().manifest(manifest.extractId())).contains(manifest);
            assertThat(lake.extracts().file(manifest.extractId(), file)).isPresent();
            assertThat(lake.extracts().expiredAt(manifest.extractId())).isEmpty();
            assertThat(lake.extracts().sweep(clock.instant())).isZero();

            clock.advance(Duration.ofSeconds(1));
            assertThat(lake.extracts().manifest(manifest.extractId())).isEmpty();
            assertThat(lake.extracts().manifests()).isEmpty();
            assertThat(lake.extracts().file(manifest.extractId(), file)).isEmpty();
            assertThat(lake.extracts().expiredAt(manifest.extractId())).contains(manifest.expiresAt());
        }
    }

    @Test
    void theSweeperDeletesExpiredExtractsAndKeepsOnlyATombstone() {
        try (Lake lake = open()) {
            lake.ingest(SOURCE, Fixtures.bundle());
            String usedEarly = Ids.newRequestId();
            ResearchExtracts.Manifest early = build(lake, Zone.ANALYTICS, List.of(usedEarly));
            clock.advance(Duration.ofHours(3));
            ResearchExtracts.Manifest late = build(lake, Zone.WORKSPACE, List.of(Ids.newRequestId()));
            clock.advance(Duration.ofHours(3));

            assertThat(lake.extracts().sweep(clock.instant())).isEqualTo(1);

            assertThat(zoneKeys())
                    .filteredOn(key -> key.value().contains(early.extractId()))
                    .extracting(ObjectKey::name)
                    .containsExactly(ResearchExtracts.ENDED);
            assertThat(lake.extracts().manifests()).containsExactly(late);
            assertThat(lake.extracts().expiredAt(early.extractId())).contains(early.expiresAt());
            assertThat(lake.extracts().usedAccessRequests()).contains(usedEarly);
            assertThat(lake.extracts().sweep(clock.instant())).isZero();

            clock.advance(Duration.ofHours(3));
            assertThat(lake.extracts().sweep(clock.instant())).isEqualTo(1);
            assertThat(zoneKeys()).extracting(ObjectKey::name).containsOnly(ResearchExtracts.ENDED);
            assertThat(lake.entries(PATIENT_ID)).isNotEmpty();
        }
    }

    @Test
    void aDeletedExtractIsGoneButItsAccessEntriesStayUsed() {
        try (Lake lake = open()) {
            lake.ingest(SOURCE, Fixtures.bundle());
            String access = Ids.newRequestId();
            ResearchExtracts.Manifest manifest = build(lake, Zone.WORKSPACE, List.of(access));

            assertThat(lake.extracts().delete(manifest.extractId())).isTrue();

            assertThat(lake.extracts().manifest(manifest.extractId())).isEmpty();
            assertThat(lake.extracts().expiredAt(manifest.extractId())).isEmpty();
            assertThat(lake.extracts().usedAccessRequests()).containsExactly(access);
            assertThat(lake.extracts().delete(manifest.extractId())).isFalse();
        }
    }

    @Test
    void anExtractTimeToLiveOutsideItsRangeIsAConfigurationError() {
        LakeConfig config = LakeConfig.of(root, "hospital-a", KeyEncryptionKey.generate(), clock);
        assertThatThrownBy(() -> config.withExtractTimeToLive(Duration.ofSeconds(59)))
                .isInstanceOfSatisfying(
                        LakeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION));
        assertThatThrownBy(() -> config.withExtractTimeToLive(Duration.ofDays(367)))
                .isInstanceOf(LakeException.class);
    }
}
