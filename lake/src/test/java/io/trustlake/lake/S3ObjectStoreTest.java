package io.trustlake.lake;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.id.Ids;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The {@link ObjectStoreContract} against a real S3 service (s3proxy in a child JVM), plus what only
 * a networked store can get wrong: sign-in, missing buckets, key prefixes, an unreachable service.
 */
class S3ObjectStoreTest extends ObjectStoreContract {
    private static final String REGION = "us-east-1";
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static S3Proxy proxy;
    private static S3Client admin;
    private final List<S3ObjectStore> opened = new ArrayList<>();

    @BeforeAll
    static void startS3() throws IOException, InterruptedException {
        proxy = S3Proxy.start(Paths.get("target", "s3proxy-test"));
        admin = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(REGION))
                .endpointOverride(proxy.endpoint())
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3Proxy.ACCESS_KEY, S3Proxy.SECRET_KEY)))
                .build();
    }

    @AfterAll
    static void stopS3() {
        if (admin != null) {
            admin.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @AfterEach
    void closeStores() {
        opened.forEach(S3ObjectStore::close);
    }

    @Override
    ObjectStore emptyStore() {
        return open(newBucket(), "");
    }

    @Test
    void storesUnderItsKeyPrefixAndListsOnlyItsOwnObjects() {
        String bucket = newBucket();
        S3ObjectStore first = open(bucket, "node-a/");
        S3ObjectStore second = open(bucket, "node-b/");
        first.put(ObjectKey.of("raw/x"), "a".getBytes(UTF_8));
        second.put(ObjectKey.of("raw/x"), "b".getBytes(UTF_8));

        assertThat(first.list("")).extracting(ObjectKey::value).containsExactly("raw/x");
        assertThat(first.get(ObjectKey.of("raw/x")))
                .hasValueSatisfying(bytes -> assertThat(bytes).asString(UTF_8).isEqualTo("a"));
        assertThat(admin.listObjectsV2(request -> request.bucket(bucket)).contents())
                .extracting(object -> object.key())
                .containsExactly("node-a/raw/x", "node-b/raw/x");
    }

    @Test
    void listingSkipsObjectsWhoseNamesAreNotValidKeys() {
        String bucket = newBucket();
        S3ObjectStore store = open(bucket, "");
        store.put(ObjectKey.of("raw/good"), new byte[] {1});
        admin.putObject(request -> request.bucket(bucket).key("raw/with space"), RequestBody.fromBytes(new byte[] {2}));

        assertThat(store.list("raw/")).extracting(ObjectKey::value).containsExactly("raw/good");
    }

    @Test
    void refusesToOpenAMissingBucket() {
        assertThatThrownBy(
                        () -> S3ObjectStore.open(settings(proxy.endpoint(), "no-such-bucket", "", S3Proxy.SECRET_KEY)))
                .isInstanceOfSatisfying(LakeException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_FAILURE);
                    assertThat(e.getMessage()).contains("no-such-bucket").contains("does not exist");
                });
    }

    @Test
    void refusesToOpenWithAWrongSecretAndNeverPrintsIt() {
        String bucket = newBucket();
        assertThatThrownBy(() -> S3ObjectStore.open(settings(proxy.endpoint(), bucket, "", "wrong-secret-value")))
                .isInstanceOfSatisfying(LakeException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_FAILURE);
                    assertThat(e.getMessage()).contains(bucket).doesNotContain("wrong-secret-value");
                });
    }

    @Test
    void rejectsBadSettingsBeforeConnecting() {
        for (String prefix : new String[] {"../", "/abs/", "node", "a//"}) {
            assertThatThrownBy(() -> settings(proxy.endpoint(), "b", prefix, S3Proxy.SECRET_KEY))
                    .isInstanceOfSatisfying(
                            LakeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        }
        assertThatThrownBy(() -> settings(URI.create("ftp://127.0.0.1:1"), "b", "", S3Proxy.SECRET_KEY))
                .isInstanceOf(LakeException.class);
        assertThatThrownBy(() -> settings(proxy.endpoint(), " ", "", S3Proxy.SECRET_KEY))
                .isInstanceOf(LakeException.class);
        assertThat(settings(proxy.endpoint(), "b", "", S3Proxy.SECRET_KEY).toString())
                .doesNotContain(S3Proxy.SECRET_KEY);
    }

    @Test
    void refusesABadPrefixWithoutAnyNetworkCall() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            URI endpoint = URI.create("http://127.0.0.1:" + listener.getLocalPort());
            try (S3ObjectStore store =
                    S3ObjectStore.withoutBucketCheck(settings(endpoint, "b", "", S3Proxy.SECRET_KEY))) {
                assertThatThrownBy(() -> store.list("../raw/"))
                        .isInstanceOfSatisfying(
                                LakeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
                assertThatThrownBy(() -> store.get(ObjectKey.of("raw/../../etc")))
                        .isInstanceOfSatisfying(
                                LakeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
            }
            listener.setSoTimeout(300);
            assertThatThrownBy(listener::accept)
                    .as("no connection reached the S3 endpoint")
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void anUnreachableServiceIsAStorageFailureNotAMissingObject() {
        URI nobody = URI.create("http://127.0.0.1:" + S3Proxy.freePort());
        try (S3ObjectStore store = S3ObjectStore.withoutBucketCheck(settings(nobody, "b", "", S3Proxy.SECRET_KEY))) {
            for (Runnable call : List.<Runnable>of(
                    () -> store.get(ObjectKey.of("raw/a")),
                    () -> store.exists(ObjectKey.of("raw/a")),
                    () -> store.put(ObjectKey.of("raw/a"), new byte[] {1}),
                    () -> store.list("raw/"))) {
                assertThatThrownBy(call::run).isInstanceOfSatisfying(LakeException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.STORAGE_FAILURE));
            }
            assertThatThrownBy(() -> S3ObjectStore.open(settings(nobody, "b", "", S3Proxy.SECRET_KEY)))
                    .isInstanceOfSatisfying(
                            LakeException.class, e -> assertThat(e.getMessage()).contains("cannot reach"));
        }
    }

    @Test
    void theWholeLakeRunsOnS3(@TempDir Path catalogRoot) {
        String bucket = newBucket();
        try (Lake lake = Lake.open(Fixtures.config(catalogRoot), open(bucket, "hospital-a/"), TagMapping.defaults())) {
            lake.ingest(Fixtures.SOURCE, Fixtures.bundle());
            assertThat(lake.select(Fixtures.PATIENT_ID, Set.of("conditions", "demographics")))
                    .isNotEmpty();

            String requestId = Ids.newRequestId();
            byte[] record = "{\"resourceType\":\"Bundle\"}".getBytes(UTF_8);
            lake.deliveries().store(requestId, "hospital-a:dr-hopper", record, Fixtures.NOW.plus(Duration.ofHours(1)));
            assertThat(keysIn(bucket)).anyMatch(key -> key.startsWith("hospital-a/consumer/"));
            assertThat(lake.deliveries().take(requestId, "hospital-a:dr-hopper", Fixtures.NOW))
                    .isInstanceOfSatisfying(TakeResult.Delivered.class, delivered -> assertThat(delivered.bytes())
                            .isEqualTo(record));
        }
        assertThat(keysIn(bucket))
                .isNotEmpty()
                .allMatch(key -> key.startsWith("hospital-a/raw/") || key.startsWith("hospital-a/structured/"))
                .anyMatch(key -> key.startsWith("hospital-a/structured/"))
                .noneMatch(key -> key.startsWith("hospital-a/consumer/"));
        assertThat(catalogRoot.resolve("objects")).doesNotExist();
    }

    private static List<String> keysIn(String bucket) {
        return admin.listObjectsV2(request -> request.bucket(bucket)).contents().stream()
                .map(object -> object.key())
                .toList();
    }

    private S3ObjectStore open(String bucket, String prefix) {
        S3ObjectStore store = S3ObjectStore.open(settings(proxy.endpoint(), bucket, prefix, S3Proxy.SECRET_KEY));
        opened.add(store);
        return store;
    }

    private static String newBucket() {
        String bucket = "lake-" + BUCKETS.incrementAndGet();
        admin.createBucket(request -> request.bucket(bucket));
        return bucket;
    }

    private static S3ObjectStore.Settings settings(URI endpoint, String bucket, String prefix, String secret) {
        return new S3ObjectStore.Settings(Optional.of(endpoint), REGION, bucket, prefix, S3Proxy.ACCESS_KEY, secret);
    }
}
