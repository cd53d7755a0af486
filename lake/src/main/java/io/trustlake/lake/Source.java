package io.trustlake.lake;

import io.trustlake.common.error.ErrorCode;
import java.util.regex.Pattern;

/**
 * Where a bundle came from. {@code system} names the source system (for example {@code synthea}
 * or a hospital's EHR) and is part of a resource's identity in the catalog; {@code name} says which
 * delivery it was (a file name, a URL) and is kept as lineage only, so re-fetching is possible.
 *
 * @param system lower-case slug, {@code [a-z0-9][a-z0-9._-]{0,63}}
 * @param name 1 to 1024 characters without control characters
 */
public record Source(String system, String name) {
    private static final Pattern SYSTEM = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern NAME = Pattern.compile("[^\\p{Cntrl}]{1,1024}");

    public Source {
        if (!SYSTEM.matcher(system).matches() || !NAME.matcher(name).matches()) {
            throw new LakeException(ErrorCode.BAD_REQUEST, "invalid source system or name");
        }
    }
}
