package org.hearken.demo;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import java.util.ArrayList;
import java.util.List;
import org.hearken.support.BrowserTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The main pages on the demo council, as each kind of user sees them, on a laptop screen: each answers 200, runs no
 * script the Content Security Policy refuses, logs no error in the browser, and has no serious or critical
 * accessibility violation. The pictures it takes are the README's (refresh them with -Dhearken.screenshots=docs/screenshots).
 */
@TestPropertySource(properties = {"hearken.demo=true", "hearken.test.database=demo"})
class MainPagesBrowserIT extends BrowserTest {

    @Override
    protected Browser.NewContextOptions contextOptions() {
        return new Browser.NewContextOptions().setViewportSize(1360, 900).setLocale("en-AU");
    }

    record Shot(String user, String path, String name) {}

    @Test
    void theMainPagesRenderCleanlyForEachRole() {
        String caseReference = jdbc.sql("""
                        select reference from cases where status <> 'CLOSED' and not confidential and kind = 'COMPLAINT'
                          and department_id = (select id from identity_department where code = 'CS')
                        order by id limit 1""").query(String.class).single();
        long client = jdbc.sql("select id from client_organisation where name = 'Harbourside Property Group'")
                .query(Long.class)
                .single();
        List<Shot> shots = List.of(
                new Shot(null, "/login", "sign-in"),
                new Shot("olivia", "/cases/mine", "my-cases"),
                new Shot("olivia", "/cases/queue", "department-queue"),
                new Shot("olivia", "/cases/" + caseReference, "case-page"),
                new Shot("olivia", "/cases/new", "new-case"),
                new Shot("olivia", "/letters", "print-queue"),
                new Shot("olivia", "/clients", "clients"),
                new Shot("olivia", "/clients/" + client, "client-page"),
                new Shot("marcus", "/watch", "at-risk"),
                new Shot("marcus", "/watch/exceptions", "exceptions"),
                new Shot("elena", "/cases", "all-cases"),
                new Shot("elena", "/reports", "reports"),
                new Shot("admin", "/admin/templates", "templates"),
                new Shot("admin", "/admin/policy", "policy"),
                new Shot("admin", "/admin/categories", "categories"),
                new Shot("admin", "/audit", "audit-log"),
                new Shot(null, "/public/feedback", "public-feedback"));
        String signedIn = null;
        List<String> problems = new ArrayList<>();
        Page page = page();
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type())) {
                problems.add(page.url() + ": " + m.text());
            }
        });
        page.onResponse(r -> {
            if (r.status() >= 400) {
                problems.add(page.url() + ": " + r.status() + " for " + r.url());
            }
        });
        for (Shot shot : shots) {
            if (shot.user() != null && !shot.user().equals(signedIn)) {
                context().clearCookies();
                signIn(shot.user(), org.hearken.demo.DemoData.PASSWORD);
                signedIn = shot.user();
            } else if (shot.user() == null && signedIn != null) {
                context().clearCookies();
                signedIn = null;
            }
            Response response = page.navigate(url(shot.path()));
            assertThat(response.status()).as(shot.path()).isEqualTo(200);
            page.waitForLoadState(com.microsoft.playwright.options.LoadState.NETWORKIDLE);
            assertThat(page.locator("h1").first()).isVisible();
            assertThat(axe(page)).as("accessibility of " + shot.path()).isEmpty();
            screenshot(page, shot.name());
        }
        assertThat(problems)
                .as("browser errors (a refused script or style shows here)")
                .isEmpty();
    }
}
