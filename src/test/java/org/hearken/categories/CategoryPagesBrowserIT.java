package org.hearken.categories;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import java.util.ArrayList;
import java.util.List;
import org.hearken.identity.Role;
import org.hearken.support.BrowserTest;
import org.junit.jupiter.api.Test;

/**
 * The categories page in Chromium: a refused form shows its message next to the field and stays accessible, the edit
 * form of a row opens again on its own error, and retiring asks first.
 */
class CategoryPagesBrowserIT extends BrowserTest {

    @Test
    void anAdministratorCorrectsARefusedFormAndRetiresTheCategoryAfterConfirming() {
        String admin = staffWithoutDepartment(Role.ADMIN);
        String code = "NOISE_" + unique();
        String name = "Noise " + code;
        Page page = page();
        List<String> questions = new ArrayList<>();
        page.onDialog(d -> {
            questions.add(d.message());
            d.accept();
        });
        signIn(admin, PASSWORD);
        page.navigate(url("/admin/categories"));

        page.locator("#code").fill(code);
        Response refused = page.waitForResponse(
                r -> r.url().endsWith("/admin/categories")
                        && "POST".equals(r.request().method()),
                () -> page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add category"))
                        .click());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(page.locator("#name-error")).hasText("Enter the category's name.");
        assertThat(page.locator("#name")).hasAttribute("aria-invalid", "true");
        assertThat(page.locator("#code")).hasValue(code);
        assertThat(axe(page)).as("accessibility of a refused form").isEmpty();

        page.locator("#name").fill(name);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add category"))
                .click();
        assertThat(page.locator(".flash.ok")).containsText("Added the category " + name);

        Locator row = page.locator("#category-" + code);
        row.locator("summary").click();
        row.locator("#name-" + code).fill("");
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save"))
                .click();
        row = page.locator("#category-" + code);
        assertThat(row.locator("#name-" + code + "-error")).isVisible();
        assertThat(row.locator("#name-" + code + "-error")).hasText("Enter the category's name.");
        assertThat(axe(page)).as("accessibility of a refused edit").isEmpty();

        row.locator("#name-" + code).fill("Noise and nuisance " + code);
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save"))
                .click();
        assertThat(page.locator(".flash.ok")).containsText("Saved the category Noise and nuisance " + code);

        page.locator("#category-" + code)
                .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Retire Noise and nuisance " + code))
                .click();
        assertThat(page.locator(".flash.ok")).containsText("is retired");
        assertThat(page.locator("#category-" + code)).containsText("Retired");
        assertThat(questions).singleElement().asString().startsWith("Retire Noise and nuisance " + code + "?");
    }
}
