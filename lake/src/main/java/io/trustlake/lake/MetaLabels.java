package io.trustlake.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Writes a resource's tags and sensitivity labels into its {@code meta}. Stateless. */
final class MetaLabels {
    private MetaLabels() {}

    /**
     * Sets {@code meta.tag} entries of system {@link TaggedResource#TAG_SYSTEM} to exactly {@code
     * tags} (other systems' tags are kept) and adds each label missing from {@code meta.security}.
     */
    static void apply(ObjectNode resource, ResourceTags tags, TagMapping mapping) {
        ObjectNode meta = resource.get("meta") instanceof ObjectNode existing ? existing : resource.putObject("meta");
        List<JsonNode> foreignTags = foreignTags(meta);
        ArrayNode tagArray = meta.putArray("tag");
        tagArray.addAll(foreignTags);
        for (String tag : tags.tags()) {
            tagArray.addObject().put("system", TaggedResource.TAG_SYSTEM).put("code", tag);
        }
        if (tagArray.isEmpty()) {
            meta.remove("tag");
        }
        Set<String> present = new HashSet<>(Codings.securityLabels(resource));
        for (String label : tags.securityLabels()) {
            if (present.add(label)) {
                ArrayNode security =
                        meta.get("security") instanceof ArrayNode array ? array : meta.putArray("security");
                security.addObject()
                        .put("system", TagMapping.SECURITY_SYSTEM)
                        .put("code", label)
                        .put("display", mapping.labelDisplay(label));
            }
        }
    }

    private static List<JsonNode> foreignTags(ObjectNode meta) {
        List<JsonNode> foreign = new ArrayList<>();
        for (JsonNode tag : meta.path("tag")) {
            if (!TaggedResource.TAG_SYSTEM.equals(FhirJson.text(tag, "system"))) {
                foreign.add(tag);
            }
        }
        return foreign;
    }
}
