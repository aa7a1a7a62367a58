package org.hearken.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.hearken.support.ApiClient;
import org.hearken.support.FormSession;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * An organisation of its own, set up as a new installation is: one administrator, made at first start from
 * HEARKEN_ADMIN_PASSWORD. With nobody to approve, the roles it gives are given at once and marked as given without a
 * second administrator; as soon as there is a second administrator, they must approve.
 */
@TestPropertySource(
        properties = {
            "hearken.test.database=soleadmin",
            "hearken.admin.username=founder",
            "hearken.admin.password=" + SoleAdministratorIT.FOUNDER_PASSWORD
        })
class SoleAdministratorIT extends IntegrationTest {

    static final String FOUNDER_PASSWORD = "the founder's long secret";
    private static final String FOUNDER = "founder";

    private String create(FormSession pages, String username, String... roles) throws Exception {
        List<String> fields =
                new ArrayList<>(List.of("username", username, "fullName", "Person " + username, "password", PASSWORD));
        for (String role : roles) {
            fields.add("roles");
            fields.add(role);
        }
        FormSession.Page result = pages.post("/admin/staff", fields.toArray(String[]::new));
        assertThat(result.location()).as(result.body()).isEqualTo("/admin/staff");
        return pages.flash(result);
    }

    private List<JsonNode> audit(String target) {
        ApiClient.Response answer =
                ApiClient.basic(port, FOUNDER, FOUNDER_PASSWORD).get("/api/audit?target=" + target);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<JsonNode> entries = new ArrayList<>();
        answer.json().get("entries").forEach(entries::add);
        return entries.reversed();
    }

    @Test
    void aSoleAdministratorsGrantsApplyAtOnceMarkedSoUntilThereIsASecondAdministrator() throws Exception {
        FormSession pages = FormSession.signedIn(port, FOUNDER, FOUNDER_PASSWORD);
        assertThat(jdbc.sql("select count(*) from identity_staff_role where role = 'ADMIN'")
                        .query(Long.class)
                        .single())
                .isOne();
        Dept dept = department();
        String confidential = RoleGrantsIT.complaint(dept.code, true)
                .postedBy(as(dept.lead))
                .json()
                .get("reference")
                .asString();

        // Nobody else could approve: given at once, and said so.
        String flash = create(pages, "elena", "EXECUTIVE");
        assertThat(flash).contains("given at once because no other administrator could approve it");
        assertThat(as("elena").get("/api/cases/" + confidential).status()).isEqualTo(200);
        assertThat(audit("elena"))
                .extracting(e -> e.get("actor").asString() + " "
                        + e.get("action").asString() + " " + e.get("outcome").asString() + " "
                        + e.get("details").path("secondAdministrator").asString(""))
                .containsExactly(
                        FOUNDER + " STAFF_CREATED SUCCESS ",
                        FOUNDER + " ROLE_GRANT_REQUESTED SUCCESS none available",
                        FOUNDER + " ROLE_GRANT_APPROVED SUCCESS none available",
                        FOUNDER + " ROLES_CHANGED SUCCESS ");
        String staffPage = pages.get("/admin/staff").body();
        assertThat(staffPage)
                .contains("Given with no second administrator", "Person elena")
                .contains("Nothing is waiting.")
                .doesNotContain("Roles waiting for a second administrator");

        // The second administrator too: only after that do grants wait.
        create(pages, "second", "ADMIN");
        assertThat(ApiClient.basic(port, "second", PASSWORD)
                        .get("/api/staff/grants")
                        .status())
                .isEqualTo(200);

        String waits = create(pages, "david", "EXECUTIVE");
        assertThat(waits).contains("waits for a second administrator");
        assertThat(as("david").get("/api/cases/" + confidential).status()).isEqualTo(404);
        JsonNode grant = ApiClient.basic(port, "second", PASSWORD)
                .get("/api/staff/grants")
                .json()
                .get(0);
        assertThat(grant.get("username").asString()).isEqualTo("david");
        assertThat(ApiClient.basic(port, FOUNDER, FOUNDER_PASSWORD)
                        .post("/api/staff/grants/" + grant.get("id").asLong() + "/approve", "")
                        .status())
                .isEqualTo(403);
        ApiClient.Response approved = ApiClient.basic(port, "second", PASSWORD)
                .post("/api/staff/grants/" + grant.get("id").asLong() + "/approve", "");
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().get("withoutSecondAdministrator").asBoolean())
                .isFalse();
        assertThat(as("david").get("/api/cases/" + confidential).status()).isEqualTo(200);

        // A role for the only other administrator: nobody but the two of them, so again at once and marked.
        FormSession.Page raised = pages.post("/admin/staff/second", "roles", "ADMIN", "roles", "EXECUTIVE");
        assertThat(pages.flash(raised)).contains("given at once");
        assertThat(audit("second")).anySatisfy(e -> {
            assertThat(e.get("action").asString()).isEqualTo("ROLE_GRANT_APPROVED");
            assertThat(e.get("details").get("role").asString()).isEqualTo("EXECUTIVE");
            assertThat(e.get("details").get("secondAdministrator").asString()).isEqualTo("none available");
        });

        // Deactivating the other administrators is no way to act alone: for the time a request waits, requests wait.
        pages.post("/admin/staff/second/deactivate");
        String afterDeactivating = create(pages, "mallory", "EXECUTIVE");
        assertThat(afterDeactivating)
                .contains("waits for a second administrator", "No other active administrator can approve it now");
        assertThat(as("mallory").get("/api/cases/" + confidential).status()).isEqualTo(404);
        clock.advance(java.time.Duration.ofDays(7).plusMinutes(1));
        assertThat(ApiClient.basic(port, FOUNDER, FOUNDER_PASSWORD)
                        .get("/api/staff/grants")
                        .json())
                .isEmpty();
        assertThat(as("mallory").get("/api/cases/" + confidential).status()).isEqualTo(404);
        FormSession.Page later = pages.post("/admin/staff/mallory", "roles", "EXECUTIVE");
        assertThat(pages.flash(later)).contains("given at once");
        assertThat(as("mallory").get("/api/cases/" + confidential).status()).isEqualTo(200);
    }
}
