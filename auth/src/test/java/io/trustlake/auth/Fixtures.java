package io.trustlake.auth;

import java.time.Instant;
import java.util.List;

/** Accounts and ids shared by the tests. */
final class Fixtures {
    static final Instant START = Instant.parse("2025-03-01T09:00:00Z");
    static final String HOSPITAL = "hosp-es";
    static final String OTHER_HOSPITAL = "hosp-it";
    static final String PATIENT_ID = "p-abcdefghijkmnpqrstuvwxyz23";

    private Fixtures() {}

    static Account professional(String username, String passwordHash) {
        return new Account(
                HOSPITAL + ":" + username,
                username,
                "Dr " + username,
                Role.PROFESSIONAL,
                HOSPITAL,
                List.of("hosp-es:cardiology", "hosp-es:emergency"),
                "",
                passwordHash,
                AccountStatus.ACTIVE,
                START);
    }

    static Account patient(String username, String passwordHash) {
        return new Account(
                HOSPITAL + ":" + username,
                username,
                "Patient " + username,
                Role.PATIENT,
                HOSPITAL,
                List.of(),
                PATIENT_ID,
                passwordHash,
                AccountStatus.ACTIVE,
                START);
    }
}
