package io.trustlake.lake;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustlake.common.crypto.Hashes;
import io.trustlake.common.crypto.Hex;
import io.trustlake.common.id.Ids;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Ingests one FHIR R4 bundle holding one patient's record (Synthea's output): validate fully, store
 * the bytes in the raw zone, then write every new or changed catalog entry in one atomic batch. A
 * rejected bundle leaves no trace in the raw zone or the catalog.
 *
 * <p>The patient's Trustlake id is the Patient's identifier of system {@value #PATIENT_ID_SYSTEM};
 * without one, the id linked earlier to the same source system and Patient id is reused, else a new
 * random id is assigned and linked. Thread-safe: parsing and tagging run concurrently, the
 * read-compare-write against the catalog is serialised.
 */
final class BundleIngestion {
    static final String PATIENT_ID_SYSTEM = "urn:trustlake:patient-id";

    private static final Pattern RESOURCE_TYPE = Pattern.compile("[A-Z][A-Za-z]{1,63}");
    private static final Pattern RESOURCE_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    private final Catalog catalog;
    private final RawZone raw;
    private final TagMapping mapping;
    private final Clock clock;
    private final long maxBundleBytes;

    BundleIngestion(Catalog catalog, RawZone raw, TagMapping mapping, Clock clock, long maxBundleBytes) {
        this.catalog = catalog;
        this.raw = raw;
        this.mapping = mapping;
        this.clock = clock;
        this.maxBundleBytes = maxBundleBytes;
    }

    IngestReport ingest(Source source, byte[] bundle) {
        if (bundle.length > maxBundleBytes) {
            return tooLarge(source, bundle.length, maxBundleBytes);
        }
        BundleScanner.Outcome outcome = BundleScanner.scan(bundle);
        if (outcome instanceof BundleScanner.Outcome.Unreadable unreadable) {
            return new IngestReport.Rejected(source, unreadable.reason(), unreadable.detail());
        }
        BundleScanner.Outcome.Scanned scanned = (BundleScanner.Outcome.Scanned) outcome;
        if (!scanned.resourceType().equals("Bundle")) {
            return new IngestReport.Rejected(source, RejectionReason.NOT_A_BUNDLE, "resourceType is not Bundle");
        }
        Validated validated = validate(scanned.entries());
        if (validated instanceof Invalid invalid) {
            return new IngestReport.Rejected(source, invalid.reason(), invalid.detail());
        }
        List<Draft> drafts = draft(bundle, scanned.entries());
        ObjectKey rawKey = raw.put(bundle);
        return store(source, (Valid) validated, drafts, rawKey);
    }

    static IngestReport.Rejected tooLarge(Source source, long size, long limit) {
        return new IngestReport.Rejected(
                source, RejectionReason.TOO_LARGE, "bundle has " + size + " bytes, the limit is " + limit);
    }

    private sealed interface Validated permits Valid, Invalid {}

    /** A valid bundle's Patient and its Trustlake id ("" when the bundle carries none). */
    private record Valid(ScannedEntry patient, String trustlakeId) implements Validated {}

    private record Invalid(RejectionReason reason, String detail) implements Validated {}

    private static Validated validate(List<ScannedEntry> entries) {
        Map<String, Integer> seen = new HashMap<>();
        List<ScannedEntry> patients = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            ScannedEntry entry = entries.get(i);
            if (!RESOURCE_TYPE.matcher(entry.resourceType()).matches()
                    || !RESOURCE_ID.matcher(entry.resourceId()).matches()) {
                return new Invalid(RejectionReason.INVALID_ENTRY, "entry " + i + " has no valid resourceType and id");
            }
            Integer earlier = seen.putIfAbsent(entry.resourceType() + "/" + entry.resourceId(), i);
            if (earlier != null) {
                return new Invalid(
                        RejectionReason.INVALID_ENTRY, "entries " + earlier + " and " + i + " are the same resource");
            }
            if (entry.resourceType().equals("Patient")) {
                patients.add(entry);
            }
        }
        if (patients.isEmpty()) {
            return new Invalid(RejectionReason.NO_PATIENT, "the bundle holds no Patient resource");
        }
        if (patients.size() > 1) {
            return new Invalid(
                    RejectionReason.MULTIPLE_PATIENTS, "the bundle holds " + patients.size() + " Patient resources");
        }
        return validatePatient(patients.get(0));
    }

    private static Validated validatePatient(ScannedEntry patient) {
        String trustlakeId = "";
        for (JsonNode identifier : patient.resource().path("identifier")) {
            if (PATIENT_ID_SYSTEM.equals(FhirJson.text(identifier, "system"))) {
                String value = FhirJson.text(identifier, "value");
                if (!Ids.isPatientId(value) || (!trustlakeId.isEmpty() && !trustlakeId.equals(value))) {
                    return new Invalid(
                            RejectionReason.INVALID_PATIENT_ID,
                            "the Patient's " + PATIENT_ID_SYSTEM + " identifier is malformed or ambiguous");
                }
                trustlakeId = value;
            }
        }
        return new Valid(patient, trustlakeId);
    }

    /** What a resource contributes before the patient id is known. */
    private record Draft(ScannedEntry entry, ResourceTags tags, String date, String sha256) {}

    private List<Draft> draft(byte[] bundle, List<ScannedEntry> entries) {
        List<Draft> drafts = new ArrayList<>(entries.size());
        for (ScannedEntry entry : entries) {
            String sha256 = Hex.encode(Hashes.sha256(bundle, entry.offset(), entry.length()));
            drafts.add(new Draft(entry, mapping.tag(entry.resource()), ResourceDates.of(entry.resource()), sha256));
        }
        return drafts;
    }

    private synchronized IngestReport store(Source source, Valid valid, List<Draft> drafts, ObjectKey rawKey) {
        String sourcePatientId = valid.patient().resourceId();
        String patientId = valid.trustlakeId().isEmpty()
                ? catalog.linkedPatient(source.system(), sourcePatientId).orElseGet(Ids::newPatientId)
                : valid.trustlakeId();
        Instant now = clock.instant();
        List<CatalogEntry> changed = new ArrayList<>();
        for (Draft draft : drafts) {
            CatalogEntry fresh = entry(patientId, source, draft, rawKey, now);
            String key = Catalog.resourceKey(patientId, source.system(), fresh.resourceType(), fresh.resourceId());
            catalog.entry(key)
                    .ifPresentOrElse(
                            existing -> {
                                if (!existing.sameContentAs(fresh)) {
                                    changed.add(fresh.withVersion(existing.version() + 1));
                                }
                            },
                            () -> changed.add(fresh));
        }
        catalog.write(new CatalogUpdate(patientId, source.system(), sourcePatientId, changed));
        String dataHash = PatientSummary.dataHash(catalog.entries(patientId));
        return new IngestReport.Accepted(source, patientId, drafts.size(), changed.size(), rawKey, dataHash);
    }

    private static CatalogEntry entry(String patientId, Source source, Draft draft, ObjectKey rawKey, Instant now) {
        ScannedEntry scanned = draft.entry();
        return new CatalogEntry(
                patientId,
                scanned.resourceType(),
                scanned.resourceId(),
                scanned.fullUrl(),
                List.copyOf(draft.tags().tags()),
                List.copyOf(draft.tags().securityLabels()),
                draft.date(),
                new RawSlice(rawKey, scanned.offset(), scanned.length()),
                draft.sha256(),
                new Lineage(source, scanned.resourceId(), now),
                1);
    }
}
