package io.trustlake.synthetic;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A completed Synthea run.
 *
 * @param directory the run's output directory, holding the completion marker
 * @param fhirDirectory where the FHIR R4 bundles are: one per patient, plus {@code
 *     hospitalInformation*.json} and {@code practitionerInformation*.json}
 * @param reused whether an earlier run with the same parameters was reused instead of running Synthea
 */
public record SyntheaOutput(Path directory, Path fhirDirectory, boolean reused) {
    public SyntheaOutput {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(fhirDirectory, "fhirDirectory");
    }
}
