package io.trustlake.lake;

import io.trustlake.common.crypto.Hashes;
import io.trustlake.common.crypto.Hex;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Self-healing of the raw zone. Every raw object the catalog refers to is checked: it must exist,
 * hash to its own content address ({@code raw/<sha256>}), and every catalogued slice in it must hash
 * to the catalog entry's {@code sha256}. A missing or damaged object is restored from its sources
 * through the lineage and each source's {@link SourceFetcher}:
 *
 * <ol>
 *   <li>the whole delivery, when the source can give it back (bundle files), if its SHA-256 is the
 *       object's content address;
 *   <li>otherwise every resource of the object is fetched again and must hash to its catalog entry;
 *       then the delivery is rebuilt from them as a connector builds it ({@link SourceBundle}: a
 *       FHIR server's or a database's delivery), or a damaged (not missing) object gets its damaged
 *       slices overwritten with those bytes; either is put back only if it hashes to the object's
 *       content address.
 * </ol>
 *
 * Before the catalog's hashes are trusted, each affected patient's catalog is compared with the data
 * hash registered on the ledger, when the caller knows it. Only bytes whose SHA-256 equals the
 * object's content address are ever written, so nothing wrong can land in the raw zone; what cannot
 * be restored is reported with the reason.
 *
 * <p>Then each release copy ({@link ReleaseCopies}) is checked against its entries' copy hashes; a
 * missing or damaged one is made again from the raw zone and its entries are pointed at the new
 * copy.
 */
final class Scrubber {
    private static final Logger LOG = LoggerFactory.getLogger(Scrubber.class);

    private final Catalog catalog;
    private final ObjectStore store;
    private final ReleaseCopies copies;

    Scrubber(Catalog catalog, ObjectStore store, ReleaseCopies copies) {
        this.catalog = catalog;
        this.store = store;
        this.copies = copies;
    }

    /**
     * Checks and restores patient by patient, so memory holds one patient's catalog at a time, not
     * the whole catalog. A bundle is one patient's record, so an object belongs to one patient; were
     * one ever shared, each patient's slices in it would still be checked, and the object counted and
     * reported once.
     */
    ScrubReport scrub(Collection<SourceFetcher> fetcherList, Function<String, Optional<String>> ledgerDataHash) {
        Map<String, SourceFetcher> fetchers = fetcherList.stream()
                .collect(Collectors.toMap(SourceFetcher::sourceSystem, fetcher -> fetcher, (first, second) -> first));
        Set<ObjectKey> seen = new LinkedHashSet<>();
        Set<ObjectKey> reported = new LinkedHashSet<>();
        List<ObjectKey> healthy = new ArrayList<>();
        List<ScrubReport.Repaired> repaired = new ArrayList<>();
        List<ScrubReport.Unrepairable> unrepairable = new ArrayList<>();
        List<ObjectKey> rebuiltCopies = new ArrayList<>();
        for (String patientId : catalog.patients()) {
            List<CatalogEntry> entries = catalog.entries(patientId);
            Optional<String> onLedger = ledgerDataHash.apply(patientId);
            boolean trusted = onLedger.isEmpty() || onLedger.get().equals(PatientSummary.dataHash(entries));
            Map<ObjectKey, List<CatalogEntry>> objects =
                    new TreeMap<>((x, y) -> x.value().compareTo(y.value()));
            for (CatalogEntry entry : entries) {
                objects.computeIfAbsent(entry.raw().key(), key -> new ArrayList<>())
                        .add(entry);
            }
            for (Map.Entry<ObjectKey, List<CatalogEntry>> object : objects.entrySet()) {
                seen.add(object.getKey());
                Outcome outcome = check(object.getKey(), object.getValue(), trusted ? null : patientId, fetchers);
                if (!reported.add(object.getKey())) {
                    continue;
                }
                if (outcome.repaired() != null) {
                    repaired.add(outcome.repaired());
                } else if (outcome.unrepairable() != null) {
                    unrepairable.add(outcome.unrepairable());
                } else {
                    healthy.add(object.getKey());
                }
            }
            if (trusted) {
                rebuiltCopies.addAll(checkCopies(entries));
            }
        }
        return new ScrubReport(seen.size(), healthy, repaired, unrepairable, rebuiltCopies);
    }

