package io.trustlake.lake;

/**
 * One {@code entry.resource} found while streaming a bundle: what ingestion needs of it (read from
 * the tokens, never for output) and the exact byte range of its JSON object in the bundle.
 */
record ScannedEntry(ResourceFacts facts, int offset, int length, String fullUrl) {
    String resourceType() {
        return facts.resourceType();
    }

    String resourceId() {
        return facts.resourceId();
    }
}
