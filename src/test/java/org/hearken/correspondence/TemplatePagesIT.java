package org.hearken.correspondence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.hearken.identity.Role;
import org.hearken.support.ApiClient;
import org.hearken.support.FormSession;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The template editor: who may use it, saving and restoring versions, invalid drafts, and the escaped live preview. */
class TemplatePagesIT extends IntegrationTest {

    static final String EDITOR = "/admin/templates/REVIEW_OUTCOME/LETTER";

    @Autowired
    Templates templates;

    private FormSession.Page getAs(String username, String path) throws Exception {
        return signedIn(username).get(path);
    }

    @Test
    void administratorsAndManagersEditTemplatesOthersMayNot() throws Exception {
        Dept dept = department();
        String admin = staffWithoutDepartment(Role.ADMIN);
        String agent = dept.staff(Role.AGENT);
        String executive = staffWithoutDepartment(Role.EXECUTIVE);
        for (String path : new String[] {"/admin/templates", EDITOR, "/admin/templates/ACKNOWLEDGEMENT/EMAIL"}) {
            assertThat(getAs(admin, path).status()).as(path).isEqualTo(200);
            assertThat(getAs(dept.lead, path).status()).as(path).isEqualTo(200);
            assertThat(getAs(agent, path).status()).as(path).isEqualTo(403);
            assertThat(getAs(executive, path).status()).as(path).isEqualTo(403);
        }
        int before = templates
                .versions(TemplateKey.REVIEW_OUTCOME, TemplateChannel.LETTER)
                .size();
        FormSession.Page refused = signedIn(agent).post(EDITOR, "subject", "Hacked", "body", "Hacked");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(templates.versions(TemplateKey.REVIEW_OUTCOME, TemplateChannel.LETTER))
                .hasSize(before);

        String list = getAs(dept.lead, "/admin/templates").body();
        assertThat(list)
                .contains(
                        "href=\"/admin/templates/ACKNOWLEDGEMENT/EMAIL\"",
                        "href=\"/admin/templates/SURVEY_INVITATION/LETTER\"");
        String editor = getAs(dept.lead, EDITOR).body();
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

        var saved = signedIn(dept.lead)
                .post(
                        EDITOR,
                        "subject",
                        "Your review, {{reference}}",
                        "body",
                        "Dear {{customerName}},\r\n\r\n" + marker + "\r\n");

        assertThat(saved.location()).isEqualTo(EDITOR);
        Templates.Version now = templates
                .active(TemplateKey.REVIEW_OUTCOME, TemplateChannel.LETTER)
                .orElseThrow();
        assertThat(now.version()).isEqualTo(original.version() + 1);
        assertThat(now.body()).isEqualTo("Dear {{customerName}},\n\n" + marker + "\n");
        assertThat(now.createdBy()).isEqualTo(dept.lead);
        assertThat(signedIn(dept.lead).flash(saved)).contains("version " + now.version());
        String history = getAs(dept.lead, EDITOR).body();
        assertThat(history)
                .contains("action=\"/admin/templates/REVIEW_OUTCOME/LETTER/versions/" + original.version()
                        + "/restore\"");
        assertThat(getAs(dept.lead, EDITOR + "?version=" + original.version()).body())
                .contains("You are looking at version <span>" + original.version() + "</span>");

        signedIn(dept.lead).post(EDITOR + "/versions/" + original.version() + "/restore");

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

        FormSession.Page response = signedIn(dept.lead)
                .post(EDITOR, "subject", "Hello {{customerNmae}}", "body", "{{#reason}} never closed");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body())
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

        FormSession.Page preview = signedIn(dept.lead)
                .postWith(
                        Map.of("HX-Request", "true"),
                        EDITOR + "/preview",
                        "subject",
                        "About {{caseSubject}}",
                        "body",
                        "Dear {{customerName}},\n{{#reason}}never{{/reason}}{{reference}}",
                        "reference",
                        ref);

        String html = preview.body();
        assertThat(html)
                .contains("About &lt;script&gt;alert(&#39;subject&#39;)&lt;/script&gt;")
                .contains("Dear &lt;b&gt;Ada&lt;/b&gt; &amp; &quot;Co&quot;,")
                .contains(ref)
                .doesNotContain("<script>", "<b>Ada</b>")
                // Only the fragment, not the whole page.
                .doesNotContain("<html");

        FormSession.Page sample =
                signedIn(dept.lead).post(EDITOR + "/preview", "subject", "Hi", "body", "Dear {{customerName}}");
        assertThat(sample.body()).contains("Dear Ada Citizen");

        FormSession.Page invalid =
                signedIn(dept.lead).post(EDITOR + "/preview", "subject", "Hi", "body", "Dear {{nobody}}");
        assertThat(invalid.body()).contains("The draft cannot be rendered", "nobody");

        // A case the person may not open is not previewed.
        Dept other = department();
        FormSession.Page outsider = signedIn(other.lead)
                .post(EDITOR + "/preview", "subject", "Hi", "body", "Dear {{customerName}}", "reference", ref);
        assertThat(outsider.body()).contains("There is no case " + ref).doesNotContain("Ada");

        FormSession.Page pdf = signedIn(dept.lead)
                .post(
                        EDITOR + "/preview.pdf",
                        "subject",
                        "About {{reference}}",
                        "body",
                        "Dear {{customerName}}",
                        "reference",
                        ref);
        assertThat(pdf.contentType()).isEqualTo("application/pdf");
        assertThat(new String(pdf.bytes(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    }
}
