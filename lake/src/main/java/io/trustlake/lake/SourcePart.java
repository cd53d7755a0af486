package io.trustlake.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.id.Ids;
import java.util.ArrayList;
import java.util.List;

/**
 * The resources one organisation contributes to an SPHR. Another organisation's node sends them as
 * one share, read with {@link #parse}.
 *
 * @param organisationId the contributing organisation's id
 * @param organisationName its display name, shown in the Provenance agent
 * @param resources what it released, in the order they should appear
 */
public record SourcePart(String organisationId, String organisationName, List<TaggedResource> resources) {
    public SourcePart {
        Ids.requireOrganisationId(organisationId);
        if (organisationName.isBlank()) {
            throw new LakeException(ErrorCode.BAD_REQUEST, "organisation name is blank");
        }
        resources = List.copyOf(resources);
    }

    /**
     * Reads a share as it travels between nodes, {@code {"organisation":…,"resources":[…]}}, in one
     * pass with the lake's strict FHIR reader: decimals stay as written ({@code 5.10} stays {@code
     * 5.10}, as FHIR requires), a duplicate key anywhere rejects the share.
     *
     * @throws LakeException ({@code BAD_REQUEST}) when the share is not that shape or a resource is
     *     not a tagged FHIR resource
     */
    public static SourcePart parse(byte[] share, String organisationName) {
        ObjectNode tree = FhirJson.readInputObject(share);
        JsonNode list = tree.get("resources");
        if (list == null || !list.isArray()) {
            throw new LakeException(ErrorCode.BAD_REQUEST, "a share needs a resources array");
        }
        List<TaggedResource> resources = new ArrayList<>(list.size());
        for (JsonNode resource : list) {
            if (!(resource instanceof ObjectNode object)) {
                throw new LakeException(ErrorCode.BAD_REQUEST, "a shared resource is not a JSON object");
            }
            resources.add(TaggedResource.of(object));
        }
        return new SourcePart(FhirJson.text(tree, "organisation"), organisationName, resources);
    }
}
