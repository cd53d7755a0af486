package io.trustlake.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.id.Ids;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.ResourceType;

/**
 * An organisation's changes to the default tag mapping, as the {@code tagMapping} object of a node's
 * configuration (docs/sources.md, "Tag mapping overrides"):
 *
 * <pre>{@code
 * {"tags": ["ophthalmology"],
 *  "types": {"VisionPrescription": "ophthalmology", "Coverage": ""},
 *  "categorised": {"Observation": {"categories": [{"system": "...", "code": "...", "tag": "..."}],
 *                                  "otherwise": ""}},
 *  "sensitive": [{"tag": "mental-health", "codes": {"http://snomed.info/sct": ["..."]}},
 *                {"tag": "hiv", "label": "HIV", "display": "HIV/AIDS information sensitivity",
 *                 "codes": {...}, "prefixes": {...}}]}
 * }</pre>
 *
 * {@code tags} declares the organisation's own tags; every other tag named must be a default one.
 * {@code types} sets (or, with {@code ""}, removes) a resource type's tag; {@code categorised}
 * replaces a type's category rule; a {@code sensitive} entry for an existing overlay adds codes and
 * prefixes to it, one for a declared tag adds an overlay with its own label. A problem is a {@link
 * LakeException} ({@link ErrorCode#CONFIGURATION}) whose message names the entry and what is wrong.
 * Stateless.
 */
final class TagMappingOverrides {
    private static final Set<String> TOP_KEYS = Set.of("_comment", "tags", "types", "categorised", "sensitive");
    private static final Set<String> CATEGORY_RULE_KEYS = Set.of("categories", "otherwise");
    private static final Set<String> CATEGORY_KEYS = Set.of("system", "code", "tag");
    private static final Set<String> OVERLAY_KEYS = Set.of("tag", "label", "display", "codes", "prefixes");
    private static final Pattern LABEL = Pattern.compile("[A-Z][A-Z0-9]{1,15}");
    private static final int MAX_TEXT = 200;

    private final ObjectNode merged;
    private final Set<String> known;
    private final Set<String> overlayTags = new HashSet<>();

    private TagMappingOverrides(ObjectNode merged, Set<String> known) {
        this.merged = merged;
        this.known = known;
    }

    /** The default mapping with {@code overrides} (JSON) applied. */
    static TagMapping applyToDefaults(byte[] overrides) {
        JsonNode root = parse(overrides);
        if (!root.isObject()) {
            throw invalid("tagMapping", "must be a JSON object");
        }
        ObjectNode merged = defaultFile();
        TagMappingOverrides applying = new TagMappingOverrides(merged, new HashSet<>(TagMapping.defaultTags()));
        merged.withArray("sensitive")
                .forEach(overlay -> applying.overlayTags.add(overlay.path("tag").asText()));
        applying.apply((ObjectNode) root);
        return TagMapping.fromJson(Json.encode(merged));
    }

    private void apply(ObjectNode root) {
        requireKeys(root, "tagMapping", TOP_KEYS);
        declareTags(root.path("tags"));
        applyTypes(root.path("types"));
        applyCategorised(root.path("categorised"));
        applySensitive(root.path("sensitive"));
    }

    private void declareTags(JsonNode tags) {
        if (tags.isMissingNode()) {
            return;
        }
        if (!tags.isArray()) {
            throw invalid("tagMapping.tags", "must be a list of tags");
        }
        for (int i = 0; i < tags.size(); i++) {
            String where = "tagMapping.tags[" + i + "]";
            String tag = text(tags.get(i), where);
            if (!Ids.isTag(tag)) {
                throw invalid(
                        where, "'" + Ids.printable(tag) + "' is not a valid tag (lower-case letters, digits, '-')");
            }
            if (!known.add(tag)) {
                throw invalid(where, "'" + tag + "' is already a tag");
            }
        }
    }

    private void applyTypes(JsonNode types) {
        if (types.isMissingNode()) {
            return;
        }
        ObjectNode target = merged.withObjectProperty("types");
        for (Map.Entry<String, JsonNode> entry :
                object(types, "tagMapping.types").properties()) {
            String where = "tagMapping.types." + entry.getKey();
            requireResourceType(entry.getKey(), where);
            String tag = text(entry.getValue(), where);
            if (tag.isEmpty()) {
                target.remove(entry.getKey());
            } else {
                requireBaseTag(tag, where);
                target.put(entry.getKey(), tag);
            }
        }
    }

