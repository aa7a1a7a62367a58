package org.hearken.casework;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.hearken.cases.CustomerWording;
import org.hearken.identity.Role;
import org.hearken.identity.StaffDirectory;
import org.hearken.intake.WebFormDepartment;
import org.hearken.policy.PolicyTestSupport;
import org.hearken.support.ApiClient;
import org.hearken.support.BrowserTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The staff journeys of the issue, in Chromium: a new user takes a phone complaint, sees the date to promise before
 * saving, refers it, and the receiving member of staff finds it in their queue with the whole history; an agent of
 * another department cannot reach it by URL, API or search; and a stored script sent through the public form does not
 * run on the staff case page.
 */
class StaffJourneyBrowserIT extends BrowserTest {

    @Autowired
    StaffDirectory directory;

    @Test
    void aPhoneComplaintIsTakenWithItsPromiseDateReferredAndFoundByTheReceiverWithItsHistory() throws Exception {
        PolicyTestSupport.ensureActive(as(staffWithoutDepartment(Role.ADMIN)), "metart");
        // Tuesday 1 December 2026, 10:00 in Sydney: a business day.
        clock.set(Instant.parse("2026-11-30T23:00:00Z"));
        Dept front = department();
        Dept receiving = department();
        Dept elsewhere = department();
        String newUser = front.staff(Role.AGENT);
        String outsider = elsewhere.staff(Role.AGENT);
        String leadName = directory.staffByUsername(front.lead).orElseThrow().fullName();
        String receiverName = directory.staffByUsername(receiving.lead).orElseThrow().fullName();
        String subject = "Missed bin collection " + unique();

        Page page = page();
        signIn(newUser, PASSWORD);
        page.navigate(url("/cases/new"));
        page.locator("#new-kind").selectOption("COMPLAINT");
        page.locator("#new-channel").selectOption("PHONE");
        page.locator("#new-subject").fill(subject);
        page.locator("#new-description").fill("The green bin on Elm Street has been missed two weeks running.");
        page.locator("[id='new-customer.name']").fill("Ada Caller");
        page.locator("[id='new-customer.phone']").fill("+61 2 5550 1234");
        page.locator("#new-department").selectOption(front.code);

        // Before saving: who will own it and the date to promise the caller.
        assertThat(page.locator(".preview-owner")).hasText(leadName);
        assertThat(page.locator(".preview-respond")).not().isEmpty();
        String promised = page.locator(".preview-respond").textContent().strip();
        screenshot(page, "new-case");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save the case")).click();
        page.waitForURL(Pattern.compile(".*/cases/HK-\\d{4}-\\d{6}$"));
        String reference = page.url().substring(page.url().lastIndexOf('/') + 1);

        ApiClient executive = as(staffWithoutDepartment(Role.EXECUTIVE));
        JsonNode saved = executive.get("/api/cases/" + reference).json();
        Instant respondBy = OffsetDateTime.parse(saved.get("respondBy").asString()).toInstant();
        assertThat(promised).as("the promise shown before saving is the case's due date")
                .isEqualTo(CustomerWording.when(respondBy, ZoneId.of("Australia/Sydney")));
        assertThat(saved.get("owner").get("id").asString()).isEqualTo(front.lead);

        // Refer it, with a handover note.
        page.locator("#action-refer summary").click();
        page.locator("#refer-department").selectOption(receiving.code);
        page.locator("#refer-note").fill("Depot schedule issue: please call the customer back.");
        page.locator("#action-refer button[type=submit]").click();
        assertThat(page.locator(".flash")).containsText("Refer");

        // The receiver finds it in their queue, opens it, and has the whole history.
        BrowserContext receiverContext = newContext();
        Page receiver = receiverContext.newPage();
        signIn(receiver, receiving.lead);
        receiver.navigate(url("/cases/queue"));
        assertThat(receiver.locator("a", new Page.LocatorOptions().setHasText(reference))).isVisible();
        screenshot(receiver, "queue");
        receiver.locator("a", new Page.LocatorOptions().setHasText(reference)).first().click();
        receiver.waitForURL(u -> u.endsWith("/cases/" + reference));
        assertThat(receiver.locator("body")).containsText("The green bin on Elm Street has been missed two weeks running.");
        assertThat(receiver.locator("body")).containsText("Depot schedule issue: please call the customer back.");
        assertThat(receiver.locator("body")).containsText(receiverName);
        assertThat(receiver.locator(".timeline li")).not().hasCount(0);
        assertThat(receiver.locator("#action-accept-referral")).isVisible();
        screenshot(receiver, "case");
        receiverContext.close();

        // An agent of another department: 404 by URL and API, nothing in search.
        BrowserContext outsiderContext = newContext();
        Page other = outsiderContext.newPage();
        signIn(other, outsider);
        var response = other.navigate(url("/cases/" + reference));
        assertThat(response.status()).isIn(403, 404);
        assertThat(other.locator("body")).not().containsText(subject);
        assertThat(as(outsider).get("/api/cases/" + reference).status()).isIn(403, 404);
        other.navigate(url("/cases/search?q=" + reference));
        assertThat(other.url()).doesNotEndWith("/cases/" + reference);
        assertThat(other.locator("main")).containsText("Nothing found");
        assertThat(other.locator("a[href$='/cases/" + reference + "']")).hasCount(0);
        other.navigate(url("/cases/search?q=" + subject.replace(' ', '+')));
        assertThat(other.locator("main")).containsText("Nothing found");
        assertThat(other.locator("a[href$='/cases/" + reference + "']")).hasCount(0);
        // The same search by someone who may see the case does find it, so the search itself is not what hides it.
        signIn(other, front.lead);
        other.navigate(url("/cases/search?q=" + subject.replace(' ', '+')));
        assertThat(other.locator("a[href$='/cases/" + reference + "']").first()).isVisible();
        outsiderContext.close();
    }

