package org.hearken.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hearken.identity.Role;
import org.hearken.support.FormSession;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The service policy page: the version in force, the versions, and uploads that keep it safe. */
class PolicyPagesIT extends IntegrationTest {

    @Autowired
    ServicePolicies policies;

    FormSession pages;
    String admin;

    @BeforeEach
    void metart() throws Exception {
        admin = staffWithoutDepartment(Role.ADMIN);
        PolicyTestSupport.ensureActive(as(admin), "metart");
        pages = FormSession.signedIn(port, admin, PASSWORD);
    }

    @Test
    void thePageShowsThePolicyInForceAndEveryVersion() throws Exception {
        PolicyVersionInfo active = policies.activeDocument().info();
        FormSession.Page page = pages.get("/admin/policy");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains(
                        "Metart customer feedback policy",
                        "Australia/Sydney",
                        "href=\"/admin/policy/versions/" + active.version() + "\"",
                        active.uploadedBy());

        FormSession.Page version = pages.get("/admin/policy/versions/" + active.version());
        assertThat(version.body()).contains("id=\"line-12\"", "zone: Australia/Sydney");
    }

    @Test
    void anInvalidDocumentShowsItsLineAndTheVersionInForceStays() throws Exception {
        int before = policies.activeDocument().info().version();
        List<String> lines = new ArrayList<>(
                Files.readString(Path.of("policies/metart.yaml")).lines().toList());
        assertThat(lines.get(12)).contains("workdays");
        lines.set(12, "  workdays: [MONDAY, FUNDAY]");
        String broken = String.join("\n", lines) + "\n";

        String token = FormSession.csrf(pages.get("/admin/policy").body());
        FormSession.Page response =
                pages.postMultipart("/admin/policy", Map.of("_csrf", token, "document", broken), Map.of());

        assertThat(response.status()).isEqualTo(200);
        String html = response.body();
        assertThat(html)
                .contains("Nothing was changed: version <span>" + before + "</span> stays in force")
                .contains("href=\"#line-13\">Line <span>13</span>")
                .contains("FUNDAY")
                .contains("<li id=\"line-13\" class=\"problem\">");
        assertThat(policies.activeDocument().info().version()).isEqualTo(before);
        assertThat(policies.versions().getFirst().version()).isEqualTo(before);
    }

    @Test
    void aValidFileBecomesTheNewVersionInForce() throws Exception {
        int before = policies.activeDocument().info().version();
        String yaml = Files.readString(Path.of("policies/metart.yaml")) + "# uploaded from the page " + unique() + "\n";

        String token = FormSession.csrf(pages.get("/admin/policy").body());
        FormSession.Page result = pages.postMultipart(
                "/admin/policy",
                Map.of("_csrf", token, "document", ""),
                Map.of("file", Map.entry("metart.yaml", yaml)));

        assertThat(result.location()).isEqualTo("/admin/policy");
        assertThat(pages.flash(result)).contains("Version " + (before + 1));
        PolicyDocument active = policies.activeDocument();
        assertThat(active.info().version()).isEqualTo(before + 1);
        assertThat(active.info().uploadedBy()).isEqualTo(admin);
        assertThat(active.yaml()).isEqualTo(yaml);
        PolicyTestSupport.ensureActive(as(admin), "metart");
    }
}
