package io.trustlake.lake;

import io.trustlake.common.crypto.Hashes;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.id.Ids;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 1 of the SPHR pipeline: picks a patient's releasable resources by tag and reads them back
 * from the raw zone, checking each against the hash in the catalog. Thread-safe.
 */
final class ResourceSelection {
    /** A record is split into parts of at least this many resources. */
    static final int RESOURCES_PER_PART = 384;
    /** At most this many parts, and no more than there are cores. */
    static final int MAX_PARTS = Math.min(4, Runtime.getRuntime().availableProcessors());

    private static final Logger LOG = LoggerFactory.getLogger(ResourceSelection.class);

    private final Catalog catalog;
    private final RawZone raw;
    private final ReleaseCopies copies;
    private final TagMapping mapping;

    private final int resourcesPerPart;
    private final int maxParts;

    ResourceSelection(Catalog catalog, RawZone raw, ReleaseCopies copies, TagMapping mapping) {
        this(catalog, raw, copies, mapping, RESOURCES_PER_PART, MAX_PARTS);
    }

    /** With parts of at least {@code resourcesPerPart} resources, at most {@code maxParts} of them. */
    ResourceSelection(
            Catalog catalog,
            RawZone raw,
            ReleaseCopies copies,
            TagMapping mapping,
            int resourcesPerPart,
            int maxParts) {
        this.catalog = catalog;
        this.raw = raw;
        this.copies = copies;
        this.mapping = mapping;
        this.resourcesPerPart = resourcesPerPart;
        this.maxParts = maxParts;
    }

    /**
     * A resource is released only when it has at least one tag and <em>all</em> of its tags are in
     * {@code allowedTags}: a depression Condition tagged {conditions, mental-health} needs both.
     */
    static boolean releasable(List<String> tags, Set<String> allowedTags) {
        return !tags.isEmpty() && allowedTags.containsAll(tags);
    }

    /**
     * Reads the released resources in catalog order. A resource with a release copy ({@link
     * ReleaseCopies}) is read from it, checked against the copy's hash and gets its current labels
     * spliced in; any other is read from the raw zone, checked against the catalog's hash and
     * turned into its release form ({@link ReleaseForm}) without building a tree. Each object is
     * read as the byte span covering the selected resources in it. A missing or damaged copy is
     * logged and its resources are released from the raw zone instead. A large record is released
     * in up to {@link #MAX_PARTS} parts at once, each a run of resources in catalog order with its
     * own span, digest and buffer ({@link Parts}).
     */
    List<TaggedResource> select(String patientId, Set<String> allowedTags) {
        Ids.requirePatientId(patientId);
        allowedTags.forEach(Ids::requireTag);
        List<CatalogEntry> chosen = new ArrayList<>();
        for (CatalogEntry entry : catalog.entries(patientId)) {
            if (releasable(entry.tags(), allowedTags)) {
                chosen.add(entry);
            }
        }
        TaggedResource[] released = new TaggedResource[chosen.size()];
        Map<ObjectKey, List<Integer>> byObject = new LinkedHashMap<>();
        for (int i = 0; i < chosen.size(); i++) {
            byObject.computeIfAbsent(sourceOf(chosen.get(i)), key -> new ArrayList<>())
                    .add(i);
        }
        int parts = Math.min(maxParts, Math.max(1, chosen.size() / resourcesPerPart));
        int partSize = Math.max(1, (chosen.size() + parts - 1) / parts);
        List<Runnable> work = new ArrayList<>();
        for (Map.Entry<ObjectKey, List<Integer>> object : byObject.entrySet()) {
            List<Integer> indexes = object.getValue();
            for (int from = 0; from < indexes.size(); from += partSize) {
                List<Integer> part = indexes.subList(from, Math.min(indexes.size(), from + partSize));
                work.add(() -> release(object.getKey(), part, chosen, released));
            }
        }
        Parts.run(work);
        return Arrays.asList(released);
    }

    /** The object a resource is read from: its release copy's, else its raw object. */
    private static ObjectKey sourceOf(CatalogEntry entry) {
        return entry.copy() != null ? entry.copy().key() : entry.raw().key();
    }

    private void release(ObjectKey key, List<Integer> indexes, List<CatalogEntry> chosen, TaggedResource[] out) {
        if (!Zone.STRUCTURED.contains(key)) {
            releaseFrom(key, indexes, chosen, out);
            return;
        }
        if (releaseCopies(key, indexes, chosen, out)) {
            return;
        }
        LOG.warn("release copy {} is missing or damaged; its resources are released from the raw zone", key);
        Map<ObjectKey, List<Integer>> byRaw = new LinkedHashMap<>();
        for (int index : indexes) {
            byRaw.computeIfAbsent(chosen.get(index).raw().key(), rawKey -> new ArrayList<>())
                    .add(index);
        }
        byRaw.forEach((rawKey, fromRaw) -> releaseFrom(rawKey, fromRaw, chosen, out));
    }

