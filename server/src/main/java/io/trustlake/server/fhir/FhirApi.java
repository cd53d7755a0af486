package io.trustlake.server.fhir;

import io.javalin.http.Context;
import io.trustlake.auth.Principal;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.common.id.Ids;
import io.trustlake.contracts.access.AccessLogContract;
import io.trustlake.contracts.access.AccessLogEntry;
import io.trustlake.contracts.rules.AccessRulesContract;
import io.trustlake.contracts.rules.Rule;
import io.trustlake.contracts.rules.RuleDraft;
import io.trustlake.ledger.gateway.Gateway;
import io.trustlake.server.api.RulesApi;
import io.trustlake.server.http.Authentication;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * The FHIR R4 façade under {@code /fhir}: a patient's rules as {@code Consent}s (search, read,
 * import) and their access log as {@code AuditEvent}s (search). Patient only, bearer token only
 * (no session cookie, so no cross-site request can import rules). Bodies are {@value
 * FhirResources#CONTENT_TYPE}; input the façade refuses gets a 400 OperationOutcome, while
 * authentication and permission failures go through the common error mapper.
 */
public final class FhirApi {
    private final Gateway gateway;
    private final Authentication authentication;
    private final RulesApi rules;

    public FhirApi(Gateway gateway, Authentication authentication, RulesApi rules) {
        this.gateway = gateway;
        this.authentication = authentication;
        this.rules = rules;
    }

    /** {@code GET /fhir/Consent?patient={patientId}}: every current rule, revoked ones as inactive. */
    public void searchConsents(Context ctx) {
        Principal principal = principal(ctx);
        patientParameter(ctx)
                .ifPresentOrElse(
                        patientId -> {
                            Authentication.requireThePatient(principal, patientId);
                            List<Consent> consents = AccessRulesContract.rules(gateway.state(), patientId).stream()
                                    .map(ConsentMapper::toConsent)
                                    .toList();
                            respond(ctx, 200, FhirResources.searchset(consents, base(ctx), self(ctx)));
                        },
                        () -> refuseSearch(ctx));
    }

    /** {@code GET /fhir/Consent/{id}}: one of the caller's own rules, current version. */
    public void readConsent(Context ctx) {
        Principal principal = principal(ctx);
        String patientId = principal
                .patientId()
                .orElseThrow(() -> new TrustlakeException(ErrorCode.FORBIDDEN, "only patients read their Consents"));
        String ruleId = ctx.pathParam("id");
        Rule rule = (Ids.isRequestId(ruleId)
                        ? AccessRulesContract.rule(gateway.state(), patientId, ruleId)
                        : Optional.<Rule>empty())
                .orElseThrow(() -> new TrustlakeException(ErrorCode.NOT_FOUND, "no such Consent"));
        respond(ctx, 200, ConsentMapper.toConsent(rule));
    }

    /**
     * {@code POST /fhir/Consent}: creates one rule per nested provision, in order, each its own ledger
     * transaction through {@link RulesApi#create}. 201 with the created Consent (or a {@code collection}
     * Bundle when several were created); 400 OperationOutcome for a Consent outside the profile or a
     * rule the ledger refuses (rules created before it stay, and the message says how many); 409 when
     * the Consent names a rule id that already exists.
     */
    public void importConsent(Context ctx) {
        Principal principal = principal(ctx);
        FhirResources.Parsed<Consent> parsed =
                FhirResources.parse(new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8), Consent.class);
        if (parsed instanceof FhirResources.Parsed.Unreadable<Consent> unreadable) {
            refuse(ctx, 400, OperationOutcome.IssueType.STRUCTURE, "not a FHIR R4 Consent: " + unreadable.reason());
            return;
        }
        Consent consent = ((FhirResources.Parsed.Read<Consent>) parsed).resource();
        ConsentImport result = ConsentMapper.toRuleDrafts(consent, Ids::newRequestId);
        if (result instanceof ConsentImport.Rejected rejected) {
            refuse(ctx, 400, OperationOutcome.IssueType.INVALID, rejected.message());
            return;
        }
        List<RuleDraft> drafts = ((ConsentImport.Rules) result).drafts();
        String patientId = drafts.get(0).patientId();
        Authentication.requireThePatient(principal, patientId);
        if (drafts.stream().anyMatch(d -> AccessRulesContract.rule(gateway.state(), patientId, d.ruleId())
                .isPresent())) {
            refuse(
                    ctx,
                    409,
                    OperationOutcome.IssueType.DUPLICATE,
                    "the rule this Consent identifies already exists; remove its " + FhirCodes.RULE_ID
                            + " identifier to create a new rule with the same content");
            return;
        }
        create(ctx, principal, patientId, drafts);
    }

    private void create(Context ctx, Principal principal, String patientId, List<RuleDraft> drafts) {
        List<Consent> created = new ArrayList<>();
        for (RuleDraft draft : drafts) {
            try {
                created.add(ConsentMapper.toConsent(
                        rules.create(principal, patientId, body(draft)).rule()));
            } catch (TrustlakeException e) {
                if (e.code().category() != ErrorCode.Category.INVALID) {
                    throw e;
                }
                refuse(
                        ctx,
                        400,
                        OperationOutcome.IssueType.INVALID,
                        "Consent.provision.provision[" + created.size() + "]: " + e.getMessage()
                                + " (rules created before it: " + created.size() + ")");
                return;
            }
        }
        ctx.header("Location", FhirResources.fullUrl(base(ctx), created.get(0)));
        respond(ctx, 201, created.size() == 1 ? created.get(0) : FhirResources.collection(created, base(ctx)));
    }

    /** {@code GET /fhir/AuditEvent?patient={patientId}}: every access attempt, newest first. */
    public void searchAuditEvents(Context ctx) {
        Principal principal = principal(ctx);
        patientParameter(ctx)
                .ifPresentOrElse(
                        patientId -> {
                            Authentication.requireThePatient(principal, patientId);
                            List<AuditEvent> events = AccessLogContract.entries(gateway.state(), patientId).stream()
                                    .sorted(Comparator.comparingLong(AccessLogEntry::logIndex)
                                            .reversed())
                                    .map(AuditEventMapper::toAuditEvent)
                                    .toList();
                            respond(ctx, 200, FhirResources.searchset(events, base(ctx), self(ctx)));
                        },
                        () -> refuseSearch(ctx));
    }

    private static RulesApi.RuleBody body(RuleDraft draft) {
        return new RulesApi.RuleBody(
                new RulesApi.GranteeBody(
                        draft.grantee().type().json(), draft.grantee().id()),
                draft.tags(),
                draft.effect().json(),
                draft.validFrom(),
                draft.validUntil(),
                draft.purposes());
    }

    /** The caller, who must present a bearer token (the portal's session cookie is not accepted here). */
    private Principal principal(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new TrustlakeException(ErrorCode.UNAUTHENTICATED, "FHIR calls need a bearer token");
        }
        return authentication.require(ctx);
    }

    /** The {@code patient} search parameter, a patient id or {@code Patient/{patientId}}, if well formed. */
    private static Optional<String> patientParameter(Context ctx) {
        String value = ctx.queryParam("patient");
        String id = value != null && value.startsWith("Patient/") ? value.substring("Patient/".length()) : value;
        return id != null && Ids.isPatientId(id) ? Optional.of(id) : Optional.empty();
    }

    private static void refuseSearch(Context ctx) {
        refuse(
                ctx,
                400,
                OperationOutcome.IssueType.REQUIRED,
                "the patient search parameter is required: patient={patientId} or patient=Patient/{patientId}");
    }

    private static String base(Context ctx) {
        String url = ctx.url();
        return url.substring(0, url.length() - ctx.path().length()) + "/fhir";
    }

    private static String self(Context ctx) {
        return ctx.queryString() == null ? ctx.url() : ctx.url() + "?" + ctx.queryString();
    }

    private static void refuse(Context ctx, int status, OperationOutcome.IssueType type, String message) {
        respond(ctx, status, FhirResources.outcome(OperationOutcome.IssueSeverity.ERROR, type, message));
    }

    private static void respond(Context ctx, int status, IBaseResource resource) {
        ctx.status(status).contentType(FhirResources.CONTENT_TYPE).result(FhirResources.encode(resource));
    }
}
