package io.trustlake.server.records;

import java.util.List;

/**
 * A record request: the purpose (v3-ActReason), optionally the tags wanted (empty = all allowed),
 * and for an emergency (ETREAT, BTG) the written justification.
 */
public record RecordBody(String purpose, List<String> tags, String justification) {
    public RecordBody {
        tags = tags == null ? List.of() : List.copyOf(tags);
        justification = justification == null ? "" : justification.strip();
    }

    public RecordBody(String purpose, List<String> tags) {
        this(purpose, tags, "");
    }
}
