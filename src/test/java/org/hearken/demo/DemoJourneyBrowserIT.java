package org.hearken.demo;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.regex.Pattern;
import org.hearken.cases.CustomerWording;
import org.hearken.policy.PolicyTestSupport;
import org.hearken.support.ApiClient;
import org.hearken.support.BrowserTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The front-line journey on the demo council, in Chromium, with the demo accounts: Olivia (Customer Service) takes a
 * phone complaint and sees who will own it and the date to promise before saving, refers it to Grace in Waste and
 * Recycling with a handover note; Grace finds it in her queue with the whole history; Priya (Planning) cannot reach it
 * by URL, API or search, while the same search finds it for Grace.
 */
@TestPropertySource(properties = {"hearken.demo=true", "hearken.test.database=journey"})
class DemoJourneyBrowserIT extends BrowserTest {

    private static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");

    @Test
    void aPhoneComplaintIsTakenWithItsPromiseDateReferredAndFoundByTheReceiverWithItsHistory() throws Exception {
        PolicyTestSupport.ensureActive(ApiClient.basic(port, "admin", DemoData.PASSWORD), "metart");
        // Tuesday 1 December 2026, 10:00 in Sydney: a business day.
        clock.set(Instant.parse("2026-11-30T23:00:00Z"));
        String subject = "Missed bin collection " + unique();
        String said = "The green bin on Elm Street has been missed two weeks running.";
        String note = "Depot schedule issue: please call the customer back today.";

        Page page = page();
        signIn("olivia", DemoData.PASSWORD);
        page.navigate(url("/cases/new"));
        page.locator("#new-kind").selectOption("COMPLAINT");
        page.locator("#new-channel").selectOption("PHONE");
        page.locator("#new-subject").fill(subject);
        page.locator("#new-description").fill(said);
        page.locator("[id='new-customer.name']").fill("Ada Caller");
        page.locator("[id='new-customer.phone']").fill("+61 2 5550 1234");
        page.locator("#new-department").selectOption("CS");

        // Before saving: who will own it and the date to promise the caller.
        assertThat(page.locator(".preview-owner")).hasText("Marcus Webb");
        assertThat(page.locator(".preview-respond")).hasText("5:00 pm on Thursday 10 December 2026");
        String promised = page.locator(".preview-respond").textContent().strip();

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save the case"))
                .click();
        page.waitForURL(Pattern.compile(".*/cases/HK-\\d{4}-\\d{6,}$"));
        String reference = page.url().substring(page.url().lastIndexOf('/') + 1);

        JsonNode saved = ApiClient.basic(port, "elena", DemoData.PASSWORD)
                .get("/api/cases/" + reference)
                .json();
        Instant respondBy =
                OffsetDateTime.parse(saved.get("respondBy").asString()).toInstant();
        assertThat(promised)
                .as("the promise shown before saving is the saved case's due date")
                .isEqualTo(CustomerWording.when(respondBy, SYDNEY));
        assertThat(saved.get("owner").get("id").asString()).isEqualTo("marcus");

        // Refer it to Grace in Waste and Recycling, with a handover note.
        page.locator("#action-refer summary").click();
        page.locator("#refer-department").selectOption("WASTE");
        page.locator("#refer-owner").selectOption(new SelectOption().setValue("grace"));
        page.locator("#refer-note").fill(note);
        page.locator("#action-refer button[type=submit]").click();
        assertThat(page.locator(".flash")).containsText("Referred to Grace Liu (Waste and Recycling");

        // Grace finds it in her queue, opens it, and has the whole history.
        BrowserContext graceContext = newContext();
        Page grace = graceContext.newPage();
        signIn(grace, "grace", DemoData.PASSWORD);
        grace.navigate(url("/cases/queue"));
        grace.locator("a", new Page.LocatorOptions().setHasText(reference))
                .first()
                .click();
        grace.waitForURL(u -> u.endsWith("/cases/" + reference));
        assertThat(grace.locator("main")).containsText(said);
        assertThat(grace.locator("main")).containsText(note);
        assertThat(grace.locator("main")).containsText("Ada Caller");
        assertThat(grace.locator(".timeline li").first()).isVisible();
        assertThat(grace.locator(".timeline")).containsText("Olivia Grant");
        assertThat(grace.locator("#action-accept-referral")).isVisible();

        // Priya, an agent of Planning: not found by URL or API, nothing in search; the same search finds it for Grace.
        BrowserContext priyaContext = newContext();
        Page priya = priyaContext.newPage();
        signIn(priya, "priya", DemoData.PASSWORD);
        var response = priya.navigate(url("/cases/" + reference));
        assertThat(response.status()).isIn(403, 404);
        assertThat(priya.locator("main")).not().containsText(said);
        assertThat(ApiClient.basic(port, "priya", DemoData.PASSWORD)
                        .get("/api/cases/" + reference)
                        .status())
                .isIn(403, 404);
        for (String q : new String[] {reference, subject, "Ada Caller"}) {
            priya.navigate(url("/cases/search?q=" + q.replace(' ', '+')));
            assertThat(priya.locator("main")).containsText("Nothing found");
            assertThat(priya.locator("a[href$='/cases/" + reference + "']")).hasCount(0);
        }
        grace.navigate(url("/cases/search?q=" + subject.replace(' ', '+')));
        assertThat(grace.locator("a[href$='/cases/" + reference + "']").first()).isVisible();

        // Grace takes it on, answers the customer and closes it; the timeline tells the whole story.
        grace.navigate(url("/cases/" + reference));
        grace.locator("#action-accept-referral summary").click();
        grace.locator("#action-accept-referral button[type=submit]").click();
        assertThat(grace.locator(".flash.ok")).isVisible();
        assertThat(grace.locator("dl.facts").first()).containsText("Grace Liu");
        grace.locator("#action-respond summary").click();
        grace.locator("#respond-analysis").fill("The depot's new round skipped Elm Street twice.");
        grace.locator("#respond-resolution").fill("Elm Street is back on the round; the bin was emptied today.");
        grace.locator("#respond-outcome").selectOption("UPHELD");
        grace.locator("#action-respond button.primary").click();
        assertThat(grace.locator(".flash.ok")).isVisible();
        grace.locator("#action-close summary").click();
        grace.locator("#action-close button[type=submit]").click();
        assertThat(grace.locator(".flash.ok")).isVisible();
        assertThat(grace.locator("dl.facts").first()).containsText("Closed");
        assertThat(grace.locator(".timeline")).containsText("Closed the case");
        assertThat(ApiClient.basic(port, "elena", DemoData.PASSWORD)
                        .get("/api/register/verify")
                        .json()
                        .get("intact")
                        .asBoolean())
                .isTrue();
    }
}
