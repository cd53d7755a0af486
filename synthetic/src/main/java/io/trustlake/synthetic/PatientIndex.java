package io.trustlake.synthetic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustlake.common.error.ErrorCode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the first pass over one patient's Synthea bundle learns: the Patient entry, which hospital
 * each encounter belongs to, which encounter each referenced Medication was prescribed in, and the
 * patient's home hospital (the one with most encounters; ties go to the hospital listed first; a
 * patient without encounters is assigned by the hash of the Patient id).
 */
final class PatientIndex {
    private final HospitalAssignment assignment;
    private final Map<String, String> hospitalByEncounter = new HashMap<>();
    private final Map<String, String> encounterByMedication = new HashMap<>();
    private final Map<String, Integer> encountersByHospital = new LinkedHashMap<>();
    private ObjectNode patientEntry;
    private String home = "";

    private PatientIndex(HospitalAssignment assignment) {
        this.assignment = assignment;
        assignment.hospitals().forEach(hospital -> encountersByHospital.put(hospital, 0));
    }

    /**
     * Reads {@code file} once.
     *
     * @throws SyntheticException INVALID_BUNDLE if the bundle does not hold exactly one Patient
     */
    static PatientIndex of(Path file, HospitalAssignment assignment) {
        PatientIndex index = new PatientIndex(assignment);
        FhirJson.forEachEntry(file, entry -> index.accept(file, entry));
        if (index.patientEntry == null) {
            throw new SyntheticException(ErrorCode.INVALID_BUNDLE, "bundle " + file.getFileName() + " has no Patient");
        }
        index.home = index.chooseHome();
        return index;
    }

    /** The Patient resource's id in Synthea's output (a UUID): the key that keeps patient ids stable. */
    String syntheaId() {
        return FhirJson.text(patient(), "id");
    }

    JsonNode patient() {
        return patientEntry.path("resource");
    }

    String home() {
        return home;
    }

    static boolean isPatient(JsonNode entry) {
        return "Patient".equals(FhirJson.text(entry, "resource", "resourceType"));
    }

    /**
     * The Patient entry as a hospital that enrolled the patient holds it: with the Trustlake patient
     * id added as an identifier (replacing any earlier one of that system), without the transaction
     * {@code request}.
     */
    ObjectNode patientEntryWith(String patientId) {
        ObjectNode entry = patientEntry.deepCopy();
        entry.remove("request");
        entry.remove("response");
        ArrayNode identifiers = ((ObjectNode) entry.path("resource")).withArrayProperty("identifier");
        for (int i = identifiers.size() - 1; i >= 0; i--) {
            if (ConsortiumSplitter.PATIENT_ID_SYSTEM.equals(FhirJson.text(identifiers.path(i), "system"))) {
                identifiers.remove(i);
            }
        }
        identifiers
                .addObject()
                .put("system", ConsortiumSplitter.PATIENT_ID_SYSTEM)
                .put("value", patientId);
        return entry;
    }

    /**
     * The hospital that holds {@code entry}: an Encounter's provider's hospital; for a resource that
     * names an encounter, that encounter's hospital; for a Medication, the hospital of the encounter it
     * was first prescribed or given in; otherwise the home hospital.
     */
    String hospitalOf(JsonNode entry) {
        JsonNode resource = entry.path("resource");
        Optional<String> encounter = "Encounter".equals(FhirJson.text(resource, "resourceType"))
                ? Optional.of(EncounterLinks.keysOf(entry).get(0))
                : EncounterLinks.encounterOf(resource).or(() -> prescribingEncounter(entry));
        return encounter.map(hospitalByEncounter::get).orElse(home);
    }

    private Optional<String> prescribingEncounter(JsonNode entry) {
        return EncounterLinks.keysOf(entry).stream()
                .map(encounterByMedication::get)
                .filter(Objects::nonNull)
                .findFirst();
    }

    private void accept(Path file, ObjectNode entry) {
        JsonNode resource = entry.path("resource");
        switch (FhirJson.text(resource, "resourceType")) {
            case "Patient" -> acceptPatient(file, entry);
            case "Encounter" -> acceptEncounter(entry);
            default ->
                EncounterLinks.medicationOf(resource).ifPresent(medication -> EncounterLinks.encounterOf(resource)
                        .ifPresent(encounter -> encounterByMedication.putIfAbsent(medication, encounter)));
        }
    }

    private void acceptPatient(Path file, ObjectNode entry) {
        if (patientEntry != null) {
            throw new SyntheticException(
                    ErrorCode.INVALID_BUNDLE, "bundle " + file.getFileName() + " has more than one Patient");
        }
        patientEntry = entry;
    }

    private void acceptEncounter(ObjectNode entry) {
        EncounterLinks.providerOf(entry.path("resource"))
                .map(assignment::hospitalOf)
                .ifPresent(hospital -> {
                    EncounterLinks.keysOf(entry).forEach(key -> hospitalByEncounter.put(key, hospital));
                    encountersByHospital.merge(hospital, 1, Integer::sum);
                });
    }

    private String chooseHome() {
        String best = "";
        int most = 0;
        for (Map.Entry<String, Integer> count : encountersByHospital.entrySet()) {
            if (count.getValue() > most) {
                best = count.getKey();
                most = count.getValue();
            }
        }
        return most > 0 ? best : assignment.hospitalOf("Patient/" + syntheaId());
    }
}
