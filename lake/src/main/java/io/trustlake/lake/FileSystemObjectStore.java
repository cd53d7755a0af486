package io.trustlake.lake;

import io.trustlake.common.crypto.Randomness;
import io.trustlake.common.error.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An {@link ObjectStore} on a local directory: key {@code a/b/c} is the file {@code root/a/b/c}.
 *
 * <p>Writes go to a temporary file in the target directory (its name contains {@code ~}, which no
 * key may contain, so it never shows up in {@link #list}), which is fsynced, renamed over the
 * target with {@code ATOMIC_MOVE}, and then the directory is fsynced: a completed {@link #put}
 * survives a crash and readers never see a partial object. {@link #move} is an atomic rename.
 * Thread-safe; concurrent puts of one key leave one of the contents whole.
 */
public final class FileSystemObjectStore implements ObjectStore {
    private final Path root;

    private FileSystemObjectStore(Path root) {
        this.root = root;
    }

    /** Opens (creating if needed) a store rooted at {@code root}. */
    public static FileSystemObjectStore open(Path root) {
        try {
            Files.createDirectories(root);
            return new FileSystemObjectStore(root.toRealPath());
        } catch (IOException e) {
            throw failure("cannot open object store root", e);
        }
    }

    @Override
    public void put(ObjectKey key, byte[] content) {
        Path target = pathOf(key);
        try {
            Files.createDirectories(target.getParent());
            Path temporary = target.resolveSibling(target.getFileName() + "~" + Randomness.token(12));
            try {
                writeDurably(temporary, content);
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
            syncDirectory(target.getParent());
        } catch (IOException e) {
            throw failure("cannot write object " + key, e);
        }
    }

    @Override
    public Optional<byte[]> get(ObjectKey key) {
        try {
            return Optional.of(Files.readAllBytes(pathOf(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("cannot read object " + key, e);
        }
    }

    @Override
    public Optional<byte[]> read(ObjectKey key, long offset, int length) {
        try (FileChannel channel = FileChannel.open(pathOf(key), StandardOpenOption.READ)) {
            if (offset < 0 || length < 0 || offset + length > channel.size()) {
                return Optional.empty();
            }
            ByteBuffer buffer = ByteBuffer.allocate(length);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position()) < 0) {
                    return Optional.empty();
                }
            }
            return Optional.of(buffer.array());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("cannot read object " + key, e);
        }
    }

    @Override
    public boolean delete(ObjectKey key) {
        Path path = pathOf(key);
        try {
            boolean deleted = Files.deleteIfExists(path);
            if (deleted) {
                syncDirectory(path.getParent());
            }
            return deleted;
        } catch (IOException e) {
            throw failure("cannot delete object " + key, e);
        }
    }

    @Override
    public boolean exists(ObjectKey key) {
        return Files.isRegularFile(pathOf(key));
    }

    @Override
    public List<ObjectKey> list(String prefix) {
        if (!ObjectKey.isValidPrefix(prefix)) {
            throw new LakeException(ErrorCode.BAD_REQUEST, "invalid object key prefix");
        }
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(start)) {
            return files.filter(Files::isRegularFile)
                    .map(this::keyText)
                    .filter(text -> text.startsWith(prefix) && ObjectKey.isValid(text))
                    .sorted()
                    .map(ObjectKey::of)
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw failure("cannot list objects", e);
        }
    }

    @Override
    public boolean move(ObjectKey from, ObjectKey to) {
        Path source = pathOf(from);
        Path target = pathOf(to);
        try {
            Files.createDirectories(target.getParent());
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(target.getParent());
            syncDirectory(source.getParent());
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (AtomicMoveNotSupportedException e) {
            return ObjectStore.super.move(from, to);
        } catch (IOException e) {
            throw failure("cannot move object " + from + " to " + to, e);
        }
    }

    private Path pathOf(ObjectKey key) {
        Path path = root.resolve(key.value()).normalize();
        if (!path.startsWith(root)) {
            throw new LakeException(ErrorCode.BAD_REQUEST, "object key escapes the store root");
        }
        return path;
    }

    private String keyText(Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private static void writeDurably(Path file, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    private static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a directory for fsync; the rename is still atomic there.
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e;
            }
        }
    }

    private static LakeException failure(String message, Throwable cause) {
        return new LakeException(ErrorCode.STORAGE_FAILURE, message, cause);
    }
}
