package io.trustlake.lake;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One {@code entry.resource} found while streaming a bundle: its parsed tree (for tagging, never
 * for output) and the exact byte range of its JSON object in the bundle.
 */
record ScannedEntry(ObjectNode resource, int offset, int length, String fullUrl) {
    String resourceType() {
        return FhirJson.text(resource, "resourceType");
    }

    String resourceId() {
        return FhirJson.text(resource, "id");
    }
}
