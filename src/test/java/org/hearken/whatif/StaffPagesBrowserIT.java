package org.hearken.whatif;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hearken.identity.Role;
import org.hearken.support.ApiClient;
import org.hearken.support.BrowserTest;
import org.junit.jupiter.api.Test;

/** The training and what-if pages in Chromium, used with their own forms; axe-core checks each against WCAG 2.2 A and AA. */
class StaffPagesBrowserIT extends BrowserTest {

    @Test
    void aManagerRecordsTrainingReadsTheReportAndReplaysUnderAnExamplePolicy() {
        Dept dept = department();
        String agent = dept.staff(Role.AGENT);
        ApiClient lead = dept.as(dept.lead);
        clock.set(Instant.parse("2026-12-01T00:00:00Z"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", "COMPLAINT");
        body.put("channel", "API");
        body.put("subject", "Noise");
        body.put("description", "Loud works at night.");
        body.put("customer", Map.of("name", "Nia Noise", "phone", "02 5550 1111"));
        body.put("department", dept.code);
        body.put("owner", agent);
        assertThat(lead.post("/api/cases", body).status()).isEqualTo(201);

        signIn(dept.lead, PASSWORD);
        Page page = page();

        page.navigate(url("/reports/training"));
        assertThat(page.locator("h1")).hasText("Staff holding open cases without current training");
        assertThat(page.locator("table.list")).containsText("Staff " + agent);
        assertNoSeriousViolations(page, "the training report");

        page.navigate(url("/admin/training"));
        assertNoSeriousViolations(page, "the training records");
        page.getByLabel("Member of staff").selectOption(agent);
        page.getByLabel("Date trained").fill("2027-02-01");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Record training"))
                .click();
        assertThat(page.locator("#trainedOn-error")).containsText("The date is in the future");
        assertNoSeriousViolations(page, "the training form with an error");
        page.getByLabel("Date trained").fill("2026-11-30");
        page.getByLabel("Note (optional)").fill("Induction");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Record training"))
                .click();
        assertThat(page.locator(".flash.ok")).containsText("trained on 2026-11-30");
        page.navigate(url("/reports/training"));
        assertThat(page.locator(".flash.ok")).containsText("Everyone holding open cases is trained");

        page.navigate(url("/reports/whatif?example=safetrac"));
        assertThat(page.getByLabel("Policy document (YAML)")).containsText("SAFETRAC");
        assertNoSeriousViolations(page, "the what-if form");
        page.getByLabel("Received from").fill("2026-12-01");
        page.getByLabel("Received to (included)").fill("2026-12-01");
        page.getByLabel("Department").selectOption(dept.code);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Replay"))
                .click();
        assertThat(page.locator("h2").first()).hasText("Result");
        assertThat(page.locator("table.whatif-stages")).containsText("First response");
        assertNoSeriousViolations(page, "the what-if result");
    }

    private void assertNoSeriousViolations(Page page, String what) {
        List<AxeViolation> violations = axe(page);
        assertThat(violations)
                .as("serious or critical accessibility problems on " + what)
                .isEmpty();
    }
}
