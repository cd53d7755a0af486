package io.trustlake.server.portal;

import static io.trustlake.server.http.Pages.esc;

import io.javalin.http.Context;
import io.trustlake.auth.Principal;
import io.trustlake.auth.Role;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.contracts.Tags;
import io.trustlake.contracts.access.EmergencyOverride;
import io.trustlake.contracts.requests.AccessRequestRecord;
import io.trustlake.server.api.AccessRequestsApi;
import io.trustlake.server.api.OverridesApi;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Emergency access, access requests and the review of overrides in the portal: the forms a
 * professional uses when refused, the patient's pending requests on the home page, and the
 * admin's list of emergency overrides.
 */
public final class CarePages {
    private final Portal portal;
    private final AccessRequestsApi requests;
    private final OverridesApi overrides;

    public CarePages(Portal portal, AccessRequestsApi requests, OverridesApi overrides) {
        this.portal = portal;
        this.requests = requests;
        this.overrides = overrides;
    }

    /** The start page: the user's home, and for a patient their pending requests; for an admin, overrides. */
    public void home(Context ctx) {
        Optional<Principal> principal = portal.signedIn(ctx);
        if (principal.isEmpty()) {
            return;
        }
        Principal p = principal.get();
        String done = Optional.ofNullable(ctx.queryParam("done")).orElse("");
        String notice =
                switch (done) {
                    case "approved" ->
                        "<p class=\"ok\" role=\"status\">Request approved: a rule now allows it, recorded on the ledger.</p>";
                    case "rejected" -> "<p class=\"ok\" role=\"status\">Request rejected; nothing was shared.</p>";
                    default -> "";
                };
        String extra = p.role() == Role.PATIENT
                ? pending(p)
                : p.role() == Role.ADMIN ? "<p><a href=\"/portal/overrides\">Review emergency overrides</a></p>" : "";
        ctx.html(portal.page("Home", p, notice + portal.home(p) + extra));
    }

    /** Break the glass: the emergency set is released without a rule, and everyone concerned is told. */
    static String emergencyForm(String patientId) {
        return emergencyForm(patientId, false);
    }

    /** @param open shown unfolded, for a second try */
    static String emergencyForm(String patientId, boolean open) {
        return "<details class=\"emergency\"" + (open ? " open" : "")
                + "><summary>Emergency access (break the glass)</summary>"
                + "<form method=\"post\" action=\"/portal/patients/" + esc(patientId) + "/record\">"
                + "<input type=\"hidden\" name=\"purpose\" value=\"ETREAT\">"
                + "<p>In an emergency you may see the patient's allergies, conditions, medications, immunisations and "
                + "details without their permission, unless they refused it for emergencies. The patient and your "
                + "organisation's admin will be told, and the access is on the ledger.</p>"
                + "<label for=\"justification\">Why is this an emergency?</label>"
                + "<textarea id=\"justification\" name=\"justification\" required maxlength=\"2000\" rows=\"3\"></textarea>"
                + "<button type=\"submit\" class=\"danger\">Open in emergency</button></form></details>";
    }

    /** Ask the patient for access to some sections for a period. */
    static String askForm(String patientId, LocalDate today) {
        StringBuilder tags = new StringBuilder();
        for (String tag : RecordView.byTitle(Tags.DEFAULT)) {
            tags.append("<label class=\"tag\"><input type=\"checkbox\" name=\"tags\" value=\"")
                    .append(esc(tag))
                    .append("\"> ")
                    .append(esc(RecordView.title(tag)))
                    .append("</label>");
        }
        return "<details class=\"ask\"><summary>Ask the patient for access</summary>"
                + "<form method=\"post\" action=\"/portal/patients/" + esc(patientId) + "/access-requests\">"
                + "<fieldset><legend>Sections you need</legend>" + tags + "</fieldset>"
                + "<label for=\"ask-until\">Until</label><input id=\"ask-until\" type=\"date\" name=\"validUntil\" required value=\""
                + today.plusMonths(1) + "\">"
                + "<label for=\"ask-reason\">Reason (the patient reads this)</label>"
                + "<textarea id=\"ask-reason\" name=\"reason\" maxlength=\"2000\" rows=\"2\"></textarea>"
                + "<button type=\"submit\">Send request</button></form></details>";
    }

    public void ask(Context ctx) {
        Optional<Principal> principal = portal.signedIn(ctx);
        if (principal.isEmpty()) {
            return;
        }
        String patientId = ctx.pathParam("patientId");
        try {
            var body = new AccessRequestsApi.AskBody(
                    ctx.formParams("tags"),
                    null,
                    RuleForm.day(
                            Optional.ofNullable(ctx.formParam("validUntil")).orElse("")),
                    Optional.ofNullable(ctx.formParam("reason")).orElse(""));
            var answered = requests.ask(principal.get(), patientId, body);
            ctx.html(portal.page(
                    "Request sent",
                    principal.get(),
                    "<h1>Request sent</h1><p class=\"ok\" role=\"status\">The patient "
                            + "has been asked for "
                            + esc(String.join(
                                    ", ", RecordView.titles(answered.request().tags())))
                            + ". You will be able to open the record once they approve (ledger position "
                            + answered.ledger().logIndex() + ").</p>" + PatientPages.lookupForm("")));
        } catch (TrustlakeException e) {
            ctx.status(400)
                    .html(portal.page(
                            "Request not sent",
                            principal.get(),
                            "<h1>Request not sent</h1><p class=\"error\" " + "role=\"alert\">"
                                    + esc(Portal.sentence(e.getMessage())) + "</p>" + askForm(patientId, today())));
        }
    }

