package org.hearken.intake;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.hearken.cases.CustomerWording;
import org.hearken.identity.Department;
import org.hearken.identity.Role;
import org.hearken.identity.StaffDirectory;
import org.hearken.support.ApiClient;
import org.hearken.support.BrowserTest;
import org.hearken.support.TestMail;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A member of the public, on a phone, sends feedback and follows it with the private link, in Chromium; axe-core
 * checks every page they see on the way against WCAG 2.2 A and AA.
 */
class PublicFeedbackBrowserIT extends BrowserTest {

    private static final Pattern TOKEN_LINK = Pattern.compile("/public/status/([A-Za-z0-9_-]{32})(?![A-Za-z0-9_-])");

    @Autowired
    StaffDirectory directory;

    private Department department;

    @BeforeEach
    void receiver() {
        department = WebFormDepartment.ensure(accounts, directory, PASSWORD);
    }

    /** The smallest phone screen WCAG reflow asks for (320 CSS pixels wide), from a client address of its own. */
    @Override
    protected Browser.NewContextOptions contextOptions() {
        return new Browser.NewContextOptions()
                .setViewportSize(320, 640)
                .setDeviceScaleFactor(2)
                .setIsMobile(true)
                .setHasTouch(true)
                .setLocale("en-AU")
                .setExtraHTTPHeaders(Map.of("X-Forwarded-For", PublicFormClient.uniqueAddress()));
    }

