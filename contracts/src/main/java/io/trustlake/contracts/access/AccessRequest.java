package io.trustlake.contracts.access;

import java.util.List;

/**
 * A request to read a patient's record; empty {@code tags} asks for everything allowed. An
 * emergency purpose (ETREAT, BTG) needs a written {@code justification}.
 */
public record AccessRequest(
        String requestId, String patientId, List<String> tags, String purpose, String justification) {
    public AccessRequest {
        tags = tags == null ? List.of() : List.copyOf(tags);
        justification = justification == null ? "" : justification;
    }

    public AccessRequest(String requestId, String patientId, List<String> tags, String purpose) {
        this(requestId, patientId, tags, purpose, "");
    }
}