    private void applyCategorised(JsonNode categorised) {
        if (categorised.isMissingNode()) {
            return;
        }
        ObjectNode target = merged.withObjectProperty("categorised");
        for (Map.Entry<String, JsonNode> entry :
                object(categorised, "tagMapping.categorised").properties()) {
            String where = "tagMapping.categorised." + entry.getKey();
            requireResourceType(entry.getKey(), where);
            target.set(entry.getKey(), categoryRule(object(entry.getValue(), where), where));
        }
    }

    private ObjectNode categoryRule(ObjectNode rule, String where) {
        requireKeys(rule, where, CATEGORY_RULE_KEYS);
        JsonNode categories = rule.path("categories");
        if (!categories.isArray()) {
            throw invalid(where + ".categories", "must be a list of {system, code, tag}");
        }
        ArrayNode checked = Json.canonical().createArrayNode();
        for (int i = 0; i < categories.size(); i++) {
            String at = where + ".categories[" + i + "]";
            ObjectNode category = object(categories.get(i), at);
            requireKeys(category, at, CATEGORY_KEYS);
            String tag = text(category.path("tag"), at + ".tag");
            requireBaseTag(tag, at + ".tag");
            checked.addObject()
                    .put("system", nonEmpty(category.path("system"), at + ".system"))
                    .put("code", nonEmpty(category.path("code"), at + ".code"))
                    .put("tag", tag);
        }
        String otherwise = rule.has("otherwise") ? text(rule.get("otherwise"), where + ".otherwise") : "";
        if (!otherwise.isEmpty()) {
            requireBaseTag(otherwise, where + ".otherwise");
        }
        ObjectNode result = Json.canonical().createObjectNode();
        result.set("categories", checked);
        result.put("otherwise", otherwise);
        return result;
    }

    private void applySensitive(JsonNode sensitive) {
        if (sensitive.isMissingNode()) {
            return;
        }
        if (!sensitive.isArray()) {
            throw invalid("tagMapping.sensitive", "must be a list of overlays");
        }
        for (int i = 0; i < sensitive.size(); i++) {
            String where = "tagMapping.sensitive[" + i + "]";
            ObjectNode overlay = object(sensitive.get(i), where);
            requireKeys(overlay, where, OVERLAY_KEYS);
            String tag = text(overlay.path("tag"), where + ".tag");
            requireKnown(tag, where + ".tag");
            ObjectNode existing = existingOverlay(tag);
            if (existing == null) {
                addOverlay(overlay, tag, where);
            } else {
                extendOverlay(existing, overlay, where);
            }
        }
    }

    private ObjectNode existingOverlay(String tag) {
        for (JsonNode overlay : merged.withArray("sensitive")) {
            if (overlay.path("tag").asText().equals(tag)) {
                return (ObjectNode) overlay;
            }
        }
        return null;
    }

    private void addOverlay(ObjectNode overlay, String tag, String where) {
        if (baseTags().contains(tag)) {
            throw invalid(where + ".tag", "'" + tag + "' is already a resource type's tag, not a sensitive overlay");
        }
        String label = text(overlay.path("label"), where + ".label");
        if (!LABEL.matcher(label).matches()) {
            throw invalid(where + ".label", "must be a v3-ActCode sensitivity code in capitals, such as HIV");
        }
        for (JsonNode other : merged.withArray("sensitive")) {
            if (other.path("label").asText().equals(label)) {
                throw invalid(
                        where + ".label",
                        "'" + label + "' is already the label of "
                                + other.path("tag").asText());
            }
        }
        ObjectNode added = merged.withArray("sensitive").addObject();
        added.put("tag", tag).put("label", label).put("display", nonEmpty(overlay.path("display"), where + ".display"));
        added.set("codes", codeLists(overlay.path("codes"), where + ".codes"));
        added.set("prefixes", codeLists(overlay.path("prefixes"), where + ".prefixes"));
        if (added.path("codes").isEmpty() && added.path("prefixes").isEmpty()) {
            throw invalid(where, "a new sensitive overlay needs codes or prefixes");
        }
        overlayTags.add(tag);
    }

