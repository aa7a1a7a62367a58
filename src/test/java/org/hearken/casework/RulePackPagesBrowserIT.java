package org.hearken.casework;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.time.Instant;
import java.util.Map;
import org.hearken.identity.Role;
import org.hearken.policy.PolicyTestSupport;
import org.hearken.support.ApiClient;
import org.hearken.support.BrowserTest;
import org.junit.jupiter.api.Test;

/**
 * A council's housing complaint under the Housing Ombudsman code, in Chromium: the case page names the pack, shows the
 * response counted from the acknowledgement, escalates to stage 2 without a reason, acknowledges the stage-2 request
 * and shows its response date; the template editor says which blocks the packs in force require. Every page passes
 * the accessibility checks.
 */
class RulePackPagesBrowserIT extends BrowserTest {

    @Test
    void aHousingComplaintGoesToStageTwoFromTheCasePage() throws Exception {
        ApiClient admin = as(staffWithoutDepartment(Role.ADMIN));
        Dept housing = department();
        PolicyTestSupport.councilInForce(admin, housing.code);
        try {
            String executive = staffWithoutDepartment(Role.EXECUTIVE);
            ApiClient officer = housing.as(housing.lead);
            // Monday 8 June 2026, 10:00 BST; acknowledged on Thursday 11 June.
            clock.set(Instant.parse("2026-06-08T09:00:00Z"));
            String reference = officer.post(
                            "/api/cases",
                            Map.of(
                                    "kind", "COMPLAINT",
                                    "channel", "PHONE",
                                    "subject", "Mould in the bedroom",
                                    "description", "Reported in March; nobody came.",
                                    "customer", Map.of("name", "Ada Resident", "phone", "020 7946 0321"),
                                    "department", housing.code))
                    .json()
                    .get("reference")
                    .asString();
            clock.set(Instant.parse("2026-06-11T14:00:00Z"));
            officer.post("/api/cases/" + reference + "/acknowledge", Map.of("via", "PHONE_CALL"));

            // Stage 1 is overdue on Friday 26 June; the resident asks for stage 2 by phone, giving no reason.
            clock.set(Instant.parse("2026-06-26T09:00:00Z"));
            Page page = page();
            signIn(housing.lead, PASSWORD);
            page.navigate(url("/cases/" + reference));
            assertThat(page.locator(".facts, dl").first()).containsText("rule pack ho-code-2024");
            assertThat(page.getByRole(AriaRole.ROW, new Page.GetByRoleOptions().setName("Respond")))
                    .containsText("Thu 25 Jun 2026, 5:00 pm");
            Locator escalate = page.locator("#action-request-review");
            assertThat(escalate.locator("summary")).hasText("Escalate to stage 2");
            escalate.locator("summary").click();
            assertThat(escalate).containsText("They need not give a reason.");
            assertThat(axe(page))
                    .as("accessibility of the case page under a pack")
                    .isEmpty();
            // The executive who takes stage 2: any who did not handle stage 1 may; this test names its own.
            page.locator("#request-review-reviewer").selectOption(executive);
            escalate.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Record the request"))
                    .click();
            assertThat(page.locator(".flash.ok")).containsText("Escalated to stage 2");
            assertThat(page.getByRole(AriaRole.ROW, new Page.GetByRoleOptions().setName("Acknowledge stage 2")))
                    .containsText("Fri 3 Jul 2026, 5:00 pm");

            // The executive who takes stage 2 acknowledges it on Monday 29 June.
            clock.set(Instant.parse("2026-06-29T08:30:00Z"));
            page.context().clearCookies();
            signIn(executive, PASSWORD);
            page.navigate(url("/cases/" + reference));
            page.locator("#action-acknowledge-review summary").click();
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Acknowledge stage 2"))
                    .click();
            assertThat(page.locator(".flash.ok")).containsText("Stage 2 request acknowledged");
            assertThat(page.getByRole(AriaRole.ROW, new Page.GetByRoleOptions().setName("Stage 2 response")))
                    .containsText("Mon 27 Jul 2026, 5:00 pm");
            assertThat(axe(page))
                    .as("accessibility after stage 2 is acknowledged")
                    .isEmpty();

            // The template editor shows what the packs in force require of the response templates.
            page.context().clearCookies();
            signIn(staffWithoutDepartment(Role.ADMIN), PASSWORD);
            page.navigate(url("/admin/templates/SUBSTANTIVE_RESPONSE/EMAIL"));
            Locator required = page.locator("#required-blocks");
            assertThat(required).containsText("ho-code-2024");
            assertThat(required).containsText("lgsco-code");
            assertThat(required).containsText("How to escalate the complaint to stage 2");
            assertThat(required).containsText("lacks it");
            assertThat(axe(page))
                    .as("accessibility of the template editor with required blocks")
                    .isEmpty();
        } finally {
            PolicyTestSupport.ensureActive(admin, "metart");
        }
    }
}
