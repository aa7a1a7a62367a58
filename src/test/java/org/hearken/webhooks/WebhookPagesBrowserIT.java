package org.hearken.webhooks;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hearken.support.CaseBuilder.aComplaint;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.hearken.identity.Role;
import org.hearken.support.BrowserTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The webhook pages in Chromium: adding a subscription shows its secret, the log shows a retry, each page accessible. */
class WebhookPagesBrowserIT extends BrowserTest {

    @Autowired
    Webhooks webhooks;

    @Test
    void anAdministratorAddsASubscriptionAndReadsItsDeliveryLog() throws Exception {
        String admin = staffWithoutDepartment(Role.ADMIN);
        Dept dept = department();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Page page = page();
            signIn(admin, PASSWORD);
            page.navigate(url("/admin/webhooks"));
            String name = "CRM " + unique();
            page.locator("#name").fill(name);
            page.locator("#url").fill(receiver.url());
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add subscription"))
                    .click();
            assertThat(page.locator("#secret-value")).containsText("whsec_");
            assertThat(axe(page)).as("accessibility of the new subscription").isEmpty();
            String path = page.locator("form[action$='/pause']")
                    .getAttribute("action")
                    .replace("/pause", "");

            String ref = aComplaint().inDepartment(dept).open();
            receiver.failWhen(body -> body.contains(ref));
            webhooks.runDueNow();
            page.navigate(url(path));
            assertThat(page.locator("#deliveries")).containsText(ref);
            assertThat(page.locator("#secret-value")).hasCount(0);
            assertThat(axe(page)).as("accessibility of the subscription page").isEmpty();
            screenshot(page, "webhook-subscription");

            page.locator("#deliveries a").first().click();
            assertThat(page.locator("#attempts")).containsText("503");
            assertThat(axe(page)).as("accessibility of a delivery").isEmpty();
            screenshot(page, "webhook-delivery");

            page.navigate(url("/admin/webhooks"));
            assertThat(axe(page)).as("accessibility of the list").isEmpty();
            screenshot(page, "webhooks");
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name))
                    .click();
            page.onDialog(d -> d.accept());
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete"))
                    .click();
            assertThat(page.locator(".flash.ok")).containsText("Deleted");
        }
    }
}
