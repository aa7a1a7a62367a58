package org.hearken.casework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hearken.support.CaseBuilder.PHONE;
import static org.hearken.support.CaseBuilder.aComplaint;

import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.hearken.support.ApiClient;
import org.hearken.support.FormSession;
import org.hearken.support.IntegrationTest;
import org.hearken.support.TestMail;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Writing to the customer from the case: the words to start from, the preview of exactly what they will receive, and
 * the message itself, by e-mail (through the outbox to a real mail server, with a file of the case) or as a letter.
 */
class ComposerIT extends IntegrationTest {

    private static final byte[] PDF = "%PDF-1.4\n% a scanned letter\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    private record Opened(String reference, long id, String email, ApiClient lead, Dept dept) {}

    /** A complaint by phone (so nothing is sent automatically) from a customer with an e-mail and a postal address. */
    private Opened opened() {
        clock.set(Instant.parse("2026-11-30T00:00:00Z"));
        Dept dept = department();
        ApiClient lead = dept.as(dept.lead);
        String email = "composer-" + unique().toLowerCase(Locale.ROOT) + "@example.org";
        String reference = aComplaint()
                .by(PHONE)
                .from("Łukasz Żółć")
                .email(email)
                .postalAddress("12 Harbour Street, Ōtākou 9077")
                .inDepartment(dept)
                .open();
        long id = jdbc.sql("select id from cases where reference = ?")
                .param(reference)
                .query(Long.class)
                .single();
        return new Opened(reference, id, email, lead, dept);
    }

    /** A file the lead adds to the case, as staff do from the case page or the API. */
    private static long fileOnCase(Opened c, String name) {
        ApiClient.Response added = c.lead()
                .postParts(
                        "/api/cases/" + c.reference() + "/attachments",
                        List.of(FormSession.Part.file("file", name, "application/pdf", PDF)));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        return added.json().get("id").asLong();
    }

    private long messages(long caseId) {
        return jdbc.sql("select count(*) from correspondence_message where case_id = ?")
                .param(caseId)
                .query(Long.class)
                .single();
    }

    @Test
    void anEmailWithAFileOfTheCaseReachesTheCustomerAsPreviewedAndTheRegisterKeepsIt() throws Exception {
        Opened c = opened();
        long file = fileOnCase(c, "meter-reading.pdf");
        Map<String, Object> body = Map.of(
                "channel",
                "EMAIL",
                "subject",
                "Your meter reading",
                "text",
                "Dear Łukasz,\n\nWe enclose the meter reading you asked for. Follow your case at {{statusLink}}.",
                "attachments",
                List.of(file));

        JsonNode preview = c.lead()
                .post("/api/cases/" + c.reference() + "/messages/preview", body)
                .json();
        assertThat(preview.get("to").asString()).isEqualTo(c.email());
        assertThat(preview.get("subject").asString()).isEqualTo("Your meter reading (" + c.reference() + ")");
        assertThat(preview.get("text").asString())
                .contains("Follow your case at [status page link — sent only to the customer].");
        assertThat(preview.get("files").get(0).asString()).isEqualTo("meter-reading.pdf");
        assertThat(messages(c.id())).as("a preview writes nothing").isZero();

        ApiClient.Response sent = c.lead().post("/api/cases/" + c.reference() + "/messages", body);
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);
        assertThat(sent.json().get("status").asString()).isEqualTo("PENDING");

        await().atMost(Duration.ofSeconds(20))
                .until(() -> TestMail.receivedBy(c.email()).size() == 1);
        MimeMessage mail = TestMail.receivedBy(c.email()).getFirst();
        assertThat(mail.getSubject()).isEqualTo("Your meter reading (" + c.reference() + ")");
        Multipart parts = (Multipart) mail.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        String text = ((String) parts.getBodyPart(0).getContent()).replace("\r\n", "\n");
        assertThat(text).startsWith("Dear Łukasz,").containsPattern("/public/status/[A-Za-z0-9_-]{32}");
        Part attached = parts.getBodyPart(1);
        assertThat(attached.getFileName()).isEqualTo("meter-reading.pdf");
        assertThat(attached.getContentType()).startsWith("application/pdf");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        attached.getDataHandler().writeTo(bytes);
        assertThat(bytes.toByteArray()).isEqualTo(PDF);

