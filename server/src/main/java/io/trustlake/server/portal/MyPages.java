package io.trustlake.server.portal;

import static io.trustlake.server.http.Pages.esc;

import io.javalin.http.Context;
import io.trustlake.auth.Principal;
import io.trustlake.auth.Role;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.contracts.Tags;
import io.trustlake.contracts.membership.Organisation;
import io.trustlake.contracts.rules.Rule;
import io.trustlake.server.api.AuditApi;
import io.trustlake.server.api.DirectoryApi;
import io.trustlake.server.api.RulesApi;
import io.trustlake.server.http.Authentication;
import io.trustlake.server.records.RecordBody;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** The patient's pages: my record by section, my rules (create, revoke), my audit trail. */
public final class MyPages {
    private final Portal portal;
    private final PatientPages patientPages;
    private final RulesApi rules;
    private final AuditApi audit;
    private final DirectoryApi directory;

    public MyPages(Portal portal, PatientPages patientPages, RulesApi rules, AuditApi audit, DirectoryApi directory) {
        this.portal = portal;
        this.patientPages = patientPages;
        this.rules = rules;
        this.audit = audit;
        this.directory = directory;
    }

    private Optional<Principal> patient(Context ctx) {
        Optional<Principal> principal = portal.signedIn(ctx);
        if (principal.isPresent() && principal.get().role() != Role.PATIENT) {
            ctx.redirect("/portal");
            return Optional.empty();
        }
        return principal;
    }

    public void record(Context ctx) {
        patient(ctx)
                .ifPresent(p -> ctx.html(portal.page(
                        "My record",
                        p,
                        patientPages.show(
                                p,
                                Authentication.token(ctx),
                                p.patientIdOrEmpty(),
                                new RecordBody("PATRQT", List.of())))));
    }

    public void rules(Context ctx) {
        patient(ctx)
                .ifPresent(p -> ctx.html(portal.page(
                        "My rules",
                        p,
                        rulesHtml(p, Optional.ofNullable(ctx.queryParam("done")).orElse(""), ""))));
    }

    public void createRule(Context ctx) {
        Optional<Principal> principal = patient(ctx);
        if (principal.isEmpty()) {
            return;
        }
        Principal p = principal.get();
        try {
            rules.create(p, p.patientIdOrEmpty(), ruleFromForm(ctx));
            ctx.redirect("/portal/rules?done=created");
        } catch (TrustlakeException e) {
            ctx.status(400).html(portal.page("My rules", p, rulesHtml(p, "", e.getMessage())));
        }
    }

    public void revokeRule(Context ctx) {
        Optional<Principal> principal = patient(ctx);
        if (principal.isEmpty()) {
            return;
        }
        try {
            rules.revoke(principal.get(), principal.get().patientIdOrEmpty(), ctx.pathParam("ruleId"));
            ctx.redirect("/portal/rules?done=revoked");
        } catch (TrustlakeException e) {
            ctx.status(400)
                    .html(portal.page("My rules", principal.get(), rulesHtml(principal.get(), "", e.getMessage())));
        }
    }

    private static RulesApi.RuleBody ruleFromForm(Context ctx) {
        String type = Optional.ofNullable(ctx.formParam("granteeType")).orElse("");
        String id = Optional.ofNullable(ctx.formParam(type + "Id"))
                .orElse(Optional.ofNullable(ctx.formParam("granteeId")).orElse(""))
                .trim();
        return new RulesApi.RuleBody(
                new RulesApi.GranteeBody(type, id),
                ctx.formParams("tags"),
                ctx.formParam("effect"),
                day(ctx.formParam("validFrom")),
                day(ctx.formParam("validUntil")),
                List.of());
    }

