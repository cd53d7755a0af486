package io.trustlake.common.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryTreesTest {
    @TempDir
    Path dir;

    @Test
    void deletesANestedTreeAndNothingBesideIt() throws IOException {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("a/b/c"));
        Files.writeString(root.resolve("a/file.txt"), "x");
        Files.writeString(root.resolve("a/b/c/deep.txt"), "y");
        Files.createDirectories(root.resolve("empty"));
        Path sibling = Files.writeString(dir.resolve("sibling.txt"), "keep");

        DirectoryTrees.delete(root);

        assertThat(root).doesNotExist();
        assertThat(sibling).hasContent("keep");
    }

    @Test
    void aMissingPathIsNotAnErrorAndASingleFileIsDeleted() throws IOException {
        DirectoryTrees.delete(dir.resolve("never-there"));
        Path file = Files.writeString(dir.resolve("one.txt"), "x");

        DirectoryTrees.delete(file);

        assertThat(file).doesNotExist();
    }

    @Test
    void aSymbolicLinkIsDeletedWithoutDeletingWhatItPointsTo() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path kept = Files.writeString(outside.resolve("kept.txt"), "keep");
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.createSymbolicLink(root.resolve("link"), outside);

        DirectoryTrees.delete(root);

        assertThat(root).doesNotExist();
        assertThat(kept).hasContent("keep");
    }
}
