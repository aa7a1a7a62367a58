package org.hearken.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hearken.support.CaseBuilder.PHONE;
import static org.hearken.support.CaseBuilder.aComplaint;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.hearken.support.ApiClient;
import org.hearken.support.FormSession;
import org.hearken.support.IntegrationTest;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Staff add files to a case, by the API and on the case page: checked as the public form checks its files, kept with
 * the case with who added them, named in the register and served only as downloads.
 */
class CaseFilesIT extends IntegrationTest {

    private static final byte[] PDF = "%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void aMemberOfStaffAddsAFileByTheApiAndItIsKeptNamedInTheRegisterAndServedAsADownload() {
        Dept dept = department();
        ApiClient lead = dept.as(dept.lead);
        String ref = aComplaint().by(PHONE).inDepartment(dept).openedBy(lead);
        int version = lead.get("/api/cases/" + ref).json().get("version").asInt();

        ApiClient.Response added = lead.postParts(
                "/api/cases/" + ref + "/attachments",
                List.of(FormSession.Part.file("file", "scanned letter.pdf", "application/pdf", PDF)));

        assertThat(added.status()).as(added.body()).isEqualTo(201);
        JsonNode file = added.json();
        long id = file.get("id").asLong();
        assertThat(added.header("Location")).endsWith("/api/cases/" + ref + "/attachments/" + id);
        assertThat(file.get("filename").asString()).isEqualTo("scanned letter.pdf");
        assertThat(file.get("contentType").asString()).isEqualTo("application/pdf");
        assertThat(file.get("size").asLong()).isEqualTo(PDF.length);
        assertThat(file.get("source").asString()).isEqualTo("STAFF");
        assertThat(file.get("uploadedBy").get("id").asString()).isEqualTo(dept.lead);
        assertThat(file.get("uploadedBy").get("name").asString()).isEqualTo("Staff " + dept.lead);

