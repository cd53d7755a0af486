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
 * Patients' access rules: create, change, revoke and restore, each a new version kept forever;
 * and the delegates a patient names to manage rules for them. Only the patient (or one of their
 * delegates, for rules) may do any of this; the node vouches for who the submitter is.
 */
public final class AccessRulesContract implements Contract {
    public static final String CREATE = "rule.create";
    public static final String UPDATE = "rule.update";
    public static final String REVOKE = "rule.revoke";
    public static final String RESTORE = "rule.restore";
    public static final String ADD_DELEGATE = "delegate.add";
    public static final String REMOVE_DELEGATE = "delegate.remove";
    public static final Set<String> PURPOSES = Set.of("TREAT", "HRESCH", "PATRQT", "ETREAT", "BTG");
    private static final int MAX_TAGS = 64;

    /** Revocation payload. */
    public record Revoke(String patientId, String ruleId) {}

    /** Restores the content of an earlier version as a new version. */
    public record Restore(String patientId, String ruleId, int version) {}

    /** Names (or removes) a user who may manage the patient's rules. */
    public record Delegate(String patientId, String delegateUserId) {}

    @Override
    public Set<String> transactionTypes() {
        return Set.of(CREATE, UPDATE, REVOKE, RESTORE, ADD_DELEGATE, REMOVE_DELEGATE);
    }

    @Override
    public Outcome execute(Context context) {
        return switch (context.transaction().type()) {
            case CREATE -> create(context);
            case UPDATE -> update(context);
            case REVOKE -> revoke(context);
            case RESTORE -> restore(context);
            default -> delegate(context);
        };
    }

    private Outcome create(Context context) {
        RuleDraft draft = Payloads.decode(context.transaction().payload(), RuleDraft.class);
        requireOwnerOrDelegate(context, draft.patientId());
        validate(context, draft);
        if (rule(context, draft.patientId(), draft.ruleId()).isPresent()) {
            throw new ContractException("RULE_EXISTS", "a rule with this id already exists");
        }
        return store(context, fromDraft(context, draft, 1));
    }

    private Outcome update(Context context) {
        RuleDraft draft = Payloads.decode(context.transaction().payload(), RuleDraft.class);
        requireOwnerOrDelegate(context, draft.patientId());
        validate(context, draft);
        Rule current = existing(context, draft.patientId(), draft.ruleId());
        return store(context, fromDraft(context, draft, current.version() + 1));
    }

    private Outcome revoke(Context context) {
        Revoke revoke = Payloads.decode(context.transaction().payload(), Revoke.class);
        requireOwnerOrDelegate(context, revoke.patientId());
        Rule current = existing(context, revoke.patientId(), revoke.ruleId());
        if (current.status() == Rule.Status.REVOKED) {
            throw new ContractException("ALREADY_REVOKED", "the rule is already revoked");
        }
        return store(context, current.revoked(by(context), context.transaction().timestamp(), context.logIndex()));
    }

    private Outcome restore(Context context) {
        Restore restore = Payloads.decode(context.transaction().payload(), Restore.class);
        requireOwnerOrDelegate(context, restore.patientId());
        Rule current = existing(context, restore.patientId(), restore.ruleId());
        Rule earlier = history(context, restore.patientId(), restore.ruleId()).stream()
                .filter(r -> r.version() == restore.version())
                .findFirst()
                .orElseThrow(
                        () -> new ContractException("UNKNOWN_VERSION", "the rule has no version " + restore.version()));
        if (restore.version() == current.version()) {
            throw new ContractException("ALREADY_CURRENT", "that version is the current one");
        }
        return store(
                context,
                new Rule(
                        earlier.ruleId(),
                        earlier.patientId(),
                        earlier.grantee(),
                        earlier.tags(),
                        earlier.effect(),
                        earlier.validFrom(),
                        earlier.validUntil(),
                        earlier.purposes(),
                        current.version() + 1,
                        earlier.status(),
                        by(context),
                        context.transaction().timestamp(),
                        context.logIndex()));
    }

    private Outcome delegate(Context context) {
        Delegate delegate = Payloads.decode(context.transaction().payload(), Delegate.class);
        Submitter submitter = context.transaction().submitter();
        if (!isThePatient(submitter, delegate.patientId())) {
            throw new ContractException("NOT_OWNER", "only the patient names their delegates");
        }
        if (delegate.delegateUserId() == null
                || !Ids.isScopedId(delegate.delegateUserId())
                || delegate.delegateUserId().equals(submitter.userId())) {
            throw new ContractException("INVALID_DELEGATE", "a delegate is another user, named organisation:username");
        }
        String key = "delegate/" + delegate.patientId() + "/" + delegate.delegateUserId();
        if (context.transaction().type().equals(ADD_DELEGATE)) {
            context.put(key, Payloads.encode(delegate));
        } else if (context.get(key).isPresent()) {
            context.delete(key);
        } else {
            throw new ContractException("UNKNOWN_DELEGATE", "that user is not a delegate");
        }
        return Outcome.applied(Contracts.result(delegate));
    }

    private static Rule fromDraft(Context context, RuleDraft draft, int version) {
        return new Rule(
                draft.ruleId(),
                draft.patientId(),
                draft.grantee(),
                List.copyOf(new TreeSet<>(draft.tags())),
                draft.effect(),
                draft.validFrom(),
                draft.validUntil(),
                List.copyOf(new TreeSet<>(draft.purposes())),
                version,
                Rule.Status.ACTIVE,
                by(context),
                context.transaction().timestamp(),
                context.logIndex());
    }

    private static String by(Context context) {
        return context.transaction().submitter().userId();
    }

    private static Rule existing(StateView state, String patientId, String ruleId) {
        return rule(state, patientId, ruleId).orElseThrow(() -> new ContractException("UNKNOWN_RULE", "no such rule"));
    }

    private static boolean isThePatient(Submitter submitter, String patientId) {
        return "PATIENT".equals(submitter.role()) && submitter.patientId().equals(patientId);
    }

    /** The patient themself, or a user the patient named as a delegate. */
    public static boolean mayManage(StateView state, Submitter submitter, String patientId) {
        return isThePatient(submitter, patientId)
                || state.get("delegate/" + patientId + "/" + submitter.userId()).isPresent();
    }

    private static void requireOwnerOrDelegate(Context context, String patientId) {
        Submitter submitter = context.transaction().submitter();
        if (patientId == null || !mayManage(context, submitter, patientId)) {
            throw new ContractException("NOT_OWNER", "only the patient or their delegate can change their rules");
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

    private static Outcome store(Context context, Rule rule) {
        put(context, rule);
        return Outcome.applied(Contracts.result(rule));
    }

    /** Writes a rule version: the current version and its entry in the history. */
    public static void put(Context context, Rule rule) {
        context.put("rule/" + rule.patientId() + "/" + rule.ruleId(), Payloads.encode(rule));
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

    /** Every version of one rule, oldest first. */
    public static List<Rule> history(StateView state, String patientId, String ruleId) {
        return Payloads.scan(state, "rulev/" + patientId + "/" + ruleId + "/", Rule.class);
    }

    /** The users a patient named to manage their rules. */
    public static List<Delegate> delegates(StateView state, String patientId) {
        return Payloads.scan(state, "delegate/" + patientId + "/", Delegate.class);
    }
}