    /**
     * Checks a patient's release copies (after the raw zone was checked and restored) and makes
     * every missing or damaged one again from the raw zone, pointing its entries at the new copy;
     * returns the copies that were rebuilt. A copy whose raw object is still bad stays as it is:
     * its resources cannot be released until the raw object is restored.
     */
    private List<ObjectKey> checkCopies(List<CatalogEntry> entries) {
        Map<ObjectKey, List<CatalogEntry>> byCopy =
                new TreeMap<>((x, y) -> x.value().compareTo(y.value()));
        for (CatalogEntry entry : entries) {
            if (entry.copy() != null) {
                byCopy.computeIfAbsent(entry.copy().key(), key -> new ArrayList<>())
                        .add(entry);
            }
        }
        List<ObjectKey> rebuilt = new ArrayList<>();
        for (Map.Entry<ObjectKey, List<CatalogEntry>> copy : byCopy.entrySet()) {
            if (copyIntact(copy.getKey(), copy.getValue())) {
                continue;
            }
            Optional<List<CatalogEntry>> remade;
            try {
                remade = remakeCopies(copy.getValue());
                remade.ifPresent(catalog::rewrite);
            } catch (LakeException e) {
                LOG.warn("scrub: release copy {} could not be rebuilt: {}", copy.getKey(), e.getMessage());
                continue;
            }
            if (remade.isEmpty()) {
                LOG.warn("scrub: release copy {} is damaged and its raw object too; not rebuilt", copy.getKey());
                continue;
            }
            LOG.info("scrub: rebuilt release copy {} from the raw zone", copy.getKey());
            rebuilt.add(copy.getKey());
        }
        return rebuilt;
    }

    private boolean copyIntact(ObjectKey key, List<CatalogEntry> entries) {
        Optional<byte[]> content;
        try {
            content = store.get(key);
        } catch (LakeException e) {
            return false;
        }
        if (content.isEmpty()) {
            return false;
        }
        return entries.stream()
                .allMatch(entry ->
                        hashes(content.get(), entry.copy().slice(), entry.copy().sha256()));
    }

    /**
     * The entries with new release copies made from their raw objects (in the order they lie there,
     * so a copy whose entries are all still catalogued comes back byte for byte), or empty if one of
     * those objects is bad.
     */
    private Optional<List<CatalogEntry>> remakeCopies(List<CatalogEntry> entries) {
        Map<ObjectKey, List<CatalogEntry>> byRaw =
                new TreeMap<>((x, y) -> x.value().compareTo(y.value()));
        entries.forEach(entry -> byRaw.computeIfAbsent(entry.raw().key(), key -> new ArrayList<>())
                .add(entry));
        List<CatalogEntry> remade = new ArrayList<>(entries.size());
        for (Map.Entry<ObjectKey, List<CatalogEntry>> object : byRaw.entrySet()) {
            Optional<byte[]> content = store.get(object.getKey());
            if (content.isEmpty()
                    || !object.getValue().stream().allMatch(entry -> sliceMatches(content.get(), entry))) {
                return Optional.empty();
            }
            List<CatalogEntry> inOrder = new ArrayList<>(object.getValue());
            inOrder.sort(Comparator.comparingLong(entry -> entry.raw().offset()));
            List<ReleaseCopies.Stored> stored = new ArrayList<>();
            for (CatalogEntry entry : inOrder) {
                stored.add(new ReleaseCopies.Stored(
                        (int) entry.raw().offset(), entry.raw().length(), entry.resourceTags()));
            }
            List<ReleaseCopy> made = copies.rewrite(content.get(), stored);
            for (int i = 0; i < made.size(); i++) {
                remade.add(inOrder.get(i).withCopy(made.get(i)));
            }
        }
        return Optional.of(remade);
    }

    /** What became of one object: healthy (both null), repaired, or not repairable. */
    private record Outcome(ScrubReport.Repaired repaired, ScrubReport.Unrepairable unrepairable) {
        static final Outcome HEALTHY = new Outcome(null, null);

