package io.trustlake.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustlake.common.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class SyntheaGeneratorTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-15T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path temp;

    private Path lib;
    private Path output;

    @BeforeEach
    void fakeSyntheaLib() throws IOException {
        lib = Files.createDirectories(temp.resolve("synthea-lib"));
        Files.createFile(lib.resolve("synthea-3.3.0.jar"));
        output = temp.resolve("runs").resolve("population");
    }

    @Test
    void successfulRunIsPublishedWithItsMarkerAndReportsLivingPatients() throws IOException {
        FakeJava java = FakeJava.succeeding(temp.resolve("bin"));
        List<Progress> reports = new ArrayList<>();

        SyntheaOutput result = generator(java, 1).generate(output, reports::add);

        assertThat(result.reused()).isFalse();
        assertThat(result.fhirDirectory()).isEqualTo(output.resolve("fhir"));
        assertThat(result.fhirDirectory().resolve("Fake1_Person1_x.json")).isRegularFile();
        assertThat(output.resolve(RunParameters.MARKER_FILE)).isRegularFile();
        assertThat(reports).extracting(Progress::done).containsExactly(0, 0, 1);
        assertThat(reports).extracting(Progress::total).containsOnly(1);
        assertThat(reports.get(2).message()).startsWith("1 -- Fake1 Person1");
        assertThat(siblingsOf(output)).containsExactly("population");
    }

    @Test
    void completedRunWithSameParametersIsReusedWithoutStartingSynthea() throws IOException {
        FakeJava java = FakeJava.succeeding(temp.resolve("bin"));
        generator(java, 1).generate(output, progress -> {});
        List<Progress> reports = new ArrayList<>();

        SyntheaOutput again = generator(java, 1).generate(output, reports::add);

        assertThat(again.reused()).isTrue();
        assertThat(java.invocations()).hasSize(1);
        assertThat(reports).isEmpty();
    }

    @Test
    void markerIsHonouredEvenIfTheJavaExecutableIsBroken() throws IOException {
        generator(FakeJava.succeeding(temp.resolve("bin")), 1).generate(output, progress -> {});
        FakeJava failing = FakeJava.exiting(temp.resolve("failing-bin"), 3);

        SyntheaOutput again = generator(failing, 1).generate(output, progress -> {});

        assertThat(again.reused()).isTrue();
        assertThat(failing.invocations()).isEmpty();
    }

    @Test
    void changedParametersRunSyntheaAgainAndReplaceTheEarlierRun() throws IOException {
        FakeJava java = FakeJava.succeeding(temp.resolve("bin"));
        generator(java, 1).generate(output, progress -> {});

        SyntheaOutput second = generator(java, 2).generate(output, progress -> {});

        assertThat(second.reused()).isFalse();
        assertThat(java.invocations()).hasSize(2);
        assertThat(java.invocations().get(1)).contains("-p 2");
        assertThat(Files.readString(output.resolve(RunParameters.MARKER_FILE))).contains("\"population\":2");
    }

    @Test
    void nonZeroExitFailsWithTheStatusAndLastOutputLinesAndLeavesNoMarker() throws IOException {
        FakeJava java = FakeJava.exiting(temp.resolve("bin"), 3);

        assertThatThrownBy(() -> generator(java, 1).generate(output, progress -> {}))
                .isInstanceOfSatisfying(
                        SyntheticException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
                .hasMessageContaining("Synthea exited with status 3")
                .hasMessageContaining("simulated failure")
                .hasMessageContaining("noise 25")
                .hasMessageNotContaining("noise 5\n");
        assertThat(output).doesNotExist();
        assertThat(siblingsOf(output)).isEmpty();
    }

    @Test
    void failedRerunKeepsTheEarlierCompletedRun() throws IOException {
        generator(FakeJava.succeeding(temp.resolve("bin")), 1).generate(output, progress -> {});

        assertThatThrownBy(() -> generator(FakeJava.exiting(temp.resolve("failing-bin"), 3), 2)
                        .generate(output, progress -> {}))
                .isInstanceOf(SyntheticException.class);

        assertThat(Files.readString(output.resolve(RunParameters.MARKER_FILE))).contains("\"population\":1");
        assertThat(siblingsOf(output)).containsExactly("population");
    }

    @Test
    void childOutlivingItsTimeoutIsKilledAndReported() throws IOException {
        FakeJava java = FakeJava.hanging(temp.resolve("bin"));
        SyntheaGenerator generator = new SyntheaGenerator(config(java, 1).withTimeout(Duration.ofMillis(500)));

        assertThatThrownBy(() -> generator.generate(output, progress -> {}))
                .isInstanceOf(SyntheticException.class)
                .hasMessageContaining("did not finish within PT0.5S")
                .hasMessageContaining("Running with options:");
        assertThat(output).doesNotExist();
    }

    @Test
    void refusesToReplaceADirectoryThatIsNotSyntheaOutput() throws IOException {
        Files.createDirectories(output);
        Files.writeString(output.resolve("precious.txt"), "keep me");
        FakeJava java = FakeJava.succeeding(temp.resolve("bin"));

        assertThatThrownBy(() -> generator(java, 1).generate(output, progress -> {}))
                .isInstanceOfSatisfying(
                        SyntheticException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION))
                .hasMessageContaining("not a Synthea output directory");
        assertThat(java.invocations()).isEmpty();
        assertThat(output.resolve("precious.txt")).hasContent("keep me");
    }

    @Test
    void missingJavaExecutableFailsAsAConfigurationError() throws IOException {
        SyntheaGenerator generator = new SyntheaGenerator(
                SyntheaConfig.defaults(List.of(lib), CLOCK).withJavaExecutable(temp.resolve("nope")));

        assertThatThrownBy(() -> generator.generate(output, progress -> {}))
                .isInstanceOfSatisfying(
                        SyntheticException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION))
                .hasMessageContaining("cannot start");
        assertThat(siblingsOf(output)).isEmpty();
    }

    @Test
    void classpathWithoutSyntheaJarFailsBeforeStartingAnything() throws IOException {
        FakeJava java = FakeJava.succeeding(temp.resolve("bin"));
        Path empty = Files.createDirectories(temp.resolve("empty-lib"));
        SyntheaGenerator generator = new SyntheaGenerator(
                SyntheaConfig.defaults(List.of(empty), CLOCK).withJavaExecutable(java.executable()));

        assertThatThrownBy(() -> generator.generate(output, progress -> {}))
                .hasMessageContaining("no synthea-VERSION.jar");
        assertThat(java.invocations()).isEmpty();
    }

    private SyntheaGenerator generator(FakeJava java, int population) {
        return new SyntheaGenerator(config(java, population));
    }

    private SyntheaConfig config(FakeJava java, int population) {
        return SyntheaConfig.defaults(List.of(lib), CLOCK)
                .withJavaExecutable(java.executable())
                .withPopulation(population)
                .withTimeout(Duration.ofSeconds(30));
    }

    private static List<String> siblingsOf(Path path) throws IOException {
        if (!Files.isDirectory(path.getParent())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(path.getParent())) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }
}
