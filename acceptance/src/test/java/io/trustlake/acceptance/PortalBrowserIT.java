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
import io.trustlake.synthetic.ManifestPatient;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The portal in Debian's Chromium, as a patient and two clinicians use it: the patient reads their
 * record, grants the cardiology department three sections, a cardiologist reads them, an emergency
 * doctor is refused, the patient sees both attempts in the audit trail and revokes the rule. Also:
 * a wrong password, and markup typed into forms, which must come back escaped and never run.
 *
 * <p>Screenshots of the key pages go to {@code target/screenshots/}. The browser is the system's
 * {@code /usr/bin/chromium}; Playwright never downloads one. Without it these tests fail, they do
 * not skip: CI installs the package first.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class PortalBrowserIT {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String CARDIOLOGY = "hosp-es:cardiology";
    private static final String CARDIOLOGY_NAME = "Cardiology at Hospital General del Levante";
    private static final List<String> GRANTED = List.of("Allergies", "Conditions", "Medications");
    private static final Pattern LEDGER_POSITION = Pattern.compile("position (\\d+)");
    /** Every script but the portal's own live notifications. */
    private static final String INJECTED_SCRIPT = "script:not([src='/static/live.js']):not([src='/static/verify.js'])";

    private static Chromium chromium;
    private static DemoAccount patient;
    private static String refusedAtPosition = "";

    private final List<BrowserContext> contexts = new ArrayList<>();
    private final List<String> dialogs = new CopyOnWriteArrayList<>();

    @BeforeAll
    @Timeout(900)
    static void startConsortiumAndBrowser() throws IOException {
        Files.createDirectories(SCREENSHOTS);
        patient = patientOfThisTest();
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
     * A patient nobody else's test touches: not the one the walking skeleton grants, nor the first two
     * that the bad-input tests use; preferably one with data at both hospitals, the last such.
     */
    static DemoAccount patientOfThisTest() {
        List<DemoAccount> patients = TestConsortium.patients();
        Set<String> taken = patients.stream()
                .limit(2)
                .map(DemoAccount::patientId)
                .collect(Collectors.toCollection(java.util.HashSet::new));
        taken.add(TestConsortium.patientAtBothHospitals().patientId());
        Set<String> atBoth = TestConsortium.get().manifest().patients().stream()
                .filter(p -> p.hospitals().size() > 1)
                .map(ManifestPatient::patientId)
                .collect(Collectors.toSet());
        List<DemoAccount> free = patients.stream()
                .filter(p -> !taken.contains(p.patientId()))
                .sorted(Comparator.comparing((DemoAccount p) -> atBoth.contains(p.patientId())))
                .toList();
        List<DemoAccount> candidates = free.isEmpty()
                ? patients.stream()
                        .filter(p -> !p.patientId()
                                .equals(TestConsortium.patientAtBothHospitals().patientId()))
                        .toList()
                : free;
        assertThat(candidates)
                .as("a patient of the synthetic population for the browser test")
                .isNotEmpty();
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
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))
                .click();
        expect(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")))
                .isVisible();
        return page;
    }

    /** The whole page, or its first screenful for long records. */
    private static void screenshot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(SCREENSHOTS.resolve(name + ".png"))
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

    @Test
    @Order(1)
    void patientSignsInAndReadsOwnRecordBySection() {
        Page page = signIn(patient);

        expect(page.locator("#patient-id")).hasText(patient.patientId());
        screenshot(page, "01-patient-home");
        link(page, "My record").click();

        expect(heading(page, "Conditions")).isVisible();
        assertThat(page.locator("#s-conditions tbody tr").count()).isPositive();
        assertThat(page.locator("section.record-section h2").allTextContents())
                .contains("About the patient", "Conditions");
        screenshot(page, "02-patient-record");
    }

    @Test
    @Order(2)
    void patientGrantsCardiologyThreeSectionsForAPeriod() {
        Page page = signIn(patient);
        link(page, "My rules").click();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        page.getByLabel("A department").check();
        page.getByLabel("Department", new Page.GetByLabelOptions().setExact(true))
                .selectOption(CARDIOLOGY);
        GRANTED.forEach(section -> page.getByLabel(section, new Page.GetByLabelOptions().setExact(true))
                .check());
        page.getByLabel("From").fill(today.minusDays(1).toString());
        page.getByLabel("Until").fill(today.plusYears(1).toString());
        screenshot(page, "03-rule-form-filled");
        button(page, "Save rule").click();

        expect(page.getByRole(AriaRole.STATUS)).containsText("Rule created");
        Locator row =
                page.locator("table.rules tbody tr").filter(new Locator.FilterOptions().setHasText(CARDIOLOGY_NAME));
        expect(row).hasCount(1);
        expect(row).containsText("Allergies, Conditions, Medications");
        expect(row).containsText("active");
        expect(row).containsText(today.plusYears(1).toString());
        screenshot(page, "04-rule-created");
    }

    @Test
    @Order(3)
    void markupTypedIntoFormsIsShownAsTextAndNeverRuns() {
        Page page = signIn(patient);
        link(page, "My rules").click();
        String script = "<script>alert(1)</script>";

        page.getByLabel("One professional").check();
        page.getByLabel("Professional", new Page.GetByLabelOptions().setExact(true))
                .fill(script);
        page.getByLabel("Allergies", new Page.GetByLabelOptions().setExact(true))
                .check();
        button(page, "Save rule").click();

        expect(page.getByRole(AriaRole.ALERT)).containsText("Nothing was saved");
        expect(page.getByRole(AriaRole.ALERT)).containsText("hospital:username");
        expect(page.getByRole(AriaRole.STATUS)).hasCount(0);
        expect(page.getByLabel("Professional", new Page.GetByLabelOptions().setExact(true)))
                .hasValue(script);
        expect(page.getByLabel("One professional")).isChecked();
        expect(page.getByLabel("Allergies", new Page.GetByLabelOptions().setExact(true)))
                .isChecked();
        assertThat(page.locator("table.rules tbody tr").allTextContents()).noneMatch(r -> r.contains("script"));
        assertThat(page.locator(INJECTED_SCRIPT).count()).isZero();
        screenshot(page, "05-rule-markup-refused");

        Page clinician = signIn(TestConsortium.account("hosp-es", "dr.garcia"));
        clinician.navigate("/portal/patients?patientId="
                + URLEncoder.encode("\"><img src=x onerror=alert(2)>" + script, StandardCharsets.UTF_8));
        expect(clinician.getByRole(AriaRole.ALERT)).containsText("A patient id looks like");
        assertThat(clinician.locator("img").count()).isZero();
        assertThat(clinician.locator(INJECTED_SCRIPT).count()).isZero();
        expect(clinician.getByLabel("Patient id")).hasValue("\"><img src=x onerror=alert(2)>" + script);
    }

    @Test
    @Order(4)
    void cardiologistReadsTheReleasedSectionsBySection() {
        Page page = signIn(TestConsortium.account("hosp-es", "dr.garcia"));

        page.getByLabel("Patient id").fill(patient.patientId());
        button(page, "Find").click();
        expect(heading(page, "Request the record of " + patient.patientId())).isVisible();
        button(page, "Request record").click();

        expect(heading(page, "Record of " + patient.patientId())).isVisible();
        Locator decision = page.locator(".decision");
        expect(decision.locator("strong")).hasText(String.join(", ", GRANTED));
        expect(decision).containsText("Recorded on the ledger at position");
        List<String> sections = page.locator("section.record-section h2").allTextContents();
        assertThat(sections).isNotEmpty().allMatch(GRANTED::contains);
        assertThat(page.locator("section.record-section tbody tr").count()).isPositive();
        screenshot(page, "06-clinician-record");
    }

    @Test
    @Order(5)
    void emergencyDoctorWithoutRuleIsRefusedAndToldTheLedgerPosition() {
        Page page = signIn(TestConsortium.account("hosp-es", "dr.ruiz"));

        page.getByLabel("Patient id").fill(patient.patientId());
        button(page, "Find").click();
        button(page, "Request record").click();

        expect(heading(page, "Access refused")).isVisible();
        String alert = page.getByRole(AriaRole.ALERT).textContent();
        Matcher position = LEDGER_POSITION.matcher(alert);
        assertThat(position.find()).as(alert).isTrue();
        refusedAtPosition = position.group(1);
        assertThat(page.locator("section.record-section").count()).isZero();
        screenshot(page, "07-access-refused");
    }

    @Test
    @Order(6)
    void patientSeesGrantedAndRefusedAttemptsInAuditTrail() {
        Page page = signIn(patient);
        link(page, "Audit trail").click();

        expect(heading(page, "My audit trail")).isVisible();
        Locator granted =
                page.locator("table.audit tr.granted").filter(new Locator.FilterOptions().setHasText("garcia"));
        Locator refused = page.locator("table.audit tr.refused").filter(new Locator.FilterOptions().setHasText("ruiz"));
        expect(granted).hasCount(1);
        expect(granted).containsText("hosp-es");
        GRANTED.forEach(section -> expect(granted).containsText(section));
        expect(refused).hasCount(1);
        expect(refused).containsText("hosp-es");
        expect(refused).containsText("refused");
        expect(granted).containsText("Treatment");
        if (!refusedAtPosition.isEmpty()) {
            expect(refused).containsText(refusedAtPosition);
        }
        expect(granted.locator("td.proof")).hasText("verified");
        expect(refused.locator("td.proof")).hasText("verified");
        expect(page.locator("#proof-summary")).containsText("signed by 3 of 3 organisations");
        screenshot(page, "08-audit-trail");
    }

    @Test
    @Order(6)
    void auditEntryWithATamperedProofIsShownAsNotVerified() {
        Page page = signIn(patient);
        page.route("**/portal/ledger/proofs/inclusion**", route -> {
            var response = route.fetch();
            String body = response.text();
            Matcher first = Pattern.compile("\"proof\":\\[\"([0-9a-f])").matcher(body);
            String tampered = first.find()
                    ? body.substring(0, first.start(1))
                            + (first.group(1).equals("0") ? "1" : "0")
                            + body.substring(first.end(1))
                    : body.replace("\"leafHash\"", "\"leafHash\"");
            route.fulfill(new com.microsoft.playwright.Route.FulfillOptions()
                    .setResponse(response)
                    .setBody(tampered));
        });
        link(page, "Audit trail").click();

        Locator refused = page.locator("table.audit tr.refused").filter(new Locator.FilterOptions().setHasText("ruiz"));
        expect(refused.locator("td.proof")).containsText("could not verify");
        screenshot(page, "08b-audit-trail-tampered-proof");
    }

    @Test
    @Order(7)
    void patientRevokesTheRuleAndSeesItRevoked() {
        Page page = signIn(patient);
        link(page, "My rules").click();
        Locator row =
                page.locator("table.rules tbody tr").filter(new Locator.FilterOptions().setHasText(CARDIOLOGY_NAME));

        button(row, "Revoke").click();

        expect(page.getByRole(AriaRole.STATUS)).containsText("Rule revoked");
        expect(row).containsText("revoked");
        expect(row).not().containsText("active");
        expect(row.getByRole(AriaRole.BUTTON)).hasCount(0);
        screenshot(page, "09-rule-revoked");
    }

    private static Locator button(Locator scope, String name) {
        return scope.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(name));
    }

    @Test
    @Order(8)
    void wrongPasswordIsExplainedOnTheSignInPage() {
        Page page = open(patient.organisation());
        page.navigate("/login");

        page.getByLabel("Username").fill(patient.username());
        page.getByLabel("Password").fill(patient.password() + "-wrong");
        button(page, "Sign in").click();

        expect(page.getByRole(AriaRole.ALERT)).hasText("The username or password is wrong. Please try again.");
        expect(heading(page, "Sign in to " + page.locator(".org").textContent()))
                .isVisible();
        expect(page.getByLabel("Username")).hasValue(patient.username());
        expect(button(page, "Sign out")).hasCount(0);
        screenshot(page, "10-wrong-password");
    }
}