        JsonNode register =
                c.lead().get("/api/cases/" + c.reference() + "/events").json();
        JsonNode kept = null;
        for (JsonNode e : register) {
            if (e.get("type").asString().equals("SentToCustomer")) {
                kept = e.get("payload");
            }
        }
        assertThat(kept).isNotNull();
        assertThat(kept.get("kind").asString()).isEqualTo("MESSAGE");
        assertThat(kept.get("text").asString())
                .contains("[status page link — sent only to the customer]")
                .doesNotContainPattern("/public/status/[A-Za-z0-9_-]{32}");
        assertThat(kept.get("attachments").get(0).asString()).isEqualTo("meter-reading.pdf");
    }

    @Test
    void aLetterGoesToThePrintQueueWithTheCustomersNameAsWritten() throws Exception {
        Opened c = opened();
        ApiClient.Response sent = c.lead()
                .post(
                        "/api/cases/" + c.reference() + "/messages",
                        Map.of("channel", "LETTER", "text", "Dear Łukasz Żółć,\n\nWe have fixed the fence."));
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);

        JsonNode letters =
                c.lead().get("/api/cases/" + c.reference() + "/letters").json();
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).get("kind").asString()).isEqualTo("MESSAGE");
        byte[] pdf = c.lead()
                .download("/api/cases/" + c.reference() + "/letters/"
                        + letters.get(0).get("id").asLong())
                .bytes();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(new PDFTextStripper().getText(document).replaceAll("\\s+", " "))
                    .contains("We have fixed the fence.", c.reference(), "12 Harbour Street");
        }
    }

    @Test
    void badMessagesAndPeopleWhoMayNotWriteAreRefusedAndNothingIsSent() {
        Opened c = opened();
        Dept other = department();

        ApiClient.Response empty =
                c.lead().post("/api/cases/" + c.reference() + "/messages", Map.of("channel", "EMAIL", "text", "  "));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.header("Content-Type")).startsWith("application/problem+json");
        assertThat(empty.body()).contains("text");

        ApiClient.Response notOnCase = c.lead()
                .post(
                        "/api/cases/" + c.reference() + "/messages",
                        Map.of("channel", "EMAIL", "text", "Hello", "attachments", List.of(-1)));
        assertThat(notOnCase.status()).isEqualTo(400);
        assertThat(notOnCase.body()).contains("attachments");

        ApiClient.Response outsider = other.as(other.lead)
                .post("/api/cases/" + c.reference() + "/messages", Map.of("channel", "EMAIL", "text", "Hello"));
        assertThat(outsider.status()).isIn(403, 404);
        assertThat(messages(c.id())).isZero();
    }

    @Test
    void onTheCasePageStaffStartFromATemplateSeeThePreviewAndSendOnlyWhatTheyPreviewed() {
        Opened c = opened();
        FormSession page = signedIn(c.dept().lead);

        String started = page.get("/cases/" + c.reference() + "?start=SUBSTANTIVE_RESPONSE")
                .expect(200)
                .html()
                .select("#write-to-customer-text")
                .text();
        assertThat(started).startsWith("Dear Łukasz Żółć,").contains("[Write here]");

        String text = "Dear Łukasz Żółć,\n\nWe have repaired the street light.";
        FormSession.Page previewed = compose(page, c, text, null).expect(200);
        assertThat(previewed.html().select("#message-preview").text())
                .contains(c.email(), "We have repaired the street light.");
        String fingerprint = previewed
                .html()
                .select("#message-preview input[name=previewed]")
                .attr("value");
        assertThat(messages(c.id())).isZero();

        // Changed after the preview: shown again, not sent.
        compose(page, c, text + " And the pavement.", fingerprint).expect(200);
        assertThat(messages(c.id())).isZero();

        FormSession.Page done = compose(page, c, text, fingerprint);
        assertThat(page.flash(done)).contains("E-mail to " + c.email() + " queued");
        assertThat(messages(c.id())).isEqualTo(1);
    }

    @Test
    void aMessageCanGoToSomeoneActingForTheCustomerAndTheRegisterSaysToWhom() throws Exception {
        Opened c = opened();
        String advocate = "advocate-" + unique().toLowerCase(Locale.ROOT) + "@example.org";

        ApiClient.Response missing = c.lead()
                .post(
                        "/api/cases/" + c.reference() + "/messages",
                        Map.of("channel", "EMAIL", "text", "Hello", "to", Map.of("name", "Ana Advocate")));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body()).contains("to.email");

        ApiClient.Response sent = c.lead()
                .post(
                        "/api/cases/" + c.reference() + "/messages",
                        Map.of(
                                "channel",
                                "EMAIL",
                                "text",
                                "Dear Ms Advocate,\n\nAs agreed with Mr Żółć, here is where things stand.",
                                "to",
                                Map.of("name", "Ana Advocate", "email", advocate)));
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);
        assertThat(sent.json().get("to").asString()).isEqualTo(advocate);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> TestMail.receivedBy(advocate).size() == 1);
        assertThat(TestMail.text(TestMail.receivedBy(advocate).getFirst())).contains("As agreed with Mr Żółć");
        assertThat(TestMail.receivedBy(c.email())).isEmpty();
        assertThat(c.lead().get("/api/cases/" + c.reference() + "/events").body())
                .contains("\"to\":\"" + advocate + "\"");
    }

    @Test
    void theResponseFormPreviewsTheEmailTheCustomerWillReceiveAndRecordsNothing() {
        Opened c = opened();
        FormSession page = signedIn(c.dept().lead);

        FormSession.Page shown = page.post(
                        "/cases/" + c.reference() + "/respond",
                        "channel",
                        "EMAIL",
                        "analysis",
                        "The fence was on our land.",
                        "resolution",
                        "We have rebuilt it.",
                        "outcome",
                        "UPHELD",
                        "remedy.type",
                        "APOLOGY",
                        "remedy.description",
                        "for the delay",
                        "preview",
                        "true")
                .expect(200);
        assertThat(shown.html().select("#respond-preview").text())
                .contains(c.email(), "Our response to your complaint", "Dear Łukasz Żółć", "We have rebuilt it.")
                .contains("To put things right, we offer: - An apology: for the delay");
        assertThat(c.lead()
                        .get("/api/cases/" + c.reference())
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("RECEIVED");
        assertThat(messages(c.id())).isZero();

        String spoken = page.post(
                        "/cases/" + c.reference() + "/respond",
                        "channel",
                        "PHONE_CALL",
                        "resolution",
                        "We have rebuilt it.",
                        "outcome",
                        "UPHELD",
                        "preview",
                        "true")
                .expect(200)
                .html()
                .select("#respond-preview")
                .text();
        assertThat(spoken).contains("Hearken sends nothing by this channel");
    }

    /** The composer's form by e-mail: a preview, or with the preview's fingerprint, the confirmation to send. */
    private static FormSession.Page compose(FormSession page, Opened c, String text, String previewed) {
        return previewed == null
                ? page.post("/cases/" + c.reference() + "/write-to-customer", "channel", "EMAIL", "text", text)
                : page.post(
                        "/cases/" + c.reference() + "/write-to-customer",
                        "channel",
                        "EMAIL",
                        "text",
                        text,
                        "previewed",
                        previewed,
                        "confirm",
                        "true");
    }
}
