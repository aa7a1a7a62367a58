package org.hearken.correspondence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.hearken.identity.Role;
import org.hearken.support.ApiClient;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class LettersIT extends IntegrationTest {

    private byte[] download(String username, String path) throws Exception {
        ApiClient.Download response = as(username).download(path);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Disposition")).startsWith("attachment");
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        return response.bytes();
    }

    private static String pdfText(byte[] pdf) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
        }
    }

    @Test
    void aPostalComplaintAcknowledgedByLetterProducesAPdfWithTheAddressAndPromisedDateUntilPosted() throws Exception {
        org.hearken.policy.PolicyTestSupport.ensureActive(as(staffWithoutDepartment(Role.ADMIN)), "metart");
        Dept dept = department();
        ApiClient lead = dept.as(dept.lead);
        clock.set(Instant.parse("2026-11-30T00:00:00Z"));
        JsonNode created = lead.post(
                        "/api/cases",
                        Map.of(
                                "kind",
                                "COMPLAINT",
                                "channel",
                                "POSTAL",
                                "receivedAt",
                                "2026-11-27T10:00:00+11:00",
                                "subject",
                                "Rates charged twice",
                                "description",
                                "The instalment was taken twice.",
                                "department",
                                dept.code,
                                "customer",
                                Map.of("name", "Harold Jensen", "postalAddress", "7 Quarry Lane, Willoughby NSW 2068")))
                .json();
        String ref = created.get("reference").asString();
        assertThat(created.get("suggestedReplyVia").asString()).isEqualTo("LETTER");

        lead.post("/api/cases/" + ref + "/acknowledge", Map.of("via", "LETTER"));

        JsonNode letters = lead.get("/api/cases/" + ref + "/letters").json();
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).get("kind").asString()).isEqualTo("ACKNOWLEDGEMENT");
        long id = letters.get(0).get("id").asLong();
        byte[] pdf = download(dept.lead, "/api/cases/" + ref + "/letters/" + id);
        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
            assertThat(text)
                    .contains(
                            "Harold Jensen",
                            "7 Quarry Lane",
                            "Willoughby NSW 2068",
                            ref,
                            "5:00 pm on Tuesday 8 December 2026");
        }

        // The letter in the print queue is the customer's own, with their private status link (a line may break inside
        // it).
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("/public/status/([A-Za-z0-9_-]{32})")
                .matcher(jdbc.sql("select body from correspondence_letter where id = ?")
                        .param(id)
                        .query(String.class)
                        .single());
        assertThat(link.find()).isTrue();
        String token = link.group(1);
        assertThat(pdfText(pdf).replace(" ", "")).contains(token);

        assertThat(lead.get("/api/letters/print-queue").json().toString()).contains(ref);
        assertThat(lead.post("/api/letters/" + id + "/posted", Map.of()).status())
                .isEqualTo(204);
        assertThat(lead.get("/api/letters/print-queue").json().toString()).doesNotContain(ref);

        // Posted, the letter staff can open is the kept copy, without the link; the stored text forgets it too.
        String kept = pdfText(download(dept.lead, "/api/cases/" + ref + "/letters/" + id));
        assertThat(kept).contains("Harold Jensen", ref, PrivateLinks.STATUS_FOR_STAFF);
        assertThat(kept.replace(" ", "")).doesNotContain(token);
        org.hearken.support.FormSession page = new org.hearken.support.FormSession(port);
        assertThat(page.signIn(dept.lead, PASSWORD)).isTrue();
        assertThat(page.get("/cases/" + ref).body()).doesNotContain(token);
        assertThat(jdbc.sql("select body from correspondence_letter where id = ?")
                        .param(id)
                        .query(String.class)
                        .single())
                .doesNotContain(token)
                .contains("/public/status/[private link, not kept]");
        Dept other = department();
        assertThat(other.as(other.staff(Role.AGENT))
                        .get("/api/cases/" + ref + "/letters/" + id)
                        .status())
                .isEqualTo(404);
    }
}
