package io.trustlake.lake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustlake.common.crypto.Hashes;
import io.trustlake.common.crypto.Hex;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.id.Ids;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Stage 1 of the SPHR pipeline: picks a patient's releasable resources by tag and reads them back
 * from the raw zone, checking each against the hash in the catalog. Thread-safe.
 */
final class ResourceSelection {
    private final Catalog catalog;
    private final RawZone raw;
    private final TagMapping mapping;

    ResourceSelection(Catalog catalog, RawZone raw, TagMapping mapping) {
        this.catalog = catalog;
        this.raw = raw;
        this.mapping = mapping;
    }

    /**
     * A resource is released only when it has at least one tag and <em>all</em> of its tags are in
     * {@code allowedTags}: a depression Condition tagged {conditions, mental-health} needs both.
     */
    static boolean releasable(List<String> tags, Set<String> allowedTags) {
        return !tags.isEmpty() && allowedTags.containsAll(tags);
    }

    List<TaggedResource> select(String patientId, Set<String> allowedTags) {
        Ids.requirePatientId(patientId);
        allowedTags.forEach(Ids::requireTag);
        List<TaggedResource> released = new ArrayList<>();
        for (CatalogEntry entry : catalog.entries(patientId)) {
            if (releasable(entry.tags(), allowedTags)) {
                released.add(release(entry));
            }
        }
        return released;
    }

    private TaggedResource release(CatalogEntry entry) {
        byte[] bytes = raw.slice(entry.raw())
                .orElseThrow(() -> new LakeException(
                        ErrorCode.STORAGE_FAILURE,
                        "raw object missing or short: " + entry.raw().key()));
        if (!Hashes.equal(Hashes.sha256(bytes), Hex.decode(entry.sha256()))) {
            throw new LakeException(
                    ErrorCode.TAMPERING_DETECTED,
                    "hash mismatch for " + entry.resourceType() + "/" + entry.resourceId() + " in "
                            + entry.raw().key());
        }
        ObjectNode resource = FhirJson.readStoredObject(bytes);
        ResourceTags tags = new ResourceTags(new TreeSet<>(entry.tags()), new TreeSet<>(entry.securityLabels()));
        MetaLabels.apply(resource, tags, mapping);
        TaggedResource.ResourceIdentity identity = new TaggedResource.ResourceIdentity(
                entry.resourceType(),
                entry.resourceId(),
                TaggedResource.fullUrlOf(entry.resourceId(), entry.fullUrl()));
        return new TaggedResource(identity, tags, FhirJson.write(resource));
    }
}
