package io.trustlake.server.portal;

import static io.trustlake.server.http.Pages.esc;

import io.javalin.http.Context;
import io.trustlake.auth.Principal;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.common.id.Ids;
import io.trustlake.contracts.Tags;
import io.trustlake.contracts.access.DecisionEngine;
import io.trustlake.server.http.Authentication;
import io.trustlake.server.records.RecordBody;
import io.trustlake.server.records.RecordResult;
import io.trustlake.server.records.RecordService;
import java.util.List;
import java.util.Optional;

/** The professional's pages: look up a patient, request their record, read it by section. */
public final class PatientPages {
    private final Portal portal;
    private final RecordService records;

    public PatientPages(Portal portal, RecordService records) {
        this.portal = portal;
        this.records = records;
    }

    static String lookupForm(String value) {
        return "<form method=\"get\" action=\"/portal/patients\" class=\"lookup\"><label>Patient id "
                + "<input name=\"patientId\" value=\"" + esc(value)
                + "\" placeholder=\"p-…\" required pattern=\"p-[a-z2-9]{26}\"></label>"
                + "<button type=\"submit\">Find</button></form>";
    }

    public void lookup(Context ctx) {
        Optional<Principal> principal = portal.signedIn(ctx);
        if (principal.isEmpty()) {
            return;
        }
        String patientId =
                Optional.ofNullable(ctx.queryParam("patientId")).orElse("").trim();
        if (!Ids.isPatientId(patientId)) {
            ctx.status(400)
                    .html(portal.page(
                            "Find a patient",
                            principal.get(),
                            "<h1>Find a patient</h1>"
                                    + "<p class=\"error\" role=\"alert\">A patient id looks like p- followed by 26 letters and digits.</p>"
                                    + lookupForm(patientId)));
            return;
        }
        ctx.html(portal.page("Request a record", principal.get(), requestForm(patientId)));
    }

    private static String requestForm(String patientId) {
        StringBuilder tags = new StringBuilder();
        for (String tag : RecordView.byTitle(Tags.DEFAULT)) {
            tags.append("<label class=\"tag\"><input type=\"checkbox\" name=\"tags\" value=\"")
                    .append(esc(tag))
                    .append("\"> ")
                    .append(esc(RecordView.title(tag)))
                    .append("</label>");
        }
        return "<h1>Request the record of <code>" + esc(patientId) + "</code></h1>"
                + "<form method=\"post\" action=\"/portal/patients/" + esc(patientId) + "/record\">"
                + "<label>Purpose <select name=\"purpose\"><option value=\"TREAT\">Treatment</option>"
                + "<option value=\"HRESCH\">Research</option></select></label>"
                + "<fieldset><legend>Sections (leave all unticked for everything you are allowed to see)</legend>"
                + tags + "</fieldset>"
                + "<p class=\"note\">Your request and its outcome are written to the ledger and shown to the patient.</p>"
                + "<button type=\"submit\">Request record</button></form>"
                + CarePages.emergencyForm(patientId);
    }

    public void request(Context ctx) {
        Optional<Principal> principal = portal.signedIn(ctx);
        if (principal.isEmpty()) {
            return;
        }
        String patientId = ctx.pathParam("patientId");
        RecordBody body = new RecordBody(
                Optional.ofNullable(ctx.formParam("purpose")).orElse("TREAT"),
                ctx.formParams("tags"),
                Optional.ofNullable(ctx.formParam("justification")).orElse(""));
        try {
            ctx.html(portal.page(
                    "Patient record",
                    principal.get(),
                    show(principal.get(), Authentication.token(ctx), patientId, body)));
        } catch (TrustlakeException e) {
            if (e.code().category() != ErrorCode.Category.INVALID) {
                throw e;
            }
            ctx.status(400).html(portal.page("Record not opened", principal.get(), notOpened(patientId, body, e)));
        }
    }

