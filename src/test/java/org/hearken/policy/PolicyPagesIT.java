package org.hearken.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hearken.support.WebPages.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hearken.identity.Role;
import org.hearken.support.IntegrationTest;
import org.hearken.support.WebPages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.web.context.WebApplicationContext;

/** The service policy page: the version in force, the versions, and uploads that keep it safe. */
class PolicyPagesIT extends IntegrationTest {

    @Autowired
    WebApplicationContext context;

    @Autowired
    ServicePolicies policies;

    WebPages pages;
    String admin;

    @BeforeEach
    void metart() throws Exception {
        pages = WebPages.of(context);
        admin = staffWithoutDepartment(Role.ADMIN);
        PolicyTestSupport.ensureActive(as(admin), "metart");
    }

    @Test
    void thePageShowsThePolicyInForceAndEveryVersion() throws Exception {
        PolicyVersionInfo active = policies.activeDocument().info();
        MockHttpServletResponse page = pages.mvc
                .perform(get("/admin/policy").with(pages.as(admin)))
                .andReturn()
                .getResponse();
        assertThat(page.getStatus()).isEqualTo(200);
        assertThat(page.getContentAsString())
                .contains(
                        "Metart customer feedback policy",
                        "Australia/Sydney",
                        "href=\"/admin/policy/versions/" + active.version() + "\"",
                        active.uploadedBy());

        MockHttpServletResponse version = pages.mvc
                .perform(get("/admin/policy/versions/" + active.version()).with(pages.as(admin)))
                .andReturn()
                .getResponse();
        assertThat(version.getContentAsString()).contains("id=\"line-12\"", "zone: Australia/Sydney");
    }

    @Test
    void anInvalidDocumentShowsItsLineAndTheVersionInForceStays() throws Exception {
        int before = policies.activeDocument().info().version();
        List<String> lines = new ArrayList<>(
                Files.readString(Path.of("policies/metart.yaml")).lines().toList());
        assertThat(lines.get(12)).contains("workdays");
        lines.set(12, "  workdays: [MONDAY, FUNDAY]");
        String broken = String.join("\n", lines) + "\n";

        MockHttpServletResponse response = pages.mvc
                .perform(multipart("/admin/policy")
                        .param("document", broken)
                        .with(pages.as(admin))
                        .with(csrf()))
                .andReturn()
                .getResponse();

        assertThat(response.getStatus()).isEqualTo(200);
        String html = response.getContentAsString();
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

        var result = pages.mvc
                .perform(multipart("/admin/policy")
                        .file(new MockMultipartFile(
                                "file", "metart.yaml", "application/yaml", yaml.getBytes(StandardCharsets.UTF_8)))
                        .param("document", "")
                        .with(pages.as(admin))
                        .with(csrf()))
                .andReturn();

        assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/admin/policy");
        assertThat((String) result.getFlashMap().get("flash")).contains("Version " + (before + 1));
        PolicyDocument active = policies.activeDocument();
        assertThat(active.info().version()).isEqualTo(before + 1);
        assertThat(active.info().uploadedBy()).isEqualTo(admin);
        assertThat(active.yaml()).isEqualTo(yaml);
        PolicyTestSupport.ensureActive(as(admin), "metart");
    }
}
