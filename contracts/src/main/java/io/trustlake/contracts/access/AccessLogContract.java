package io.trustlake.contracts.access;

import io.trustlake.common.id.Ids;
import io.trustlake.contracts.Payloads;
import io.trustlake.contracts.Tags;
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
 * logged like granted ones.
 */
public final class AccessLogContract implements Contract {
    public static final String RECORD = "access.record";
    private static final int MAX_TAGS = 64;

    @Override
    public Set<String> transactionTypes() {
        return Set.of(RECORD);
    }

    @Override
    public Outcome execute(Context context) {
        AccessRequest request = Payloads.decode(context.transaction().payload(), AccessRequest.class);
        validate(request);
        if (context.get(requestKey(request.requestId())).isPresent()) {
            throw new ContractException("DUPLICATE_REQUEST", "this request id was already used");
        }
        List<Rule> rules = AccessRulesContract.rules(context, request.patientId());
        Requester requester = Requester.of(context.transaction().submitter());
        Decision decision = DecisionEngine.decide(
                requester,
                request.patientId(),
                rules,
                Set.copyOf(request.tags()),
                request.purpose(),
                context.transaction().timestamp(),
                universe(rules));
        AccessLogEntry entry = new AccessLogEntry(
                request.requestId(),
                request.patientId(),
                requester,
                request.purpose(),
                request.tags(),
                decision,
                context.transaction().timestamp(),
                context.logIndex(),
                context.blockNumber());
        context.put(entryKey(request.patientId(), context.logIndex()), Payloads.encode(entry));
        context.put(requestKey(request.requestId()), Payloads.encode(entry));
        return Outcome.applied(Contracts.result(entry));
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