    /** A request the node refused to send (such as an emergency without a reason), with its form again. */
    private static String notOpened(String patientId, RecordBody body, TrustlakeException e) {
        boolean emergency = DecisionEngine.EMERGENCY_PURPOSES.contains(body.purpose());
        return "<h1>" + (emergency ? "Emergency access not opened" : "Record not opened") + "</h1>"
                + "<p class=\"error\" role=\"alert\">" + esc(Portal.sentence(e.getMessage()))
                + " Nothing was opened.</p>"
                + (emergency ? CarePages.emergencyForm(patientId, true) : requestForm(patientId));
    }

    /** Requests, fetches once and renders a record; a refusal is a page that says so. */
    String show(Principal principal, String token, String patientId, RecordBody body) {
        RecordResult result;
        try {
            result = records.request(principal, token, patientId, body);
        } catch (TrustlakeException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return "<h1>Patient not found</h1><p class=\"error\" role=\"alert\">" + esc(e.getMessage()) + "</p>"
                        + lookupForm(patientId);
            }
            throw e;
        }
        if (!result.granted()) {
            return "<h1>Access refused</h1><p class=\"error\" role=\"alert\">This patient has no rule that lets you see the sections "
                    + "you asked for. Your attempt was recorded on the ledger (position "
                    + result.ledger().logIndex() + ") and the "
                    + "patient can see it.</p>" + withheld(result)
                    + CarePages.askForm(
                            patientId, java.time.LocalDate.now(portal.clock().withZone(java.time.ZoneOffset.UTC)))
                    + CarePages.emergencyForm(patientId)
                    + "<h2>Find another patient</h2>" + lookupForm("");
        }
        byte[] bundle = records.take(principal, patientId, result.requestId());
        if (patientId.equals(principal.patientIdOrEmpty())) {
            return "<h1>My record</h1><p class=\"note\">Everything the consortium's hospitals hold about you. "
                    + "Opening it is in your audit trail too (ledger position "
                    + result.ledger().logIndex()
                    + ").</p>" + RecordView.render(bundle);
        }
        return "<h1>Record of <code>" + esc(patientId) + "</code></h1>" + emergencyNotice(result) + summary(result)
                + RecordView.render(bundle);
    }

    private static String emergencyNotice(RecordResult result) {
        if (result.emergencyOverride().isEmpty()) {
            return "";
        }
        return "<p class=\"warning\" role=\"alert\">Emergency override: "
                + esc(String.join(", ", titles(result.emergencyOverride())))
                + " were opened without the patient's permission. The patient and your organisation's admin are told.</p>";
    }

    static String summary(RecordResult result) {
        StringBuilder sources = new StringBuilder();
        for (RecordResult.SourceStatus source : result.sources()) {
            sources.append("<li>")
                    .append(esc(source.organisation()))
                    .append(": ")
                    .append(esc(source.status()))
                    .append(
                            "missing".equals(source.status())
                                    ? " — " + esc(source.detail())
                                    : " (" + source.resources() + " entries)")
                    .append("</li>");
        }
        return "<div class=\"decision\"><p>Released: <strong>" + esc(String.join(", ", titles(result.released())))
                + "</strong></p>"
                + withheld(result) + "<p>Recorded on the ledger at position "
                + result.ledger().logIndex() + ".</p><p>Sources:</p><ul class=\"sources\">"
                + sources + "</ul></div>";
    }

    /** The sections not released, grouped by why: a patient's "no" is told apart from no rule at all. */
    private static String withheld(RecordResult result) {
        List<String> denied = new java.util.ArrayList<>();
        List<String> notAllowed = new java.util.ArrayList<>();
        result.withheld().forEach((tag, why) -> (why == io.trustlake.contracts.access.Decision.Withheld.DENIED_BY_RULE
                        ? denied
                        : notAllowed)
                .add(tag));
        return withheldLine("Refused by the patient", denied)
                + withheldLine("Not released, no rule allows them", notAllowed);
    }

    private static String withheldLine(String why, List<String> tags) {
        if (tags.isEmpty()) {
            return "";
        }
        return "<p class=\"withheld\">" + esc(why) + ": "
                + esc(String.join(", ", RecordView.titles(RecordView.byTitle(tags)))) + ".</p>";
    }

    /** Section titles in the order the withheld ones are listed: alphabetical. */
    private static List<String> titles(List<String> tags) {
        return RecordView.titles(RecordView.byTitle(tags));
    }
}
