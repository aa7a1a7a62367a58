package org.hearken.correspondence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hearken.support.WebPages.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.hearken.identity.Role;
import org.hearken.support.ApiClient;
import org.hearken.support.IntegrationTest;
import org.hearken.support.WebPages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.WebApplicationContext;

/** The template editor: who may use it, saving and restoring versions, invalid drafts, and the escaped live preview. */
class TemplatePagesIT extends IntegrationTest {

    static final String EDITOR = "/admin/templates/REVIEW_OUTCOME/LETTER";

    @Autowired
    WebApplicationContext context;

    @Autowired
    Templates templates;

    WebPages pages;

    @BeforeEach
    void pages() {
        pages = WebPages.of(context);
    }

    private MockHttpServletResponse getAs(String username, String path) throws Exception {
        return pages.mvc.perform(get(path).with(pages.as(username))).andReturn().getResponse();
    }

    @Test
    void administratorsAndManagersEditTemplatesOthersMayNot() throws Exception {
        Dept dept = department();
        String admin = staffWithoutDepartment(Role.ADMIN);
        String agent = dept.staff(Role.AGENT);
        String executive = staffWithoutDepartment(Role.EXECUTIVE);
        for (String path : new String[] {"/admin/templates", EDITOR, "/admin/templates/ACKNOWLEDGEMENT/EMAIL"}) {
            assertThat(getAs(admin, path).getStatus()).as(path).isEqualTo(200);
            assertThat(getAs(dept.lead, path).getStatus()).as(path).isEqualTo(200);
            assertThat(getAs(agent, path).getStatus()).as(path).isEqualTo(403);
            assertThat(getAs(executive, path).getStatus()).as(path).isEqualTo(403);
        }
        int before = templates
                .versions(TemplateKey.REVIEW_OUTCOME, TemplateChannel.LETTER)
                .size();
        MockHttpServletResponse refused = pages.mvc
                .perform(post(EDITOR)
                        .with(pages.as(agent))
                        .with(csrf())
                        .param("subject", "Hacked")
                        .param("body", "Hacked"))
                .andReturn()
                .getResponse();
        assertThat(refused.getStatus()).isEqualTo(403);
        assertThat(templates.versions(TemplateKey.REVIEW_OUTCOME, TemplateChannel.LETTER))
                .hasSize(before);

        String list = getAs(dept.lead, "/admin/templates").getContentAsString();
        assertThat(list)
                .contains(
                        "href=\"/admin/templates/ACKNOWLEDGEMENT/EMAIL\"",
                        "href=\"/admin/templates/SURVEY_INVITATION/LETTER\"");
        String editor = getAs(dept.lead, EDITOR).getContentAsString();
        // The merge fields are listed beside the editor, and a letter can be previewed as a PDF.
        assertThat(editor)
                .contains("{{customerName}}", "{{promisedDate}}", "the customer&#39;s name as logged")
                .contains("formaction=\"/admin/templates/REVIEW_OUTCOME/LETTER/preview.pdf\"")
                .contains("hx-post=\"/admin/templates/REVIEW_OUTCOME/LETTER/preview\"");
    }

    @Test
    void savingMakesANewVersionAndAnOldVersionCanBeRestored() throws Exception {
        Dept dept = department();
        Templates.Version original = templates
                .active(TemplateKey.REVIEW_OUTCOME, TemplateChannel.LETTER)
                .orElseThrow();
        String marker = "Reviewed " + unique();

        var saved = pages.mvc
                .perform(post(EDITOR)
                        .with(pages.as(dept.lead))
                        .with(csrf())
                        .param("subject", "Your review, {{reference}}")
                        .param("body", "Dear {{customerName}},\r\n\r\n" + marker + "\r\n"))
                .andReturn();

        assertThat(saved.getResponse().getRedirectedUrl()).isEqualTo(EDITOR);
        Templates.Version now = templates
                .active(TemplateKey.REVIEW_OUTCOME, TemplateChannel.LETTER)
                .orElseThrow();
        assertThat(now.version()).isEqualTo(original.version() + 1);
        assertThat(now.body()).isEqualTo("Dear {{customerName}},\n\n" + marker + "\n");
        assertThat(now.createdBy()).isEqualTo(dept.lead);
        assertThat((String) saved.getFlashMap().get("flash")).contains("version " + now.version());
        String history = getAs(dept.lead, EDITOR).getContentAsString();
        assertThat(history)
                .contains("action=\"/admin/templates/REVIEW_OUTCOME/LETTER/versions/" + original.version()
                        + "/restore\"");
        assertThat(getAs(dept.lead, EDITOR + "?version=" + original.version()).getContentAsString())
                .contains("You are looking at version <span>" + original.version() + "</span>");

        pages.mvc.perform(post(EDITOR + "/versions/" + original.version() + "/restore")
                .with(pages.as(dept.lead))
                .with(csrf()));

        Templates.Version restored = templates
                .active(TemplateKey.REVIEW_OUTCOME, TemplateChannel.LETTER)
                .orElseThrow();
        assertThat(restored.version()).isEqualTo(original.version() + 2);
        assertThat(restored.subject()).isEqualTo(original.subject());
        assertThat(restored.body()).isEqualTo(original.body());
    }

