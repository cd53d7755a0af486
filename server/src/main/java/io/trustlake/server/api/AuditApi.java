package io.trustlake.server.api;

import io.javalin.http.Context;
import io.trustlake.auth.Principal;
import io.trustlake.contracts.access.AccessLogContract;
import io.trustlake.contracts.access.AccessLogEntry;
import io.trustlake.contracts.access.Decision;
import io.trustlake.ledger.contract.StateView;
import io.trustlake.server.http.Authentication;
import io.trustlake.server.http.Responses;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A patient's audit trail: every access attempt to their record, newest first. */
public final class AuditApi {
    private final StateView state;
    private final Authentication authentication;

    public AuditApi(StateView state, Authentication authentication) {
        this.state = state;
        this.authentication = authentication;
    }

    /** One attempt, as shown to the patient. */
    public record AuditEntry(
            String requestId,
            String who,
            String role,
            String organisation,
            List<String> departments,
            String purpose,
            List<String> requestedTags,
            List<String> releasedTags,
            Map<String, Decision.Withheld> withheldTags,
            String outcome,
            Instant at,
            long logIndex,
            long blockNumber,
            List<String> emergencyOverride,
            String justification) {
        static AuditEntry of(AccessLogEntry e) {
            return new AuditEntry(
                    e.requestId(),
                    e.requester().userId(),
                    e.requester().role(),
                    e.requester().organisation(),
                    e.requester().departments(),
                    e.purpose(),
                    e.requestedTags(),
                    e.decision().released(),
                    e.decision().withheld(),
                    e.decision().outcome().name(),
                    e.at(),
                    e.logIndex(),
                    e.blockNumber(),
                    e.decision().overridden(),
                    e.justification());
        }
    }

    public record AuditTrail(String patientId, List<AuditEntry> entries) {}

    public void list(Context ctx) {
        Principal principal = authentication.require(ctx);
        String patientId = ctx.pathParam("patientId");
        Authentication.requireThePatient(principal, patientId);
        Responses.ok(ctx, new AuditTrail(patientId, entries(patientId)));
    }

    public List<AuditEntry> entries(String patientId) {
        List<AccessLogEntry> entries = new java.util.ArrayList<>(AccessLogContract.entries(state, patientId));
        java.util.Collections.reverse(entries);
        return entries.stream().map(AuditEntry::of).toList();
    }
}
