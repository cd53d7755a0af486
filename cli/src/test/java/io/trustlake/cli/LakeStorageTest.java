package io.trustlake.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.lake.FileSystemObjectStore;
import io.trustlake.lake.ObjectKey;
import io.trustlake.lake.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeStorageTest {
    private static final String NODE =
            """
            {"consortium": "c", "organisation": "hosp-a", "host": "127.0.0.1", "port": 8080,
             "raft": [{"id": "hosp-a", "address": "127.0.0.1:9080"}],
             "endpoints": {"hosp-a": "http://127.0.0.1:8080"}, "raftListenPort": 0 %s}
            """;

    @TempDir
    Path dir;

    @Test
    void aNodeWithoutLakeStorageKeepsItsObjectsOnTheFilesystem() throws IOException {
        NodeConfig node = NodeConfig.read(write(""));

        assertThat(node.lakeStorage()).isNull();
        ObjectStore store = node.lakeStorageOrDefault().open(dir.resolve("objects"), Map.<String, String>of()::get);
        assertThat(store).isInstanceOf(FileSystemObjectStore.class);
        store.put(ObjectKey.of("raw/a"), new byte[] {1});
        assertThat(dir.resolve("objects/raw/a")).exists();
    }

    @Test
    void readsS3Settings() throws IOException {
        NodeConfig node =
                NodeConfig.read(write(", \"lakeStorage\": {\"type\": \"s3\", \"endpoint\": \"https://s3.example.org\","
                        + " \"region\": \"eu-west-1\", \"bucket\": \"lake\", \"keyPrefix\": \"hosp-a/\"}"));

        assertThat(node.lakeStorageOrDefault())
                .isEqualTo(new LakeStorage("s3", "https://s3.example.org", "eu-west-1", "lake", "hosp-a/"));
    }

    @Test
    void refusesIncompleteS3SettingsWhenTheFileIsRead() throws IOException {
        assertRefused(", \"lakeStorage\": {\"type\": \"s3\", \"region\": \"eu-west-1\"}", "bucket is required");
        assertRefused(", \"lakeStorage\": {\"type\": \"s3\", \"bucket\": \"lake\"}", "region is required");
        assertRefused(
                ", \"lakeStorage\": {\"type\": \"s3\", \"bucket\": \"lake\", \"region\": \"r\", \"endpoint\": \"ftp://x\"}",
                "http:// or https://");
        assertRefused(", \"lakeStorage\": {\"type\": \"tape\"}", "\"filesystem\" or \"s3\"");
    }

    @Test
    void namesTheMissingCredentialVariablesBeforeConnecting() {
        LakeStorage s3 = new LakeStorage("s3", "http://127.0.0.1:1", "us-east-1", "lake", null);

        assertThatThrownBy(() -> s3.open(dir, Map.of(LakeStorage.ACCESS_KEY_VARIABLE, "id")::get))
                .isInstanceOfSatisfying(TrustlakeException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION);
                    assertThat(e.getMessage())
                            .contains(LakeStorage.ACCESS_KEY_VARIABLE)
                            .contains(LakeStorage.SECRET_KEY_VARIABLE);
                });
    }

    @Test
    void anUnreachableBucketStopsTheNodeWithAPlainMessage() {
        LakeStorage s3 = new LakeStorage("s3", "http://127.0.0.1:1", "us-east-1", "lake", null);
        Map<String, String> environment =
                Map.of(LakeStorage.ACCESS_KEY_VARIABLE, "id", LakeStorage.SECRET_KEY_VARIABLE, "very-secret");

        assertThatThrownBy(() -> s3.open(dir, environment::get)).isInstanceOfSatisfying(TrustlakeException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_FAILURE);
            assertThat(e.getMessage()).contains("cannot reach").doesNotContain("very-secret");
        });
    }

    private void assertRefused(String lakeStorage, String reason) throws IOException {
        Path file = write(lakeStorage);
        assertThatThrownBy(() -> NodeConfig.read(file)).isInstanceOfSatisfying(TrustlakeException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION);
            assertThat(e.getMessage()).startsWith("hosp-a.json: ").contains(reason);
        });
    }

    private Path write(String lakeStorage) throws IOException {
        Path file = dir.resolve("hosp-a.json");
        Files.writeString(file, NODE.formatted(lakeStorage));
        return file;
    }
}
