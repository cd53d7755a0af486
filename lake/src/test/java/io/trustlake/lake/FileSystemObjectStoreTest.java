package io.trustlake.lake;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemObjectStoreTest {
    @TempDir
    Path root;

    @Test
    void storesReadsAndDeletesObjects() {
        FileSystemObjectStore store = FileSystemObjectStore.open(root);
        ObjectKey key = ObjectKey.of("raw/abc");
        store.put(key, "hello".getBytes(UTF_8));

        assertThat(store.exists(key)).isTrue();
        assertThat(store.get(key))
                .hasValueSatisfying(bytes -> assertThat(bytes).asString(UTF_8).isEqualTo("hello"));
        assertThat(store.delete(key)).isTrue();
        assertThat(store.exists(key)).isFalse();
        assertThat(store.get(key)).isEmpty();
        assertThat(store.delete(key)).isFalse();
    }

    @Test
    void readsASliceAndRefusesOneBeyondTheEnd() {
        FileSystemObjectStore store = FileSystemObjectStore.open(root);
        ObjectKey key = ObjectKey.of("raw/slice");
        store.put(key, "0123456789".getBytes(UTF_8));

        assertThat(store.read(key, 3, 4))
                .hasValueSatisfying(bytes -> assertThat(bytes).asString(UTF_8).isEqualTo("3456"));
        assertThat(store.read(key, 8, 4)).isEmpty();
        assertThat(store.read(ObjectKey.of("raw/none"), 0, 1)).isEmpty();
    }

    @Test
    void overwritesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
        FileSystemObjectStore store = FileSystemObjectStore.open(root);
        ObjectKey key = ObjectKey.of("curated/r1");
        store.put(key, "first".getBytes(UTF_8));
        store.put(key, "second".getBytes(UTF_8));

        assertThat(store.get(key))
                .hasValueSatisfying(bytes -> assertThat(bytes).asString(UTF_8).isEqualTo("second"));
        try (var files = Files.list(root.resolve("curated"))) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("r1");
        }
    }

    @Test
    void listsKeysByPrefixInOrderAndIgnoresForeignFiles() throws IOException {
        FileSystemObjectStore store = FileSystemObjectStore.open(root);
        for (String key : new String[] {"raw/b", "raw/a", "curated/x", "consumer/y", "raw/sub/c"}) {
            store.put(ObjectKey.of(key), new byte[] {1});
        }
        Files.write(root.resolve("raw").resolve("half-written~tmp"), new byte[] {2});

        assertThat(store.list("raw/")).extracting(ObjectKey::value).containsExactly("raw/a", "raw/b", "raw/sub/c");
        assertThat(store.list("c")).extracting(ObjectKey::value).containsExactly("consumer/y", "curated/x");
        assertThat(store.list("")).hasSize(5);
        assertThat(store.list("nothing/")).isEmpty();
    }

    @Test
    void movesAnObjectToAnotherZone() {
        FileSystemObjectStore store = FileSystemObjectStore.open(root);
        store.put(Zone.CURATED.key("r1"), "sealed".getBytes(UTF_8));

        assertThat(store.move(Zone.CURATED.key("r1"), Zone.CONSUMER.key("r1"))).isTrue();
        assertThat(store.exists(Zone.CURATED.key("r1"))).isFalse();
        assertThat(store.get(Zone.CONSUMER.key("r1"))).isPresent();
        assertThat(store.move(Zone.CURATED.key("r1"), Zone.CONSUMER.key("r1"))).isFalse();
    }

    @Test
    void neverWritesOutsideItsRoot() throws IOException {
        Path inner = root.resolve("objects");
        FileSystemObjectStore store = FileSystemObjectStore.open(inner);
        store.put(ObjectKey.of("raw/..a"), new byte[] {1});

        try (var files = Files.list(root)) {
            assertThat(files).containsExactly(inner);
        }
    }
}
