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
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
 *       (the Bulk Data format), references as {@code Type/<pseudonym>}, and the same table as
 *       {@code <ResourceType>.parquet} ({@link AnalyticsTables}; what DuckDB, Spark and Trino read)
 *       — for statistics, also with SQL on the node ({@link #query});
 *   <li>both: {@code <zone>/<extractId>/manifest.json} ({@link Manifest}), written last, so an
 *       extract without a manifest is incomplete and is never listed.
 * </ul>
 *
 * An extract lives for the lake's {@link LakeConfig#extractTimeToLive()}: from its {@link
 * Manifest#expiresAt()} on it is no longer listed or read ({@link #expiredAt} says when it expired),
 * and {@link #sweep} deletes its files. An expired or deleted extract leaves a small {@code
 * <zone>/<extractId>/ended.json} ({@link Ended}) holding no data, only which access-log entries it
 * used, so that an entry still authorises one extract only ({@link #usedAccessRequests()}).
 *
 * <p>Which patients and tags go in is decided by the caller (who checks the patients' rules on the
 * ledger); this class only copies what it is told to. Thread-safe: extracts have distinct ids, and
 * ending an extract (expiry, deletion) writes its tombstone before removing anything.
 */
public final class ResearchExtracts {
    static final String MANIFEST = "manifest.json";
    static final String ENDED = "ended.json";
    static final String NDJSON = ".ndjson";
    static final String PARQUET = ".parquet";
    private static final Set<Zone> ZONES = Set.of(Zone.WORKSPACE, Zone.ANALYTICS);

    private final ObjectStore store;
    private final Catalog catalog;
    private final ResourceSelection selection;
    private final KeyEncryptionKey keyEncryptionKey;
    private final Clock clock;
    private final Duration timeToLive;

    ResearchExtracts(ObjectStore store, Catalog catalog, ResourceSelection selection, LakeConfig config) {
        this.store = store;
        this.catalog = catalog;
        this.selection = selection;
        this.keyEncryptionKey = config.keyEncryptionKey();
        this.clock = config.clock();
        this.timeToLive = config.extractTimeToLive();
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
            Instant expiresAt,
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
     * What is kept of an extract once it expired or was deleted: no data, no file names, only whose
     * it was, when it ended, and the access-log entries it used (which stay used).
     */
    public record Ended(
            String extractId,
            String zone,
            String requesterUserId,
            Instant endedAt,
            boolean expired,
            List<String> accessRequests) {
        public Ended {
            accessRequests = List.copyOf(accessRequests);
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
                String name = resource.resourceType() + NDJSON;
                ByteArrayOutputStream out = byType.computeIfAbsent(name, n -> new ByteArrayOutputStream());
                out.writeBytes(FhirJson.write(subject.copy(FhirJson.readStoredObject(resource.json()))));
                out.write('\n');
                counts.merge(name, 1, Integer::sum);
            }
            patients++;
        }
        byType.forEach((name, out) -> {
            byte[] ndjson = out.toByteArray();
            files.put(name, ndjson);
            String table = name.substring(0, name.length() - NDJSON.length());
            files.put(table + PARQUET, AnalyticsTables.parquet(table, ndjson));
            counts.put(table + PARQUET, counts.get(name));
        });
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
            Instant createdAt = clock.instant();
            Manifest manifest = new Manifest(
                    request.extractId(),
                    request.zone().name().toLowerCase(java.util.Locale.ROOT),
                    request.requesterUserId(),
                    request.organisation(),
                    createdAt,
                    createdAt.plus(timeToLive),
                    request.tags(),
                    request.accessRequests(),
                    patients,
                    // A Parquet table holds the same resources as its NDJSON file.
                    counts.entrySet().stream()
                            .filter(c -> !c.getKey().endsWith(PARQUET))
                            .mapToInt(Map.Entry::getValue)
                            .sum(),
                    described);
            zone.put(keyOf(request.zone(), request.extractId(), MANIFEST), Json.encode(manifest));
            return manifest;
        } catch (RuntimeException e) {
            written.forEach(zone::delete);
            throw e;
        }
    }

    /** The manifest of a finished extract in either zone that has not expired or been deleted, or empty. */
    public Optional<Manifest> manifest(String extractId) {
        return storedManifest(extractId).filter(this::live);
    }

    /** When the extract expired, if it did (whether or not its files have been swept yet). */
    public Optional<Instant> expiredAt(String extractId) {
        Optional<Manifest> stored = storedManifest(extractId);
        if (stored.isPresent() && !live(stored.get())) {
            return Optional.of(stored.get().expiresAt());
        }
        return ended(extractId).filter(Ended::expired).map(Ended::endedAt);
    }

    private Optional<Manifest> storedManifest(String extractId) {
        if (!Ids.isRequestId(extractId)) {
            return Optional.empty();
        }
        for (Zone zone : List.of(Zone.WORKSPACE, Zone.ANALYTICS)) {
            Optional<byte[]> stored = zoneStore(zone).get(keyOf(zone, extractId, MANIFEST));
            if (stored.isPresent()) {
                return Optional.of(decodeManifest(stored.get()));
            }
        }
        return Optional.empty();
    }

    private Optional<Ended> ended(String extractId) {
        if (!Ids.isRequestId(extractId)) {
            return Optional.empty();
        }
        for (Zone zone : List.of(Zone.WORKSPACE, Zone.ANALYTICS)) {
            Optional<byte[]> stored = zoneStore(zone).get(keyOf(zone, extractId, ENDED));
            if (stored.isPresent()) {
                return Optional.of(Json.decode(stored.get(), Ended.class));
            }
        }
        return Optional.empty();
    }

    /** A manifest written before extracts expired has no {@code expiresAt}: it lives for the time-to-live. */
    private Manifest decodeManifest(byte[] bytes) {
        Manifest manifest = Json.decode(bytes, Manifest.class);
        if (manifest.expiresAt() != null) {
            return manifest;
        }
        return new Manifest(
                manifest.extractId(),
                manifest.zone(),
                manifest.requesterUserId(),
                manifest.organisation(),
                manifest.createdAt(),
                manifest.createdAt().plus(timeToLive),
                manifest.tags(),
                manifest.accessRequests(),
                manifest.patients(),
                manifest.resources(),
                manifest.files());
    }

    private boolean live(Manifest manifest) {
        return clock.instant().isBefore(manifest.expiresAt());
    }

    /** Every finished extract in both zones that has not expired or been deleted, by zone then id. */
    public List<Manifest> manifests() {
        return storedManifests().stream().filter(this::live).toList();
    }

    private List<Manifest> storedManifests() {
        List<Manifest> manifests = new ArrayList<>();
        for (Zone zone : List.of(Zone.WORKSPACE, Zone.ANALYTICS)) {
            ZoneStore view = zoneStore(zone);
            for (ObjectKey key : view.list(zone.prefix())) {
                if (key.name().equals(MANIFEST)) {
                    view.get(key).ifPresent(bytes -> manifests.add(decodeManifest(bytes)));
                }
            }
        }
        return manifests;
    }

    /**
     * Every access-log entry any extract at this node has used, live, expired or deleted: each
     * authorises one extract only.
     */
    public Set<String> usedAccessRequests() {
        Set<String> used = new HashSet<>();
        for (Zone zone : List.of(Zone.WORKSPACE, Zone.ANALYTICS)) {
            ZoneStore view = zoneStore(zone);
            for (ObjectKey key : view.list(zone.prefix())) {
                if (key.name().equals(MANIFEST)) {
                    view.get(key)
                            .ifPresent(
                                    bytes -> used.addAll(decodeManifest(bytes).accessRequests()));
                } else if (key.name().equals(ENDED)) {
                    view.get(key)
                            .ifPresent(bytes ->
                                    used.addAll(Json.decode(bytes, Ended.class).accessRequests()));
                }
            }
        }
        return used;
    }

    /**
     * Runs one read-only SQL query over the Parquet tables of a live analytics extract (table name
     * = resource type); see {@link AnalyticsTables#query} for what is allowed. Empty when there is
     * no such live extract; {@link ErrorCode#BAD_REQUEST} for a workspace extract.
     */
    public Optional<AnalyticsTables.QueryResult> query(String extractId, String sql) {
        Optional<Manifest> manifest = manifest(extractId);
        if (manifest.isEmpty()) {
            return Optional.empty();
        }
        Zone zone = zoneOf(manifest.get());
        if (zone != Zone.ANALYTICS) {
            throw new LakeException(
                    ErrorCode.BAD_REQUEST, "SQL runs over analytics extracts only; this one is a workspace");
        }
        Map<String, byte[]> tables = new TreeMap<>();
        for (ExtractFile file : manifest.get().files()) {
            if (file.name().endsWith(PARQUET)) {
                byte[] bytes = zoneStore(zone)
                        .get(keyOf(zone, extractId, file.name()))
                        .orElseThrow(() -> new LakeException(
                                ErrorCode.STORAGE_FAILURE, "a file of extract " + extractId + " is missing"));
                tables.put(file.name().substring(0, file.name().length() - PARQUET.length()), bytes);
            }
        }
        return Optional.of(AnalyticsTables.query(tables, sql));
    }

    /** One file of a live extract, by the name in its manifest, or empty. */
    public Optional<byte[]> file(String extractId, String name) {
        return manifest(extractId)
                .filter(m -> m.files().stream().anyMatch(f -> f.name().equals(name)))
                .flatMap(m -> {
                    Zone zone = zoneOf(m);
                    return zoneStore(zone).get(keyOf(zone, extractId, name));
                });
    }

    /**
     * Deletes a live extract (its tombstone first, then the manifest, so it disappears at once);
     * returns whether it existed. Its access-log entries stay used.
     */
    public boolean delete(String extractId) {
        Optional<Manifest> manifest = manifest(extractId);
        if (manifest.isEmpty()) {
            return false;
        }
        end(manifest.get(), clock.instant(), false);
        return true;
    }

    /**
     * The sweeper: every extract whose {@code expiresAt} is at or before {@code now} ends (a
     * tombstone is written, then the manifest and every file are deleted); files left behind by an
     * interrupted end are deleted too. Returns how many extracts expired. Safe to run at any time.
     */
    public int sweep(Instant now) {
        int expired = 0;
        for (Manifest manifest : storedManifests()) {
            if (!now.isBefore(manifest.expiresAt())) {
                end(manifest, manifest.expiresAt(), true);
                expired++;
            }
        }
        for (Zone zone : List.of(Zone.WORKSPACE, Zone.ANALYTICS)) {
            ZoneStore view = zoneStore(zone);
            for (ObjectKey key : view.list(zone.prefix())) {
                if (key.name().equals(ENDED)) {
                    removeAllBut(view, key, ENDED);
                }
            }
        }
        return expired;
    }

    private void end(Manifest manifest, Instant at, boolean expired) {
        Zone zone = zoneOf(manifest);
        ZoneStore view = zoneStore(zone);
        Ended ended = new Ended(
                manifest.extractId(),
                manifest.zone(),
                manifest.requesterUserId(),
                at,
                expired,
                manifest.accessRequests());
        ObjectKey tombstone = keyOf(zone, manifest.extractId(), ENDED);
        view.put(tombstone, Json.encode(ended));
        view.delete(keyOf(zone, manifest.extractId(), MANIFEST));
        removeAllBut(view, tombstone, ENDED);
    }

    /** Deletes every object of the extract whose object {@code kept} is, except {@code kept}. */
    private static void removeAllBut(ZoneStore view, ObjectKey kept, String keptName) {
        String directory = kept.value().substring(0, kept.value().length() - keptName.length());
        view.list(directory).stream().filter(key -> !key.equals(kept)).forEach(view::delete);
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
