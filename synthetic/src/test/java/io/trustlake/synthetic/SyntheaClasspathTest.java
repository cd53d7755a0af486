package io.trustlake.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheaClasspathTest {
    @TempDir
    Path temp;

    @Test
    void systemPropertyWinsOverEveryOtherPlace() throws IOException {
        Path named = syntheaLib(temp.resolve("named"));
        Path dist = distribution();

        assertThat(SyntheaClasspath.locate(
                        Optional.of(named.toString()), Optional.of(dist.resolve("lib/app.jar")), temp))
                .containsExactly(named);
    }

    @Test
    void propertyNamingADirectoryWithoutSyntheaFails() {
        assertThatThrownBy(() -> SyntheaClasspath.locate(Optional.of(temp.toString()), Optional.empty(), temp))
                .hasMessageContaining(SyntheaClasspath.LIB_PROPERTY)
                .hasMessageContaining("holds no synthea-VERSION.jar");
    }

    @Test
    void distributionLibIsFoundNextToTheDirectoryHoldingTheJar() throws IOException {
        Path dist = distribution();

        assertThat(SyntheaClasspath.locate(Optional.empty(), Optional.of(dist.resolve("lib/app.jar")), temp))
                .containsExactly(dist.resolve("synthea-lib"));
    }

    @Test
    void buildLibIsFoundNextToTheClassesDirectory() throws IOException {
        Path target = Files.createDirectories(temp.resolve("target/classes")).getParent();
        syntheaLib(target.resolve("synthea-lib"));

        assertThat(SyntheaClasspath.locate(
                        Optional.empty(), Optional.of(target.resolve("classes")), temp.resolve("elsewhere")))
                .containsExactly(target.resolve("synthea-lib"));
    }

    @Test
    void moduleBuildOutputUnderTheWorkingDirectoryIsTheLastResort() throws IOException {
        Path lib = syntheaLib(temp.resolve("synthetic/target/synthea-lib"));

        assertThat(SyntheaClasspath.locate(Optional.empty(), Optional.empty(), temp))
                .containsExactly(lib);
    }

    @Test
    void failureNamesEveryPlaceLookedAt() {
        assertThatThrownBy(
                        () -> SyntheaClasspath.locate(Optional.empty(), Optional.of(temp.resolve("lib/app.jar")), temp))
                .isInstanceOf(SyntheticException.class)
                .hasMessageContaining(temp.resolve("synthea-lib").toString())
                .hasMessageContaining(
                        temp.resolve("synthetic/target/synthea-lib").toString());
    }

    @Test
    void versionIsReadFromTheSyntheaJarName() throws IOException {
        Path lib = syntheaLib(temp.resolve("lib"));
        Files.createFile(lib.resolve("synthea-helper-1.0.jar"));

        assertThat(SyntheaClasspath.version(List.of(lib))).isEqualTo("3.3.0");
        assertThat(SyntheaClasspath.version(List.of(Path.of("/x/gson-2.9.0.jar"), Path.of("/x/synthea-3.4.1.jar"))))
                .isEqualTo("3.4.1");
    }

    private Path distribution() throws IOException {
        Path dist = temp.resolve("dist");
        Files.createDirectories(dist.resolve("lib"));
        Files.createFile(dist.resolve("lib/app.jar"));
        syntheaLib(dist.resolve("synthea-lib"));
        return dist;
    }

    private static Path syntheaLib(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.createFile(directory.resolve("synthea-3.3.0.jar"));
        Files.createFile(directory.resolve("gson-2.9.0.jar"));
        return directory;
    }
}
