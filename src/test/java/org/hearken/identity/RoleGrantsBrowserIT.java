package org.hearken.identity;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.hearken.support.BrowserTest;
import org.junit.jupiter.api.Test;

/**
 * The executive role asked for and approved in Chromium, by two administrators at two computers: the new-staff form,
 * the list of roles waiting for a second administrator and the account's page, each checked by axe-core against
 * WCAG 2.2 A and AA.
 */
class RoleGrantsBrowserIT extends BrowserTest {

    @Test
    void oneAdministratorAsksForTheExecutiveRoleAndAnotherApprovesIt() {
        String first = staffWithoutDepartment(Role.ADMIN);
        String second = staffWithoutDepartment(Role.ADMIN);
        String username = "b" + unique().toLowerCase();
        Page page = page();
        signIn(first, PASSWORD);

        page.navigate(url("/admin/staff/new"));
        assertThat(page.locator("fieldset").first())
                .containsText("Executive and Admin take effect only when a second administrator approves");
        assertThat(axe(page)).as("accessibility of the new-staff form").isEmpty();
        page.getByLabel("Username").fill(username);
        page.getByLabel("Full name").fill("Bea Browser");
        page.getByLabel("First password").fill("a long enough secret");
        page.getByLabel("Agent").uncheck();
        page.getByLabel("Executive").check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create"))
                .click();

        assertThat(page.locator(".flash.ok")).containsText("The Executive role waits for a second administrator");
        long id = jdbc.sql(
                        "select g.id from identity_role_grant g join identity_staff s on s.id = g.staff_id where s.username = ?")
                .param(username)
                .query(Long.class)
                .single();
        Locator row = page.locator("#grant-" + id);
        assertThat(row).containsText("Bea Browser");
        assertThat(row).containsText("You asked for this role yourself");
        assertThat(row.getByRole(
                        AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Approve Executive for Bea Browser")))
                .hasCount(0);
        assertThat(page.locator("#staff-" + username)).containsText("Executive waiting for approval");
        assertThat(axe(page))
                .as("accessibility of the staff list with a role waiting")
                .isEmpty();
        screenshot(page, "staff-waiting-for-approval");

        page.navigate(url("/admin/staff/" + username));
        assertThat(page.locator("#waiting")).containsText("Executive");
        assertThat(page.getByRole(
                        AriaRole.CHECKBOX,
                        new Page.GetByRoleOptions().setName("Executive (waiting for a second administrator")))
                .isChecked();
        assertThat(axe(page))
                .as("accessibility of the account's page with a role waiting")
                .isEmpty();

        Page other = newContext().newPage();
        signIn(other, second, PASSWORD);
        other.navigate(url("/admin/staff"));
        other.locator("#grant-" + id)
                .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Approve Executive for Bea Browser"))
                .click();

        assertThat(other.locator(".flash.ok")).containsText("Approved: Bea Browser now has the Executive role");
        assertThat(other.locator("#grant-" + id)).hasCount(0);
        assertThat(other.locator("#staff-" + username)).containsText("Executive");
        assertThat(axe(other))
                .as("accessibility of the staff list after approving")
                .isEmpty();
    }
}
