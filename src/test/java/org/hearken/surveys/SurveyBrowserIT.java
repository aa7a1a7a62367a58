package org.hearken.surveys;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.hearken.support.ApiClient;
import org.hearken.support.BrowserTest;
import org.hearken.support.TestMail;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A customer answers the survey on a phone in Chromium; axe-core checks each page against WCAG 2.2 A and AA. */
class SurveyBrowserIT extends BrowserTest {

    private static final Pattern LINK = Pattern.compile("/public/survey/([A-Za-z0-9_-]{43})");

    @Autowired
    SurveySweep sweep;

    @Override
    protected Browser.NewContextOptions contextOptions() {
        return new Browser.NewContextOptions()
                .setViewportSize(320, 640)
                .setDeviceScaleFactor(2)
                .setIsMobile(true)
                .setHasTouch(true)
                .setLocale("en-AU");
    }

    private String surveyToken() throws Exception {
        Dept dept = department();
        ApiClient lead = dept.as(dept.lead);
        String email = "b" + unique().toLowerCase() + "@example.net";
        clock.set(Instant.parse("2026-12-01T00:00:00Z"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", "SERVICE_REQUEST");
        body.put("channel", "API");
        body.put("subject", "Replace damaged bin");
        body.put("description", "The lid snapped off.");
        body.put("customer", Map.of("name", "Bea Browser", "email", email));
        body.put("department", dept.code);
        String ref = lead.post("/api/cases", body).json().get("reference").asString();
        assertThat(lead.post(
                                "/api/cases/" + ref + "/respond",
                                Map.of(
                                        "channel",
                                        "EMAIL",
                                        "resolution",
                                        "A new bin is on its way.",
                                        "outcome",
                                        "RESOLVED"))
                        .status())
                .isEqualTo(200);
        assertThat(lead.post("/api/cases/" + ref + "/close", Map.of()).status()).isEqualTo(200);
        clock.advance(Duration.ofDays(2));
        sweep.sweep();
        // The response by e-mail reaches the customer too; the invitation is the one asking how we did.
        MimeMessage mail = Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> TestMail.receivedBy(email).stream()
                                .filter(m -> {
                                    try {
                                        return m.getSubject().startsWith("How did we do?");
                                    } catch (Exception e) {
                                        return false;
                                    }
                                })
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
        Matcher m = LINK.matcher(TestMail.text(mail));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void aCustomerAnswersOnAPhoneWithTheKeyboardOrTouchAndCannotAnswerTwice() throws Exception {
        String token = surveyToken();
        Page page = page();
        page.navigate(url("/public/survey/" + token));
        assertThat(page).hasTitle(Pattern.compile("^How did we do\\? – "));
        assertNoSeriousViolations(page, "the survey");
        assertFitsTheScreen(page);

        // Sent without a rating: the summary takes the focus and the error stands beside the question.
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send my answer"))
                .click();
        assertThat(page).hasTitle(Pattern.compile("^Error: How did we do\\?"));
        assertThat(page.locator(".error-summary")).isFocused();
        assertThat(page.locator("#rating-error")).hasText("Choose how satisfied you are, from 1 to 5.");
        assertNoSeriousViolations(page, "the survey with an error");
        assertFitsTheScreen(page);

        // Each choice is a labelled radio button; the label is the touch target.
        page.getByLabel("4 Satisfied", new Page.GetByLabelOptions().setExact(true))
                .check();
        page.getByLabel("Anything you would like to tell us? (optional)").fill("Quick and kind.");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send my answer"))
                .click();
        assertThat(page.locator("h1")).hasText("Thank you");
        assertThat(page.locator(".flash.ok")).containsText("Satisfied");
        assertNoSeriousViolations(page, "the thank-you page");

        page.navigate(url("/public/survey/" + token));
        assertThat(page.locator("h1")).hasText("You have already answered this survey");
        assertThat(page.locator("input[name=rating]")).hasCount(0);
        assertNoSeriousViolations(page, "the already-answered page");

        page.navigate(url("/public/survey/" + SurveyTokens.newToken()));
        assertThat(page.locator("h1")).hasText("We could not find this survey");
        assertNoSeriousViolations(page, "the not-found page");
    }

    @Test
    void aSurveyWhoseLinkHasExpiredSaysSoPlainly() throws Exception {
        String token = surveyToken();
        clock.advance(Duration.ofDays(31));
        Page page = page();
        page.navigate(url("/public/survey/" + token));
        assertThat(page.locator("h1")).hasText("This survey has closed");
        assertThat(page.locator("input[name=rating]")).hasCount(0);
        assertNoSeriousViolations(page, "the closed-survey page");
        assertFitsTheScreen(page);
    }

    private void assertNoSeriousViolations(Page page, String what) {
        List<AxeViolation> violations = axe(page);
        assertThat(violations)
                .as("serious or critical accessibility problems on " + what)
                .isEmpty();
    }

    private static void assertFitsTheScreen(Page page) {
        List<?> w = (List<?>) page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]");
        assertThat(((Number) w.get(0)).intValue())
                .as("page width on " + page.url())
                .isLessThanOrEqualTo(((Number) w.get(1)).intValue());
    }
}
