package io.trustlake.synthetic;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.id.Ids;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits Synthea's per-patient FHIR bundles into the per-hospital source bundles of a demo
 * consortium, as if each hospital had treated the patient for part of their history.
 *
 * <p>Rules: every Synthea provider (an Encounter's {@code serviceProvider}) belongs to one hospital,
 * chosen by the SHA-256 of its identifier modulo the number of hospitals; a resource that names an
 * encounter goes to that encounter's hospital; a Medication follows the encounter it was first
 * prescribed in; every other resource (AllergyIntolerance, Device, SupplyDelivery, Provenance, ...)
 * goes to the patient's home hospital, the one with most of their encounters. Every hospital that
 * receives any of a patient's data, and the home hospital, also receives the Patient, enrolled under
 * one random Trustlake patient id (identifier system {@value #PATIENT_ID_SYSTEM}), as each
 * hospital's master patient index would have. References are kept verbatim, so a share may point at
 * resources another hospital holds (a CarePlan addressing a Condition diagnosed elsewhere).
 *
 * <p>Output: {@code <out>/<hospital>/<patientId>.json} (see {@link HospitalShares}), Synthea's
 * {@code hospitalInformation*} and {@code practitionerInformation*} bundles copied unchanged into
 * each hospital directory (they hold what the conditional references point to), and {@code
 * <out>/manifest.json} ({@link Manifest}). Apart from patient ids, output is a function of the input.
 * A split is idempotent and resumable: an existing manifest's patient ids are reused, shares are
 * renamed into place only when complete, the manifest is written last, and shares of patients not
 * in the new manifest are removed. Not safe for concurrent splits into the same directory.
 */
public final class ConsortiumSplitter {
    /** The identifier system of Trustlake patient ids on Patient resources. */
    public static final String PATIENT_ID_SYSTEM = "urn:trustlake:patient-id";

    private static final Logger LOG = LoggerFactory.getLogger(ConsortiumSplitter.class);
    private static final List<String> INFORMATION_PREFIXES = List.of("hospitalInformation", "practitionerInformation");

    private final HospitalAssignment assignment;

    /**
     * @param hospitalIds the consortium's hospital organisation ids, such as {@code hosp-es}; at least
     *     one, distinct, valid organisation ids
     */
    public ConsortiumSplitter(List<String> hospitalIds) {
        this.assignment = new HospitalAssignment(validated(hospitalIds));
    }

    public List<String> hospitals() {
        return assignment.hospitals();
    }

    /**
     * The hospital that a Synthea provider belongs to, given the Encounter's {@code
     * serviceProvider.reference} (conditional {@code Organization?identifier=system|value}, or any
     * other reference).
     */
    public String hospitalOfProvider(String serviceProviderReference) {
        return assignment.hospitalOf(EncounterLinks.providerKey(serviceProviderReference));
    }

    /**
     * Splits every patient bundle in {@code syntheaFhirDirectory} (Synthea's {@code fhir} output
     * directory) into {@code outputDirectory}, calling {@code progress} after each patient with the
     * patient id just written.
     *
     * @return the manifest, also written to {@code outputDirectory}
     * @throws SyntheticException INVALID_BUNDLE for a bundle that is not Synthea-shaped JSON;
     *     STORAGE_FAILURE on I/O errors or an unreadable existing manifest
     */
    public Manifest split(Path syntheaFhirDirectory, Path outputDirectory, Consumer<Progress> progress) {
        Path out = outputDirectory.toAbsolutePath().normalize();
        List<Path> inputs = regularFiles(syntheaFhirDirectory).stream()
                .filter(file -> file.getFileName().toString().endsWith(".json"))
                .toList();
        List<Path> patientFiles =
                inputs.stream().filter(file -> !isInformation(file)).toList();
        List<Path> informationFiles =
                inputs.stream().filter(ConsortiumSplitter::isInformation).toList();
        Map<String, String> knownIds =
                Manifest.readFrom(out).map(Manifest::patientIdsBySyntheaId).orElse(Map.of());
        prepareHospitalDirectories(out, informationFiles);
        List<ManifestPatient> patients = new ArrayList<>();
        for (Path file : patientFiles) {
            ManifestPatient patient = splitPatient(file, out, knownIds);
            patients.add(patient);
            progress.accept(new Progress(patients.size(), patientFiles.size(), patient.patientId()));
        }
        Manifest manifest = new Manifest(hospitals(), patients);
        removeStaleFiles(out, manifest, informationFiles);
        manifest.writeTo(out);
        LOG.info(
                "Split {} patients into {} hospitals in {}",
                patients.size(),
                hospitals().size(),
                out);
        return manifest;
    }

    private ManifestPatient splitPatient(Path file, Path out, Map<String, String> knownIds) {
        PatientIndex index = PatientIndex.of(file, assignment);
        String known = knownIds.get(index.syntheaId());
        String patientId = known == null ? Ids.newPatientId() : known;
        Map<String, Integer> counts;
        try (HospitalShares shares = new HospitalShares(out, patientId, index.patientEntryWith(patientId))) {
            shares.open(index.home());
            FhirJson.forEachEntry(file, entry -> {
                if (!PatientIndex.isPatient(entry)) {
                    shares.add(index.hospitalOf(entry), entry);
                }
            });
            counts = shares.commit();
        }
        return manifestEntry(patientId, index.syntheaId(), index.patient(), counts);
    }

    private ManifestPatient manifestEntry(
            String patientId, String syntheaId, JsonNode patient, Map<String, Integer> counts) {
        JsonNode name = officialName(patient);
        Map<String, Integer> ordered = new LinkedHashMap<>();
        hospitals().stream()
                .filter(counts::containsKey)
                .forEach(hospital -> ordered.put(hospital, counts.get(hospital)));
        return new ManifestPatient(
                patientId,
                syntheaId,
                FhirJson.text(name.path("given").path(0)),
                FhirJson.text(name, "family"),
                FhirJson.text(patient, "birthDate"),
                FhirJson.text(patient, "gender"),
                List.copyOf(ordered.keySet()),
                ordered);
    }

    private static JsonNode officialName(JsonNode patient) {
        for (JsonNode name : patient.path("name")) {
            if ("official".equals(FhirJson.text(name, "use"))) {
                return name;
            }
        }
        return patient.path("name").path(0);
    }

    private void prepareHospitalDirectories(Path out, List<Path> informationFiles) {
        try {
            for (String hospital : hospitals()) {
                Path directory = Files.createDirectories(out.resolve(hospital));
                for (Path file : informationFiles) {
                    Files.copy(file, directory.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw FileTrees.failure("cannot prepare the hospital directories in " + out, e);
        }
    }

    /**
     * Deletes shares of patients the manifest does not place at a hospital, unfinished shares, and
     * information bundles of an earlier Synthea run; never touches any other file.
     */
    private void removeStaleFiles(Path out, Manifest manifest, List<Path> informationFiles) {
        Set<String> information = new HashSet<>();
        informationFiles.forEach(file -> information.add(file.getFileName().toString()));
        for (String hospital : hospitals()) {
            Set<String> expected = new HashSet<>(information);
            manifest.patients().stream()
                    .filter(patient -> patient.hospitals().contains(hospital))
                    .forEach(patient -> expected.add(HospitalShares.fileName(patient.patientId())));
            for (Path file : regularFiles(out.resolve(hospital))) {
                if (isOurs(file.getFileName().toString())
                        && !expected.contains(file.getFileName().toString())) {
                    FileTrees.deleteTree(file);
                }
            }
        }
    }

    private static boolean isOurs(String name) {
        if (name.startsWith(".") && name.endsWith(HospitalShares.PARTIAL_SUFFIX)) {
            return true;
        }
        if (INFORMATION_PREFIXES.stream().anyMatch(name::startsWith)) {
            return true;
        }
        return name.endsWith(".json") && Ids.isPatientId(name.substring(0, name.length() - ".json".length()));
    }

    /** The regular files in {@code directory}, sorted by name so that output order is deterministic. */
    private static List<Path> regularFiles(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw FileTrees.failure("cannot list " + directory, e);
        }
    }

    private static boolean isInformation(Path file) {
        String name = file.getFileName().toString();
        return INFORMATION_PREFIXES.stream().anyMatch(name::startsWith);
    }

    private static List<String> validated(List<String> hospitalIds) {
        if (hospitalIds.isEmpty() || new HashSet<>(hospitalIds).size() != hospitalIds.size()) {
            throw new SyntheticException(
                    ErrorCode.CONFIGURATION,
                    "a consortium needs at least one hospital, each listed once: " + hospitalIds);
        }
        hospitalIds.forEach(Ids::requireOrganisationId);
        return List.copyOf(hospitalIds);
    }
}
