package io.trustlake.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.trustlake.auth.Totp;
import io.trustlake.cli.DemoAccounts.DemoAccount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Signing in to the portal in Debian's Chromium with a TOTP code (the demo account whose secret is
 * in demo-accounts.json) and with a picture password chosen on the Security page and then picked
 * again from a freshly shuffled grid. The test finds pictures the way a person does, by what they
 * show (each picture's title), never by an id in the page.
 */
@Timeout(180)
class SignInBrowserIT {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** Mixed kinds; the grid is shuffled, so whether two picks are neighbours is up to chance. */
    private static final List<String> PICTURES = List.of("cat", "pear", "tent", "key", "bread", "guitar", "owl");

    private static Chromium chromium;
    private final List<BrowserContext> contexts = new ArrayList<>();

    @BeforeAll
    @Timeout(900)
    static void startConsortiumAndBrowser() throws IOException {
        assertThat(Files.isExecutable(Chromium.EXECUTABLE)).isTrue();
        Files.createDirectories(SCREENSHOTS);
        TestConsortium.get();
        chromium = Chromium.launch();
    }

    @AfterAll
    static void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @AfterEach
    void closePages() {
        contexts.forEach(BrowserContext::close);
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
        return page;
    }

    private static Locator button(Page page, String name) {
        return page.getByRole(
                AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    @Test
    void totpSignInAsksForTheCodeAfterThePassword() {
        DemoAccount ortega = TestConsortium.account("hosp-es", "dr.ortega");
        assertThat(ortega.secondFactorSecret()).isNotEmpty();
        Page page = open("hosp-es");
        page.navigate("/login");
        page.getByLabel("Username").fill(ortega.username());
        page.getByLabel("Password").fill(ortega.password());
        button(page, "Sign in").click();

        Locator code = page.getByLabel("Code from your authenticator app");
        expect(code).isVisible();
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("20-totp-step.png")));
        code.fill(Totp.code(Base32Text.decode(ortega.secondFactorSecret()), Instant.now()));
        button(page, "Continue").click();

        expect(button(page, "Sign out")).isVisible();
        expect(page.locator("[data-user]")).hasAttribute("data-user", "hosp-es:dr.ortega");
    }

    @Test
    void authenticatorAppIsAddedFromAQrCodeOnTheSecurityPageAndThenAskedFor() {
        DemoAccount jansen = TestConsortium.account("hosp-nl", "nurse.jansen");
        Page page = open("hosp-nl");
        page.navigate("/login");
        page.getByLabel("Username").fill(jansen.username());
        page.getByLabel("Password").fill(jansen.password());
        button(page, "Sign in").click();
        expect(button(page, "Sign out")).isVisible();

        page.navigate("/portal/security");
        expect(page.locator("#totp-status")).containsText("Off");
        button(page, "Add an authenticator app").click();
        Locator qr =
                page.getByRole(AriaRole.IMG, new Page.GetByRoleOptions().setName("QR code for your authenticator app"));
        expect(qr).isVisible();
        assertThat(qr.boundingBox().width).isGreaterThan(150);
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("23-totp-setup.png")));
        // A person scans the code; the test types the secret shown under it, as a person without a camera would.
        String secret = page.locator("#totp-secret").textContent().trim();
        page.getByLabel("Code", new Page.GetByLabelOptions().setExact(true))
                .fill(Totp.code(Base32Text.decode(secret), Instant.now()));
        button(page, "Confirm").click();
        expect(page.locator("#totp-status")).containsText("On");
        button(page, "Sign out").click();

        page.navigate("/login");
        page.getByLabel("Username").fill(jansen.username());
        page.getByLabel("Password").fill(jansen.password());
        button(page, "Sign in").click();
        Locator code = page.getByLabel("Code from your authenticator app");
        expect(code).isVisible();
        code.fill(Totp.code(Base32Text.decode(secret), Instant.now().plusSeconds(30)));
        button(page, "Continue").click();
        expect(page.locator("[data-user]")).hasAttribute("data-user", "hosp-nl:nurse.jansen");

        // Leave the shared account as it was.
        page.navigate("/portal/security");
        page.locator("form[action='/portal/security/totp/remove']")
                .getByLabel("Password")
                .fill(jansen.password());
        button(page, "Remove").click();
        expect(page.locator("#totp-status")).containsText("Off");
    }

    @Test
    void picturePasswordIsChosenWithAMeterAndThenSignsInFromAReshuffledGrid() {
        DemoAccount auditor = TestConsortium.account("hosp-es", "auditor");
        Page page = open("hosp-es");
        page.navigate("/login");
        page.getByLabel("Username").fill(auditor.username());
        page.getByLabel("Password").fill(auditor.password());
        button(page, "Sign in").click();
        expect(button(page, "Sign out")).isVisible();

        page.navigate("/portal/security/pictures");
        pick(page, List.of("cat", "dog", "fish", "bird", "owl", "bee"));
        expect(page.locator("#picture-meter")).containsText("all of one kind");
        button(page, "Start again").click();
        pick(page, PICTURES);
        Locator meter = page.locator("#picture-meter");
        expect(meter).containsText("bits");
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("21-picture-choice.png")));
        boolean strong = meter.textContent().contains("strong enough");
        page.getByLabel("Your current password").fill(auditor.password());
        button(page, "Save picture password").click();
        if (!strong) {
            // The shuffle put several picks side by side: the choice is refused with that reason.
            expect(page.getByRole(AriaRole.ALERT)).containsText("path across the grid");
            return;
        }
        expect(page.getByText("Your picture password is set")).isVisible();
        button(page, "Sign out").click();

        page.navigate("/login");
        page.getByText("Sign in with pictures instead").click();
        page.getByLabel("Username").fill(auditor.username());
        pick(page, PICTURES);
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("22-picture-login.png")));
        button(page, "Sign in").click();
        expect(page.locator("[data-user]")).hasAttribute("data-user", "hosp-es:auditor");
    }

    @Test
    void wrongPicturesAreRefusedWithAPlainMessage() {
        Page page = open("hosp-es");
        page.navigate("/login/pictures");
        page.getByLabel("Username").fill("dr.garcia");
        pick(page, List.of("apple", "house", "lamp", "snail", "grapes", "bridge"));
        button(page, "Sign in").click();
        expect(page.getByRole(AriaRole.ALERT)).hasText("The username or password is wrong. Please try again.");
    }

    /** Clicks the pictures whose titles are given, in order, wherever this grid put them. */
    @SuppressWarnings("unchecked")
    private static void pick(Page page, List<String> titles) {
        List<String> shown = (List<String>)
                page.evaluate(
                        "async () => Promise.all(Array.from("
                                + "document.querySelectorAll('.picture img')).map(async img => {"
                                + " const svg = await (await fetch(img.src)).text();"
                                + " return new DOMParser().parseFromString(svg, 'image/svg+xml').querySelector('title').textContent; }))");
        for (String title : titles) {
            int position = shown.indexOf(title);
            assertThat(position).as("picture %s in the grid %s", title, shown).isNotNegative();
            page.locator(".picture[data-position='" + position + "']").click();
        }
    }
}
