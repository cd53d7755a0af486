package io.trustlake.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustlake.common.id.Ids;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real Synthea from the jars the build copied into target/synthea-lib. */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class SyntheaGeneratorIT {
    private static final List<String> HOSPITALS = List.of("hosp-es", "hosp-nl");

    @TempDir
    Path temp;

    @Test
    void realSyntheaOutputIsGeneratedReusedAndSplitIntoEnrolledHospitalShares() throws IOException {
        SyntheaConfig config = SyntheaConfig.defaults(SyntheaClasspath.locate(), Clock.systemUTC())
                .withPopulation(2)
                .withSeed(42)
                .withYearsOfHistory(2)
                .withTimeout(Duration.ofMinutes(10));
        List<Progress> reports = new ArrayList<>();

        SyntheaOutput output = new SyntheaGenerator(config).generate(temp.resolve("synthea"), reports::add);

        List<Path> patientFiles = patientFiles(output.fhirDirectory());
        assertThat(patientFiles).hasSizeGreaterThanOrEqualTo(2);
        assertThat(fileNames(output.fhirDirectory())).anyMatch(name -> name.startsWith("hospitalInformation"));
        assertThat(reports.get(reports.size() - 1).done()).isEqualTo(2);
        assertThat(new SyntheaGenerator(config)
                        .generate(temp.resolve("synthea"), reports::add)
                        .reused())
                .isTrue();

        Manifest manifest = new ConsortiumSplitter(HOSPITALS)
                .split(output.fhirDirectory(), temp.resolve("consortium"), progress -> {});

        assertThat(manifest.patients()).hasSize(patientFiles.size());
        for (ManifestPatient patient : manifest.patients()) {
            assertThat(Ids.isPatientId(patient.patientId())).isTrue();
            for (String hospital : patient.hospitals()) {
                JsonNode enrolled = firstResource(
                        temp.resolve("consortium").resolve(hospital).resolve(patient.patientId() + ".json"));
                assertThat(enrolled.path("resourceType").asText()).isEqualTo("Patient");
                assertThat(enrolled.path("identifier").toString())
                        .contains("{\"system\":\"" + ConsortiumSplitter.PATIENT_ID_SYSTEM + "\",\"value\":\""
                                + patient.patientId() + "\"}");
            }
        }
        assertThat(sharedEntries(manifest) - patientCopies(manifest)).isEqualTo(entriesWithoutPatients(patientFiles));
    }

    private static long sharedEntries(Manifest manifest) {
        return manifest.patients().stream()
                .flatMap(patient -> patient.resourceCounts().values().stream())
                .mapToLong(Integer::longValue)
                .sum();
    }

    private static long patientCopies(Manifest manifest) {
        return manifest.patients().stream()
                .mapToLong(patient -> patient.hospitals().size())
                .sum();
    }

    private static long entriesWithoutPatients(List<Path> patientFiles) {
        AtomicLong entries = new AtomicLong();
        patientFiles.forEach(file -> FhirJson.forEachEntry(file, entry -> entries.incrementAndGet()));
        return entries.get() - patientFiles.size();
    }

    private static JsonNode firstResource(Path share) throws IOException {
        return FhirJson.MAPPER.readTree(share.toFile()).path("entry").path(0).path("resource");
    }

    private static List<Path> patientFiles(Path fhir) throws IOException {
        try (Stream<Path> files = Files.list(fhir)) {
            return files.filter(file -> !file.getFileName().toString().startsWith("hospitalInformation"))
                    .filter(file -> !file.getFileName().toString().startsWith("practitionerInformation"))
                    .sorted()
                    .toList();
        }
    }

    private static List<String> fileNames(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }
}
