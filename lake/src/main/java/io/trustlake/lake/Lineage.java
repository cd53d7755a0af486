package io.trustlake.lake;

import java.time.Instant;

/**
 * Where a catalogued resource came from: enough to fetch it again from its source.
 *
 * @param source the source system and delivery
 * @param sourceResourceId the resource's id in the source
 * @param fetchedAt when the lake received it (from the lake's clock)
 */
public record Lineage(Source source, String sourceResourceId, Instant fetchedAt) {}
