package org.hearken.identity;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.time.Duration;
import org.hearken.support.BrowserTest;
import org.junit.jupiter.api.Test;

/**
 * In Chromium: a member of staff who signs in with a password changes it on their account page, sets up an
 * authenticator app, and signs in again with the new password and a code. Each page is checked by axe-core against
 * WCAG 2.2 A and AA.
 */
class AccountsBrowserIT extends BrowserTest {

    private static final String NEW_PASSWORD = "harbour lantern teapot";

    @Test
    void aLocalUserChangesTheirPasswordAndSignsInWithACode() {
        String person = staffWithoutDepartment(Role.EXECUTIVE);
        Page page = page();
        signIn(person, PASSWORD);

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Staff " + person))
                .click();
        page.waitForURL(u -> u.endsWith("/account"));
        assertThat(axe(page)).as("accessibility of the account page").isEmpty();
        page.getByLabel("Current password").fill(PASSWORD);
        page.getByLabel("New password", new Page.GetByLabelOptions().setExact(true))
                .fill(NEW_PASSWORD);
        page.getByLabel("New password again").fill(NEW_PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Change password"))
                .click();
        assertThat(page.locator(".flash.ok")).containsText("Your password is changed");
        screenshot(page, "account");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Set up an authenticator app"))
                .click();
        assertThat(page.locator("#otpauth")).containsText("otpauth://totp/");
        assertThat((Number) page.locator("#qr-code").evaluate("img => img.naturalWidth"))
                .as("the QR code is shown")
                .matches(w -> w.intValue() > 0);
        assertThat(axe(page)).as("accessibility of the set-up page").isEmpty();
        screenshot(page, "account-two-factor-set-up");
        String secret = page.locator("#secret").textContent().replace(" ", "");
        page.getByLabel("Code from the app").fill(code(secret));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirm"))
                .click();
        assertThat(page.locator("#recovery-codes li")).hasCount(10);
        assertThat(axe(page)).as("accessibility of the recovery codes").isEmpty();
        screenshot(page, "account-recovery-codes");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("I have kept them: continue"))
                .click();
        assertThat(page.locator("#second-factor")).containsText("Set up on");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out"))
                .click();
        page.waitForURL(u -> u.contains("/login?signedOut"));

        clock.advance(Duration.ofSeconds(30));
        page.locator("#username").fill(person);
        page.locator("#password").fill(NEW_PASSWORD);
        page.locator("form.stacked button[type=submit]").click();
        page.waitForURL(u -> u.endsWith("/login/code"));
        assertThat(page.locator("h1")).hasText("Enter your code");
        assertThat(axe(page)).as("accessibility of the code page").isEmpty();
        screenshot(page, "sign-in-code");
        page.getByLabel("Code", new Page.GetByLabelOptions().setExact(true)).fill(code(secret));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))
                .click();
        page.waitForURL(u -> !u.contains("/login"));
        assertThat(page.locator(".whoami")).hasText("Staff " + person);
    }

    private String code(String secret) {
        return Totp.code(Totp.key(secret), Totp.step(clock.instant().getEpochSecond()));
    }
}