    /** Releases from release copies; false (leaving {@code out} to be overwritten) if one is bad. */
    private boolean releaseCopies(
            ObjectKey key, List<Integer> indexes, List<CatalogEntry> chosen, TaggedResource[] out) {
        RawSlice covering =
                covering(key, indexes, index -> chosen.get(index).copy().slice());
        long spanStart = covering.offset();
        byte[] span = copies.read(covering).orElse(null);
        if (span == null) {
            return false;
        }
        ReleaseForm.Writer writer = new ReleaseForm.Writer(span.length + 64 * indexes.size());
        Releaser releaser = new Releaser(span, writer);
        for (int index : indexes) {
            TaggedResource resource = releaser.releaseCopy(
                    chosen.get(index), (int) (chosen.get(index).copy().offset() - spanStart));
            if (resource == null) {
                return false;
            }
            out[index] = resource;
        }
        return true;
    }

    /** The slice of object {@code key} from the first to the end of the last of these slices. */
    private static RawSlice covering(ObjectKey key, List<Integer> indexes, IntFunction<RawSlice> slices) {
        long from = Long.MAX_VALUE;
        long to = 0;
        for (int index : indexes) {
            RawSlice slice = slices.apply(index);
            from = Math.min(from, slice.offset());
            to = Math.max(to, slice.offset() + slice.length());
        }
        return new RawSlice(key, from, Math.toIntExact(to - from));
    }

    private void releaseFrom(ObjectKey key, List<Integer> indexes, List<CatalogEntry> chosen, TaggedResource[] out) {
        RawSlice covering = covering(key, indexes, index -> chosen.get(index).raw());
        long spanStart = covering.offset();
        byte[] span = raw.slice(covering)
                .orElseThrow(() -> new LakeException(ErrorCode.STORAGE_FAILURE, "raw object missing or short: " + key));
        ReleaseForm.Writer writer = new ReleaseForm.Writer(span.length + 256 * indexes.size());
        Releaser releaser = new Releaser(span, writer);
        for (int index : indexes) {
            int offset = (int) (chosen.get(index).raw().offset() - spanStart);
            out[index] = releaser.release(chosen.get(index), offset);
        }
    }

    /**
     * Releases the resources of one raw span: one digest for all of them, and the tags and their
     * {@code meta} members built once per distinct combination (a record has only a few).
     */
    private final class Releaser {
        private final byte[] span;
        private final ReleaseForm.Writer writer;
        private final MessageDigest digest = Hashes.sha256Digest();
        private final Map<List<List<String>>, Labels> labels = new HashMap<>();

        Releaser(byte[] span, ReleaseForm.Writer writer) {
            this.span = span;
            this.writer = writer;
        }

        TaggedResource release(CatalogEntry entry, int offset) {
            int length = entry.raw().length();
            digest.update(span, offset, length);
            if (!sameDigest(digest.digest(), entry.sha256())) {
                throw tampered(entry);
            }
            Labels known = labelsOf(entry);
            int start = writer.append(span, offset, length, known.tags(), known.members(), mapping);
            return TaggedResource.slice(identity(entry), known.tags(), writer.buffer(), start, writer.size() - start);
        }

        /** Releases from the resource's release copy at {@code offset}; null if it fails its hash. */
        TaggedResource releaseCopy(CatalogEntry entry, int offset) {
            ReleaseCopy copy = entry.copy();
            digest.update(span, offset, copy.length());
            if (!sameDigest(digest.digest(), copy.sha256())) {
                return null;
            }
            Labels known = labelsOf(entry);
            int start = writer.appendWithLabels(
                    span, offset, copy.length(), offset + copy.labelsAt(), copy.labelsLength(), known.members());
            return TaggedResource.slice(identity(entry), known.tags(), writer.buffer(), start, writer.size() - start);
        }

        private Labels labelsOf(CatalogEntry entry) {
            return labels.computeIfAbsent(List.of(entry.tags(), entry.securityLabels()), key -> {
                ResourceTags tags = entry.resourceTags();
                return new Labels(tags, ReleaseForm.labelMembers(tags, mapping));
            });
        }

        private TaggedResource.ResourceIdentity identity(CatalogEntry entry) {
            return new TaggedResource.ResourceIdentity(
                    entry.resourceType(),
                    entry.resourceId(),
                    TaggedResource.fullUrlOf(entry.resourceId(), entry.fullUrl()));
        }
    }

    /** Tags and labels with their {@code meta} members in release form. */
    private static final class Labels {
        private final ResourceTags tags;
        private final byte[] members;

        Labels(ResourceTags tags, byte[] members) {
            this.tags = tags;
            this.members = members;
        }

        ResourceTags tags() {
            return tags;
        }

        byte[] members() {
            return members;
        }
    }

    /** Whether {@code hex} (as the catalog keeps it) spells {@code digest}, without decoding it first. */
    static boolean sameDigest(byte[] digest, String hex) {
        if (hex.length() != digest.length * 2) {
            return false;
        }
        int difference = 0;
        for (int i = 0; i < digest.length; i++) {
            int high = Character.digit(hex.charAt(2 * i), 16);
            int low = Character.digit(hex.charAt(2 * i + 1), 16);
            if (high < 0 || low < 0) {
                return false;
            }
            difference |= (digest[i] & 0xff) ^ (high << 4 | low);
        }
        return difference == 0;
    }

    private static LakeException tampered(CatalogEntry entry) {
        return new LakeException(
                ErrorCode.TAMPERING_DETECTED,
                "hash mismatch for " + entry.resourceType() + "/" + entry.resourceId() + " in "
                        + entry.raw().key());
    }
}