        static Outcome unrepairable(ObjectKey key, ScrubReport.Problem problem, String reason) {
            return new Outcome(null, new ScrubReport.Unrepairable(key, problem, reason));
        }
    }

    /**
     * Checks one object against its entries and restores it if it is missing or damaged, unless
     * {@code untrustedPatient} names the patient whose catalog does not match the ledger.
     */
    private Outcome check(
            ObjectKey key, List<CatalogEntry> entries, String untrustedPatient, Map<String, SourceFetcher> fetchers) {
        Optional<byte[]> current;
        try {
            current = store.get(key);
        } catch (LakeException e) {
            return Outcome.unrepairable(key, ScrubReport.Problem.CORRUPTED, "the object store cannot read the object");
        }
        if (current.isPresent() && damaged(key, current.get(), entries).isEmpty()) {
            return Outcome.HEALTHY;
        }
        ScrubReport.Problem problem = current.isEmpty() ? ScrubReport.Problem.MISSING : ScrubReport.Problem.CORRUPTED;
        if (untrustedPatient != null) {
            return Outcome.unrepairable(
                    key,
                    problem,
                    "the catalog of patient " + untrustedPatient
                            + " does not match the data hash on the ledger, so its hashes cannot be trusted");
        }
        Restored restored = restore(key, current, entries, fetchers);
        if (restored.content() == null) {
            LOG.warn("scrub: raw object {} ({}) cannot be restored: {}", key, problem, restored.reason());
            return Outcome.unrepairable(key, problem, restored.reason());
        }
        try {
            store.put(key, restored.content());
        } catch (LakeException e) {
            return Outcome.unrepairable(key, problem, "the restored object could not be written: " + e.getMessage());
        }
        LOG.info("scrub: restored raw object {} ({})", key, problem);
        return new Outcome(new ScrubReport.Repaired(key, problem, entries.size()), null);
    }

    /** The entries whose slice is unreadable or wrong; all of them when the object's own hash is wrong. */
    private static List<CatalogEntry> damaged(ObjectKey key, byte[] content, List<CatalogEntry> entries) {
        List<CatalogEntry> damaged = new ArrayList<>();
        for (CatalogEntry entry : entries) {
            if (!sliceMatches(content, entry)) {
                damaged.add(entry);
            }
        }
        if (damaged.isEmpty() && !addresses(key, content)) {
            return entries;
        }
        return damaged;
    }

    private static boolean sliceMatches(byte[] content, CatalogEntry entry) {
        return hashes(content, entry.raw(), entry.sha256());
    }

    /** Whether {@code content} holds {@code slice} and its bytes hash to {@code sha256}. */
    private static boolean hashes(byte[] content, RawSlice slice, String sha256) {
        if (slice.offset() + slice.length() > content.length) {
            return false;
        }
        byte[] hash = Hashes.sha256(content, (int) slice.offset(), slice.length());
        return Hex.encode(hash).equals(sha256);
    }

    private static boolean addresses(ObjectKey key, byte[] content) {
        return RawZone.keyOf(content).equals(key);
    }

    /** Restored content (verified against the content address) or the reason there is none. */
    private static final class Restored {
        private final byte[] content;
        private final String reason;

        private Restored(byte[] content, String reason) {
            this.content = content;
            this.reason = reason;
        }

        static Restored of(byte[] content) {
            return new Restored(content, null);
        }

        static Restored failed(String reason) {
            return new Restored(null, reason);
        }

        byte[] content() {
            return content;
        }

        String reason() {
            return reason;
        }
    }

