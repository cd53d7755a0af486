package io.trustlake.contracts.access;

import io.trustlake.common.id.Ids;
import io.trustlake.contracts.Payloads;
import io.trustlake.contracts.Tags;
import io.trustlake.contracts.membership.MembershipContract;
import io.trustlake.contracts.rules.AccessRulesContract;
import io.trustlake.contracts.rules.Rule;
import io.trustlake.ledger.contract.Context;
import io.trustlake.ledger.contract.Contract;
import io.trustlake.ledger.contract.ContractException;
import io.trustlake.ledger.contract.Contracts;
import io.trustlake.ledger.contract.Outcome;
import io.trustlake.ledger.contract.StateView;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The access log. Recording a request is also deciding it: the contract evaluates the patient's
 * rules in the world state at the transaction's time, on every peer, and stores the decision with
 * the entry. A node therefore cannot log a release the rules do not allow, and refused attempts are
 * logged like granted ones. Emergency overrides are also indexed by the requester's organisation for
 * review by its admin ({@code override.review}).
 */
public final class AccessLogContract implements Contract {
    public static final String RECORD = "access.record";
    public static final String REVIEW = "override.review";
    private static final int MAX_TAGS = 64;
    private static final int MAX_TEXT = 2000;

    @Override
    public Set<String> transactionTypes() {
        return Set.of(RECORD, REVIEW);
    }

    @Override
    public Outcome execute(Context context) {
        return context.transaction().type().equals(RECORD) ? record(context) : review(context);
    }

    private Outcome record(Context context) {
        AccessRequest request = Payloads.decode(context.transaction().payload(), AccessRequest.class);
        validate(request);
        if (context.get(requestKey(request.requestId())).isPresent()) {
            throw new ContractException("DUPLICATE_REQUEST", "this request id was already used");
        }
        Requester requester = Requester.of(context.transaction().submitter());
        DecisionRequest question = new DecisionRequest(
                requester,
                request.patientId(),
                Set.copyOf(request.tags()),
                request.purpose(),
                context.transaction().timestamp());
        if (DecisionEngine.isEmergency(question) && request.justification().isBlank()) {
            throw new ContractException("JUSTIFICATION_REQUIRED", "emergency access needs a written justification");
        }
        Decision decision = decide(context, question);
        AccessLogEntry entry = new AccessLogEntry(
                request.requestId(),
                request.patientId(),
                requester,
                request.purpose(),
                request.tags(),
                decision,
                context.transaction().timestamp(),
                context.logIndex(),
                context.blockNumber(),
                request.justification());
        context.put(entryKey(request.patientId(), context.logIndex()), Payloads.encode(entry));
        context.put(requestKey(request.requestId()), Payloads.encode(entry));
        if (entry.emergencyOverride()) {
            EmergencyOverride override = new EmergencyOverride(
                    entry.logIndex(),
                    entry.requestId(),
                    entry.patientId(),
                    requester,
                    entry.justification(),
                    decision.overridden(),
                    entry.at(),
                    "",
                    "",
                    entry.at());
            context.put(overrideKey(requester.organisation(), entry.logIndex()), Payloads.encode(override));
        }
        return Outcome.applied(Contracts.result(entry));
    }

    /** The decision on the rules in {@code state}; the same function every peer and holder runs. */
    public static Decision decide(StateView state, DecisionRequest question) {
        List<Rule> rules = AccessRulesContract.rules(state, question.patientId());
        Set<String> emergency = Set.copyOf(MembershipContract.settings(state).emergencyTags());
        return DecisionEngine.decide(question, rules, universe(rules), emergency);
    }

    private Outcome review(Context context) {
        Review review = Payloads.decode(context.transaction().payload(), Review.class);
        io.trustlake.ledger.core.Submitter submitter = context.transaction().submitter();
        if (!"ADMIN".equals(submitter.role()) || !submitter.organisation().equals(review.organisation())) {
            throw new ContractException(
                    "NOT_ADMIN", "only an admin of the organisation reviews its emergency overrides");
        }
        String key = overrideKey(review.organisation(), review.logIndex());
        EmergencyOverride current = Payloads.read(context, key, EmergencyOverride.class)
                .orElseThrow(() -> new ContractException("UNKNOWN_OVERRIDE", "no such emergency override"));
        if (current.reviewed()) {
            throw new ContractException("ALREADY_REVIEWED", "this override was already reviewed");
        }
        String note = review.note() == null ? "" : review.note();
        if (note.length() > MAX_TEXT) {
            throw new ContractException("INVALID_REVIEW", "the note is too long");
        }
        EmergencyOverride reviewed = new EmergencyOverride(
                current.logIndex(),
                current.requestId(),
                current.patientId(),
                current.requester(),
                current.justification(),
                current.overridden(),
                current.at(),
                submitter.userId(),
                note,
                context.transaction().timestamp());
        context.put(key, Payloads.encode(reviewed));
        return Outcome.applied(Contracts.result(reviewed));
    }

    /** Review of an emergency override by an admin of the requester's organisation. */
    public record Review(String organisation, long logIndex, String note) {}

    private static String overrideKey(String organisation, long logIndex) {
        return "override/" + organisation + "/" + Payloads.pad(logIndex);
    }

    /** The emergency overrides by an organisation's professionals, oldest first. */
    public static List<EmergencyOverride> overrides(StateView state, String organisation) {
        return Payloads.scan(state, "override/" + organisation + "/", EmergencyOverride.class);
    }

    private static void validate(AccessRequest request) {
        if (request.requestId() == null || !Ids.isRequestId(request.requestId())) {
            throw new ContractException("INVALID_REQUEST", "malformed request id");
        }
        if (request.patientId() == null || !Ids.isPatientId(request.patientId())) {
            throw new ContractException("INVALID_REQUEST", "malformed patient id");
        }
        if (request.purpose() == null || !AccessRulesContract.PURPOSES.contains(request.purpose())) {
            throw new ContractException("INVALID_REQUEST", "unknown purpose");
        }
        if (request.tags().size() > MAX_TAGS || !request.tags().stream().allMatch(Ids::isTag)) {
            throw new ContractException("INVALID_REQUEST", "malformed tags");
        }
        if (request.justification().length() > MAX_TEXT) {
            throw new ContractException(
                    "INVALID_REQUEST", "the justification is longer than " + MAX_TEXT + " characters");
        }
    }

    /** Every tag that can be asked for: the defaults plus any tag the patient's rules name. */
    public static Set<String> universe(List<Rule> rules) {
        Set<String> all = new TreeSet<>(Tags.DEFAULT);
        rules.forEach(rule -> all.addAll(rule.tags()));
        return all;
    }

    private static String entryKey(String patientId, long logIndex) {
        return "log/" + patientId + "/" + Payloads.pad(logIndex);
    }

    private static String requestKey(String requestId) {
        return "request/" + requestId;
    }

    /** A patient's access log, oldest first. */
    public static List<AccessLogEntry> entries(StateView state, String patientId) {
        return Payloads.scan(state, "log/" + patientId + "/", AccessLogEntry.class);
    }

    public static Optional<AccessLogEntry> entry(StateView state, String requestId) {
        return Payloads.read(state, requestKey(requestId), AccessLogEntry.class);
    }
}
