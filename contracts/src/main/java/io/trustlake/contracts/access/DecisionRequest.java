package io.trustlake.contracts.access;

import java.time.Instant;
import java.util.Set;

/** One question for the decision engine: may this requester see these tags of this patient now? */
public record DecisionRequest(
        Requester requester, String patientId, Set<String> requestedTags, String purpose, Instant at) {
    public DecisionRequest {
        requestedTags = Set.copyOf(requestedTags);
    }
}
