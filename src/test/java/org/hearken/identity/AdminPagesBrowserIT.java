package org.hearken.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.hearken.policy.PolicyTestSupport;
import org.hearken.policy.ServicePolicies;
import org.hearken.support.FormSession;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The administration pages as a browser uses them, over real HTTP with a session and CSRF tokens: errors are pages,
 * never JSON or stack traces, and a file upload passes the CSRF check.
 */
class AdminPagesBrowserIT extends IntegrationTest {

    @Autowired
    ServicePolicies policies;

    @Test
    void refusedAndMissingPagesAreFriendlyPages() {
        String admin = staffWithoutDepartment(Role.ADMIN);
        FormSession browser = new FormSession(port);
        assertThat(browser.signIn(admin, PASSWORD)).isTrue();

        FormSession.Page home = browser.get("/");
        assertThat(home.location()).endsWith("/admin");
        FormSession.Page overview = browser.get("/admin");
        assertThat(overview.status()).isEqualTo(200);
        assertThat(overview.body()).contains("Administration", "href=\"/admin\" class=\"active\"");

        FormSession.Page missing = browser.get("/admin/staff/nobody-" + unique().toLowerCase());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("text/html");
        assertThat(missing.body()).contains("Not found").doesNotContain("Exception", "\"status\"");

        FormSession.Page refused = browser.get("/reports");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("text/html");
        assertThat(refused.body())
                .contains("Not allowed", "Nothing was changed")
                .doesNotContain("Exception");

        FormSession.Page badTemplate = browser.get("/admin/templates/NO_SUCH/EMAIL");
        assertThat(badTemplate.status()).isEqualTo(404);
        assertThat(badTemplate.body()).contains("Not found");
    }

    @Test
    void aStaffFormPostedByABrowserCreatesTheAccount() {
        Dept dept = department();
        String admin = staffWithoutDepartment(Role.ADMIN);
        FormSession browser = new FormSession(port);
        assertThat(browser.signIn(admin, PASSWORD)).isTrue();
        String token = FormSession.csrf(browser.get("/admin/staff/new").body());
        String username = "b" + unique().toLowerCase();

        FormSession.Page created = browser.post(
                "/admin/staff",
                FormSession.form(
                        "_csrf",
                        token,
                        "username",
                        username,
                        "fullName",
                        "Bea FormSession",
                        "password",
                        "a long enough secret",
                        "roles",
                        "AGENT",
                        "departments",
                        dept.code));

        assertThat(created.status()).isEqualTo(302);
        assertThat(created.location()).endsWith("/admin/staff");
        FormSession.Page list = browser.get("/admin/staff");
        assertThat(list.body()).contains("Created Bea FormSession (" + username + ")", "id=\"staff-" + username + "\"");
        assertThat(new FormSession(port).signIn(username, "a long enough secret"))
                .isTrue();
    }

    @Test
    void aPolicyFileUploadWithItsCsrfTokenIsCheckedAndAnInvalidOneChangesNothing() throws Exception {
        String admin = staffWithoutDepartment(Role.ADMIN);
        PolicyTestSupport.ensureActive(as(admin), "metart");
        int before = policies.activeDocument().info().version();
        FormSession browser = new FormSession(port);
        assertThat(browser.signIn(admin, PASSWORD)).isTrue();
        String token = FormSession.csrf(browser.get("/admin/policy").body());
        String broken =
                Files.readString(Path.of("policies/metart.yaml")).replace("opens: \"09:00\"", "opens: \"9 o'clock\"");

        FormSession.Page page = browser.postMultipart(
                "/admin/policy",
                Map.of("_csrf", token, "document", ""),
                Map.of("file", Map.entry("broken.yaml", broken)));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("stays in force", "href=\"#line-14\">Line <span>14</span>");
        assertThat(policies.activeDocument().info().version()).isEqualTo(before);

        // Without the token the upload is refused outright.
        FormSession.Page forged = browser.postMultipart(
                "/admin/policy", Map.of("document", ""), Map.of("file", Map.entry("broken.yaml", broken)));
        assertThat(forged.status()).isEqualTo(403);
    }

    @Test
    void changingSomeonesRolesSignsThemOutSoTheNewRolesApplyAtOnce() {
        Dept dept = department();
        String admin = staffWithoutDepartment(Role.ADMIN);
        String manager = dept.staff(Role.MANAGER);
        FormSession theirs = new FormSession(port);
        assertThat(theirs.signIn(manager, PASSWORD)).isTrue();
        assertThat(theirs.get("/admin/templates").status()).isEqualTo(200);

        FormSession browser = new FormSession(port);
        assertThat(browser.signIn(admin, PASSWORD)).isTrue();
        String token = FormSession.csrf(browser.get("/admin/staff/" + manager).body());
        FormSession.Page saved = browser.post(
                "/admin/staff/" + manager,
                FormSession.form("_csrf", token, "roles", "AGENT", "departments", dept.code));
        assertThat(saved.status()).isEqualTo(302);

        FormSession.Page after = theirs.get("/admin/templates");
        assertThat(after.status()).isEqualTo(302);
        assertThat(after.location()).endsWith("/login");
        assertThat(theirs.signIn(manager, PASSWORD)).isTrue();
        assertThat(theirs.get("/admin/templates").status()).isEqualTo(403);
    }
}
