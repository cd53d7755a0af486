package io.trustlake.server.api;

import io.javalin.http.Context;
import io.trustlake.auth.Principal;
import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.common.id.Ids;
import io.trustlake.contracts.Payloads;
import io.trustlake.contracts.rules.AccessRulesContract;
import io.trustlake.contracts.rules.Effect;
import io.trustlake.contracts.rules.Grantee;
import io.trustlake.contracts.rules.Rule;
import io.trustlake.contracts.rules.RuleDraft;
import io.trustlake.ledger.core.TxReceipt;
import io.trustlake.ledger.gateway.Gateway;
import io.trustlake.server.http.Authentication;
import io.trustlake.server.http.Responses;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * A patient's access rules: create, list, change, revoke, restore a version, and see the history;
 * and the delegates who may manage rules for the patient. Rules may be managed by the patient or a
 * delegate; delegates are named only by the patient.
 */
public final class RulesApi {
    private final Gateway gateway;
    private final Authentication authentication;
    private final Clock clock;

    public RulesApi(Gateway gateway, Authentication authentication, Clock clock) {
        this.gateway = gateway;
        this.authentication = authentication;
        this.clock = clock;
    }

    /** A rule as a client states it; {@code validFrom} defaults to now, {@code purposes} to any. */
    public record RuleBody(
            GranteeBody grantee,
            List<String> tags,
            String effect,
            Instant validFrom,
            Instant validUntil,
            List<String> purposes) {}

    public record GranteeBody(String type, String id) {}

    public record RuleChange(String ruleId, int version, Rule rule, Submitters.LedgerPosition ledger) {}

    public record RuleList(String patientId, List<Rule> rules) {}

    public record History(String patientId, String ruleId, List<Rule> versions) {}

    public record RestoreBody(Integer version) {}

    public record DelegateBody(String userId) {}

    public record Delegates(String patientId, List<String> delegates) {}

    public void create(Context ctx) {
        Principal principal = authentication.require(ctx);
        String patientId = managed(ctx, principal);
        Responses.json(ctx, 201, create(principal, patientId, Json.parseInput(ctx.bodyAsBytes(), RuleBody.class)));
    }

    /** Validates the body, records the rule on the ledger and returns it with its ledger position. */
    public RuleChange create(Principal principal, String patientId, RuleBody body) {
        RuleDraft draft = draft(Ids.newRequestId(), patientId, body);
        return change(Submitters.committed(Submitters.submit(gateway, AccessRulesContract.CREATE, draft, principal)));
    }

    public void update(Context ctx) {
        Principal principal = authentication.require(ctx);
        String patientId = managed(ctx, principal);
        RuleDraft draft = draft(ruleId(ctx), patientId, Json.parseInput(ctx.bodyAsBytes(), RuleBody.class));
        Responses.ok(
                ctx,
                change(Submitters.committed(Submitters.submit(gateway, AccessRulesContract.UPDATE, draft, principal))));
    }

    public void list(Context ctx) {
        String patientId = managed(ctx, authentication.require(ctx));
        Responses.ok(ctx, new RuleList(patientId, rules(patientId)));
    }

    public void history(Context ctx) {
        String patientId = managed(ctx, authentication.require(ctx));
        List<Rule> versions = AccessRulesContract.history(gateway.state(), patientId, ruleId(ctx));
        if (versions.isEmpty()) {
            throw new TrustlakeException(ErrorCode.NOT_FOUND, "no such rule");
        }
        Responses.ok(ctx, new History(patientId, ctx.pathParam("ruleId"), versions));
    }

    public void revoke(Context ctx) {
        Principal principal = authentication.require(ctx);
        Responses.ok(ctx, revoke(principal, managed(ctx, principal), ctx.pathParam("ruleId")));
    }

    public RuleChange revoke(Principal principal, String patientId, String ruleId) {
        if (!Ids.isRequestId(ruleId)) {
            throw new TrustlakeException(ErrorCode.NOT_FOUND, "no such rule");
        }
        return change(Submitters.committed(Submitters.submit(
                gateway, AccessRulesContract.REVOKE, new AccessRulesContract.Revoke(patientId, ruleId), principal)));
    }

