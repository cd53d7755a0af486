package io.trustlake.lake;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.id.Ids;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveriesTest {
    private static final String DOCTOR = "hospital-a:dr-hopper";
    private static final byte[] RECORD =
            "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"name\":\"Ada Lovelace\"}".getBytes(UTF_8);
    private static final Instant NOW = Fixtures.NOW;
    private static final Instant EXPIRY = NOW.plus(Duration.ofHours(1));

    @TempDir
    Path root;

    @Test
    void aRecordIsDeliveredOnceThenReportedAsAlreadyDelivered() {
        try (Lake lake = Fixtures.openLake(root)) {
            String requestId = Ids.newRequestId();
            lake.deliveries().store(requestId, DOCTOR, RECORD, EXPIRY);

            TakeResult first = lake.deliveries().take(requestId, DOCTOR, NOW);
            TakeResult second = lake.deliveries().take(requestId, DOCTOR, NOW);

            assertThat(first)
                    .isInstanceOfSatisfying(TakeResult.Delivered.class, delivered -> assertThat(delivered.bytes())
                            .isEqualTo(RECORD));
            assertThat(second).isInstanceOf(TakeResult.AlreadyDelivered.class);
            assertThat(FileSystemObjectStore.open(root.resolve("objects")).list("consumer/"))
                    .isEmpty();
        }
    }

    @Test
    void theConsumerCiphertextHashIsReportedWhenStoredAndWhenDelivered() {
        try (Lake lake = Fixtures.openLake(root)) {
            String requestId = Ids.newRequestId();
            String stored = lake.deliveries().store(requestId, DOCTOR, RECORD, EXPIRY);
            byte[] ciphertext = FileSystemObjectStore.open(root.resolve("objects"))
                    .get(Zone.CONSUMER.key(requestId))
                    .orElseThrow();
            assertThat(stored)
                    .isEqualTo(io.trustlake.common.crypto.Hex.encode(
                            io.trustlake.common.crypto.Hashes.sha256(ciphertext)));
            assertThat(lake.deliveries().take(requestId, DOCTOR, NOW))
                    .isInstanceOfSatisfying(
                            TakeResult.Delivered.class, delivered -> assertThat(delivered.ciphertextSha256())
                                    .isEqualTo(stored));
        }
    }

    @Test
    void aDiscardedDeliveryIsNeverHandedOutAndLeavesNoConsumerObject() {
        try (Lake lake = Fixtures.openLake(root)) {
            String requestId = Ids.newRequestId();
            lake.deliveries().store(requestId, DOCTOR, RECORD, EXPIRY);
            lake.deliveries().discard(requestId);
            assertThat(FileSystemObjectStore.open(root.resolve("objects")).list("consumer/"))
                    .isEmpty();
            assertThat(lake.deliveries().take(requestId, DOCTOR, NOW)).isInstanceOf(TakeResult.Expired.class);
        }
    }

    @Test
    void anotherUserIsRefused() {
        try (Lake lake = Fixtures.openLake(root)) {
            String requestId = Ids.newRequestId();
            lake.deliveries().store(requestId, DOCTOR, RECORD, EXPIRY);

            assertThat(lake.deliveries().take(requestId, "hospital-a:dr-mallory", NOW))
                    .isInstanceOf(TakeResult.NotRecipient.class);
            assertThat(lake.deliveries().take(requestId, DOCTOR, NOW)).isInstanceOf(TakeResult.Delivered.class);
        }
    }

    @Test
    void anExpiredRecordIsRefusedAndDeleted() {
        try (Lake lake = Fixtures.openLake(root)) {
            String requestId = Ids.newRequestId();
            lake.deliveries().store(requestId, DOCTOR, RECORD, EXPIRY);

            assertThat(lake.deliveries().take(requestId, DOCTOR, EXPIRY)).isInstanceOf(TakeResult.Expired.class);
            assertThat(lake.deliveries().take(requestId, DOCTOR, NOW)).isInstanceOf(TakeResult.Expired.class);
            assertThat(FileSystemObjectStore.open(root.resolve("objects")).list("consumer/"))
                    .isEmpty();
        }
    }

    @Test
    void theSweeperRemovesExpiredConsumerObjectsNobodyCollectedAndKeepsLiveOnes() {
        try (Lake lake = Fixtures.openLake(root)) {
            String stale = Ids.newRequestId();
            String live = Ids.newRequestId();
            lake.deliveries().store(stale, DOCTOR, RECORD, NOW.plus(Duration.ofMinutes(5)));
            lake.deliveries().store(live, DOCTOR, RECORD, NOW.plus(Duration.ofMinutes(30)));

            int expired = lake.deliveries().sweep(NOW.plus(Duration.ofMinutes(10)));

            assertThat(expired).isEqualTo(1);
            assertThat(Files.exists(root.resolve("objects/consumer/" + stale))).isFalse();
            assertThat(Files.exists(root.resolve("objects/consumer/" + live))).isTrue();
            assertThat(lake.deliveries().take(stale, DOCTOR, NOW)).isInstanceOf(TakeResult.Expired.class);
            assertThat(lake.deliveries().take(live, DOCTOR, NOW)).isInstanceOf(TakeResult.Delivered.class);
            assertThat(lake.deliveries().sweep(NOW.plus(Duration.ofHours(1)))).isZero();
            assertThat(Files.exists(root.resolve("objects/consumer/" + live))).isFalse();
        }
    }

    @Test
    void anUnknownRequestIsNotFound() {
        try (Lake lake = Fixtures.openLake(root)) {
            assertThat(lake.deliveries().take(Ids.newRequestId(), DOCTOR, NOW)).isInstanceOf(TakeResult.NotFound.class);
            assertThat(lake.deliveries().take("../etc", DOCTOR, NOW)).isInstanceOf(TakeResult.NotFound.class);
        }
    }

    @Test
    void theStoredObjectIsCiphertextInTheConsumerZoneOnly() throws IOException {
        try (Lake lake = Fixtures.openLake(root)) {
            String requestId = Ids.newRequestId();
            lake.deliveries().store(requestId, DOCTOR, RECORD, EXPIRY);

            Path objects = root.resolve("objects");
            assertThat(Files.exists(objects.resolve("curated").resolve(requestId)))
                    .isFalse();
            byte[] onDisk = Files.readAllBytes(objects.resolve("consumer").resolve(requestId));
            assertThat(new String(onDisk, UTF_8)).doesNotContain("Lovelace").doesNotContain("Bundle");
            try (Stream<Path> files = Files.walk(root)) {
                assertThat(files.filter(Files::isRegularFile))
                        .allSatisfy(file -> assertThat(new String(Files.readAllBytes(file), UTF_8))
                                .doesNotContain("Ada Lovelace"));
            }
        }
    }

    @Test
    void tamperedCiphertextIsDetected() throws IOException {
        try (Lake lake = Fixtures.openLake(root)) {
            String requestId = Ids.newRequestId();
            lake.deliveries().store(requestId, DOCTOR, RECORD, EXPIRY);
            Path file = root.resolve("objects").resolve("consumer").resolve(requestId);
            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length / 2] ^= 1;
            Files.write(file, bytes);

            assertThatThrownBy(() -> lake.deliveries().take(requestId, DOCTOR, NOW))
                    .isInstanceOfSatisfying(
                            LakeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TAMPERING_DETECTED));
        }
    }

    @Test
    void aRequestIdCannotBeStoredTwice() {
        try (Lake lake = Fixtures.openLake(root)) {
            String requestId = Ids.newRequestId();
            lake.deliveries().store(requestId, DOCTOR, RECORD, EXPIRY);

            assertThatThrownBy(() -> lake.deliveries().store(requestId, DOCTOR, RECORD, EXPIRY))
                    .isInstanceOfSatisfying(
                            LakeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        }
    }

    @Test
    void aDeliveryCanOnlyBeOpenedWithTheKeyEncryptionKeyThatStoredIt() {
        LakeConfig config = Fixtures.config(root);
        String requestId = Ids.newRequestId();
        try (Lake lake = Lake.open(config)) {
            lake.deliveries().store(requestId, DOCTOR, RECORD, EXPIRY);
        }
        LakeConfig otherKey = new LakeConfig(
                config.root(),
                config.organisationId(),
                KeyEncryptionKey.generate(),
                config.maxBundleBytes(),
                config.clock(),
                config.extractTimeToLive());
        try (Lake lake = Lake.open(otherKey)) {
            assertThatThrownBy(() -> lake.deliveries().take(requestId, DOCTOR, NOW))
                    .isInstanceOfSatisfying(
                            LakeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TAMPERING_DETECTED));
        }
    }
}