    /** The patient's pending requests, with approve and reject buttons. */
    String pending(Principal patient) {
        List<AccessRequestRecord> pending = requests.pending(patient.patientIdOrEmpty());
        if (pending.isEmpty()) {
            return "";
        }
        StringBuilder html = new StringBuilder(
                "<section class=\"requests\" id=\"access-requests\"><h2>Requests for your record</h2><ul>");
        for (AccessRequestRecord r : pending) {
            html.append("<li><strong>")
                    .append(esc(r.requesterId()))
                    .append("</strong> asks to see ")
                    .append(esc(String.join(", ", RecordView.titles(r.tags()))))
                    .append(" until ")
                    .append(esc(r.validUntil().toString().substring(0, 10)))
                    .append(r.reason().isBlank() ? "" : ": “" + esc(r.reason()) + "”")
                    .append(answerButton(r, "approve", "Approve"))
                    .append(answerButton(r, "reject", "Reject"))
                    .append("</li>");
        }
        return html.append("</ul></section>").toString();
    }

    private static String answerButton(AccessRequestRecord r, String action, String label) {
        return "<form method=\"post\" class=\"inline\" action=\"/portal/access-requests/" + esc(r.requestId()) + "/"
                + action + "\">" + "<button type=\"submit\"" + ("reject".equals(action) ? " class=\"secondary\"" : "")
                + ">" + label + "</button></form>";
    }

    public void approve(Context ctx) {
        answer(ctx, true);
    }

    public void reject(Context ctx) {
        answer(ctx, false);
    }

    private void answer(Context ctx, boolean approve) {
        Optional<Principal> principal = portal.signedIn(ctx);
        if (principal.isPresent()) {
            requests.answer(principal.get(), principal.get().patientIdOrEmpty(), ctx.pathParam("requestId"), approve);
            ctx.redirect("/portal?done=" + (approve ? "approved" : "rejected"));
        }
    }

    /** The admin's review list of emergency overrides by the organisation's professionals. */
    public void overrides(Context ctx) {
        Optional<Principal> principal = portal.signedIn(ctx);
        if (principal.isEmpty()) {
            return;
        }
        if (principal.get().role() != Role.ADMIN) {
            ctx.redirect("/portal");
            return;
        }
        ctx.html(portal.page(
                "Emergency overrides",
                principal.get(),
                overridesHtml(overrides.overrides(principal.get().organisationId()))));
    }

    public void review(Context ctx) {
        Optional<Principal> principal = portal.signedIn(ctx);
        if (principal.isPresent()) {
            long logIndex = Long.parseLong(ctx.pathParam("logIndex").replaceAll("[^0-9]", "0"));
            overrides.review(
                    principal.get(),
                    principal.get().organisationId(),
                    logIndex,
                    Optional.ofNullable(ctx.formParam("note")).orElse(""));
            ctx.redirect("/portal/overrides");
        }
    }

    private static String overridesHtml(List<EmergencyOverride> list) {
        StringBuilder html =
                new StringBuilder("<h1>Emergency overrides</h1><p>Each time one of your professionals opened a record "
                        + "in an emergency without the patient's permission. Review each one.</p>");
        if (list.isEmpty()) {
            return html.append("<p>There are no emergency overrides.</p>").toString();
        }
        html.append(
                "<table class=\"overrides\"><thead><tr><th>When (UTC)</th><th>Who</th><th>Patient</th><th>Sections</th>"
                        + "<th>Justification</th><th>Review</th></tr></thead><tbody>");
        for (EmergencyOverride o : list) {
            html.append("<tr><td class=\"when\">")
                    .append(esc(o.at().toString().replace('T', ' ').substring(0, 16)))
                    .append("</td><td class=\"id\">")
                    .append(esc(o.requester().userId()))
                    .append("</td><td class=\"id\"><code>")
                    .append(esc(o.patientId()))
                    .append("</code></td><td>")
                    .append(esc(String.join(", ", RecordView.titles(RecordView.byTitle(o.overridden())))))
                    .append("</td><td>")
                    .append(esc(o.justification()))
                    .append("</td><td>")
                    .append(o.reviewed() ? "reviewed by " + esc(o.reviewedBy()) + reviewNote(o) : reviewForm(o))
                    .append("</td></tr>");
        }
        return html.append("</tbody></table>").toString();
    }

    private static String reviewNote(EmergencyOverride o) {
        return o.reviewNote().isBlank() ? "" : ": “" + esc(o.reviewNote()) + "”";
    }

    private static String reviewForm(EmergencyOverride o) {
        return "<form method=\"post\" action=\"/portal/overrides/" + o.logIndex() + "/review\">"
                + "<label class=\"visually-hidden\" for=\"note-" + o.logIndex() + "\">Review note</label>"
                + "<input id=\"note-" + o.logIndex()
                + "\" name=\"note\" maxlength=\"2000\" placeholder=\"Note (optional)\">"
                + "<button type=\"submit\">Mark reviewed</button></form>";
    }

    private LocalDate today() {
        return LocalDate.now(portal.clock().withZone(ZoneOffset.UTC));
    }
}
