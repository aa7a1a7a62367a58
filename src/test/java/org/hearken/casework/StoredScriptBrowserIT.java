package org.hearken.casework;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hearken.identity.Role;
import org.hearken.identity.StaffAccounts;
import org.hearken.identity.StaffDirectory;
import org.hearken.intake.WebFormDepartment;
import org.hearken.support.BrowserTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A script a member of the public types into the feedback form is stored as they typed it and shown as text on the
 * staff pages: it never runs, in the case page, the queue or the search results.
 */
class StoredScriptBrowserIT extends BrowserTest {

    @Autowired
    StaffDirectory directory;

    @Test
    void aScriptSentThroughThePublicFormDoesNotRunOnTheStaffCasePage() {
        clock.set(Instant.parse("2026-11-30T23:00:00Z"));
        String marker = unique();
        String payload =
                "<img src=x onerror=\"window.__xss='" + marker + "'\"><script>window.__xss='" + marker + "'</script>";

        WebFormDepartment.ensure(accounts, directory, PASSWORD);
        BrowserContext publicContext = browser()
                .newContext(new Browser.NewContextOptions()
                        .setExtraHTTPHeaders(Map.of(
                                "X-Forwarded-For",
                                "198.51.100." + (1 + (int) (Math.random() * 250)),
                                "Accept-Language",
                                "en-AU")));
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
        customer.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send feedback"))
                .click();
        String reference = customer.locator(".reference").textContent().strip();
        publicContext.close();

        String frontDesk =
                WebFormDepartment.ensure(accounts, directory, PASSWORD).code();
        String lead = "u" + unique().toLowerCase();
        accounts.createStaff(new StaffAccounts.NewStaff(
                lead, "Front desk " + lead, null, PASSWORD, Set.of(Role.AGENT), Set.of(frontDesk)));
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
        assertThat(staff.locator("a[href$='/cases/" + reference + "']").first()).isVisible();
        assertThat(staff.evaluate("() => window.__xss === undefined")).isEqualTo(true);
        assertThat(dialogs).isEmpty();
    }
}
