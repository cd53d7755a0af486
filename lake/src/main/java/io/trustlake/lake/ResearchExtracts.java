package io.trustlake.lake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustlake.common.crypto.Hashes;
import io.trustlake.common.crypto.Hex;
import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.id.Ids;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * De-identified extracts in the workspace and analytics zones, made from the catalog and the raw
 * zone ({@link Deidentification}, {@link Pseudonyms}). Every object an extract writes goes through
 * a {@link ZoneStore} of its zone, so building, reading or deleting extracts can never change the
 * raw, curated or consumer zones or the catalog (which is only read).
 *
 * <ul>
 *   <li>workspace: {@code workspace/<extractId>/patient-<patientKey>.json}, one FHIR R4 {@code
 *       collection} Bundle per patient, references as {@code urn:uuid:} resolved by the entries'
 *       {@code fullUrl}s — for developers;
 *   <li>analytics: {@code analytics/<extractId>/<ResourceType>.ndjson}, one FHIR resource per line
 *       (the Bulk Data format that DuckDB, Spark and Trino read), references as {@code
 *       Type/<pseudonym>} — for statistics;
 *   <li>both: {@code <zone>/<extractId>/manifest.json} ({@link Manifest}), written last, so an
 *       extract without a manifest is incomplete and is never listed.
 * </ul>
 *
 * Which patients and tags go in is decided by the caller (who checks the patients' rules on the
 * ledger); this class only copies what it is told to. Thread-safe: extracts have distinct ids.
 */
public final class ResearchExtracts {
    static final String MANIFEST = "manifest.json";
    private static final Set<Zone> ZONES = Set.of(Zone.WORKSPACE, Zone.ANALYTICS);

    private final ObjectStore store;
    private final Catalog catalog;
    private final ResourceSelection selection;
    private final KeyEncryptionKey keyEncryptionKey;
    private final Clock clock;

    ResearchExtracts(
            ObjectStore store,
            Catalog catalog,
            ResourceSelection selection,
            KeyEncryptionKey keyEncryptionKey,
            Clock clock) {
        this.store = store;
        this.catalog = catalog;
        this.selection = selection;
        this.keyEncryptionKey = keyEncryptionKey;
        this.clock = clock;
    }

    /**
     * What to build.
     *
     * @param extractId a fresh request-style id ({@link Ids#newRequestId()})
     * @param zone {@link Zone#WORKSPACE} or {@link Zone#ANALYTICS}
     * @param requesterUserId who asked; the only user who may read it
     * @param organisation the requester's organisation: the scope of the pseudonyms
     * @param tags the tags asked for (empty: all that each patient allows)
     * @param accessRequests the ledger access-log entries (request ids) that authorise this extract
     */
    public record Request(
            String extractId,
            Zone zone,
            String requesterUserId,
            String organisation,
            List<String> tags,
            List<String> accessRequests) {
        public Request {
            tags = List.copyOf(tags);
            accessRequests = List.copyOf(accessRequests);
        }
    }

    /** One patient to include, with the tags their rules release to the requester. */
    public record PatientRelease(String patientId, Set<String> releasedTags) {
        public PatientRelease {
            releasedTags = Set.copyOf(releasedTags);
        }
    }

    /** One object of an extract: its name in the extract, how many resources, SHA-256 (hex). */
    public record ExtractFile(String name, int resources, String sha256) {}

    /**
     * The description of a finished extract. It holds no patient id: counts, file names
     * (pseudonyms), hashes, and the access-log entries that authorised it as a whole (which one
     * belongs to which file is not recorded).
     */
    public record Manifest(
            String extractId,
            String zone,
            String requesterUserId,
            String organisation,
            Instant createdAt,
            List<String> tags,
            List<String> accessRequests,
            int patients,
            int resources,
            List<ExtractFile> files) {
        public Manifest {
            tags = List.copyOf(tags);
            accessRequests = List.copyOf(accessRequests);
            files = List.copyOf(files);
        }
    }

