package io.trustlake.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheaCommandTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-15T10:00:00Z"), ZoneOffset.UTC);

    private final SyntheaConfig config = SyntheaConfig.defaults(
                    List.of(Path.of("/opt/synthea-lib/synthea-3.3.0.jar")), CLOCK)
            .withPopulation(25)
            .withSeed(7)
            .withYearsOfHistory(2)
            .withState("Texas")
            .withMaxHeap("2g");

    @Test
    void runsAppWithFixedSeedClinicianSeedAndReferenceDate() {
        List<String> command = SyntheaCommand.of(config, Path.of("/tmp/out"));

        assertThat(command.get(0)).isEqualTo(SyntheaConfig.currentJava().toString());
        assertThat(String.join(" ", command))
                .contains("-Xmx2g")
                .contains("-cp /opt/synthea-lib/synthea-3.3.0.jar App")
                .contains("-s 7 -cs 7 -p 25 -r 20260101")
                .contains("--exporter.baseDirectory=/tmp/out")
                .contains("--exporter.years_of_history=2");
        assertThat(command.get(command.size() - 1)).isEqualTo("Texas");
    }

    @Test
    void exportsFhirR4WithHospitalAndPractitionerBundlesOnly() {
        List<String> command = SyntheaCommand.of(config, Path.of("/tmp/out"));

        assertThat(command)
                .contains(
                        "--exporter.fhir.export=true",
                        "--exporter.hospital.fhir.export=true",
                        "--exporter.practitioner.fhir.export=true",
                        "--exporter.ccda.export=false",
                        "--exporter.csv.export=false",
                        "--exporter.text.export=false",
                        "--exporter.fhir_stu3.export=false",
                        "--exporter.fhir_dstu2.export=false");
        assertThat(command.stream().filter(arg -> arg.startsWith("--exporter.") && arg.endsWith("=true")))
                .containsExactlyInAnyOrder(
                        "--exporter.fhir.export=true",
                        "--exporter.fhir.transaction_bundle=true",
                        "--exporter.hospital.fhir.export=true",
                        "--exporter.practitioner.fhir.export=true");
    }

    @Test
    void defaultsKeepBundlesSmallAndReproducibleForAYear() {
        SyntheaConfig defaults = SyntheaConfig.defaults(List.of(Path.of("lib")), CLOCK);

        assertThat(defaults.yearsOfHistory()).isEqualTo(5);
        assertThat(defaults.state()).isEqualTo("Massachusetts");
        assertThat(defaults.maxHeap()).isEqualTo("1g");
        assertThat(defaults.referenceDate()).isEqualTo(LocalDate.of(2026, 1, 1));
        assertThat(defaults.javaExecutable()).isEqualTo(SyntheaConfig.currentJava());
    }

    @Test
    void directoriesOnTheClasspathBecomeWildcards() {
        Path directory = Path.of(System.getProperty("java.io.tmpdir"));
        String argument = SyntheaClasspath.argument(List.of(directory, Path.of("extra.jar")));

        assertThat(argument).isEqualTo(directory.resolve("*") + File.pathSeparator + "extra.jar");
    }
}
