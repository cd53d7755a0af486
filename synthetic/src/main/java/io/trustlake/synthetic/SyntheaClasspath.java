package io.trustlake.synthetic;

import io.trustlake.common.error.ErrorCode;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds Synthea's jars and reads their version. The build copies Synthea and its whole runtime into
 * {@code synthetic/target/synthea-lib}; a distribution ships them as {@code <dist>/synthea-lib} next
 * to {@code <dist>/lib}.
 */
public final class SyntheaClasspath {
    /** System property naming the directory that holds Synthea's jars; wins over every other place. */
    public static final String LIB_PROPERTY = "trustlake.synthea.lib";

    private static final Pattern SYNTHEA_JAR = Pattern.compile("synthea-([0-9][A-Za-z0-9.+_-]*)\\.jar");

    private SyntheaClasspath() {}

    /**
     * The directory holding Synthea's jars, as a one-element classpath: the directory named by
     * {@value #LIB_PROPERTY}, else {@code synthea-lib} next to the directory holding this class's jar
     * (or next to its classes directory), else {@code synthetic/target/synthea-lib} under the
     * working directory.
     *
     * @throws SyntheticException (CONFIGURATION) if the property names a directory without a Synthea
     *     jar, or no candidate holds one; the message lists every place looked at
     */
    public static List<Path> locate() {
        return locate(
                Optional.ofNullable(System.getProperty(LIB_PROPERTY)),
                codeSource(),
                Path.of("").toAbsolutePath());
    }

    static List<Path> locate(Optional<String> property, Optional<Path> codeSource, Path workingDirectory) {
        if (property.isPresent()) {
            Path directory = Path.of(property.get()).toAbsolutePath().normalize();
            if (holdsSynthea(directory)) {
                return List.of(directory);
            }
            throw new SyntheticException(
                    ErrorCode.CONFIGURATION,
                    LIB_PROPERTY + " names " + directory + ", which holds no synthea-VERSION.jar");
        }
        List<Path> candidates = new ArrayList<>();
        codeSource.map(SyntheaClasspath::besideCodeSource).ifPresent(candidates::add);
        candidates.add(workingDirectory.resolve("synthetic/target/synthea-lib"));
        for (Path candidate : candidates) {
            if (holdsSynthea(candidate)) {
                return List.of(candidate.toAbsolutePath().normalize());
            }
        }
        throw new SyntheticException(
                ErrorCode.CONFIGURATION,
                "Synthea's jars not found in " + candidates + "; build them with `mvn -pl synthetic package` or set -D"
                        + LIB_PROPERTY + "=DIR");
    }

    /**
     * The Synthea version of a classpath, read from the name of its {@code synthea-VERSION.jar}.
     *
     * @throws SyntheticException (CONFIGURATION) if no entry is or holds such a jar
     */
    public static String version(List<Path> classpath) {
        for (Path entry : classpath) {
            Optional<String> version = Files.isDirectory(entry) ? versionInDirectory(entry) : versionOf(entry);
            if (version.isPresent()) {
                return version.get();
            }
        }
        throw new SyntheticException(
                ErrorCode.CONFIGURATION, "no synthea-VERSION.jar in the Synthea classpath " + classpath);
    }

    /** The {@code -cp} argument for a classpath: directories become {@code dir/*} wildcards. */
    public static String argument(List<Path> classpath) {
        return classpath.stream()
                .map(entry -> Files.isDirectory(entry) ? entry.resolve("*").toString() : entry.toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static boolean holdsSynthea(Path directory) {
        return Files.isDirectory(directory) && versionInDirectory(directory).isPresent();
    }

    private static Optional<String> versionInDirectory(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(SyntheaClasspath::versionOf)
                    .flatMap(Optional::stream)
                    .sorted()
                    .findFirst();
        } catch (IOException e) {
            throw new SyntheticException(ErrorCode.STORAGE_FAILURE, "cannot list " + directory, e);
        }
    }

    private static Optional<String> versionOf(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return Optional.empty();
        }
        Matcher matcher = SYNTHEA_JAR.matcher(name.toString());
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** {@code <dist>/lib/x.jar -> <dist>/synthea-lib}; {@code target/classes -> target/synthea-lib}. */
    private static Path besideCodeSource(Path codeSource) {
        Path holder = Files.isDirectory(codeSource) ? codeSource : codeSource.getParent();
        return holder == null ? codeSource.resolveSibling("synthea-lib") : holder.resolveSibling("synthea-lib");
    }

    private static Optional<Path> codeSource() {
        CodeSource source = SyntheaClasspath.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
