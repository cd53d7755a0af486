package io.trustlake.lake;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.id.Ids;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A provider's tagging rules: which record-section tags and {@code meta.security} sensitivity labels
 * a FHIR resource gets. The default table of DESIGN.md lives in {@code default-tag-mapping.json}
 * next to this class.
 *
 * <p>Rules, in order:
 *
 * <ol>
 *   <li>A base tag from the resource type ({@code Condition} → {@code conditions}), or, for the
 *       types listed as categorised (Observation, DiagnosticReport), from its {@code category}
 *       codings, falling back to the type's {@code otherwise} tag (DiagnosticReport → {@code
 *       documents}; Observation → none).
 *   <li>A resource without a base tag gets no tag at all, not even a sensitive one, and is never
 *       released: unknown resource types and unlisted Observation categories are withheld.
 *   <li>Sensitive overlays ({@code mental-health}/PSY, {@code sexual-health}/SEX, {@code
 *       substance-use}/ETH, {@code genetics}/GDIS) are added on top when any coding anywhere in the
 *       resource (outside {@code meta} and {@code text}) matches the overlay's codes or code
 *       prefixes, or when {@code meta.security} already carries the overlay's label. Free text
 *       (narratives, note attachments) is not inspected.
 * </ol>
 *
 * Immutable and thread-safe.
 */
public final class TagMapping {
    /** The code system of {@code meta.security} sensitivity labels. */
    public static final String SECURITY_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

    private static final String DEFAULT_RESOURCE = "default-tag-mapping.json";
    private static final TagMapping DEFAULTS = load();

    private final Map<String, String> typeTags;
    private final Map<String, CategoryRule> categorised;
    private final List<Overlay> overlays;

    private TagMapping(Map<String, String> typeTags, Map<String, CategoryRule> categorised, List<Overlay> overlays) {
        this.typeTags = typeTags;
        this.categorised = categorised;
        this.overlays = overlays;
    }

    /** The default mapping of DESIGN.md. */
    public static TagMapping defaults() {
        return DEFAULTS;
    }

    /**
     * The default mapping changed by an organisation's overrides (the {@code tagMapping} object of a
     * node's configuration, see docs/sources.md). Throws {@link LakeException} ({@link
     * ErrorCode#CONFIGURATION}) naming the first bad entry: an unknown tag, resource type or key, a
     * malformed entry.
     */
    public static TagMapping defaultsWith(byte[] overridesJson) {
        return TagMappingOverrides.applyToDefaults(overridesJson);
    }

    /** All tags of the default mapping, sorted. */
    public static SortedSet<String> defaultTags() {
        return DEFAULTS.allTags();
    }

    /**
     * Reads a mapping in the format of {@code default-tag-mapping.json}. Throws {@link LakeException}
     * ({@link ErrorCode#CONFIGURATION}) when it is unreadable or names an invalid tag.
     */
    public static TagMapping fromJson(byte[] json) {
        MappingFile file;
        try {
            file = Json.canonical().readValue(json, MappingFile.class);
        } catch (IOException e) {
            throw new LakeException(ErrorCode.CONFIGURATION, "tag mapping is not valid JSON", e);
        }
        TagMapping mapping = new TagMapping(
                Map.copyOf(file.types()),
                Map.copyOf(file.categorised()),
                file.sensitive().stream().map(Overlay::of).toList());
        mapping.allTags().forEach(TagMapping::requireTag);
        return mapping;
    }

    /** Every tag this mapping can give, sorted. */
    public SortedSet<String> allTags() {
        SortedSet<String> tags = new TreeSet<>(typeTags.values());
        categorised.values().forEach(rule -> tags.addAll(rule.tags()));
        overlays.forEach(overlay -> tags.add(overlay.tag()));
        tags.remove("");
        return Collections.unmodifiableSortedSet(tags);
    }

    /** The tags and labels of one resource given as FHIR JSON. */
    public ResourceTags tag(byte[] resourceJson) {
        return tag(FhirJson.readInputObject(resourceJson));
    }

    /** The tags and labels of one resource given as a JSON tree. */
    ResourceTags tag(JsonNode resource) {
        return tag(ResourceFacts.of(resource));
    }

