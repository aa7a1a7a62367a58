package org.hearken.reporting;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hearken.support.CaseBuilder.aCase;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hearken.support.ApiClient;
import org.hearken.support.BrowserTest;
import org.junit.jupiter.api.Test;

/** The report page and the suggestions log in a real browser: charts drawn, no script refused, accessible. */
class ReportsBrowserIT extends BrowserTest {

    private String open(ApiClient by, String department, String kind, String channel) {
        return aCase(kind)
                .by(channel)
                .subject(kind + " about the library")
                .description("Details.")
                .from("Sam Customer")
                .phone("02 5550 1000")
                .prefersReplyBy("PHONE")
                .inDepartment(department)
                .openedBy(by);
    }

    @Test
    void reportPageDrawsItsChartsAndTheSuggestionsLogRecordsADecision() {
        Dept d = department();
        Dept other = department();
        ApiClient lead = d.as(d.lead);
        for (String kind : List.of("COMPLAINT", "QUESTION", "SERVICE_REQUEST")) {
            String ref = open(lead, d.code, kind, "PHONE");
            assertThat(lead.post("/api/cases/" + ref + "/acknowledge", Map.of("via", "VERBAL"))
                            .status())
                    .isEqualTo(200);
            assertThat(lead.post(
                                    "/api/cases/" + ref + "/respond",
                                    Map.of(
                                            "channel",
                                            "PHONE_CALL",
                                            "resolution",
                                            "Sorted.",
                                            "outcome",
                                            "RESOLVED",
                                            "category",
                                            "INFORMATION"))
                            .status())
                    .isEqualTo(200);
        }
        String suggestion = open(lead, d.code, "SUGGESTION", "IN_PERSON");

        Page page = page();
        List<String> problems = new ArrayList<>();
        page.onConsoleMessage(m -> {
            // A missing resource is reported by its address below; the browser's own favicon request does not count.
            if ((m.type().equals("error") && !m.text().startsWith("Failed to load resource"))
                    || m.text().contains("Content Security Policy")) {
                problems.add(m.text());
            }
        });
        page.onResponse(r -> {
            if (r.status() == 404 && !r.url().endsWith("/favicon.ico")) {
                problems.add("404 " + r.url());
            }
        });
        page.onPageError(problems::add);
        signIn(d.lead, PASSWORD);
        // Signing in lands on the start page, which is not this test's business.
        problems.clear();
        page.navigate(url("/reports?department=" + d.code));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Reports")))
                .isVisible();
        assertThat(page.locator(".report-tiles .stat").first()).containsText("4");
        page.waitForFunction("() => { const c = [...document.querySelectorAll('canvas[data-chart]')];"
                + " return c.length >= 5 && c.every(x => window.Chart && Chart.getChart(x)); }");
        assertThat(page.locator("#table-categories")).containsText("Information");
        assertThat(page.locator("#table-compliance a:has-text('CSV')"))
                .hasAttribute(
                        "href",
                        java.util.regex.Pattern.compile("/reports/compliance\\.csv\\?from=.*department=" + d.code));
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(Path.of("target/reports-page.png"))
                .setFullPage(true));
        assertThat(axe(page)).as("accessibility of the report page").isEmpty();
        assertThat(problems).as("console errors and refused scripts").isEmpty();

        // A filter mistake is shown next to the field; the report of another department is refused.
        page.navigate(url("/reports?from=2026-13-01"));
        assertThat(page.locator(".field.invalid .field-error")).containsText("is not a date");
        com.microsoft.playwright.Response refused = page.navigate(url("/reports?department=" + other.code));
        assertThat(refused.status()).isEqualTo(403);

        page.navigate(url("/reports/suggestions?department=" + d.code));
        assertThat(page.locator("table.list")).containsText(suggestion);
        page.locator("#st-" + suggestion).selectOption("ADOPTED");
        page.locator("#note-" + suggestion).fill("New signs in the reading room");
        page.locator("form.suggestion-decision button").click();
        assertThat(page.locator(".flash.ok")).containsText(suggestion + " is now adopted");
        assertThat(page.locator("table.list")).containsText("New signs in the reading room");
        assertThat(axe(page)).as("accessibility of the suggestions log").isEmpty();
        assertThat(lead.get("/api/cases/" + suggestion + "/events").body()).contains("ImprovementStatusChanged");
        assertThat(problems).as("console errors and refused scripts").isEmpty();
    }
}