    @Test
    void aScriptSentThroughThePublicFormDoesNotRunOnTheStaffCasePage() {
        clock.set(Instant.parse("2026-11-30T23:00:00Z"));
        String marker = unique();
        String payload = "<img src=x onerror=\"window.__xss='" + marker + "'\"><script>window.__xss='" + marker + "'</script>";

        WebFormDepartment.ensure(accounts, directory, PASSWORD);
        BrowserContext publicContext = browser().newContext(new Browser.NewContextOptions()
                .setExtraHTTPHeaders(Map.of("X-Forwarded-For", "198.51.100." + (1 + (int) (Math.random() * 250)), "Accept-Language", "en-AU")));
        Page customer = publicContext.newPage();
        List<String> dialogs = new ArrayList<>();
        customer.navigate(url("/public/feedback"));
        customer.getByLabel("Complaint").check();
        customer.getByLabel("Subject (optional)").fill("XSS " + marker + " <script>window.__xss=1</script>");
        customer.getByLabel("Your feedback").fill(payload);
        customer.getByLabel("Full name").fill("<svg onload=\"window.__xss='" + marker + "'\">");
        customer.getByLabel("Phone number (optional)").fill("0400 000 000");
        customer.getByLabel("By phone").check();
        clock.advance(Duration.ofSeconds(30));
        customer.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send feedback")).click();
        String reference = customer.locator(".reference").textContent().strip();
        publicContext.close();

        String frontDesk = WebFormDepartment.ensure(accounts, directory, PASSWORD).code();
        String lead = "u" + unique().toLowerCase();
        accounts.createStaff(new org.hearken.identity.StaffAccounts.NewStaff(lead, "Front desk " + lead, null, PASSWORD,
                java.util.Set.of(Role.AGENT), java.util.Set.of(frontDesk)));
        Page staff = page();
        staff.onDialog(d -> {
            dialogs.add(d.message());
            d.dismiss();
        });
        signIn(lead, PASSWORD);
        staff.navigate(url("/cases/" + reference));
        assertThat(staff.locator("body")).containsText(payload);
        assertThat(staff.evaluate("() => window.__xss === undefined")).isEqualTo(true);
        staff.navigate(url("/cases/queue"));
        staff.navigate(url("/cases/search?q=" + marker));
        assertThat(staff.evaluate("() => window.__xss === undefined")).isEqualTo(true);
        assertThat(dialogs).isEmpty();
    }

    private void signIn(Page page, String username) {
        page.navigate(url("/login"));
        page.locator("#username").fill(username);
        page.locator("#password").fill(PASSWORD);
        page.locator("form.stacked button[type=submit]").click();
        page.waitForURL(u -> !u.contains("/login"));
    }
}
