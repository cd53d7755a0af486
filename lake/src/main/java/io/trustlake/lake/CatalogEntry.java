package io.trustlake.lake;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One resource in the structured zone (the catalog).
 *
 * @param patientId the Trustlake pseudonymous patient id the resource belongs to
 * @param resourceType FHIR resource type, e.g. {@code Condition}
 * @param resourceId the resource's logical id in its source
 * @param fullUrl the bundle entry's {@code fullUrl}, or empty when the source gave none
 * @param tags record-section tags in ascending order (empty: never released)
 * @param securityLabels v3-ActCode sensitivity codes (PSY, SEX, ETH, GDIS) in ascending order
 * @param date the resource's clinically relevant date or dateTime as written in the source, or
 *     empty when it has none
 * @param raw where its JSON lies in the raw zone
 * @param sha256 lower-case hex SHA-256 of exactly those bytes
 * @param lineage where and when it was fetched
 * @param version 1 when first catalogued, incremented each time the source sends different content
 * @param copy where its release form made at ingestion lies in the structured zone, or null when
 *     there is none (an untagged resource, one the release form's fast path declines, or an entry
 *     catalogued before copies were kept): it is then released from the raw zone
 */
public record CatalogEntry(
        String patientId,
        String resourceType,
        String resourceId,
        String fullUrl,
        List<String> tags,
        List<String> securityLabels,
        String date,
        RawSlice raw,
        String sha256,
        Lineage lineage,
        long version,
        ReleaseCopy copy) {
    public CatalogEntry {
        tags = List.copyOf(tags);
        securityLabels = List.copyOf(securityLabels);
    }

    /** The resource's date, when it has one. */
    public Optional<String> dateIfPresent() {
        return date.isEmpty() ? Optional.empty() : Optional.of(date);
    }

    /** Whether this entry describes the same content as {@code other} (same bytes hash). */
    public boolean sameContentAs(CatalogEntry other) {
        return sha256.equals(other.sha256);
    }

    /** Its tags and security labels as the release form takes them. */
    ResourceTags resourceTags() {
        return new ResourceTags(new TreeSet<>(tags), new TreeSet<>(securityLabels));
    }

    /** A copy of this entry with another release copy (null for none). */
    CatalogEntry withCopy(ReleaseCopy newCopy) {
        return with(version, newCopy);
    }

    /** A copy with another version number. */
    CatalogEntry withVersion(long newVersion) {
        return with(newVersion, copy);
    }

    private CatalogEntry with(long newVersion, ReleaseCopy newCopy) {
        return new CatalogEntry(
                patientId,
                resourceType,
                resourceId,
                fullUrl,
                tags,
                securityLabels,
                date,
                raw,
                sha256,
                lineage,
                newVersion,
                newCopy);
    }
}
