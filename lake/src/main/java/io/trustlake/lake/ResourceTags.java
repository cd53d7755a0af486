package io.trustlake.lake;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The tags and sensitivity labels a {@link TagMapping} gives one resource.
 *
 * @param tags record-section tags; empty means the resource is never released
 * @param securityLabels v3-ActCode sensitivity codes (PSY, SEX, ETH, GDIS)
 */
public record ResourceTags(SortedSet<String> tags, SortedSet<String> securityLabels) {
    public ResourceTags {
        tags = Collections.unmodifiableSortedSet(new TreeSet<>(tags));
        securityLabels = Collections.unmodifiableSortedSet(new TreeSet<>(securityLabels));
    }
}
