package io.trustlake.synthetic;

import io.trustlake.common.crypto.Randomness;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.files.DirectoryTrees;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** File-system helpers shared by the generator and the splitter. */
final class FileTrees {
    private FileTrees() {}

    static SyntheticException failure(String message, IOException cause) {
        return new SyntheticException(ErrorCode.STORAGE_FAILURE, message, cause);
    }

    /** A fresh, empty sibling of {@code target} whose name marks it as unfinished. */
    static Path createStagingSibling(Path target) {
        Path parent = target.toAbsolutePath().getParent();
        String name = "." + target.getFileName() + ".partial-" + Randomness.token(8);
        try {
            Files.createDirectories(parent);
            return Files.createDirectory(parent.resolve(name));
        } catch (IOException e) {
            throw failure("cannot create a staging directory next to " + target, e);
        }
    }

    /** Deletes a file or a directory tree; a missing path is not an error. */
    static void deleteTree(Path root) {
        try {
            DirectoryTrees.delete(root);
        } catch (IOException e) {
            throw new SyntheticException(ErrorCode.STORAGE_FAILURE, "cannot delete " + root, e);
        }
    }

    /** Moves {@code source} onto {@code target} atomically where the file system allows it. */
    static void moveReplacing(Path source, Path target) {
        try {
            try {
                Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw failure("cannot move " + source + " to " + target, e);
        }
    }

    static boolean isEmptyDirectory(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw failure("cannot list " + directory, e);
        }
    }
}
