package io.trustlake.lake;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link ObjectStoreContract} on a directory, plus what only a file system can get wrong. */
class FileSystemObjectStoreTest extends ObjectStoreContract {
    @TempDir
    Path root;

    @Override
    ObjectStore emptyStore() {
        return FileSystemObjectStore.open(root);
    }

    @Test
    void overwritesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
        FileSystemObjectStore store = FileSystemObjectStore.open(root);
        ObjectKey key = ObjectKey.of("curated/r1");
        store.put(key, "first".getBytes(UTF_8));
        store.put(key, "second".getBytes(UTF_8));

        try (var files = Files.list(root.resolve("curated"))) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("r1");
        }
    }

    @Test
    void listingIgnoresForeignFiles() throws IOException {
        FileSystemObjectStore store = FileSystemObjectStore.open(root);
        store.put(ObjectKey.of("raw/a"), new byte[] {1});
        Files.write(root.resolve("raw").resolve("half-written~tmp"), new byte[] {2});

        assertThat(store.list("raw/")).extracting(ObjectKey::value).containsExactly("raw/a");
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
