package io.trustlake.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustlake.common.error.ErrorCode;
import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One released FHIR resource: its JSON (with {@code meta.tag} entries of system {@value #TAG_SYSTEM}
 * for its tags and {@code meta.security} labels) plus those tags and labels. Immutable: the bytes
 * are copied in and out.
 */
public final class TaggedResource {
    /** The system of Trustlake's record-section tags in {@code meta.tag}. */
    public static final String TAG_SYSTEM = "urn:trustlake:tag";

    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final String resourceType;
    private final String resourceId;
    private final String fullUrl;
    private final SortedSet<String> tags;
    private final SortedSet<String> securityLabels;
    private final byte[] buffer;
    private final int offset;
    private final int length;

    /** Takes ownership of {@code json}: callers hand over an array nobody else keeps. */
    private TaggedResource(ResourceIdentity identity, ResourceTags resourceTags, byte[] json) {
        this(identity, resourceTags, json, 0, json.length);
    }

    /** Shares {@code buffer}, whose bytes in the range nobody may change any more. */
    private TaggedResource(
            ResourceIdentity identity, ResourceTags resourceTags, byte[] buffer, int offset, int length) {
        this.resourceType = identity.resourceType();
        this.resourceId = identity.resourceId();
        this.fullUrl = identity.fullUrl();
        this.tags = resourceTags.tags();
        this.securityLabels = resourceTags.securityLabels();
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
    }

    /** A resource whose JSON is {@code length} bytes at {@code offset} of a shared, frozen buffer. */
    static TaggedResource slice(
            ResourceIdentity identity, ResourceTags resourceTags, byte[] buffer, int offset, int length) {
        return new TaggedResource(identity, resourceTags, buffer, offset, length);
    }

    /** Writes the JSON to {@code out} without copying it first. */
    void writeJsonTo(SphrAssembler.Out out) {
        out.bytes(buffer, offset, length);
    }

    int jsonLength() {
        return length;
    }

    /**
     * Reads a tagged resource sent by another organisation (kept as the re-serialized tree, so
     * nothing but one JSON object can reach a Bundle): tags come from its {@code meta.tag}
     * entries of system {@value #TAG_SYSTEM}, labels from its v3-ActCode {@code meta.security}.
     * Throws {@link LakeException} when the bytes are not a JSON object with a type and an id.
     */
    public static TaggedResource parse(byte[] resourceJson) {
        return of(FhirJson.readInputObject(resourceJson));
    }

    /** A resource already read with the lake's strict FHIR reader (decimals kept as written). */
    static TaggedResource of(ObjectNode resource) {
        Set<String> tags = new TreeSet<>();
        for (JsonNode tag : resource.path("meta").path("tag")) {
            if (TAG_SYSTEM.equals(FhirJson.text(tag, "system"))) {
                tags.add(FhirJson.text(tag, "code"));
            }
        }
        String id = FhirJson.text(resource, "id");
        String type = FhirJson.text(resource, "resourceType");
        if (type.isEmpty() || id.isEmpty()) {
            throw new LakeException(ErrorCode.BAD_REQUEST, "a tagged resource needs a resourceType and an id");
        }
        ResourceIdentity identity = new ResourceIdentity(type, id, fullUrlOf(id, ""));
        return new TaggedResource(
                identity,
                new ResourceTags(new TreeSet<>(tags), new TreeSet<>(Codings.securityLabels(resource))),
                FhirJson.write(resource));
    }

    /** The source's {@code fullUrl} when known, else {@code urn:uuid:<id>} for a UUID id, else empty. */
    static String fullUrlOf(String resourceId, String sourceFullUrl) {
        if (!sourceFullUrl.isEmpty()) {
            return sourceFullUrl;
        }
        return UUID.matcher(resourceId).matches() ? "urn:uuid:" + resourceId : "";
    }

    public String resourceType() {
        return resourceType;
    }

    public String resourceId() {
        return resourceId;
    }

    /** The bundle {@code fullUrl} to use (e.g. {@code urn:uuid:…}), or empty when there is none. */
    public String fullUrl() {
        return fullUrl;
    }

    public SortedSet<String> tags() {
        return Collections.unmodifiableSortedSet(tags);
    }

    /**
     * The tags and labels themselves, not a view: resources released together share one instance
     * per distinct combination, so a caller can skip sets it has already seen. Callers must not
     * change them.
     */
    SortedSet<String> sharedTags() {
        return tags;
    }

    SortedSet<String> sharedSecurityLabels() {
        return securityLabels;
    }

    public SortedSet<String> securityLabels() {
        return Collections.unmodifiableSortedSet(securityLabels);
    }

    /** The resource's FHIR JSON (UTF-8), a fresh copy. */
    public byte[] json() {
        return java.util.Arrays.copyOfRange(buffer, offset, offset + length);
    }

    @Override
    public String toString() {
        return resourceType + "/" + resourceId + " " + tags;
    }

    /** Type, id and bundle fullUrl of a resource. */
    record ResourceIdentity(String resourceType, String resourceId, String fullUrl) {}
}
