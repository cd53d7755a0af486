package io.trustlake.lake;

import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.id.Ids;
import java.util.List;

/**
 * The resources one organisation contributes to an SPHR. Resources from another organisation's
 * node arrive as FHIR JSON and are read with {@link TaggedResource#parse}.
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
}