    @Test
    void aMemberOfThePublicSendsFeedbackOnAPhoneAndFollowsTheStatusLink() {
        // Monday 30 November 2026, 11:00 in Sydney.
        clock.set(Instant.parse("2026-11-30T00:00:00Z"));
        String email = "ada-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
        Page page = page();

        page.navigate(url("/public/feedback"));
        assertThat(page).hasTitle(Pattern.compile("^Send us your feedback – "));
        assertNoSeriousViolations(page, "the empty form");
        assertFitsTheScreen(page);

        // Sent empty: the errors are summarised at the top, which takes the focus, and shown beside each field.
        clock.advance(Duration.ofSeconds(5));
        press(page, "Send feedback");
        assertThat(page).hasTitle(Pattern.compile("^Error: Send us your feedback"));
        assertThat(page.locator(".error-summary")).isFocused();
        assertThat(page.locator(".error-summary a")).hasText(new String[] {
            "Select what kind of feedback this is",
            "Tell us what your feedback is about",
            "Enter your name",
            "Select how you would like us to reply"
        });
        assertThat(page.locator("#name")).hasAttribute("aria-invalid", "true");
        assertNoSeriousViolations(page, "the form with errors");
        assertFitsTheScreen(page);
        // A summary link takes the person to the field.
        page.locator(".error-summary a", new Page.LocatorOptions().setHasText("Enter your name"))
                .click();
        assertThat(page.locator("#name")).isFocused();

        page.getByLabel("Complaint").check();
        page.getByLabel("Subject (optional)").fill("Broken footpath");
        page.getByLabel("Your feedback")
                .fill("The footpath outside the library on Elm Street is broken and someone will trip.");
        page.getByLabel("Full name").fill("Ada Citizen");
        page.getByLabel("Email address (optional)").fill(email);
        page.getByLabel("By email").check();
        clock.advance(Duration.ofSeconds(40));
        press(page, "Send feedback");

        // The confirmation: reference, when we will answer, and the private link.
        assertThat(page).hasURL(Pattern.compile("/public/feedback/sent$"));
        assertThat(page.locator("h1")).hasText("Feedback sent");
        String reference = page.locator(".reference").textContent().strip();
        assertThat(reference).matches("HK-\\d{4}-\\d{6,}");
        String link = page.locator("#status-link").inputValue();
        Matcher token = TOKEN_LINK.matcher(link);
        assertThat(token.find()).as(link).isTrue();
        ApiClient staff = executive();
        JsonNode c = staff.get("/api/cases/" + reference).json();
        OffsetDateTime acknowledgeBy =
                OffsetDateTime.parse(c.get("acknowledgeBy").asString());
        OffsetDateTime respondBy = OffsetDateTime.parse(c.get("respondBy").asString());
        assertThat(page.locator(".next-steps li")).hasText(new String[] {
            "We will confirm that we have your complaint, and who is looking after it, by "
                    + CustomerWording.when(acknowledgeBy.toInstant(), acknowledgeBy.getOffset()) + ".",
            "We will respond by " + CustomerWording.when(respondBy.toInstant(), respondBy.getOffset()) + "."
        });
        assertThat(page.locator("text=We are also sending these details to the email address you gave."))
                .isVisible();
        assertThat(page.getByRole(
                        com.microsoft.playwright.options.AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName("Copy link")))
                .isVisible();
        assertNoSeriousViolations(page, "the confirmation");
        assertFitsTheScreen(page);

        // The acknowledgement e-mail carries the same private link, and once delivered it is recorded on the case.
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> TestMail.receivedBy(email).size() == 1);
        MimeMessage acknowledgement = TestMail.receivedBy(email).getFirst();
        Matcher mailed = TOKEN_LINK.matcher(TestMail.text(acknowledgement));
        assertThat(mailed.find()).isTrue();
        assertThat(mailed.group(1)).isEqualTo(token.group(1));
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> staff.get("/api/cases/" + reference)
                        .json()
                        .get("status")
                        .asString()
                        .equals("ACKNOWLEDGED"));

        page.getByRole(
                        com.microsoft.playwright.options.AriaRole.LINK,
                        new Page.GetByRoleOptions().setName("See your complaint now"))
                .click();

        assertThat(page).hasURL(link);
        assertThat(page.locator("h1")).hasText("Your complaint");
        assertThat(page.locator(".subtitle")).hasText("Reference " + reference);
        assertThat(page.locator(".status-state")).hasText("Status: Being looked into");
        assertThat(page.locator("dl.facts").first()).containsText(department.name());
        assertThat(page.locator("dl.facts").nth(1)).containsText("Sent on Monday 30 November 2026");
        assertThat(page.locator("dl.facts").nth(1))
                .containsText("Expected by " + CustomerWording.when(respondBy.toInstant(), respondBy.getOffset()));
        assertThat(page.locator(".message h3"))
                .hasText(new String[] {"We have received your complaint (" + reference + ")"});
        assertThat(page.locator(".message .message-when")).hasText(new String[] {"Emailed on Monday 30 November 2026"});
        assertNoSeriousViolations(page, "the status page");
        assertFitsTheScreen(page);

        // They write to us from the page: sent empty first, then with their message.
        clock.advance(Duration.ofSeconds(5));
        press(page, "Send message");
        assertThat(page).hasTitle(Pattern.compile("^Error: Your complaint"));
        assertThat(page.locator(".error-summary")).isFocused();
        assertThat(page.locator(".error-summary a")).hasText(new String[] {"Write your message"});
        assertNoSeriousViolations(page, "the status page's form with errors");
        assertFitsTheScreen(page);
        page.getByLabel("Your message").fill("The hole is getting bigger.");
        clock.advance(Duration.ofSeconds(5));
        press(page, "Send message");
        assertThat(page).hasURL(link);
        assertThat(page.locator(".message-sent")).containsText("Your message was sent");
        assertThat(page.locator(".message .message-from")).hasText(new String[] {"From us", "From you"});
        assertNoSeriousViolations(page, "the status page after a message");
        assertFitsTheScreen(page);
    }

    @Test
    void theNotFoundPageOfAWrongLinkIsAccessibleToo() {
        Page page = page();
        page.navigate(url("/public/status/" + "A".repeat(32)));
        assertThat(page.locator("h1")).hasText("Page not found");
        assertNoSeriousViolations(page, "the not-found page");
        assertFitsTheScreen(page);
    }

    @Test
    void theAccessibilityCheckFindsAProblemWhenThereIsOne() {
        Page page = page();
        page.navigate(url("/public/feedback"));
        // A field without a label, added over the DevTools protocol (the page's own policy allows no inline script).
        page.evaluate("() => { const i = document.createElement('input'); i.type = 'text'; i.id = 'unlabelled';"
                + " document.querySelector('main').appendChild(i); }");

        List<AxeViolation> violations = axe(page);

        assertThat(violations).extracting(AxeViolation::id).contains("label");
        assertThat(violations.stream()
                        .filter(v -> v.id().equals("label"))
                        .findFirst()
                        .orElseThrow()
                        .nodes())
                .extracting(AxeNode::target)
                .containsExactly("#unlabelled");
    }

    @Test
    void staffSignInThroughTheSignInForm() {
        Dept dept = department();
        signIn(dept.lead, PASSWORD);
        assertThat(page().locator(".whoami")).hasText("Staff " + dept.lead);
    }

    /** Presses the button of that name. */
    private static void press(Page page, String button) {
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName(button))
                .click();
    }

    private void assertNoSeriousViolations(Page page, String what) {
        List<AxeViolation> violations = axe(page);
        assertThat(violations)
                .as("serious or critical accessibility problems on " + what)
                .isEmpty();
    }

    /** Nothing needs scrolling sideways (WCAG 1.4.10 reflow at 320 CSS pixels). */
    private static void assertFitsTheScreen(Page page) {
        Object widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]");
        List<?> w = (List<?>) widths;
        assertThat(((Number) w.get(0)).intValue())
                .as("page width on " + page.url())
                .isLessThanOrEqualTo(((Number) w.get(1)).intValue());
    }

    private ApiClient executive() {
        return as(staffWithoutDepartment(Role.EXECUTIVE));
    }
}
