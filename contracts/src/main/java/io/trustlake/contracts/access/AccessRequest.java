package io.trustlake.contracts.access;

import java.util.List;

/** A request to read a patient's record; empty {@code tags} asks for everything allowed. */
public record AccessRequest(String requestId, String patientId, List<String> tags, String purpose) {
    public AccessRequest {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
