package io.trustlake.contracts.requests;

import io.trustlake.common.id.Ids;
import io.trustlake.contracts.Payloads;
import io.trustlake.contracts.access.DecisionEngine;
import io.trustlake.contracts.rules.AccessRulesContract;
import io.trustlake.contracts.rules.Effect;
import io.trustlake.contracts.rules.Grantee;
import io.trustlake.contracts.rules.Rule;
import io.trustlake.ledger.contract.Context;
import io.trustlake.ledger.contract.Contract;
import io.trustlake.ledger.contract.ContractException;
import io.trustlake.ledger.contract.Contracts;
import io.trustlake.ledger.contract.Outcome;
import io.trustlake.ledger.contract.StateView;
import io.trustlake.ledger.core.Submitter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Access requests: a professional without a rule asks the patient for some tags for a period; the
 * patient (or a delegate) approves — which creates an allow rule for that professional in the same
 * transaction — or rejects. Every step is a ledger entry.
 */
public final class AccessRequestsContract implements Contract {
    public static final String CREATE = "accessrequest.create";
    public static final String DECIDE = "accessrequest.decide";
    private static final int MAX_REASON = 2000;

    /** What a professional asks for. */
    public record Ask(
            String requestId,
            String patientId,
            List<String> tags,
            Instant validFrom,
            Instant validUntil,
            String reason) {
        public Ask {
            tags = tags == null ? List.of() : List.copyOf(tags);
            reason = reason == null ? "" : reason;
        }
    }

    /** The patient's answer; {@code ruleId} (chosen by the node) names the rule created on approval. */
    public record Answer(String patientId, String requestId, boolean approve, String ruleId) {}

    @Override
    public Set<String> transactionTypes() {
        return Set.of(CREATE, DECIDE);
    }

    @Override
    public Outcome execute(Context context) {
        return context.transaction().type().equals(CREATE) ? create(context) : decide(context);
    }

    private Outcome create(Context context) {
        Ask ask = Payloads.decode(context.transaction().payload(), Ask.class);
        Submitter submitter = context.transaction().submitter();
        if (!DecisionEngine.GRANTABLE_ROLES.contains(submitter.role())) {
            throw new ContractException("NOT_ALLOWED", "only professionals and researchers ask patients for access");
        }
        validate(ask);
        if (request(context, ask.patientId(), ask.requestId()).isPresent()) {
            throw new ContractException("DUPLICATE_REQUEST", "this request id was already used");
        }
        Instant now = context.transaction().timestamp();
        AccessRequestRecord record = new AccessRequestRecord(
                ask.requestId(),
                ask.patientId(),
                submitter.userId(),
                submitter.organisation(),
                List.copyOf(new TreeSet<>(ask.tags())),
                ask.validFrom(),
                ask.validUntil(),
                ask.reason(),
                AccessRequestRecord.Status.PENDING,
                now,
                now,
                "",
                context.logIndex());
        store(context, record);
        return Outcome.applied(Contracts.result(record));
    }

    private Outcome decide(Context context) {
        Answer answer = Payloads.decode(context.transaction().payload(), Answer.class);
        if (answer.patientId() == null
                || !AccessRulesContract.mayManage(context, context.transaction().submitter(), answer.patientId())) {
            throw new ContractException("NOT_OWNER", "only the patient or their delegate answers access requests");
        }
        AccessRequestRecord current = request(context, answer.patientId(), answer.requestId())
                .orElseThrow(() -> new ContractException("UNKNOWN_REQUEST", "no such access request"));
        if (current.status() != AccessRequestRecord.Status.PENDING) {
            throw new ContractException("ALREADY_DECIDED", "this request was already answered");
        }
        Instant now = context.transaction().timestamp();
        String ruleId = answer.approve() ? createRule(context, current, answer.ruleId()) : "";
        AccessRequestRecord decided = new AccessRequestRecord(
                current.requestId(),
                current.patientId(),
                current.requesterId(),
                current.requesterOrganisation(),
                current.tags(),
                current.validFrom(),
                current.validUntil(),
                current.reason(),
                answer.approve() ? AccessRequestRecord.Status.APPROVED : AccessRequestRecord.Status.REJECTED,
                current.createdAt(),
                now,
                ruleId,
                context.logIndex());
        store(context, decided);
        return Outcome.applied(Contracts.result(decided));
    }

    private static String createRule(Context context, AccessRequestRecord request, String ruleId) {
        if (ruleId == null
                || !Ids.isRequestId(ruleId)
                || AccessRulesContract.rule(context, request.patientId(), ruleId)
                        .isPresent()) {
            throw new ContractException("INVALID_RULE", "approval needs a fresh rule id");
        }
        Rule rule = new Rule(
                ruleId,
                request.patientId(),
                new Grantee(Grantee.Type.PROFESSIONAL, request.requesterId()),
                request.tags(),
                Effect.ALLOW,
                request.validFrom(),
                request.validUntil(),
                List.of(),
                1,
                Rule.Status.ACTIVE,
                context.transaction().submitter().userId(),
                context.transaction().timestamp(),
                context.logIndex());
        AccessRulesContract.put(context, rule);
        return ruleId;
    }

    private static void validate(Ask ask) {
        if (ask.requestId() == null
                || !Ids.isRequestId(ask.requestId())
                || ask.patientId() == null
                || !Ids.isPatientId(ask.patientId())) {
            throw new ContractException("INVALID_REQUEST", "malformed request or patient id");
        }
        if (ask.tags().isEmpty()
                || ask.tags().size() > 64
                || !ask.tags().stream().allMatch(Ids::isTag)) {
            throw new ContractException("INVALID_REQUEST", "tags must be 1 to 64 lower-case tag names");
        }
        if (ask.validFrom() == null
                || ask.validUntil() == null
                || !ask.validUntil().isAfter(ask.validFrom())) {
            throw new ContractException("INVALID_REQUEST", "validUntil must be after validFrom");
        }
        if (ask.reason().length() > MAX_REASON) {
            throw new ContractException("INVALID_REQUEST", "the reason is longer than " + MAX_REASON + " characters");
        }
    }

    private static void store(Context context, AccessRequestRecord record) {
        context.put("areq/" + record.patientId() + "/" + record.requestId(), Payloads.encode(record));
        context.put("areqby/" + record.requesterId() + "/" + record.requestId(), Payloads.encode(record));
    }

    public static Optional<AccessRequestRecord> request(StateView state, String patientId, String requestId) {
        return Payloads.read(state, "areq/" + patientId + "/" + requestId, AccessRequestRecord.class);
    }

    /** Every request made to a patient, by request id. */
    public static List<AccessRequestRecord> forPatient(StateView state, String patientId) {
        return Payloads.scan(state, "areq/" + patientId + "/", AccessRequestRecord.class);
    }

    /** Every request a user made, by request id. */
    public static List<AccessRequestRecord> byRequester(StateView state, String userId) {
        return Payloads.scan(state, "areqby/" + userId + "/", AccessRequestRecord.class);
    }
}
