package org.hearken.imports;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;
import java.nio.charset.StandardCharsets;
import org.hearken.identity.Role;
import org.hearken.support.BrowserTest;
import org.junit.jupiter.api.Test;

/** The import in Chromium: upload, the guessed mapping, a dry run with a bad row, the import and its progress. */
class CaseImportBrowserIT extends BrowserTest {

    @Test
    void anAdministratorUploadsChecksLeavesOutTheBadRowAndWatchesTheImportFinish() {
        var dept = department();
        String admin = staffWithoutDepartment(Role.ADMIN);
        StringBuilder csv =
                new StringBuilder("Case No;Type;Channel;Date received;Dept;Title;Details;Complainant;Phone;Status\r\n");
        for (int i = 0; i < 800; i++) {
            csv.append("B-")
                    .append(i)
                    .append(";complaint;phone;")
                    .append(i == 7 ? "31/02/2026" : "01/10/2026 09:00")
                    .append(';')
                    .append(dept.code)
                    .append(";Bins;Missed;Ada;0400 000 000;closed\r\n".replace("closed", "open"));
        }
        Page page = page();
        page.onDialog(d -> d.accept());
        signIn(admin, PASSWORD);
        page.navigate(url("/admin/import"));
        page.locator("#source").fill("browser-" + unique());
        page.locator("#file")
                .setInputFiles(new FilePayload(
                        "register.csv", "text/csv", csv.toString().getBytes(StandardCharsets.UTF_8)));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Upload and map the columns"))
                .click();

        assertThat(page.locator("#column-RECEIVED_AT option[selected]"))
                .hasText("Date received (e.g. 01/10/2026 09:00)");
        page.locator("#dateFormat").selectOption("DAY_MONTH_YEAR");
        screenshot(page, "import-mapping");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Check every row (dry run)"))
                .click();

        assertThat(page.locator("#dry-to-import")).hasText("799");
        assertThat(page.locator("#dry-problem-rows")).hasText("1");
        assertThat(page.locator("#dry-run-problems tbody tr"))
                .hasText("9 Date received \"31/02/2026\" is not a date (read as day/month/year (31/03/2024 14:05))");
        assertThat(axe(page)).as("accessibility of the dry run").isEmpty();
        screenshot(page, "import-dry-run");

        page.getByRole(AriaRole.CHECKBOX).check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Import"))
                .click();
        assertThat(page.locator(".flash.ok")).containsText("The import has started");
        assertThat(page.locator("#import-status"))
                .hasText("Finished", new LocatorAssertions.HasTextOptions().setTimeout(60_000));
        assertThat(page.locator("#rows-imported")).hasText("799");
        assertThat(page.locator("#rows-refused")).hasText("1");
        assertThat(page.locator("#import-problems")).containsText("is not a date");
        assertThat(axe(page)).as("accessibility of the progress page").isEmpty();
        screenshot(page, "import-progress");
        assertThat(page.locator("#import-progress").getAttribute("hx-trigger")).isNull();
    }
}