    public void restore(Context ctx) {
        Principal principal = authentication.require(ctx);
        String patientId = managed(ctx, principal);
        RestoreBody body = Json.parseInput(ctx.bodyAsBytes(), RestoreBody.class);
        if (body.version() == null || body.version() < 1) {
            throw new TrustlakeException(ErrorCode.BAD_REQUEST, "version must be a positive number");
        }
        Responses.ok(ctx, restore(principal, patientId, ruleId(ctx), body.version()));
    }

    public RuleChange restore(Principal principal, String patientId, String ruleId, int version) {
        return change(Submitters.committed(Submitters.submit(
                gateway,
                AccessRulesContract.RESTORE,
                new AccessRulesContract.Restore(patientId, ruleId, version),
                principal)));
    }

    public void delegates(Context ctx) {
        Principal principal = authentication.require(ctx);
        String patientId = ctx.pathParam("patientId");
        Authentication.requireThePatient(principal, patientId);
        Responses.ok(ctx, delegates(patientId));
    }

    public Delegates delegates(String patientId) {
        return new Delegates(
                patientId,
                AccessRulesContract.delegates(gateway.state(), patientId).stream()
                        .map(AccessRulesContract.Delegate::delegateUserId)
                        .toList());
    }

    public void addDelegate(Context ctx) {
        changeDelegate(
                ctx,
                AccessRulesContract.ADD_DELEGATE,
                Json.parseInput(ctx.bodyAsBytes(), DelegateBody.class).userId());
    }

    public void removeDelegate(Context ctx) {
        changeDelegate(ctx, AccessRulesContract.REMOVE_DELEGATE, ctx.pathParam("userId"));
    }

    private void changeDelegate(Context ctx, String type, String userId) {
        Principal principal = authentication.require(ctx);
        String patientId = ctx.pathParam("patientId");
        Authentication.requireThePatient(principal, patientId);
        if (userId == null || !Ids.isScopedId(userId)) {
            throw new TrustlakeException(ErrorCode.BAD_REQUEST, "a delegate is named organisation:username");
        }
        Submitters.committed(
                Submitters.submit(gateway, type, new AccessRulesContract.Delegate(patientId, userId), principal));
        Responses.ok(ctx, delegates(patientId));
    }

    public List<Rule> rules(String patientId) {
        return AccessRulesContract.rules(gateway.state(), patientId);
    }

    /** The path's patient, if the caller is that patient or one of their delegates. */
    private String managed(Context ctx, Principal principal) {
        String patientId = ctx.pathParam("patientId");
        Ids.requirePatientId(patientId);
        if (!AccessRulesContract.mayManage(gateway.state(), Submitters.of(principal), patientId)) {
            throw new TrustlakeException(
                    ErrorCode.FORBIDDEN, "only the patient or their delegate can see or change these rules");
        }
        return patientId;
    }

    private static String ruleId(Context ctx) {
        String ruleId = ctx.pathParam("ruleId");
        if (!Ids.isRequestId(ruleId)) {
            throw new TrustlakeException(ErrorCode.NOT_FOUND, "no such rule");
        }
        return ruleId;
    }

    private RuleDraft draft(String ruleId, String patientId, RuleBody body) {
        if (body.grantee() == null
                || body.grantee().type() == null
                || body.grantee().id() == null) {
            throw new TrustlakeException(ErrorCode.INVALID_RULE, "grantee.type and grantee.id are required");
        }
        if (body.validUntil() == null || body.effect() == null || body.tags() == null) {
            throw new TrustlakeException(ErrorCode.INVALID_RULE, "tags, effect and validUntil are required");
        }
        return new RuleDraft(
                ruleId,
                patientId,
                new Grantee(
                        parse(
                                Grantee.Type.class,
                                body.grantee().type(),
                                "grantee.type must be professional, department or organisation"),
                        body.grantee().id()),
                body.tags(),
                parse(Effect.class, body.effect(), "effect must be allow or deny"),
                body.validFrom() == null ? clock.instant() : body.validFrom(),
                body.validUntil(),
                body.purposes() == null ? List.of() : body.purposes());
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String text, String message) {
        try {
            return Enum.valueOf(type, text.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TrustlakeException(ErrorCode.INVALID_RULE, message);
        }
    }

    private static RuleChange change(TxReceipt receipt) {
        Rule rule = Payloads.decode(receipt.result(), Rule.class);
        return new RuleChange(rule.ruleId(), rule.version(), rule, Submitters.LedgerPosition.of(receipt));
    }
}