    /** The tags and labels of one resource, from what a scan found in it. */
    ResourceTags tag(ResourceFacts resource) {
        SortedSet<String> tags = baseTags(resource.resourceType(), resource.categoryCodings());
        SortedSet<String> labels = new TreeSet<>();
        Set<String> codings = resource.codings();
        Set<String> existingLabels = resource.securityLabels();
        for (Overlay overlay : overlays) {
            if (existingLabels.contains(overlay.label()) || overlay.matchesAny(codings)) {
                labels.add(overlay.label());
                tags.add(overlay.tag());
            }
        }
        boolean hasBaseTag = tags.stream().anyMatch(tag -> !isOverlayTag(tag));
        return new ResourceTags(hasBaseTag ? tags : new TreeSet<>(), labels);
    }

    private boolean isOverlayTag(String tag) {
        return overlays.stream().anyMatch(overlay -> overlay.tag().equals(tag));
    }

    private SortedSet<String> baseTags(String type, Set<String> categoryCodings) {
        SortedSet<String> tags = new TreeSet<>();
        String typeTag = typeTags.get(type);
        if (typeTag != null) {
            tags.add(typeTag);
        }
        CategoryRule rule = categorised.get(type);
        if (rule != null) {
            tags.addAll(rule.tagsFor(categoryCodings));
        }
        return tags;
    }

    /** The display text of a sensitivity label, or the label itself when unknown. */
    String labelDisplay(String label) {
        return overlays.stream()
                .filter(overlay -> overlay.label().equals(label))
                .map(Overlay::display)
                .findFirst()
                .orElse(label);
    }

    private static void requireTag(String tag) {
        if (!Ids.isTag(tag)) {
            throw new LakeException(ErrorCode.CONFIGURATION, "tag mapping names an invalid tag: " + Ids.printable(tag));
        }
    }

    private static TagMapping load() {
        try (InputStream in = TagMapping.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new LakeException(ErrorCode.CONFIGURATION, "default tag mapping is missing");
            }
            return fromJson(in.readAllBytes());
        } catch (IOException e) {
            throw new LakeException(ErrorCode.CONFIGURATION, "default tag mapping is unreadable", e);
        }
    }

    /** The JSON file's shape. */
    record MappingFile(Map<String, String> types, Map<String, CategoryRule> categorised, List<OverlayFile> sensitive) {}

    /** Category codings → tags for one resource type, with a fallback tag ("" for none). */
    record CategoryRule(List<CategoryCode> categories, String otherwise) {
        Set<String> tagsFor(Set<String> codings) {
            Set<String> tags = new HashSet<>();
            for (CategoryCode category : categories) {
                if (codings.contains(Codings.key(category.system(), category.code()))) {
                    tags.add(category.tag());
                }
            }
            if (tags.isEmpty() && !otherwise.isEmpty()) {
                tags.add(otherwise);
            }
            return tags;
        }

        Set<String> tags() {
            Set<String> tags = new HashSet<>();
            categories.forEach(category -> tags.add(category.tag()));
            tags.add(otherwise);
            return tags;
        }
    }

    record CategoryCode(String system, String code, String tag) {}

    record OverlayFile(
            String tag,
            String label,
            String display,
            Map<String, List<String>> codes,
            Map<String, List<String>> prefixes) {}

    /** A sensitive overlay: exact {@code system|code} keys and per-system code prefixes. */
    private record Overlay(
            String tag, String label, String display, Set<String> codes, Map<String, List<String>> prefixes) {
        static Overlay of(OverlayFile file) {
            Set<String> codes = new HashSet<>();
            file.codes().forEach((system, list) -> list.forEach(code -> codes.add(Codings.key(system, code))));
            return new Overlay(
                    file.tag(), file.label(), file.display(), Set.copyOf(codes), Map.copyOf(file.prefixes()));
        }

        boolean matchesAny(Set<String> codings) {
            for (String coding : codings) {
                if (codes.contains(coding) || matchesPrefix(coding)) {
                    return true;
                }
            }
            return false;
        }

        private boolean matchesPrefix(String coding) {
            int bar = coding.indexOf('|');
            List<String> candidates = prefixes.getOrDefault(coding.substring(0, bar), List.of());
            for (String prefix : candidates) {
                if (coding.startsWith(prefix, bar + 1)) {
                    return true;
                }
            }
            return false;
        }
    }
}
