package io.trustlake.server.api;

import io.javalin.http.Context;
import io.trustlake.auth.Principal;
import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.common.id.Ids;
import io.trustlake.contracts.Payloads;
import io.trustlake.contracts.requests.AccessRequestRecord;
import io.trustlake.contracts.requests.AccessRequestsContract;
import io.trustlake.contracts.rules.AccessRulesContract;
import io.trustlake.ledger.core.TxReceipt;
import io.trustlake.ledger.gateway.Gateway;
import io.trustlake.server.http.Authentication;
import io.trustlake.server.http.Responses;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Access requests: a professional asks a patient for some sections for a period; the patient (or a
 * delegate) approves, which creates the rule, or rejects. Each step is a ledger entry.
 */
public final class AccessRequestsApi {
    private final Gateway gateway;
    private final Authentication authentication;
    private final Clock clock;

    public AccessRequestsApi(Gateway gateway, Authentication authentication, Clock clock) {
        this.gateway = gateway;
        this.authentication = authentication;
        this.clock = clock;
    }

    public record AskBody(List<String> tags, Instant validFrom, Instant validUntil, String reason) {}

    public record Requests(List<AccessRequestRecord> requests) {}

    public record Answered(AccessRequestRecord request, Submitters.LedgerPosition ledger) {}

    public void ask(Context ctx) {
        Principal principal = authentication.require(ctx);
        String patientId = Ids.requirePatientId(ctx.pathParam("patientId"));
        Responses.json(ctx, 201, ask(principal, patientId, Json.parseInput(ctx.bodyAsBytes(), AskBody.class)));
    }

    public Answered ask(Principal principal, String patientId, AskBody body) {
        if (body.tags() == null || body.validUntil() == null) {
            throw new TrustlakeException(ErrorCode.BAD_REQUEST, "tags and validUntil are required");
        }
        Instant from = body.validFrom() == null ? clock.instant() : body.validFrom();
        AccessRequestsContract.Ask ask = new AccessRequestsContract.Ask(
                Ids.newRequestId(), patientId, body.tags(), from, body.validUntil(), body.reason());
        return answered(
                Submitters.committed(Submitters.submit(gateway, AccessRequestsContract.CREATE, ask, principal)));
    }

    /** A patient's requests (patient or delegate), or the caller's own requests. */
    public void forPatient(Context ctx) {
        Principal principal = authentication.require(ctx);
        String patientId = Ids.requirePatientId(ctx.pathParam("patientId"));
        requireManager(principal, patientId);
        Responses.ok(ctx, new Requests(AccessRequestsContract.forPatient(gateway.state(), patientId)));
    }

    public void mine(Context ctx) {
        Principal principal = authentication.require(ctx);
        Responses.ok(ctx, new Requests(AccessRequestsContract.byRequester(gateway.state(), principal.userId())));
    }

    public void approve(Context ctx) {
        answer(ctx, true);
    }

    public void reject(Context ctx) {
        answer(ctx, false);
    }

    private void answer(Context ctx, boolean approve) {
        Principal principal = authentication.require(ctx);
        String patientId = Ids.requirePatientId(ctx.pathParam("patientId"));
        Responses.ok(ctx, answer(principal, patientId, ctx.pathParam("requestId"), approve));
    }

    public Answered answer(Principal principal, String patientId, String requestId, boolean approve) {
        requireManager(principal, patientId);
        if (!Ids.isRequestId(requestId)) {
            throw new TrustlakeException(ErrorCode.NOT_FOUND, "no such access request");
        }
        AccessRequestsContract.Answer answer =
                new AccessRequestsContract.Answer(patientId, requestId, approve, approve ? Ids.newRequestId() : "");
        return answered(
                Submitters.committed(Submitters.submit(gateway, AccessRequestsContract.DECIDE, answer, principal)));
    }

    public List<AccessRequestRecord> pending(String patientId) {
        return AccessRequestsContract.forPatient(gateway.state(), patientId).stream()
                .filter(r -> r.status() == AccessRequestRecord.Status.PENDING)
                .toList();
    }

    private void requireManager(Principal principal, String patientId) {
        if (!AccessRulesContract.mayManage(gateway.state(), Submitters.of(principal), patientId)) {
            throw new TrustlakeException(
                    ErrorCode.FORBIDDEN, "only the patient or their delegate can see or answer these requests");
        }
    }

    private static Answered answered(TxReceipt receipt) {
        return new Answered(
                Payloads.decode(receipt.result(), AccessRequestRecord.class), Submitters.LedgerPosition.of(receipt));
    }
}
