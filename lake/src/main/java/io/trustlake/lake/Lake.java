package io.trustlake.lake;

import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.id.Ids;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One organisation's data lake: raw zone, catalog (structured zone), SPHR selection and assembly,
 * and the curated/consumer delivery zones.
 *
 * <p>Thread-safe: any number of threads may ingest, select, assemble and take deliveries at once.
 * Ingestion writes are serialised internally (so concurrent bundles of one patient never mint two
 * ids), reads run in parallel. {@link #close()} waits for running catalog calls; any catalog use
 * after it throws {@link LakeException} ({@link ErrorCode#INTERNAL}).
 */
public final class Lake implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Lake.class);
    private static final int INGEST_WORKERS = 2;
    private static final int INGEST_WINDOW = 4;
    private static final List<String> NOT_PATIENT_DATA = List.of("hospitalInformation", "practitionerInformation");

    private final LakeConfig config;
    private final Catalog catalog;
    private final ObjectStore store;
    private final BundleIngestion ingestion;
    private final ResourceSelection selection;
    private final SphrAssembler assembler;
    private final Deliveries deliveries;
    private final ResearchExtracts extracts;
    private final Scrubber scrubber;

    private Lake(LakeConfig config, ObjectStore store, Catalog catalog, TagMapping mapping) {
        RawZone raw = new RawZone(store);
        this.config = config;
        this.store = store;
        this.catalog = catalog;
        ReleaseCopies copies = new ReleaseCopies(store, mapping);
        this.ingestion = new BundleIngestion(catalog, raw, copies, mapping, config.clock(), config.maxBundleBytes());
        this.selection = new ResourceSelection(catalog, raw, copies, mapping);
        this.assembler = new SphrAssembler(config.clock(), mapping);
        this.deliveries =
                new Deliveries(store, catalog, config.keyEncryptionKey(), config.organisationId(), config.clock());
        this.extracts = new ResearchExtracts(store, catalog, selection, config);
        this.scrubber = new Scrubber(catalog, store, copies);
    }

    /** Opens the lake with a filesystem object store in {@code root/objects} and the default tags. */
    public static Lake open(LakeConfig config) {
        return open(config, FileSystemObjectStore.open(config.objectsDirectory()), TagMapping.defaults());
    }

    /**
     * Opens the lake on another object store (e.g. {@link S3ObjectStore}) and tag mapping; the catalog
     * stays local. The lake owns the store from then on and closes it with itself.
     */
    public static Lake open(LakeConfig config, ObjectStore store, TagMapping mapping) {
        return new Lake(config, store, Catalog.open(config.catalogDirectory()), mapping);
    }

    /** Ingests one bundle; see {@link IngestReport} for the outcomes. */
    public IngestReport ingest(Source source, byte[] bundle) {
        return ingestion.ingest(source, bundle);
    }

    /**
     * Ingests one file as a delivery of {@code sourceSystem} (its path is the lineage name). Files
     * above the size limit are rejected without being read; Synthea's {@code hospitalInformation*}
     * and {@code practitionerInformation*} files are skipped as not patient data.
     */
    public IngestReport ingestFile(String sourceSystem, Path file) {
        return ingestion.commit(prepareFile(sourceSystem, file));
    }

    private BundleIngestion.Prepared prepareFile(String sourceSystem, Path file) {
        Source source =
                new Source(sourceSystem, file.toAbsolutePath().normalize().toString());
        String name = file.getFileName().toString();
        if (NOT_PATIENT_DATA.stream().anyMatch(name::startsWith)) {
            return ingestion.refused(new IngestReport.Skipped(source, "not patient data"));
        }
        try {
            long size = Files.size(file);
            if (size > config.maxBundleBytes()) {
                return ingestion.refused(BundleIngestion.tooLarge(source, size, config.maxBundleBytes()));
            }
            return ingestion.prepare(source, Files.readAllBytes(file));
        } catch (IOException e) {
            return ingestion.refused(
                    new IngestReport.Rejected(source, RejectionReason.UNREADABLE, "the file cannot be read"));
        }
    }

    /**
     * Ingests every {@code *.json} file directly in {@code directory}, one report per file in
     * file-name order: a bad file is rejected on its own and never stops the good ones. Files are
     * read, parsed, tagged and written to the raw zone by up to {@value #INGEST_WORKERS} threads at
     * once ({@value #INGEST_WINDOW} files in flight at most, which bounds memory), and catalogued
     * strictly in file-name order, so when two files hold the same resource the later one makes the
     * newer version, exactly as one-by-one ingestion would. Throws {@link LakeException} ({@link
     * ErrorCode#STORAGE_FAILURE}) when the directory cannot be listed.
     */
    public List<IngestReport> ingestDirectory(String sourceSystem, Path directory) {
        List<Path> files = jsonFiles(directory);
        List<IngestReport> reports = new ArrayList<>(files.size());
        int workers = Math.max(1, Math.min(INGEST_WORKERS, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            Deque<Future<BundleIngestion.Prepared>> inFlight = new ArrayDeque<>();
            int next = 0;
            while (next < files.size() || !inFlight.isEmpty()) {
                while (next < files.size() && inFlight.size() < INGEST_WINDOW) {
                    Path file = files.get(next++);
                    inFlight.add(pool.submit(() -> prepareFile(sourceSystem, file)));
                }
                reports.add(ingestion.commit(await(inFlight.removeFirst())));
            }
        } finally {
            pool.shutdownNow();
        }
        long accepted =
                reports.stream().filter(IngestReport.Accepted.class::isInstance).count();
        LOG.info("ingested directory: {} files, {} accepted", reports.size(), accepted);
        return reports;
    }

    private static BundleIngestion.Prepared await(Future<BundleIngestion.Prepared> prepared) {
        try {
            return prepared.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LakeException(ErrorCode.INTERNAL, "ingestion was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LakeException failure) {
                throw failure;
            }
            throw new LakeException(ErrorCode.INTERNAL, "ingestion failed", e.getCause());
        }
    }

    private static List<Path> jsonFiles(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".json") && Files.isRegularFile(file))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new LakeException(ErrorCode.STORAGE_FAILURE, "cannot list the ingestion directory", e);
        }
    }

    /** Known patient ids, ascending. */
    public List<String> patients() {
        return catalog.patients();
    }

    /** What the lake holds for a patient, or empty when it holds nothing. */
    public Optional<PatientSummary> summary(String patientId) {
        Ids.requirePatientId(patientId);
        List<CatalogEntry> entries = entries(patientId);
        return entries.isEmpty() ? Optional.empty() : Optional.of(PatientSummary.of(patientId, entries));
    }

    /** A patient's catalog entries in key order (source system, type, id). */
    public List<CatalogEntry> entries(String patientId) {
        Ids.requirePatientId(patientId);
        return catalog.entries(patientId);
    }

    /**
     * The patient's resources that may be released under {@code allowedTags}: a resource is released
     * only when it has at least one tag and <em>all</em> its tags are allowed (a depression Condition
     * tagged {conditions, mental-health} needs both); untagged resources are never released. Each
     * comes back from the raw zone, re-hashed against the catalog, with {@code meta.tag} and {@code
     * meta.security} set. Throws {@link LakeException} ({@link ErrorCode#TAMPERING_DETECTED}) when
     * stored bytes do not match their catalog hash, and ({@link ErrorCode#STORAGE_FAILURE}) when a
     * raw object is missing.
     */
    public List<TaggedResource> select(String patientId, Set<String> allowedTags) {
        return selection.select(patientId, allowedTags);
    }

    /**
     * Checks every raw object the catalog refers to against its hashes and restores the missing or
     * damaged ones from their sources through {@code fetchers} (one per source system); see {@link
     * Scrubber}. Never writes bytes that do not match.
     */
    public ScrubReport scrub(Collection<SourceFetcher> fetchers) {
        return scrubber.scrub(fetchers, patientId -> Optional.empty());
    }

    /**
     * As {@link #scrub(Collection)}, also checking each patient's catalog against the data hash
     * registered on the ledger ({@code ledgerDataHash}: patient id to {@link PatientSummary#dataHash()},
     * empty when not known) before trusting its hashes to repair an object.
     */
    public ScrubReport scrub(Collection<SourceFetcher> fetchers, Function<String, Optional<String>> ledgerDataHash) {
        return scrubber.scrub(fetchers, ledgerDataHash);
    }

    /** Builds the SPHR Bundle; see {@link SphrAssembler}. */
    public AssembledRecord assemble(String requestId, List<SourcePart> parts) {
        return assembler.assemble(requestId, parts);
    }

    /** The curated/consumer delivery zones. */
    public Deliveries deliveries() {
        return deliveries;
    }

    /** De-identified extracts in the workspace and analytics zones. */
    public ResearchExtracts extracts() {
        return extracts;
    }

    public String organisationId() {
        return config.organisationId();
    }

    /** The largest delivery ingestion accepts; connectors bound what they fetch by it. */
    public long maxBundleBytes() {
        return config.maxBundleBytes();
    }

    /** Closes the catalog and, for a networked object store, its connections; idempotent. */
    @Override
    public void close() {
        catalog.close();
        if (store instanceof S3ObjectStore s3) {
            s3.close();
        }
    }
}