    private static java.time.Instant day(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new TrustlakeException(
                    io.trustlake.common.error.ErrorCode.INVALID_RULE, "dates must look like 2026-12-31");
        }
    }

    private String rulesHtml(Principal p, String done, String error) {
        StringBuilder html = new StringBuilder("<h1>My rules</h1>");
        if (!done.isEmpty()) {
            html.append("<p class=\"ok\" role=\"status\">Rule ")
                    .append(esc("revoked".equals(done) ? "revoked" : "created"))
                    .append(" and recorded on the ledger.</p>");
        }
        if (!error.isEmpty()) {
            html.append("<p class=\"error\" role=\"alert\">").append(esc(error)).append("</p>");
        }
        html.append(ruleTable(rules.rules(p.patientIdOrEmpty())));
        return html.append(ruleForm()).toString();
    }

    private static String ruleTable(List<Rule> list) {
        if (list.isEmpty()) {
            return "<p>You have no rules yet: nobody but you can see your record.</p>";
        }
        StringBuilder html =
                new StringBuilder("<table class=\"rules\"><thead><tr><th>Who</th><th>Sections</th><th>Effect</th>"
                        + "<th>Valid</th><th>Status</th><th></th></tr></thead><tbody>");
        for (Rule rule : list) {
            html.append("<tr><td>")
                    .append(esc(rule.grantee().type().json()))
                    .append(": ")
                    .append(esc(rule.grantee().id()))
                    .append("</td><td>")
                    .append(esc(String.join(
                            ", ", rule.tags().stream().map(RecordView::title).toList())))
                    .append("</td><td>")
                    .append(esc(rule.effect().json()))
                    .append("</td><td>")
                    .append(esc(rule.validFrom().toString().substring(0, 10)))
                    .append(" → ")
                    .append(esc(rule.validUntil().toString().substring(0, 10)))
                    .append("</td><td>")
                    .append(esc(rule.status().name().toLowerCase(java.util.Locale.ROOT)))
                    .append(" (v")
                    .append(rule.version())
                    .append(")</td><td>");
            if (rule.status() == Rule.Status.ACTIVE) {
                html.append("<form method=\"post\" action=\"/portal/rules/")
                        .append(esc(rule.ruleId()))
                        .append("/revoke\"><button type=\"submit\">Revoke</button></form>");
            }
            html.append("</td></tr>");
        }
        return html.append("</tbody></table>").toString();
    }

    private String ruleForm() {
        StringBuilder orgs = new StringBuilder();
        StringBuilder departments = new StringBuilder();
        for (DirectoryApi.Member member : directory.directory().organisations()) {
            orgs.append("<option value=\"")
                    .append(esc(member.id()))
                    .append("\">")
                    .append(esc(member.name()))
                    .append("</option>");
            for (Organisation.Department d : member.departments()) {
                departments
                        .append("<option value=\"")
                        .append(esc(d.id()))
                        .append("\">")
                        .append(esc(member.name() + " — " + d.name()))
                        .append("</option>");
            }
        }
        StringBuilder tags = new StringBuilder();
        Tags.DEFAULT.forEach(tag -> tags.append("<label class=\"tag\"><input type=\"checkbox\" name=\"tags\" value=\"")
                .append(esc(tag))
                .append("\"> ")
                .append(esc(RecordView.title(tag)))
                .append("</label>"));
        LocalDate today = LocalDate.now(portal.clock().withZone(ZoneOffset.UTC));
        return "<h2>New rule</h2><form method=\"post\" action=\"/portal/rules\" class=\"rule-form\">"
                + "<fieldset><legend>Who</legend>"
                + "<label><input type=\"radio\" name=\"granteeType\" value=\"organisation\" checked> A whole organisation "
                + "<select name=\"organisationId\">" + orgs + "</select></label>"
                + "<label><input type=\"radio\" name=\"granteeType\" value=\"department\"> A department <select name=\"departmentId\">"
                + departments + "</select></label>"
                + "<label><input type=\"radio\" name=\"granteeType\" value=\"professional\"> One professional "
                + "<input name=\"professionalId\" placeholder=\"hospital:username\"></label></fieldset>"
                + "<fieldset><legend>Which sections</legend>" + tags + "</fieldset>"
                + "<label>Effect <select name=\"effect\"><option value=\"allow\">Allow</option><option value=\"deny\">Deny</option></select></label>"
                + "<label>From <input type=\"date\" name=\"validFrom\" value=\"" + today + "\"></label>"
                + "<label>Until <input type=\"date\" name=\"validUntil\" value=\"" + today.plusMonths(3)
                + "\" required></label>"
                + "<p class=\"note\">A deny always wins over an allow for the same section. The rule ends at the start of the last day.</p>"
                + "<button type=\"submit\">Save rule</button></form>";
    }

    public void audit(Context ctx) {
        patient(ctx)
                .ifPresent(p ->
                        ctx.html(portal.page("My audit trail", p, auditHtml(audit.entries(p.patientIdOrEmpty())))));
    }

    private static String auditHtml(List<AuditApi.AuditEntry> entries) {
        StringBuilder html =
                new StringBuilder("<h1>My audit trail</h1><p>Every request for your record, granted or refused, as "
                        + "recorded on the consortium ledger.</p>");
        if (entries.isEmpty()) {
            return html.append("<p>Nobody has asked for your record yet.</p>").toString();
        }
        html.append("<table class=\"audit\"><thead><tr><th>When</th><th>Who</th><th>Organisation</th><th>Purpose</th>"
                + "<th>Sections seen</th><th>Outcome</th><th>Ledger position</th></tr></thead><tbody>");
        for (AuditApi.AuditEntry e : entries) {
            html.append("<tr class=\"")
                    .append("GRANTED".equals(e.outcome()) ? "granted" : "refused")
                    .append("\"><td>")
                    .append(esc(e.at().toString().replace('T', ' ').substring(0, 19)))
                    .append("</td><td>")
                    .append(esc(e.who()))
                    .append("</td><td>")
                    .append(esc(e.organisation()))
                    .append("</td><td>")
                    .append(esc(e.purpose()))
                    .append("</td><td>")
                    .append(esc(String.join(
                            ", ",
                            e.releasedTags().stream().map(RecordView::title).toList())))
                    .append("</td><td>")
                    .append("GRANTED".equals(e.outcome()) ? "granted" : "refused")
                    .append("</td><td>")
                    .append(e.logIndex())
                    .append("</td></tr>");
        }
        return html.append("</tbody></table>").toString();
    }
}
