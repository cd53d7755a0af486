package io.trustlake.lake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustlake.common.error.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The delivery a connector hands to ingestion: one patient's resources as a FHIR R4 {@code
 * collection} Bundle whose entries hold each resource's canonical bytes ({@link #canonical})
 * verbatim, so that the catalog's per-resource hash is the hash of exactly what a {@link
 * SourceFetcher} returns when it fetches that resource again. Not thread-safe.
 */
final class SourceBundle {
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private long bytes;

    private record Entry(String fullUrl, String json) {}

    /** The bytes a connector stores for a resource tree: Jackson's compact form, order kept. */
    static byte[] canonical(ObjectNode resource) {
        return FhirJson.write(resource);
    }

    /**
     * Adds a resource unless one of the same type and id is already there (the first one wins:
     * servers repeat resources across pages when data changes during paging).
     */
    void add(String fullUrl, ObjectNode resource) {
        String key = FhirJson.text(resource, "resourceType") + "/" + FhirJson.text(resource, "id");
        if (!entries.containsKey(key)) {
            String json = new String(canonical(resource), StandardCharsets.UTF_8);
            entries.put(key, new Entry(fullUrl, json));
            bytes += json.length() + fullUrl.length() + 32L;
        }
    }

    /**
     * Adds a resource's canonical bytes as they are, unless one of the same type and id is already
     * there: how the scrubber rebuilds a lost delivery from the re-fetched resources.
     */
    void addCanonical(String resourceType, String resourceId, String fullUrl, byte[] canonical) {
        String key = resourceType + "/" + resourceId;
        if (!entries.containsKey(key)) {
            String json = new String(canonical, StandardCharsets.UTF_8);
            entries.put(key, new Entry(fullUrl, json));
            bytes += json.length() + fullUrl.length() + 32L;
        }
    }

    /** Whether a resource of this type and id was added. */
    boolean contains(String resourceType, String resourceId) {
        return entries.containsKey(resourceType + "/" + resourceId);
    }

    int size() {
        return entries.size();
    }

    /** An upper estimate of the bundle's size in bytes (UTF-16 length of the parts). */
    long approximateBytes() {
        return bytes;
    }

    byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, bytes + 64));
        write(out, "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[");
        List<Entry> list = new ArrayList<>(entries.values());
        for (int i = 0; i < list.size(); i++) {
            Entry entry = list.get(i);
            String fullUrl = entry.fullUrl().isEmpty() ? "" : "\"fullUrl\":" + quoted(entry.fullUrl()) + ",";
            write(out, (i == 0 ? "" : ",") + "{" + fullUrl + "\"resource\":");
            write(out, entry.json());
            write(out, "}");
        }
        write(out, "]}");
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String quoted(String text) {
        try {
            return FhirJson.MAPPER.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new LakeException(ErrorCode.INTERNAL, "a string cannot be written as JSON", e);
        }
    }
}
