package io.trustlake.server.fhir;

import io.trustlake.contracts.access.AccessLogEntry;
import io.trustlake.contracts.access.Decision;
import io.trustlake.contracts.access.Requester;
import io.trustlake.contracts.rules.Effect;
import io.trustlake.contracts.rules.Grantee;
import io.trustlake.contracts.rules.Rule;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Rules and access-log entries as the ledger records them, for the mapper tests. */
final class Fixtures {
    static final String PATIENT = "p-abcdefghijkmnpqrstuvwxyz23";
    static final String RULE = "abcdefghijkmnpqrstuvwxyz23";
    static final Instant FROM = Instant.parse("2024-01-01T00:00:00Z");
    static final Instant UNTIL = Instant.parse("2030-06-30T12:30:15.123456Z");
    static final Instant CHANGED = Instant.parse("2025-03-04T05:06:07.891Z");

    private Fixtures() {}

    static Rule rule(Grantee grantee, Effect effect, List<String> tags, List<String> purposes) {
        return rule(RULE, grantee, effect, tags, purposes);
    }

    static Rule rule(String ruleId, Grantee grantee, Effect effect, List<String> tags, List<String> purposes) {
        return new Rule(
                ruleId,
                PATIENT,
                grantee,
                tags,
                effect,
                FROM,
                UNTIL,
                purposes,
                1,
                Rule.Status.ACTIVE,
                "hosp-es:" + PATIENT,
                CHANGED,
                42);
    }

    static Rule departmentAllow() {
        return rule(
                new Grantee(Grantee.Type.DEPARTMENT, "hosp-es:cardiology"),
                Effect.ALLOW,
                List.of("allergies", "conditions", "mental-health"),
                List.of("TREAT"));
    }

    static Requester professional() {
        return new Requester("hosp-es:dr.garcia", "PROFESSIONAL", "hosp-es", List.of("hosp-es:cardiology"), "");
    }

    static AccessLogEntry granted() {
        Decision decision = new Decision(
                Decision.Outcome.GRANTED,
                List.of("allergies", "conditions"),
                Map.of("medications", Decision.Withheld.DENIED_BY_RULE, "imaging", Decision.Withheld.NO_RULE),
                List.of(new Decision.RuleRef(RULE, 1), new Decision.RuleRef("bcdefghijkmnpqrstuvwxyz234", 3)),
                List.of());
        return entry(professional(), "TREAT", decision, "");
    }

    static AccessLogEntry denied() {
        Decision decision = new Decision(
                Decision.Outcome.DENIED,
                List.of(),
                Map.of("allergies", Decision.Withheld.NO_RULE),
                List.of(),
                List.of());
        return entry(professional(), "TREAT", decision, "");
    }

    static AccessLogEntry emergency() {
        Decision decision = new Decision(
                Decision.Outcome.GRANTED,
                List.of("allergies", "medications"),
                Map.of(),
                List.of(),
                List.of("allergies", "medications"));
        return entry(
                "defghijkmnpqrstuvwxyz23456",
                professional(),
                "ETREAT",
                decision,
                "unconscious patient in the emergency room");
    }

    static AccessLogEntry entry(Requester requester, String purpose, Decision decision, String justification) {
        return entry("cdefghijkmnpqrstuvwxyz2345", requester, purpose, decision, justification);
    }

    static AccessLogEntry entry(
            String requestId, Requester requester, String purpose, Decision decision, String justification) {
        return new AccessLogEntry(
                requestId,
                PATIENT,
                requester,
                purpose,
                List.of("allergies", "conditions", "imaging", "medications"),
                decision,
                Instant.parse("2025-05-06T07:08:09.123456Z"),
                1234,
                56,
                justification);
    }
}