    /**
     * Builds an extract. Throws {@link LakeException} ({@link ErrorCode#BAD_REQUEST}) for a zone
     * other than workspace or analytics, ({@link ErrorCode#CONFLICT}) when the id is taken; on any
     * failure the objects already written are removed and nothing is listed.
     */
    public Manifest build(Request request, List<PatientRelease> releases) {
        Ids.requireRequestId(request.extractId());
        ZoneStore zone = zoneStore(request.zone());
        if (manifest(request.extractId()).isPresent()) {
            throw new LakeException(ErrorCode.CONFLICT, "extract " + request.extractId() + " exists");
        }
        Deidentification deidentification = new Deidentification(
                Pseudonyms.of(keyEncryptionKey, request.organisation()),
                clock.instant().atZone(ZoneOffset.UTC).getYear());
        Map<String, byte[]> files = new TreeMap<>();
        Map<String, Integer> counts = new HashMap<>();
        int patients = request.zone() == Zone.WORKSPACE
                ? workspace(deidentification, releases, files, counts)
                : analytics(deidentification, releases, files, counts);
        return write(zone, request, files, counts, patients);
    }

    private int workspace(
            Deidentification deidentification,
            List<PatientRelease> releases,
            Map<String, byte[]> files,
            Map<String, Integer> counts) {
        int patients = 0;
        for (PatientRelease release : releases) {
            List<TaggedResource> resources = selection.select(release.patientId(), release.releasedTags());
            if (resources.isEmpty()) {
                continue;
            }
            Deidentification.Subject subject =
                    subjectOf(deidentification, release.patientId(), Deidentification.References.BUNDLE);
            ObjectNode bundle = FhirJson.MAPPER.createObjectNode();
            bundle.put("resourceType", "Bundle");
            bundle.putObject("meta")
                    .putArray("security")
                    .addObject()
                    .put("system", Deidentification.OBSERVATION_VALUE)
                    .put("code", Deidentification.PSEUDONYMISED)
                    .put("display", "pseudonymized");
            bundle.put("type", "collection");
            bundle.put("timestamp", clock.instant().toString());
            ArrayNode entries = bundle.putArray("entry");
            for (TaggedResource resource : resources) {
                ObjectNode copy = subject.copy(FhirJson.readStoredObject(resource.json()));
                entries.addObject()
                        .put("fullUrl", "urn:uuid:" + FhirJson.text(copy, "id"))
                        .set("resource", copy);
            }
            String name = "patient-" + subject.patientKey() + ".json";
            files.put(name, FhirJson.write(bundle));
            counts.put(name, resources.size());
            patients++;
        }
        return patients;
    }

    private int analytics(
            Deidentification deidentification,
            List<PatientRelease> releases,
            Map<String, byte[]> files,
            Map<String, Integer> counts) {
        Map<String, ByteArrayOutputStream> byType = new TreeMap<>();
        int patients = 0;
        for (PatientRelease release : releases) {
            List<TaggedResource> resources = selection.select(release.patientId(), release.releasedTags());
            if (resources.isEmpty()) {
                continue;
            }
            Deidentification.Subject subject =
                    subjectOf(deidentification, release.patientId(), Deidentification.References.RELATIVE);
            for (TaggedResource resource : resources) {
                String name = resource.resourceType() + ".ndjson";
                ByteArrayOutputStream out = byType.computeIfAbsent(name, n -> new ByteArrayOutputStream());
                out.writeBytes(FhirJson.write(subject.copy(FhirJson.readStoredObject(resource.json()))));
                out.write('\n');
                counts.merge(name, 1, Integer::sum);
            }
            patients++;
        }
        byType.forEach((name, out) -> files.put(name, out.toByteArray()));
        return patients;
    }

    private Deidentification.Subject subjectOf(
            Deidentification deidentification, String patientId, Deidentification.References references) {
        Map<String, String> types = new HashMap<>();
        for (CatalogEntry entry : catalog.entries(patientId)) {
            types.put(entry.resourceId(), entry.resourceType());
        }
        return deidentification.subject(patientId, types, references);
    }

