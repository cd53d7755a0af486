package io.trustlake.lake;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustlake.common.crypto.Hashes;
import io.trustlake.common.crypto.Hex;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.id.Ids;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    private final Catalog catalog;
    private final RawZone raw;
    private final ReleaseCopies copies;
    private final TagMapping mapping;
    private final Clock clock;
    private final long maxBundleBytes;

    BundleIngestion(
            Catalog catalog, RawZone raw, ReleaseCopies copies, TagMapping mapping, Clock clock, long maxBundleBytes) {
        this.catalog = catalog;
        this.raw = raw;
        this.copies = copies;
        this.mapping = mapping;
        this.clock = clock;
        this.maxBundleBytes = maxBundleBytes;
    }

    IngestReport ingest(Source source, byte[] bundle) {
        return commit(prepare(source, bundle));
    }

    /**
     * A bundle after {@link #prepare}: either refused (with its report) or validated, tagged and
     * stored in the raw zone, waiting for {@link #commit} to catalogue it. Holds no parsed trees.
     */
    sealed interface Prepared permits Ready, Refused {}

    private record Ready(
            Source source, String sourcePatientId, String trustlakeId, List<Draft> drafts, ObjectKey rawKey)
            implements Prepared {}

    private record Refused(IngestReport report) implements Prepared {}

    /**
     * Parses, validates and tags a bundle and writes its bytes to the raw zone and its release copies
     * to the structured zone (both content-addressed, so an abandoned preparation leaves only
     * unreferenced objects, never a catalog entry).
     * Runs concurrently with other preparations and commits.
     */
    Prepared prepare(Source source, byte[] bundle) {
        if (bundle.length > maxBundleBytes) {
            return new Refused(tooLarge(source, bundle.length, maxBundleBytes));
        }
        BundleScanner.Outcome outcome = BundleScanner.scan(bundle);
        if (outcome instanceof BundleScanner.Outcome.Unreadable unreadable) {
            return new Refused(new IngestReport.Rejected(source, unreadable.reason(), unreadable.detail()));
        }
        BundleScanner.Outcome.Scanned scanned = (BundleScanner.Outcome.Scanned) outcome;
        if (!scanned.resourceType().equals("Bundle")) {
            return new Refused(
                    new IngestReport.Rejected(source, RejectionReason.NOT_A_BUNDLE, "resourceType is not Bundle"));
        }
        Validated validated = validate(bundle, scanned.entries());
        if (validated instanceof Invalid invalid) {
            return new Refused(new IngestReport.Rejected(source, invalid.reason(), invalid.detail()));
        }
        Valid valid = (Valid) validated;
        List<Draft> drafts = draft(bundle, scanned.entries());
        ObjectKey rawKey = raw.put(bundle);
        return new Ready(source, valid.patient().resourceId(), valid.trustlakeId(), drafts, rawKey);
    }

    /** A preparation that ends in {@code report} without touching any zone. */
    Prepared refused(IngestReport report) {
        return new Refused(report);
    }

    /** Catalogues a prepared bundle in one atomic batch; commits are serialised. */
    IngestReport commit(Prepared prepared) {
        if (prepared instanceof Refused refused) {
            return refused.report();
        }
        Ready ready = (Ready) prepared;
        return store(ready.source(), ready.sourcePatientId(), ready.trustlakeId(), ready.drafts(), ready.rawKey());
    }

    static IngestReport.Rejected tooLarge(Source source, long size, long limit) {
        return new IngestReport.Rejected(
                source, RejectionReason.TOO_LARGE, "bundle has " + size + " bytes, the limit is " + limit);
    }

    private sealed interface Validated permits Valid, Invalid {}

    /** A valid bundle's Patient and its Trustlake id ("" when the bundle carries none). */
    private record Valid(ScannedEntry patient, String trustlakeId) implements Validated {}

    private record Invalid(RejectionReason reason, String detail) implements Validated {}

    private static Validated validate(byte[] bundle, List<ScannedEntry> entries) {
        Map<String, Integer> seen = new HashMap<>();
        List<ScannedEntry> patients = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            ScannedEntry entry = entries.get(i);
            if (!isResourceType(entry.resourceType()) || !isResourceId(entry.resourceId())) {
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
        return validatePatient(bundle, patients.get(0));
    }

    /** {@code [A-Z][A-Za-z]{1,63}}. */
    static boolean isResourceType(String type) {
        if (type.length() < 2 || type.length() > 64 || type.charAt(0) < 'A' || type.charAt(0) > 'Z') {
            return false;
        }
        for (int i = 1; i < type.length(); i++) {
            char c = type.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                return false;
            }
        }
        return true;
    }

    /** {@code [A-Za-z0-9\-.]{1,64}}, FHIR's id. */
    static boolean isResourceId(String id) {
        if (id.isEmpty() || id.length() > 64) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static Validated validatePatient(byte[] bundle, ScannedEntry patient) {
        String trustlakeId = "";
        JsonNode resource = readSlice(bundle, patient);
        for (JsonNode identifier : resource.path("identifier")) {
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

    /** The tree of a resource the scan already read once, so it is well-formed JSON. */
    private static JsonNode readSlice(byte[] bundle, ScannedEntry entry) {
        try {
            return FhirJson.SCAN_MAPPER.readTree(bundle, entry.offset(), entry.length());
        } catch (IOException e) {
            throw new LakeException(ErrorCode.INTERNAL, "a scanned resource cannot be read again", e);
        }
    }

    /** What a resource contributes before the patient id is known. */
    private record Draft(
            String resourceType,
            String resourceId,
            String fullUrl,
            int offset,
            int length,
            ResourceTags tags,
            String date,
            String sha256,
            ReleaseCopy copy) {}

    /**
     * Tags and hashes every resource and stores the release copies of the tagged ones in the
     * structured zone (unreferenced until {@link #commit} catalogues them).
     */
    private List<Draft> draft(byte[] bundle, List<ScannedEntry> entries) {
        List<ResourceTags> tags = new ArrayList<>(entries.size());
        List<ReleaseCopies.Stored> stored = new ArrayList<>(entries.size());
        for (ScannedEntry entry : entries) {
            ResourceTags tagged = mapping.tag(entry.facts());
            tags.add(tagged);
            stored.add(new ReleaseCopies.Stored(entry.offset(), entry.length(), tagged));
        }
        List<ReleaseCopy> made = copies.write(bundle, stored);
        List<Draft> drafts = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            ScannedEntry entry = entries.get(i);
            String sha256 = Hex.encode(Hashes.sha256(bundle, entry.offset(), entry.length()));
            drafts.add(new Draft(
                    entry.resourceType(),
                    entry.resourceId(),
                    entry.fullUrl(),
                    entry.offset(),
                    entry.length(),
                    tags.get(i),
                    entry.facts().date(),
                    sha256,
                    made.get(i)));
        }
        return drafts;
    }

    private synchronized IngestReport store(
            Source source, String sourcePatientId, String trustlakeId, List<Draft> drafts, ObjectKey rawKey) {
        String patientId = trustlakeId.isEmpty()
                ? catalog.linkedPatient(source.system(), sourcePatientId).orElseGet(Ids::newPatientId)
                : trustlakeId;
        Instant now = clock.instant();
        Map<String, CatalogEntry> current = new HashMap<>();
        for (CatalogEntry existing : catalog.entries(patientId)) {
            current.put(key(existing), existing);
        }
        List<CatalogEntry> changed = new ArrayList<>();
        for (Draft draft : drafts) {
            CatalogEntry fresh = entry(patientId, source, draft, rawKey, now);
            String key = key(fresh);
            CatalogEntry existing = current.get(key);
            if (existing == null || !existing.sameContentAs(fresh)) {
                CatalogEntry stored = existing == null ? fresh : fresh.withVersion(existing.version() + 1);
                changed.add(stored);
                current.put(key, stored);
            }
        }
        catalog.write(new CatalogUpdate(patientId, source.system(), sourcePatientId, changed));
        String dataHash = PatientSummary.dataHash(current.values());
        return new IngestReport.Accepted(source, patientId, drafts.size(), changed.size(), rawKey, dataHash);
    }

    private static String key(CatalogEntry entry) {
        return Catalog.resourceKey(
                entry.patientId(), entry.lineage().source().system(), entry.resourceType(), entry.resourceId());
    }

    private static CatalogEntry entry(String patientId, Source source, Draft draft, ObjectKey rawKey, Instant now) {
        return new CatalogEntry(
                patientId,
                draft.resourceType(),
                draft.resourceId(),
                draft.fullUrl(),
                List.copyOf(draft.tags().tags()),
                List.copyOf(draft.tags().securityLabels()),
                draft.date(),
                new RawSlice(rawKey, draft.offset(), draft.length()),
                draft.sha256(),
                new Lineage(source, draft.resourceId(), now),
                1,
                draft.copy());
    }
}
