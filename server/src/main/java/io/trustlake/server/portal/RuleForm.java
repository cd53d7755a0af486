package io.trustlake.server.portal;

import static io.trustlake.server.http.Pages.esc;

import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.common.id.Ids;
import io.trustlake.contracts.Tags;
import io.trustlake.contracts.membership.Organisation;
import io.trustlake.server.api.DirectoryApi;
import io.trustlake.server.api.RulesApi;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * The patient's new-rule form: rendered empty, or again with what was typed after a refusal, and read
 * back into a rule. No grantee type is preselected, so picking a department in its list without
 * choosing "A department" cannot silently grant a whole organisation.
 */
final class RuleForm {
    private final Map<String, List<String>> values;

    /** @param values the submitted form fields, empty for a fresh form */
    RuleForm(Map<String, List<String>> values) {
        this.values = Map.copyOf(values);
    }

    static RuleForm empty() {
        return new RuleForm(Map.of());
    }

    private String value(String name, String fallback) {
        List<String> given = values.getOrDefault(name, List.of());
        return given.isEmpty() ? fallback : given.get(0);
    }

    private String checked(String name, String option) {
        return values.getOrDefault(name, List.of()).contains(option) ? " checked" : "";
    }

    private String selected(String name, String option) {
        return value(name, "").equals(option) ? " selected" : "";
    }

    /** The rule typed in; dates are whole days in UTC, the rule ending as the "until" day begins. */
    RulesApi.RuleBody body() {
        String type = value("granteeType", "");
        String id = value(type + "Id", "").trim();
        if ("professional".equals(type) && !Ids.isScopedId(id)) {
            throw new TrustlakeException(
                    ErrorCode.INVALID_RULE, "write a professional as hospital:username, for example hosp-es:dr.garcia");
        }
        return new RulesApi.RuleBody(
                new RulesApi.GranteeBody(type, id),
                values.getOrDefault("tags", List.of()),
                value("effect", "allow"),
                day(value("validFrom", "")),
                day(value("validUntil", "")),
                "deny".equals(value("effect", "allow")) && "yes".equals(value("emergency", ""))
                        ? List.of("TREAT", "HRESCH", "ETREAT", "BTG")
                        : List.of());
    }

    static Instant day(String text) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new TrustlakeException(ErrorCode.INVALID_RULE, "dates must look like 2026-12-31");
        }
    }

    String html(List<DirectoryApi.Member> members, LocalDate today) {
        return "<h2>New rule</h2><form method=\"post\" action=\"/portal/rules\" class=\"rule-form\">"
                + "<fieldset><legend>Who may see it</legend>" + who(members) + "</fieldset>"
                + "<fieldset><legend>Which sections</legend>" + sections() + "</fieldset>"
                + "<fieldset class=\"when\"><legend>Allow or deny, and for how long</legend>"
                + "<label>Effect <select name=\"effect\">"
                + "<option value=\"allow\"" + selected("effect", "allow") + ">Allow</option>"
                + "<option value=\"deny\"" + selected("effect", "deny") + ">Deny</option></select></label>"
                + "<label>From <input type=\"date\" name=\"validFrom\" value=\""
                + esc(value("validFrom", today.toString())) + "\"></label>"
                + "<label>Until <input type=\"date\" name=\"validUntil\" required value=\""
                + esc(value("validUntil", today.plusMonths(3).toString())) + "\"></label>"
                + "<label class=\"tag\"><input type=\"checkbox\" name=\"emergency\" value=\"yes\""
                + checked("emergency", "yes")
                + "> A deny holds even in an emergency</label></fieldset>"
                + "<p class=\"note\">A deny always wins over an allow for the same section. In an emergency, doctors may open "
                + "allergies, conditions, medications, immunisations and your details unless a deny says it holds even then. "
                + "The rule stops when the “Until” day begins (midnight UTC).</p>"
                + "<button type=\"submit\">Save rule</button></form>";
    }

    private String who(List<DirectoryApi.Member> members) {
        StringBuilder orgs = new StringBuilder();
        StringBuilder departments = new StringBuilder();
        for (DirectoryApi.Member member : members) {
            orgs.append(option("organisationId", member.id(), member.name()));
            for (Organisation.Department d : member.departments()) {
                departments.append(option("departmentId", d.id(), d.name() + " — " + member.name()));
            }
        }
        return choice("organisation", "A whole organisation")
                + "<select name=\"organisationId\" aria-label=\"Organisation\">" + orgs + "</select></div>"
                + choice("department", "A department")
                + "<select name=\"departmentId\" aria-label=\"Department\">" + departments + "</select></div>"
                + choice("professional", "One professional")
                + "<input name=\"professionalId\" aria-label=\"Professional\" placeholder=\"hosp-es:dr.garcia\" value=\""
                + esc(value("professionalId", "")) + "\"> <span class=\"note\">hospital:username</span></div>";
    }

    private String choice(String type, String label) {
        return "<div class=\"choice\"><label><input type=\"radio\" name=\"granteeType\" value=\"" + esc(type)
                + "\" required" + checked("granteeType", type) + "> " + esc(label) + "</label> ";
    }

    private String option(String field, String id, String label) {
        return "<option value=\"" + esc(id) + "\"" + selected(field, id) + ">" + esc(label) + "</option>";
    }

    private String sections() {
        StringBuilder tags = new StringBuilder();
        RecordView.byTitle(Tags.DEFAULT)
                .forEach(tag -> tags.append("<label class=\"tag\"><input type=\"checkbox\" name=\"tags\" value=\"")
                        .append(esc(tag))
                        .append("\"")
                        .append(checked("tags", tag))
                        .append("> ")
                        .append(esc(RecordView.title(tag)))
                        .append("</label>"));
        return tags.toString();
    }
}