    @Test
    void anInvalidTemplateIsShownNextToItsFieldAndSavesNothing() throws Exception {
        Dept dept = department();
        int before = templates
                .versions(TemplateKey.REVIEW_OUTCOME, TemplateChannel.LETTER)
                .size();

        MockHttpServletResponse response = pages.mvc
                .perform(post(EDITOR)
                        .with(pages.as(dept.lead))
                        .with(csrf())
                        .param("subject", "Hello {{customerNmae}}")
                        .param("body", "{{#reason}} never closed"))
                .andReturn()
                .getResponse();

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentAsString())
                .contains("Nothing was saved")
                .contains("id=\"subject-error\"", "customerNmae")
                .contains("id=\"body-error\"", "The body is not a valid template")
                .contains("{{#reason}} never closed")
                .doesNotContain("at com.samskivert");
        assertThat(templates.versions(TemplateKey.REVIEW_OUTCOME, TemplateChannel.LETTER))
                .hasSize(before);
    }

    @Test
    void thePreviewRendersWithTheSameEngineAndEscapesMergeValues() throws Exception {
        Dept dept = department();
        ApiClient.Response created = dept.as(dept.lead)
                .post(
                        "/api/cases",
                        Map.of(
                                "kind",
                                "COMPLAINT",
                                "channel",
                                "API",
                                "subject",
                                "<script>alert('subject')</script>",
                                "description",
                                "Bin not collected",
                                "customer",
                                Map.of(
                                        "name",
                                        "<b>Ada</b> & \"Co\"",
                                        "email",
                                        "ada@example.net",
                                        "address",
                                        "1 <i>Main</i> St, Town"),
                                "department",
                                dept.code));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String ref = created.json().get("reference").asString();

        MockHttpServletResponse preview = pages.mvc
                .perform(post(EDITOR + "/preview")
                        .with(pages.as(dept.lead))
                        .with(csrf())
                        .header("HX-Request", "true")
                        .param("subject", "About {{caseSubject}}")
                        .param("body", "Dear {{customerName}},\n{{#reason}}never{{/reason}}{{reference}}")
                        .param("reference", ref))
                .andReturn()
                .getResponse();

        String html = preview.getContentAsString();
        assertThat(html)
                .contains("About &lt;script&gt;alert(&#39;subject&#39;)&lt;/script&gt;")
                .contains("Dear &lt;b&gt;Ada&lt;/b&gt; &amp; &quot;Co&quot;,")
                .contains(ref)
                .doesNotContain("<script>", "<b>Ada</b>")
                // Only the fragment, not the whole page.
                .doesNotContain("<html");

        MockHttpServletResponse sample = pages.mvc
                .perform(post(EDITOR + "/preview")
                        .with(pages.as(dept.lead))
                        .with(csrf())
                        .param("subject", "Hi")
                        .param("body", "Dear {{customerName}}"))
                .andReturn()
                .getResponse();
        assertThat(sample.getContentAsString()).contains("Dear Ada Citizen");

        MockHttpServletResponse invalid = pages.mvc
                .perform(post(EDITOR + "/preview")
                        .with(pages.as(dept.lead))
                        .with(csrf())
                        .param("subject", "Hi")
                        .param("body", "Dear {{nobody}}"))
                .andReturn()
                .getResponse();
        assertThat(invalid.getContentAsString()).contains("The draft cannot be rendered", "nobody");

        // A case the person may not open is not previewed.
        Dept other = department();
        MockHttpServletResponse outsider = pages.mvc
                .perform(post(EDITOR + "/preview")
                        .with(pages.as(other.lead))
                        .with(csrf())
                        .param("subject", "Hi")
                        .param("body", "Dear {{customerName}}")
                        .param("reference", ref))
                .andReturn()
                .getResponse();
        assertThat(outsider.getContentAsString())
                .contains("There is no case " + ref)
                .doesNotContain("Ada");

        MockHttpServletResponse pdf = pages.mvc
                .perform(post(EDITOR + "/preview.pdf")
                        .with(pages.as(dept.lead))
                        .with(csrf())
                        .param("subject", "About {{reference}}")
                        .param("body", "Dear {{customerName}}")
                        .param("reference", ref))
                .andReturn()
                .getResponse();
        assertThat(pdf.getContentType()).isEqualTo("application/pdf");
        assertThat(new String(pdf.getContentAsByteArray(), 0, 5, StandardCharsets.US_ASCII))
                .isEqualTo("%PDF-");
    }
}
