package io.trustlake.server.records;

import java.util.List;

/** A record request: the purpose (v3-ActReason) and optionally the tags wanted (empty = all allowed). */
public record RecordBody(String purpose, List<String> tags) {
    public RecordBody {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