    private static Restored restore(
            ObjectKey key, Optional<byte[]> current, List<CatalogEntry> entries, Map<String, SourceFetcher> fetchers) {
        Set<Source> sources = new LinkedHashSet<>();
        entries.forEach(entry -> sources.add(entry.lineage().source()));
        String deliveryProblem = null;
        for (CatalogEntry entry : entries) {
            if (!sources.remove(entry.lineage().source())) {
                continue;
            }
            SourceFetcher fetcher = fetchers.get(entry.lineage().source().system());
            if (fetcher == null) {
                continue;
            }
            SourceFetcher.Fetched delivery = fetcher.fetchDelivery(entry.lineage());
            if (delivery instanceof SourceFetcher.Fetched.Found found) {
                byte[] content = found.json();
                if (addresses(key, content) && damaged(key, content, entries).isEmpty()) {
                    return Restored.of(content);
                }
                deliveryProblem = "the source " + describe(entry.lineage().source())
                        + " has changed since it was ingested (its delivery no longer has the same SHA-256)";
            } else if (delivery instanceof SourceFetcher.Fetched.NotFound notFound) {
                deliveryProblem = "the source " + describe(entry.lineage().source()) + " is gone: " + notFound.detail();
            }
        }
        List<byte[]> fetched = new ArrayList<>(entries.size());
        for (CatalogEntry entry : entries) {
            Lineage lineage = entry.lineage();
            String resource =
                    entry.resourceType() + "/" + lineage.sourceResourceId() + " from " + describe(lineage.source());
            SourceFetcher fetcher = fetchers.get(lineage.source().system());
            if (fetcher == null) {
                return Restored.failed("no connector is configured for source system "
                        + lineage.source().system() + " (needed for " + resource + ")");
            }
            SourceFetcher.Fetched result = fetcher.fetch(entry.resourceType(), lineage);
            if (result instanceof SourceFetcher.Fetched.NotFound notFound) {
                return Restored.failed(resource + " is gone from the source: " + notFound.detail());
            }
            if (result instanceof SourceFetcher.Fetched.Unavailable unavailable) {
                return Restored.failed("the source of " + resource + " is unavailable: " + unavailable.detail());
            }
            byte[] json = ((SourceFetcher.Fetched.Found) result).json();
            if (!Hex.encode(Hashes.sha256(json)).equals(entry.sha256())) {
                return Restored.failed(
                        resource + " has changed at the source since it was ingested (its SHA-256 differs)");
            }
            fetched.add(json);
        }
        byte[] rebuilt = rebuilt(entries, fetched);
        if (addresses(key, rebuilt) && damaged(key, rebuilt, entries).isEmpty()) {
            return Restored.of(rebuilt);
        }
        if (current.isEmpty()) {
            return Restored.failed(
                    deliveryProblem != null
                            ? deliveryProblem
                            : "every resource is still at the source unchanged, but the original delivery cannot be"
                                    + " rebuilt byte for byte from them");
        }
        if (deliveryProblem != null && !slicesFit(current.get(), entries)) {
            return Restored.failed(deliveryProblem);
        }
        byte[] patched = current.get().clone();
        for (int i = 0; i < entries.size(); i++) {
            RawSlice slice = entries.get(i).raw();
            if (slice.offset() + slice.length() > patched.length) {
                return Restored.failed("the object was cut short, and the original delivery cannot be rebuilt byte for"
                        + " byte from its resources");
            }
            System.arraycopy(fetched.get(i), 0, patched, (int) slice.offset(), slice.length());
        }
        if (!addresses(key, patched)) {
            return Restored.failed("the object is damaged outside the catalogued resources, and the original"
                    + " delivery cannot be rebuilt byte for byte from its resources");
        }
        return Restored.of(patched);
    }

    /**
     * The delivery a connector would have built from these resources ({@link SourceBundle}), in the
     * order they lie in the lost object: identical to it when the object held exactly these.
     */
    private static byte[] rebuilt(List<CatalogEntry> entries, List<byte[]> fetched) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingLong(i -> entries.get(i).raw().offset()));
        SourceBundle bundle = new SourceBundle();
        for (int i : order) {
            CatalogEntry entry = entries.get(i);
            bundle.addCanonical(entry.resourceType(), entry.resourceId(), entry.fullUrl(), fetched.get(i));
        }
        return bundle.toBytes();
    }

    private static boolean slicesFit(byte[] content, List<CatalogEntry> entries) {
        return entries.stream()
                .allMatch(entry -> entry.raw().offset() + entry.raw().length() <= content.length);
    }

    private static String describe(Source source) {
        return source.system() + " (" + source.name() + ")";
    }
}
