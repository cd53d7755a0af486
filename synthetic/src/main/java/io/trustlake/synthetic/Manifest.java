package io.trustlake.synthetic;

import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The index of a split consortium, {@code <out>/manifest.json}: the hospitals and, per patient in
 * input order, where their data went. Written last, atomically: its presence means the split
 * finished, and its patient ids are reused by later splits of the same Synthea output.
 */
public record Manifest(List<String> hospitals, List<ManifestPatient> patients) {
    public static final String FILE_NAME = "manifest.json";

    public Manifest {
        hospitals = List.copyOf(hospitals);
        patients = List.copyOf(patients);
    }

    /**
     * The manifest in {@code directory}, if there is one.
     *
     * @throws SyntheticException STORAGE_FAILURE if it exists but cannot be read; deleting it makes
     *     the next split assign new patient ids
     */
    public static Optional<Manifest> readFrom(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.canonical().readValue(file.toFile(), Manifest.class));
        } catch (IOException | RuntimeException e) {
            throw new SyntheticException(ErrorCode.STORAGE_FAILURE, "unreadable manifest " + file, e);
        }
    }

    /** Writes this manifest to {@code directory}, replacing any earlier one atomically. */
    public void writeTo(Path directory) {
        Path partial = directory.resolve("." + FILE_NAME + HospitalShares.PARTIAL_SUFFIX);
        try {
            Files.write(
                    partial, Json.canonical().writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
        } catch (IOException e) {
            throw FileTrees.failure("cannot write " + partial, e);
        }
        FileTrees.moveReplacing(partial, directory.resolve(FILE_NAME));
    }

    /** Patient ids by Synthea Patient id. */
    public Map<String, String> patientIdsBySyntheaId() {
        return patients.stream()
                .collect(Collectors.toUnmodifiableMap(ManifestPatient::syntheaId, ManifestPatient::patientId));
    }

    /** The patient with this Trustlake id, if listed. */
    public Optional<ManifestPatient> patient(String patientId) {
        return patients.stream()
                .filter(patient -> patient.patientId().equals(patientId))
                .findFirst();
    }

    /** Patients by Trustlake id. */
    public Map<String, ManifestPatient> patientsById() {
        return patients.stream().collect(Collectors.toUnmodifiableMap(ManifestPatient::patientId, Function.identity()));
    }
}
