package io.trustlake.server.api;

import io.javalin.http.Context;
import io.trustlake.auth.Principal;
import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.common.id.Ids;
import io.trustlake.contracts.access.Decision;
import io.trustlake.contracts.access.DecisionRequest;
import io.trustlake.contracts.access.Requester;
import io.trustlake.contracts.access.compiled.RuleIndex;
import io.trustlake.contracts.rules.AccessRulesContract;
import io.trustlake.ledger.contract.StateView;
import io.trustlake.server.http.Authentication;
import io.trustlake.server.http.Responses;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * Decision preview: the patient (or a delegate) asks "what would this professional see now?".
 * Nothing is logged and no data moves; the answer is the decision the ledger would take, taken
 * from the node's compiled rules ({@link RuleIndex}, equal to the contract's decision by test).
 */
public final class DecisionsApi {
    private final StateView state;
    private final RuleIndex ruleIndex;
    private final Authentication authentication;
    private final Clock clock;

    public DecisionsApi(StateView state, RuleIndex ruleIndex, Authentication authentication, Clock clock) {
        this.state = state;
        this.ruleIndex = ruleIndex;
        this.authentication = authentication;
        this.clock = clock;
    }

    /** The hypothetical requester: a user id, their role (default professional) and departments. */
    public record PreviewBody(
            String userId, String role, List<String> departments, String purpose, List<String> tags) {}

    public void preview(Context ctx) {
        Principal principal = authentication.require(ctx);
        String patientId = Ids.requirePatientId(ctx.pathParam("patientId"));
        if (!AccessRulesContract.mayManage(state, Submitters.of(principal), patientId)) {
            throw new TrustlakeException(
                    ErrorCode.FORBIDDEN, "only the patient or their delegate can preview decisions");
        }
        Responses.ok(ctx, decide(patientId, Json.parseInput(ctx.bodyAsBytes(), PreviewBody.class)));
    }

    public Decision decide(String patientId, PreviewBody body) {
        if (body.userId() == null || !Ids.isScopedId(body.userId())) {
            throw new TrustlakeException(ErrorCode.BAD_REQUEST, "userId must be organisation:username");
        }
        String purpose = body.purpose() == null ? "TREAT" : body.purpose();
        if (!AccessRulesContract.PURPOSES.contains(purpose)) {
            throw new TrustlakeException(ErrorCode.BAD_REQUEST, "unknown purpose");
        }
        List<String> departments = body.departments() == null ? List.of() : body.departments();
        List<String> tags = body.tags() == null ? List.of() : body.tags();
        if (!departments.stream().allMatch(Ids::isScopedId) || !tags.stream().allMatch(Ids::isTag)) {
            throw new TrustlakeException(
                    ErrorCode.BAD_REQUEST, "departments are organisation:name; tags are section names");
        }
        Requester requester = new Requester(
                body.userId(),
                body.role() == null ? "PROFESSIONAL" : body.role(),
                Ids.organisationOf(body.userId()),
                departments,
                "");
        return ruleIndex.decide(new DecisionRequest(requester, patientId, Set.copyOf(tags), purpose, clock.instant()));
    }
}
