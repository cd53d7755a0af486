package io.trustlake.server.portal;

import static io.trustlake.server.http.Pages.esc;

import io.javalin.http.Context;
import io.trustlake.auth.Principal;
import io.trustlake.auth.Role;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.contracts.rules.Rule;
import io.trustlake.server.api.AuditApi;
import io.trustlake.server.api.DirectoryApi;
import io.trustlake.server.api.RulesApi;
import io.trustlake.server.http.Authentication;
import io.trustlake.server.records.RecordBody;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
                        rulesHtml(p, Optional.ofNullable(ctx.queryParam("done")).orElse(""), "", RuleForm.empty()))));
    }

    public void createRule(Context ctx) {
        Optional<Principal> principal = patient(ctx);
        if (principal.isEmpty()) {
            return;
        }
        Principal p = principal.get();
        RuleForm form = new RuleForm(ctx.formParamMap());
        try {
            rules.create(p, p.patientIdOrEmpty(), form.body());
            ctx.redirect("/portal/rules?done=created");
        } catch (TrustlakeException e) {
            ctx.status(400).html(portal.page("My rules", p, rulesHtml(p, "", e.getMessage(), form)));
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
                    .html(portal.page(
                            "My rules",
                            principal.get(),
                            rulesHtml(principal.get(), "", e.getMessage(), RuleForm.empty())));
        }
    }

    private String rulesHtml(Principal p, String done, String error, RuleForm form) {
        StringBuilder html = new StringBuilder("<h1>My rules</h1>");
        if (!done.isEmpty()) {
            html.append("<p class=\"ok\" role=\"status\">Rule ")
                    .append(esc("revoked".equals(done) ? "revoked" : "created"))
                    .append(" and recorded on the ledger.</p>");
        }
        if (!error.isEmpty()) {
            html.append("<p class=\"error\" role=\"alert\">Nothing was saved: ")
                    .append(esc(error.endsWith(".") ? error.substring(0, error.length() - 1) : error))
                    .append(". Please correct the form below.</p>");
        }
        List<DirectoryApi.Member> members = directory.directory().organisations();
        html.append(ruleTable(rules.rules(p.patientIdOrEmpty()), Directory.names(members)));
        return html.append(form.html(members, LocalDate.now(portal.clock().withZone(ZoneOffset.UTC))))
                .toString();
    }

    private static String ruleTable(List<Rule> list, Map<String, String> names) {
        if (list.isEmpty()) {
            return "<p>You have no rules yet: nobody but you can see your record.</p>";
        }
        StringBuilder html = new StringBuilder(
                "<table class=\"rules\"><thead><tr><th>Who</th><th>Sections</th><th>Effect</th>"
                        + "<th>Valid</th><th>Status</th><th><span class=\"visually-hidden\">Action</span></th></tr></thead><tbody>");
        for (Rule rule : list) {
            html.append("<tr class=\"")
                    .append(esc(rule.status().name().toLowerCase(Locale.ROOT)))
                    .append("\"><td>")
                    .append(esc(Directory.grantee(rule.grantee(), names)))
                    .append("</td><td>")
                    .append(esc(String.join(", ", RecordView.titles(rule.tags()))))
                    .append("</td><td>")
                    .append(esc(rule.effect().json()))
                    .append("</td><td class=\"when\">")
                    .append(esc(rule.validFrom().toString().substring(0, 10)))
                    .append(" → ")
                    .append(esc(rule.validUntil().toString().substring(0, 10)))
                    .append("</td><td>")
                    .append(esc(rule.status().name().toLowerCase(Locale.ROOT)))
                    .append(" (version ")
                    .append(rule.version())
                    .append(")</td><td>")
                    .append(revokeButton(rule))
                    .append("</td></tr>");
        }
        return html.append("</tbody></table>").toString();
    }

    private static String revokeButton(Rule rule) {
        if (rule.status() != Rule.Status.ACTIVE) {
            return "";
        }
        return "<form method=\"post\" action=\"/portal/rules/" + esc(rule.ruleId())
                + "/revoke\"><button type=\"submit\">Revoke</button></form>";
    }

    public void audit(Context ctx) {
        patient(ctx)
                .ifPresent(p -> ctx.html(portal.page(
                        "My audit trail",
                        p,
                        auditHtml(
                                audit.entries(p.patientIdOrEmpty()),
                                Directory.names(directory.directory().organisations()),
                                p.userId()))));
    }

    private static String auditHtml(List<AuditApi.AuditEntry> entries, Map<String, String> names, String you) {
        StringBuilder html =
                new StringBuilder("<h1>My audit trail</h1><p>Every request for your record, granted or refused, as "
                        + "recorded on the consortium ledger. Newest first; times in UTC.</p>");
        if (entries.isEmpty()) {
            return html.append("<p>Nobody has asked for your record yet.</p>").toString();
        }
        html.append("<table class=\"audit\"><thead><tr><th>When</th><th>Who</th><th>Organisation</th><th>Why</th>"
                + "<th>Sections seen</th><th>Outcome</th><th>Ledger entry</th><th>Checked</th></tr></thead><tbody>");
        for (AuditApi.AuditEntry e : entries) {
            String outcome = "GRANTED".equals(e.outcome()) ? "granted" : "refused";
            if (!e.emergencyOverride().isEmpty()) {
                outcome = "emergency access, without your permission: “" + e.justification() + "”";
            }
            html.append("<tr class=\"")
                    .append(e.emergencyOverride().isEmpty() ? outcome : "emergency")
                    .append("\"><td class=\"when\">")
                    .append(esc(e.at().toString().replace('T', ' ').substring(0, 16)))
                    .append("</td><td class=\"id\">")
                    .append(esc(e.who().equals(you) ? "You" : e.who()))
                    .append("</td><td>")
                    .append(esc(names.getOrDefault(e.organisation(), e.organisation())))
                    .append("</td><td>")
                    .append(esc(Directory.purpose(e.purpose())))
                    .append("</td><td>")
                    .append(esc(
                            e.releasedTags().isEmpty()
                                    ? "none"
                                    : String.join(", ", RecordView.titles(RecordView.byTitle(e.releasedTags())))))
                    .append("</td><td>")
                    .append(esc(outcome))
                    .append("</td><td>")
                    .append(e.logIndex())
                    .append("</td><td class=\"proof\" data-log-index=\"")
                    .append(e.logIndex())
                    .append("\">not checked (needs JavaScript)</td></tr>");
        }
        return html.append("</tbody></table><p class=\"proof-summary\" id=\"proof-summary\"></p>"
                        + "<script src=\"/static/verify.js\" defer></script>")
                .toString();
    }
}
