package io.trustlake.synthetic;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One patient of a split consortium. Demographics are copied from the Synthea Patient (official name
 * first; "" where absent) so that demos can find patients by name.
 *
 * @param patientId the Trustlake patient id the hospitals enrolled the patient under
 * @param syntheaId the Patient resource id in Synthea's output, which keeps {@code patientId} stable
 *     across re-runs
 * @param hospitals the hospitals holding a share, in consortium order
 * @param resourceCounts entries (Patient included) per hospital in {@code hospitals}
 */
public record ManifestPatient(
        String patientId,
        String syntheaId,
        String given,
        String family,
        String birthDate,
        String gender,
        List<String> hospitals,
        Map<String, Integer> resourceCounts) {
    public ManifestPatient {
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(syntheaId, "syntheaId");
        Objects.requireNonNull(given, "given");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(birthDate, "birthDate");
        Objects.requireNonNull(gender, "gender");
        hospitals = List.copyOf(hospitals);
        resourceCounts = Map.copyOf(resourceCounts);
    }
}
