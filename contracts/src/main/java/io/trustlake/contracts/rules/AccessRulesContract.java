package io.trustlake.contracts.rules;

import io.trustlake.common.id.Ids;
import io.trustlake.contracts.Payloads;
import io.trustlake.contracts.membership.MembershipContract;
import io.trustlake.ledger.contract.Context;
import io.trustlake.ledger.contract.Contract;
import io.trustlake.ledger.contract.ContractException;
import io.trustlake.ledger.contract.Contracts;
import io.trustlake.ledger.contract.Outcome;
import io.trustlake.ledger.contract.StateView;
import io.trustlake.ledger.core.Submitter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Patients' access rules: create and revoke, each a new version kept forever. Only the patient
 * the rule belongs to may change it (the node vouches for who the submitter is).
 */
public final class AccessRulesContract implements Contract {
    public static final String CREATE = "rule.create";
    public static final String REVOKE = "rule.revoke";
    public static final Set<String> PURPOSES = Set.of("TREAT", "HRESCH", "PATRQT", "ETREAT");
    private static final int MAX_TAGS = 64;

    /** Revocation payload. */
    public record Revoke(String patientId, String ruleId) {}

    @Override
    public Set<String> transactionTypes() {
        return Set.of(CREATE, REVOKE);
    }

    @Override
    public Outcome execute(Context context) {
        return context.transaction().type().equals(CREATE) ? create(context) : revoke(context);
    }

    private Outcome create(Context context) {
        RuleDraft draft = Payloads.decode(context.transaction().payload(), RuleDraft.class);
        requireOwner(context.transaction().submitter(), draft.patientId());
        validate(context, draft);
        if (rule(context, draft.patientId(), draft.ruleId()).isPresent()) {
            throw new ContractException("RULE_EXISTS", "a rule with this id already exists");
        }
        Rule rule = new Rule(
                draft.ruleId(),
                draft.patientId(),
                draft.grantee(),
                List.copyOf(new TreeSet<>(draft.tags())),
                draft.effect(),
                draft.validFrom(),
                draft.validUntil(),
                List.copyOf(new TreeSet<>(draft.purposes())),
                1,
                Rule.Status.ACTIVE,
                context.transaction().submitter().userId(),
                context.transaction().timestamp(),
                context.logIndex());
        store(context, rule);
        return Outcome.applied(Contracts.result(rule));
    }

    private Outcome revoke(Context context) {
        Revoke revoke = Payloads.decode(context.transaction().payload(), Revoke.class);
        requireOwner(context.transaction().submitter(), revoke.patientId());
        Rule current = rule(context, revoke.patientId(), revoke.ruleId())
                .orElseThrow(() -> new ContractException("UNKNOWN_RULE", "no such rule"));
        if (current.status() == Rule.Status.REVOKED) {
            throw new ContractException("ALREADY_REVOKED", "the rule is already revoked");
        }
        Rule revoked = current.revoked(
                context.transaction().submitter().userId(),
                context.transaction().timestamp(),
                context.logIndex());
        store(context, revoked);
        return Outcome.applied(Contracts.result(revoked));
    }

    private static void requireOwner(Submitter submitter, String patientId) {
        if (!"PATIENT".equals(submitter.role()) || !submitter.patientId().equals(patientId)) {
            throw new ContractException("NOT_OWNER", "only the patient can change their rules");
        }
    }

    private static void validate(StateView state, RuleDraft draft) {
        if (draft.ruleId() == null || !Ids.isRequestId(draft.ruleId())) {
            throw new ContractException("INVALID_RULE", "malformed rule id");
        }
        if (draft.grantee() == null
                || draft.grantee().type() == null
                || draft.grantee().id() == null) {
            throw new ContractException("INVALID_RULE", "grantee type and id are required");
        }
        if (draft.effect() == null || draft.validFrom() == null || draft.validUntil() == null) {
            throw new ContractException("INVALID_RULE", "effect, validFrom and validUntil are required");
        }
        if (!draft.validUntil().isAfter(draft.validFrom())) {
            throw new ContractException("INVALID_RULE", "validUntil must be after validFrom");
        }
        if (draft.tags().isEmpty()
                || draft.tags().size() > MAX_TAGS
                || !draft.tags().stream().allMatch(Ids::isTag)) {
            throw new ContractException("INVALID_RULE", "tags must be 1 to " + MAX_TAGS + " lower-case tag names");
        }
        if (!PURPOSES.containsAll(draft.purposes())) {
            throw new ContractException("INVALID_RULE", "unknown purpose; use one of " + new TreeSet<>(PURPOSES));
        }
        validateGrantee(state, draft.grantee());
    }

    private static void validateGrantee(StateView state, Grantee grantee) {
        String id = grantee.id();
        boolean known =
                switch (grantee.type()) {
                    case ORGANISATION ->
                        MembershipContract.organisation(state, id).isPresent();
                    case DEPARTMENT ->
                        Ids.isScopedId(id)
                                && MembershipContract.organisation(state, Ids.organisationOf(id))
                                        .map(o -> o.hasDepartment(id))
                                        .orElse(false);
                    case PROFESSIONAL ->
                        Ids.isScopedId(id)
                                && MembershipContract.organisation(state, Ids.organisationOf(id))
                                        .isPresent();
                };
        if (!known) {
            throw new ContractException(
                    "UNKNOWN_GRANTEE",
                    "the grantee is not a known " + grantee.type().json());
        }
    }

    private static void store(Context context, Rule rule) {
        String key = "rule/" + rule.patientId() + "/" + rule.ruleId();
        context.put(key, Payloads.encode(rule));
        context.put(
                "rulev/" + rule.patientId() + "/" + rule.ruleId() + "/" + Payloads.pad(rule.version()),
                Payloads.encode(rule));
    }

    public static Optional<Rule> rule(StateView state, String patientId, String ruleId) {
        return Payloads.read(state, "rule/" + patientId + "/" + ruleId, Rule.class);
    }

    /** Every rule of a patient, current version, including revoked ones. */
    public static List<Rule> rules(StateView state, String patientId) {
        return Payloads.scan(state, "rule/" + patientId + "/", Rule.class);
    }

    public static List<Rule> history(StateView state, String patientId, String ruleId) {
        return Payloads.scan(state, "rulev/" + patientId + "/" + ruleId + "/", Rule.class);
    }
}
