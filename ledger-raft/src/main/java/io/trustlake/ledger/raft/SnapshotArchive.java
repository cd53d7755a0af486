package io.trustlake.ledger.raft;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A snapshot is one file, so that Ratis can ship it to a lagging peer: a zip of a block-log
 * checkpoint directory (flat; RocksDB checkpoints have no subdirectories). Zipped at the fastest
 * level: RocksDB compresses its table files already, and a snapshot is taken on the Raft apply
 * thread, which stops cutting blocks meanwhile.
 */
final class SnapshotArchive {
    private SnapshotArchive() {}

    /** Zips the files of {@code directory} into {@code target}, atomically (written aside, then moved). */
    static void pack(Path directory, Path target) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream out = Files.newOutputStream(temp);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(java.util.zip.Deflater.BEST_SPEED);
            for (Path file : files) {
                zip.putNextEntry(new ZipEntry(file.getFileName().toString()));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Unzips {@code archive} into the new directory {@code target}; refuses entries with paths. */
    static void unpack(Path archive, Path target) throws IOException {
        Files.createDirectories(target);
        try (InputStream in = Files.newInputStream(archive);
                ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                String name = entry.getName();
                if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
                    throw new IOException("unexpected entry in a snapshot archive");
                }
                Files.copy(zip, target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
