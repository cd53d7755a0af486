package io.trustlake.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.trustlake.cli.DemoAccounts.DemoAccount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The consent flows of the portal in Debian's Chromium, as a clinician, a patient and an admin use
 * them: a general practitioner is refused and asks the patient for lab results; the patient, whose
 * start page is open in another browser, is told live, approves, and finds the new rule; the
 * practitioner then reads the lab results. An oncologist breaks the glass with a written
 * justification (and cannot without one); the patient sees it highlighted in the audit trail, and
 * the hospital's admin reviews the override.
 *
 * <p>Screenshots go to {@code target/screenshots/c-*.png}. The browser is the system's {@code
 * /usr/bin/chromium}; without it these tests fail, they do not skip.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class ConsentPortalBrowserIT {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String HOSPITAL = "hosp-nl";
    private static final String REQUESTER = HOSPITAL + ":dr.bakker";
    private static final String REASON = "Follow-up of anaemia found at the GP; I need the recent blood counts.";
    private static final String JUSTIFICATION = "Unconscious at the emergency department after a fall; no relatives.";
    private static final List<String> EMERGENCY_SECTIONS =
            List.of("About the patient", "Allergies", "Conditions", "Immunisations", "Medications");

    private static Chromium chromium;
    private static DemoAccount patient;
    private static LocalDate until = LocalDate.EPOCH;

    private final List<BrowserContext> contexts = new ArrayList<>();
    private final List<String> dialogs = new CopyOnWriteArrayList<>();

    @BeforeAll
    @Timeout(900)
    static void startConsortiumAndBrowser() throws IOException {
        Files.createDirectories(SCREENSHOTS);
        patient = patientOfThisTest();
        until = LocalDate.now(ZoneOffset.UTC).plusMonths(2);
        chromium = Chromium.launch();
    }

    @AfterAll
    static void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @AfterEach
    void closePagesAndCheckNoScriptRan() {
        contexts.forEach(BrowserContext::close);
        assertThat(dialogs).as("JavaScript dialogs opened by the pages").isEmpty();
    }

    /**
     * A patient no other acceptance test uses: not the first two (bad input), the middle one
     * (emergency and requests over HTTP), the walking skeleton's, the portal browser test's, nor the
     * FHIR façade test's; the last remaining one whose account is at hosp-nl, else the last remaining.
     */
    private static DemoAccount patientOfThisTest() {
        List<DemoAccount> patients = TestConsortium.patients();
        Set<String> taken = new HashSet<>();
        patients.stream().limit(2).forEach(p -> taken.add(p.patientId()));
        if (!patients.isEmpty()) {
            taken.add(patients.get(patients.size() / 2).patientId());
        }
        taken.add(TestConsortium.patientAtBothHospitals().patientId());
        taken.add(PortalBrowserIT.patientOfThisTest().patientId());
        taken.add(FhirFacadeIT.patientOfThisTest().patientId());
        List<DemoAccount> free =
                patients.stream().filter(p -> !taken.contains(p.patientId())).toList();
        assertThat(free)
                .as(
                        "a synthetic patient that no other acceptance test uses, but all %d are taken (%s); "
                                + "raise the number of patients in TestConsortium",
                        patients.size(),
                        "BadInputIT, EmergencyAndRequestsIT, WalkingSkeletonIT, PortalBrowserIT, FhirFacadeIT")
                .isNotEmpty();
        List<DemoAccount> atHospital =
                free.stream().filter(p -> p.organisation().equals(HOSPITAL)).toList();
        List<DemoAccount> candidates = atHospital.isEmpty() ? free : atHospital;
        return candidates.get(candidates.size() - 1);
    }

    private static LocatorAssertions expect(Locator locator) {
        return PlaywrightAssertions.assertThat(locator);
    }

    private Page open(String organisation) {
        BrowserContext context = chromium.browser()
                .newContext(new Browser.NewContextOptions()
                        .setBaseURL(TestConsortium.get().endpoints().get(organisation))
                        .setViewportSize(1280, 900));
        contexts.add(context);
        Page page = context.newPage();
        page.setDefaultTimeout(30_000);
        page.onDialog(dialog -> {
            dialogs.add(dialog.type() + ": " + dialog.message());
            dialog.dismiss();
        });
        return page;
    }

    private Page signIn(DemoAccount account) {
        Page page = open(account.organisation());
        page.navigate("/login");
        page.getByLabel("Username").fill(account.username());
        page.getByLabel("Password").fill(account.password());
        button(page, "Sign in").click();
        expect(button(page, "Sign out")).isVisible();
        return page;
    }

    private Page signIn(String organisation, String username) {
        return signIn(TestConsortium.account(organisation, username));
    }

    private static void screenshot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(SCREENSHOTS.resolve("c-" + name + ".png"))
                .setFullPage(!name.endsWith("record")));
    }

    private static Locator heading(Page page, String name) {
        return page.getByRole(
                AriaRole.HEADING, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    private static Locator link(Page page, String name) {
        return page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name))
                .first();
    }

    private static Locator button(Page page, String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name));
    }

    private static Locator button(Locator scope, String name) {
        return scope.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(name));
    }

    private static Locator exactLabel(Page page, String label) {
        return page.getByLabel(label, new Page.GetByLabelOptions().setExact(true));
    }

    private static Locator rows(Page page, String table, String text) {
        return page.locator("table." + table + " tbody tr").filter(new Locator.FilterOptions().setHasText(text));
    }

    /** Looks the patient up and asks for everything this clinician may see, for treatment. */
    private static void requestRecord(Page page) {
        page.getByLabel("Patient id").fill(patient.patientId());
        button(page, "Find").click();
        expect(heading(page, "Request the record of " + patient.patientId())).isVisible();
        button(page, "Request record").click();
    }

    private static Page refused(Page page) {
        requestRecord(page);
        expect(heading(page, "Access refused")).isVisible();
        assertThat(page.locator("section.record-section").count()).isZero();
        return page;
    }

    /** The patient's start page, with its live connection to the node open. */
    private Page patientWaitingOnStartPage() {
        Page page = signIn(patient);
        page.waitForResponse(response -> response.url().endsWith("/portal/events"), page::reload);
        expect(page.locator("#patient-id")).hasText(patient.patientId());
        expect(page.locator("#access-requests")).hasCount(0);
        page.evaluate("() => { window.sameDocument = true; }");
        return page;
    }

    @Test
    @Order(1)
    void clinicianAsksForLabResultsAndThePatientApprovesAfterALiveNotice() {
        Page patientPage = patientWaitingOnStartPage();
        screenshot(patientPage, "01-patient-start-page");

        Page clinician = refused(signIn(HOSPITAL, "dr.bakker"));
        screenshot(clinician, "02-refused");
        askForLabResults(clinician);

        Locator live = patientPage.locator("#live");
        expect(live).isVisible();
        expect(live).containsText(REQUESTER);
        expect(live).containsText("asks for access");
        assertThat(patientPage.evaluate("() => window.sameDocument === true"))
                .as("the notice appeared without reloading the page")
                .isEqualTo(true);
        screenshot(patientPage, "05-live-notice");

        approveOnStartPage(patientPage);
        patientSeesTheNewRule(patientPage);
    }

    private static void askForLabResults(Page page) {
        page.getByText("Ask the patient for access").click();
        exactLabel(page, "Lab results").check();
        exactLabel(page, "Until").fill(until.toString());
        page.getByLabel("Reason (the patient reads this)").fill(REASON);
        screenshot(page, "03-ask-filled");
        button(page, "Send request").click();

        expect(heading(page, "Request sent")).isVisible();
        expect(page.getByRole(AriaRole.STATUS)).containsText("Lab results");
        expect(page.getByRole(AriaRole.STATUS)).containsText("once they approve");
        screenshot(page, "04-request-sent");
    }

    private static void approveOnStartPage(Page page) {
        page.locator("#live")
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Show"))
                .click();
        expect(page.locator("#access-requests")).isVisible();
        assertThat(page.evaluate("() => window.sameDocument === true"))
                .as("“Show” reloads the start page")
                .isEqualTo(false);
        Locator request = page.locator("#access-requests li").filter(new Locator.FilterOptions().setHasText(REQUESTER));
        expect(request).hasCount(1);
        expect(request).containsText("Lab results");
        expect(request).containsText(until.toString());
        expect(request).containsText(REASON);
        expect(button(request, "Reject")).isVisible();
        screenshot(page, "06-pending-request");

        button(request, "Approve").click();

        expect(page.getByRole(AriaRole.STATUS).first()).containsText("Request approved");
        expect(page.locator("#access-requests li").filter(new Locator.FilterOptions().setHasText(REQUESTER)))
                .hasCount(0);
        screenshot(page, "07-request-approved");
    }

    private static void patientSeesTheNewRule(Page page) {
        link(page, "My rules").click();
        Locator rule = rows(page, "rules", REQUESTER);
        expect(rule).hasCount(1);
        expect(rule).containsText("Lab results");
        expect(rule).containsText("allow");
        expect(rule).containsText("active");
        expect(rule).containsText(until.toString());
        screenshot(page, "08-my-rules");
    }

    @Test
    @Order(2)
    void clinicianNowReadsTheLabResults() {
        Page page = signIn(HOSPITAL, "dr.bakker");

        requestRecord(page);

        expect(heading(page, "Record of " + patient.patientId())).isVisible();
        expect(page.locator(".decision strong")).hasText("Lab results");
        assertThat(page.locator("section.record-section h2").allTextContents()).allMatch("Lab results"::equals);
        expect(page.locator(".warning")).hasCount(0);
        screenshot(page, "09-lab-results-record");
    }

    @Test
    @Order(3)
    void emergencyAccessCannotBeOpenedWithoutAJustification() {
        Page page = refused(signIn(HOSPITAL, "dr.devries"));
        page.getByText("Emergency access (break the glass)").click();
        Locator why = page.getByLabel("Why is this an emergency?");

        button(page, "Open in emergency").click();

        expect(heading(page, "Access refused")).isVisible();
        assertThat(why.evaluate("e => e.validity.valueMissing && !e.form.checkValidity()"))
                .as("the browser keeps an empty justification from being sent")
                .isEqualTo(true);

        why.fill("   ");
        button(page, "Open in emergency").click();

        expect(heading(page, "Emergency access not opened")).isVisible();
        expect(page.getByRole(AriaRole.ALERT)).containsText("Emergency access needs a written justification.");
        expect(page.getByLabel("Why is this an emergency?")).isVisible();
        expect(page.locator("section.record-section")).hasCount(0);
        expect(page.locator(".warning")).hasCount(0);
        screenshot(page, "10-emergency-without-justification");
    }

    @Test
    @Order(4)
    void oncologistBreaksTheGlassWithAJustification() {
        Page page = refused(signIn(HOSPITAL, "dr.devries"));
        page.getByText("Emergency access (break the glass)").click();
        page.getByLabel("Why is this an emergency?").fill(JUSTIFICATION);
        screenshot(page, "11-emergency-form");

        button(page, "Open in emergency").click();

        expect(heading(page, "Record of " + patient.patientId())).isVisible();
        Locator warning = page.locator(".warning");
        expect(warning).containsText("Emergency override");
        expect(warning).containsText("without the patient's permission");
        Locator released = page.locator(".decision strong");
        List.of("Allergies", "Conditions", "Medications")
                .forEach(s -> expect(released).containsText(s));
        expect(released).not().containsText("Lab results");
        List<String> sections = page.locator("section.record-section h2").allTextContents();
        assertThat(sections).isNotEmpty().allMatch(EMERGENCY_SECTIONS::contains);
        screenshot(page, "12-emergency-record");
    }

    @Test
    @Order(5)
    void patientSeesTheEmergencyHighlightedInTheAuditTrail() {
        Page page = signIn(patient);
        link(page, "Audit trail").click();

        expect(heading(page, "My audit trail")).isVisible();
        Locator emergency = page.locator("table.audit tr.emergency");
        expect(emergency).hasCount(1);
        expect(emergency).containsText("dr.devries");
        expect(emergency).containsText(JUSTIFICATION);
        expect(emergency).containsText("without your permission");
        assertThat(emergency.locator("td").first().evaluate("e => getComputedStyle(e).backgroundColor"))
                .as("the emergency row is highlighted")
                .isNotEqualTo(page.locator("table.audit tbody tr:not(.emergency) td")
                        .first()
                        .evaluate("e => getComputedStyle(e).backgroundColor"));
        expect(page.locator("table.audit tr.granted").filter(new Locator.FilterOptions().setHasText("dr.bakker")))
                .containsText("Lab results");
        screenshot(page, "13-audit-trail");
    }

    @Test
    @Order(6)
    void adminReviewsTheOverrideWithANote() {
        Page page = signIn(HOSPITAL, "admin");
        link(page, "Review emergency overrides").click();

        expect(heading(page, "Emergency overrides")).isVisible();
        Locator override = rows(page, "overrides", patient.patientId());
        expect(override).hasCount(1);
        expect(override).containsText(HOSPITAL + ":dr.devries");
        expect(override).containsText(JUSTIFICATION);
        override.getByLabel("Review note").fill("Checked with the emergency department: justified.");
        screenshot(page, "14-overrides");

        button(override, "Mark reviewed").click();

        expect(override).containsText("reviewed by " + HOSPITAL + ":admin");
        expect(override).containsText("Checked with the emergency department: justified.");
        expect(button(override, "Mark reviewed")).hasCount(0);
        screenshot(page, "15-override-reviewed");
    }
}
