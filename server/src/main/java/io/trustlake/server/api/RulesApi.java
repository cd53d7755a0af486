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

/** A patient's access rules: create, list, revoke. Only the patient may call these. */
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

    public void create(Context ctx) {
        Principal principal = authentication.require(ctx);
        String patientId = ctx.pathParam("patientId");
        Authentication.requireThePatient(principal, patientId);
        Responses.json(ctx, 201, create(principal, patientId, Json.parseInput(ctx.bodyAsBytes(), RuleBody.class)));
    }

    /** Validates the body, records the rule on the ledger and returns it with its ledger position. */
    public RuleChange create(Principal principal, String patientId, RuleBody body) {
        RuleDraft draft = draft(patientId, body);
        TxReceipt receipt =
                Submitters.committed(gateway.submit(AccessRulesContract.CREATE, draft, Submitters.of(principal)));
        return change(receipt);
    }

    public void list(Context ctx) {
        Principal principal = authentication.require(ctx);
        String patientId = ctx.pathParam("patientId");
        Authentication.requireThePatient(principal, patientId);
        Responses.ok(ctx, new RuleList(patientId, AccessRulesContract.rules(gateway.state(), patientId)));
    }

    public void revoke(Context ctx) {
        Principal principal = authentication.require(ctx);
        String patientId = ctx.pathParam("patientId");
        Authentication.requireThePatient(principal, patientId);
        Responses.ok(ctx, revoke(principal, patientId, ctx.pathParam("ruleId")));
    }

    public RuleChange revoke(Principal principal, String patientId, String ruleId) {
        if (!Ids.isRequestId(ruleId)) {
            throw new TrustlakeException(ErrorCode.NOT_FOUND, "no such rule");
        }
        TxReceipt receipt = Submitters.committed(gateway.submit(
                AccessRulesContract.REVOKE,
                new AccessRulesContract.Revoke(patientId, ruleId),
                Submitters.of(principal)));
        return change(receipt);
    }

    public List<Rule> rules(String patientId) {
        return AccessRulesContract.rules(gateway.state(), patientId);
    }

    private RuleDraft draft(String patientId, RuleBody body) {
        if (body.grantee() == null
                || body.grantee().type() == null
                || body.grantee().id() == null) {
            throw new TrustlakeException(ErrorCode.INVALID_RULE, "grantee.type and grantee.id are required");
        }
        if (body.validUntil() == null || body.effect() == null || body.tags() == null) {
            throw new TrustlakeException(ErrorCode.INVALID_RULE, "tags, effect and validUntil are required");
        }
        return new RuleDraft(
                Ids.newRequestId(),
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