    private void extendOverlay(ObjectNode existing, ObjectNode overlay, String where) {
        if (overlay.has("label")
                && !existing.path("label").asText().equals(text(overlay.get("label"), where + ".label"))) {
            throw invalid(
                    where + ".label",
                    "the label of " + existing.path("tag").asText() + " is "
                            + existing.path("label").asText() + " and cannot be changed");
        }
        if (overlay.has("display")) {
            existing.put("display", nonEmpty(overlay.get("display"), where + ".display"));
        }
        addAll(existing.withObjectProperty("codes"), codeLists(overlay.path("codes"), where + ".codes"));
        addAll(existing.withObjectProperty("prefixes"), codeLists(overlay.path("prefixes"), where + ".prefixes"));
    }

    private static void addAll(ObjectNode target, ObjectNode lists) {
        lists.properties().forEach(list -> target.withArray(list.getKey()).addAll((ArrayNode) list.getValue()));
    }

    private static ObjectNode codeLists(JsonNode lists, String where) {
        ObjectNode checked = Json.canonical().createObjectNode();
        if (lists.isMissingNode()) {
            return checked;
        }
        for (Map.Entry<String, JsonNode> list : object(lists, where).properties()) {
            String at = where + "." + list.getKey();
            if (list.getKey().isBlank() || list.getKey().contains("|")) {
                throw invalid(at, "a code system must be a URI without '|'");
            }
            if (!list.getValue().isArray()) {
                throw invalid(at, "must be a list of codes");
            }
            ArrayNode codes = checked.putArray(list.getKey());
            for (int i = 0; i < list.getValue().size(); i++) {
                codes.add(nonEmpty(list.getValue().get(i), at + "[" + i + "]"));
            }
        }
        return checked;
    }

    private Set<String> baseTags() {
        Set<String> tags = new HashSet<>();
        merged.path("types").forEach(tag -> tags.add(tag.asText()));
        merged.path("categorised").forEach(rule -> {
            tags.add(rule.path("otherwise").asText());
            rule.path("categories")
                    .forEach(category -> tags.add(category.path("tag").asText()));
        });
        return tags;
    }

    private void requireBaseTag(String tag, String where) {
        requireKnown(tag, where);
        if (overlayTags.contains(tag)) {
            throw invalid(
                    where, "'" + tag + "' is a sensitive overlay, added by code lists, not a resource type's tag");
        }
    }

    private void requireKnown(String tag, String where) {
        if (!known.contains(tag)) {
            throw invalid(
                    where,
                    "unknown tag '" + Ids.printable(tag) + "' (neither a default tag nor declared in tagMapping.tags)");
        }
    }

    private static void requireResourceType(String type, String where) {
        try {
            ResourceType.fromCode(type);
        } catch (RuntimeException e) {
            throw invalid(where, "'" + Ids.printable(type) + "' is not a FHIR R4 resource type");
        }
    }

    private static void requireKeys(JsonNode node, String where, Set<String> allowed) {
        node.fieldNames().forEachRemaining(key -> {
            if (!allowed.contains(key)) {
                throw invalid(where, "unknown key '" + Ids.printable(key) + "'");
            }
        });
    }

    private static ObjectNode object(JsonNode node, String where) {
        if (!node.isObject()) {
            throw invalid(where, "must be a JSON object");
        }
        return (ObjectNode) node;
    }

    private static String text(JsonNode node, String where) {
        if (!node.isTextual()) {
            throw invalid(where, node.isMissingNode() ? "is missing" : "must be a string");
        }
        if (node.asText().length() > MAX_TEXT) {
            throw invalid(where, "is longer than " + MAX_TEXT + " characters");
        }
        return node.asText();
    }

    private static String nonEmpty(JsonNode node, String where) {
        String value = text(node, where);
        if (value.isBlank()) {
            throw invalid(where, "must not be empty");
        }
        return value;
    }

    private static JsonNode parse(byte[] json) {
        try {
            JsonNode root = Json.canonical().readTree(json);
            if (root == null || root.isMissingNode()) {
                throw invalid("tagMapping", "is empty");
            }
            return root;
        } catch (IOException e) {
            throw invalid("tagMapping", "is not valid JSON");
        }
    }

    private static ObjectNode defaultFile() {
        try (InputStream in = TagMapping.class.getResourceAsStream("default-tag-mapping.json")) {
            if (in == null) {
                throw new LakeException(ErrorCode.CONFIGURATION, "default tag mapping is missing");
            }
            return (ObjectNode) Json.canonical().readTree(in);
        } catch (IOException e) {
            throw new LakeException(ErrorCode.CONFIGURATION, "default tag mapping is unreadable", e);
        }
    }

    private static LakeException invalid(String where, String problem) {
        return new LakeException(ErrorCode.CONFIGURATION, where + ": " + problem);
    }
}