    private Manifest write(
            ZoneStore zone, Request request, Map<String, byte[]> files, Map<String, Integer> counts, int patients) {
        List<ExtractFile> described = new ArrayList<>();
        List<ObjectKey> written = new ArrayList<>();
        try {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                ObjectKey key = keyOf(request.zone(), request.extractId(), file.getKey());
                zone.put(key, file.getValue());
                written.add(key);
                described.add(new ExtractFile(
                        file.getKey(), counts.get(file.getKey()), Hex.encode(Hashes.sha256(file.getValue()))));
            }
            Manifest manifest = new Manifest(
                    request.extractId(),
                    request.zone().name().toLowerCase(java.util.Locale.ROOT),
                    request.requesterUserId(),
                    request.organisation(),
                    clock.instant(),
                    request.tags(),
                    request.accessRequests(),
                    patients,
                    counts.values().stream().mapToInt(Integer::intValue).sum(),
                    described);
            zone.put(keyOf(request.zone(), request.extractId(), MANIFEST), Json.encode(manifest));
            return manifest;
        } catch (RuntimeException e) {
            written.forEach(zone::delete);
            throw e;
        }
    }

    /** The manifest of a finished extract in either zone, or empty. */
    public Optional<Manifest> manifest(String extractId) {
        if (!Ids.isRequestId(extractId)) {
            return Optional.empty();
        }
        for (Zone zone : List.of(Zone.WORKSPACE, Zone.ANALYTICS)) {
            Optional<byte[]> stored = zoneStore(zone).get(keyOf(zone, extractId, MANIFEST));
            if (stored.isPresent()) {
                return Optional.of(Json.decode(stored.get(), Manifest.class));
            }
        }
        return Optional.empty();
    }

    /** Every finished extract in both zones, by zone then id. */
    public List<Manifest> manifests() {
        List<Manifest> manifests = new ArrayList<>();
        for (Zone zone : List.of(Zone.WORKSPACE, Zone.ANALYTICS)) {
            ZoneStore view = zoneStore(zone);
            for (ObjectKey key : view.list(zone.prefix())) {
                if (key.name().equals(MANIFEST)) {
                    view.get(key).ifPresent(bytes -> manifests.add(Json.decode(bytes, Manifest.class)));
                }
            }
        }
        return manifests;
    }

    /** One file of a finished extract, by the name in its manifest, or empty. */
    public Optional<byte[]> file(String extractId, String name) {
        return manifest(extractId)
                .filter(m -> m.files().stream().anyMatch(f -> f.name().equals(name)))
                .flatMap(m -> {
                    Zone zone = zoneOf(m);
                    return zoneStore(zone).get(keyOf(zone, extractId, name));
                });
    }

    /** Deletes an extract (manifest first, so it disappears at once); returns whether it existed. */
    public boolean delete(String extractId) {
        Optional<Manifest> manifest = manifest(extractId);
        if (manifest.isEmpty()) {
            return false;
        }
        Zone zone = zoneOf(manifest.get());
        ZoneStore view = zoneStore(zone);
        view.delete(keyOf(zone, extractId, MANIFEST));
        view.list(zone.prefix() + extractId + "/").forEach(view::delete);
        return true;
    }

    private static Zone zoneOf(Manifest manifest) {
        return Zone.valueOf(manifest.zone().toUpperCase(java.util.Locale.ROOT));
    }

    private ZoneStore zoneStore(Zone zone) {
        if (!ZONES.contains(zone)) {
            throw new LakeException(ErrorCode.BAD_REQUEST, "extracts go to the workspace or analytics zone");
        }
        return new ZoneStore(store, zone);
    }

    private static ObjectKey keyOf(Zone zone, String extractId, String name) {
        return ObjectKey.of(zone.prefix() + extractId + "/" + name);
    }
}