        JsonNode listed = lead.get("/api/cases/" + ref + "/attachments").json();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("uploadedBy").get("id").asString()).isEqualTo(dept.lead);
        ApiClient.Download download = lead.download("/api/cases/" + ref + "/attachments/" + id);
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.bytes()).isEqualTo(PDF);
        assertThat(download.header("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(download.header("Content-Disposition")).startsWith("attachment;");
        assertThat(download.header("X-Content-Type-Options")).isEqualTo("nosniff");

        // The register names it; the case itself does not change.
        JsonNode events = lead.get("/api/cases/" + ref + "/events").json();
        assertThat(events.toString()).contains("FileAdded", "scanned letter.pdf");
        assertThat(lead.get("/api/cases/" + ref).json().get("version").asInt()).isEqualTo(version);
        Document page = signedIn(dept.lead).get("/cases/" + ref).expect(200).html();
        assertThat(page.select(".timeline").text()).contains("File added", "scanned letter.pdf");
        assertThat(page.select("#files li").text()).contains("scanned letter.pdf", "added by Staff " + dept.lead);
    }

    @Test
    void theCasePageAddsAFileWithItsCsrfTokenAndShowsWhoAddedIt() {
        Dept dept = department();
        String agent = dept.staff(org.hearken.identity.Role.AGENT);
        String ref = aComplaint().by(PHONE).inDepartment(dept).open();
        FormSession page = signedIn(agent);
        Document shown = page.get("/cases/" + ref).expect(200).html();
        assertThat(shown.select("#action-add-file input[type=file][name=file]")).hasSize(1);
        assertThat(shown.selectFirst("#action-add-file form").attr("enctype")).isEqualTo("multipart/form-data");
        String csrf =
                FormSession.csrf(shown.selectFirst("#action-add-file form").outerHtml());

        // Without the form's token the upload is refused and nothing is kept.
        FormSession.Page forged = page.postParts(
                "/cases/" + ref + "/add-file",
                List.of(FormSession.Part.file("file", "photo.pdf", "application/pdf", PDF)));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(filesOf(ref)).isZero();

        FormSession.Page done = page.postParts(
                "/cases/" + ref + "/add-file",
                List.of(
                        FormSession.Part.field("_csrf", csrf),
                        FormSession.Part.file("file", "photo of the damage.pdf", "application/pdf", PDF)));
        assertThat(done.status()).as(done.body()).isEqualTo(302);
        Document after = page.follow(done).html();
        assertThat(after.select(".flash.ok").text()).contains("File added: photo of the damage.pdf");
        assertThat(after.select("#files li").text()).contains("photo of the damage.pdf", "added by Staff " + agent);
        assertThat(jdbc.sql(
                                "select source || ' ' || uploaded_by from intake_attachment a join cases c on c.id = a.case_id"
                                        + " where c.reference = ?")
                        .param(ref)
                        .query(String.class)
                        .single())
                .isEqualTo("STAFF "
                        + jdbc.sql("select id from staff_directory where username = ?")
                                .param(agent)
                                .query(Long.class)
                                .single());
    }

    @Test
    void aFileOfARefusedTypeOrSizeIsAClearBadRequestAndNothingIsKept() {
        Dept dept = department();
        ApiClient lead = dept.as(dept.lead);
        String ref = aComplaint().by(PHONE).inDepartment(dept).openedBy(lead);

        ApiClient.Response program = lead.postParts(
                "/api/cases/" + ref + "/attachments",
                List.of(FormSession.Part.file(
                        "file", "setup.exe", "application/octet-stream", new byte[] {'M', 'Z', 0})));
        assertThat(program.status()).isEqualTo(400);
        assertThat(program.header("Content-Type")).startsWith("application/problem+json");
        assertThat(program.body()).contains("file", "setup.exe", "is not a type of file we accept");

        ApiClient.Response disguised = lead.postParts(
                "/api/cases/" + ref + "/attachments",
                List.of(FormSession.Part.file(
                        "file",
                        "invoice.pdf",
                        "application/pdf",
                        "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8))));
        assertThat(disguised.status()).isEqualTo(400);
        assertThat(disguised.body()).contains("invoice.pdf", "is not a PDF file");

        byte[] large = Arrays.copyOf(PDF, 5 * 1024 * 1024 + 1);
        ApiClient.Response tooLarge = lead.postParts(
                "/api/cases/" + ref + "/attachments",
                List.of(FormSession.Part.file("file", "report.pdf", "application/pdf", large)));
        assertThat(tooLarge.status()).isEqualTo(400);
        assertThat(tooLarge.body()).contains("report.pdf", "is larger than 5 MB");

        ApiClient.Response none =
                lead.postParts("/api/cases/" + ref + "/attachments", List.of(FormSession.Part.field("other", "x")));
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.body()).contains("choose a file");

        // On the page: the form comes back with the problem by the field.
        FormSession page = signedIn(dept.lead);
        Document shown = page.get("/cases/" + ref).expect(200).html();
        FormSession.Page refused = page.postParts(
                "/cases/" + ref + "/add-file",
                List.of(
                        FormSession.Part.field("_csrf", FormSession.csrf(shown.outerHtml())),
                        FormSession.Part.file(
                                "file",
                                "invoice.pdf",
                                "application/pdf",
                                "<html></html>".getBytes(StandardCharsets.UTF_8))));
        assertThat(refused.status()).isEqualTo(400);
        Document again = refused.html();
        assertThat(again.selectFirst("#action-add-file").hasAttr("open")).isTrue();
        assertThat(again.select("#add-file-file-error").text()).contains("‘invoice.pdf’ is not a PDF file");

        assertThat(filesOf(ref)).isZero();
        assertThat(lead.get("/api/cases/" + ref + "/events").body()).doesNotContain("FileAdded");
    }

    @Test
    void someoneWhoMayNotActOnTheCaseMayNotAddAFile() {
        Dept dept = department();
        Dept other = department();
        ApiClient lead = dept.as(dept.lead);
        String ref = aComplaint().by(PHONE).inDepartment(dept).openedBy(lead);
        List<FormSession.Part> file = List.of(FormSession.Part.file("file", "letter.pdf", "application/pdf", PDF));

        // Who may not see the case learns nothing of it.
        assertThat(other.as(other.lead)
                        .postParts("/api/cases/" + ref + "/attachments", file)
                        .status())
                .isEqualTo(404);
        // Who may see it on a need-to-know basis may not work on it.
        assertThat(lead.post(
                                "/api/cases/" + ref + "/named-staff",
                                Map.of("username", other.lead, "reason", "Knows the site"))
                        .status())
                .isEqualTo(200);
        ApiClient.Response forbidden = other.as(other.lead).postParts("/api/cases/" + ref + "/attachments", file);
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.header("Content-Type")).startsWith("application/problem+json");
        Document page = signedIn(other.lead).get("/cases/" + ref).expect(200).html();
        assertThat(page.select("#action-add-file")).isEmpty();

        assertThat(filesOf(ref)).isZero();
    }

    private int filesOf(String reference) {
        return jdbc.sql(
                        "select count(*) from intake_attachment a join cases c on c.id = a.case_id where c.reference = ?")
                .param(reference)
                .query(Integer.class)
                .single();
    }
}
