package io.trustlake.contracts.access;

import io.trustlake.ledger.core.Submitter;
import java.util.List;

/** Who asks for a record: a user with a role, an organisation and departments. */
public record Requester(String userId, String role, String organisation, List<String> departments, String patientId) {
    public Requester {
        departments = List.copyOf(departments);
    }

    public static Requester of(Submitter submitter) {
        return new Requester(
                submitter.userId(),
                submitter.role(),
                submitter.organisation(),
                submitter.departments(),
                submitter.patientId());
    }

    public boolean isThePatient(String patient) {
        return "PATIENT".equals(role) && patientId.equals(patient);
    }
}
