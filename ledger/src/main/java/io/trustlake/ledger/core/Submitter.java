package io.trustlake.ledger.core;

import java.util.List;

/**
 * Who asked for a transaction, as vouched for by the signing organisation's node, which
 * authenticated the user. {@code patientId} is empty unless the user is a patient.
 */
public record Submitter(String userId, String organisation, String role, String patientId, List<String> departments) {
    public static final String NODE_ROLE = "NODE";

    public Submitter {
        departments = List.copyOf(departments);
    }

    /** The node itself, for system transactions such as registering data records. */
    public static Submitter node(String organisation) {
        return new Submitter(organisation + ":node", organisation, NODE_ROLE, "", List.of());
    }
}
