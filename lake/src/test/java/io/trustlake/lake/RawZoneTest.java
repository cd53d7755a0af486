package io.trustlake.lake;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.trustlake.common.crypto.Hashes;
import io.trustlake.common.crypto.Hex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawZoneTest {
    @TempDir
    Path root;

    @Test
    void storesContentUnderItsSha256() {
        RawZone raw = new RawZone(FileSystemObjectStore.open(root));
        byte[] content = "{\"resourceType\":\"Bundle\"}".getBytes(UTF_8);

        ObjectKey key = raw.put(content);

        assertThat(key.value()).isEqualTo("raw/" + Hex.encode(Hashes.sha256(content)));
        assertThat(raw.get(key)).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(content));
    }

    @Test
    void storingIdenticalContentTwiceIsANoOp() throws IOException {
        FileSystemObjectStore store = FileSystemObjectStore.open(root);
        RawZone raw = new RawZone(store);
        byte[] content = "same".getBytes(UTF_8);
        ObjectKey key = raw.put(content);
        Path file = root.resolve(key.value());
        FileTime past = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(file, past);

        ObjectKey again = raw.put(content);

        assertThat(again).isEqualTo(key);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(past);
        assertThat(store.list("raw/")).containsExactly(key);
    }

    @Test
    void differentContentGetsADifferentKey() {
        RawZone raw = new RawZone(FileSystemObjectStore.open(root));

        assertThat(raw.put("a".getBytes(UTF_8))).isNotEqualTo(raw.put("b".getBytes(UTF_8)));
    }
}
