package org.hearken.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hearken.support.CaseBuilder.PHONE;
import static org.hearken.support.CaseBuilder.aComplaint;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hearken.cases.CaseManagement;
import org.hearken.identity.StaffDirectory;
import org.hearken.statuslinks.StatusLinks;
import org.hearken.support.ApiClient;
import org.hearken.support.FormSession;
import org.hearken.support.IntegrationTest;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The customer's side of the private status page: a message with files lands on the case as an e-mail reply does,
 * the page shows the messages both ways and never what staff wrote for each other, and a message is refused (with
 * nothing stored) as the public form refuses one.
 */
class StatusPageMessagesIT extends IntegrationTest {

    private static final byte[] PDF = "%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    @Autowired
    StatusLinks statusLinks;

    @Autowired
    CaseManagement cases;

    @Autowired
    StaffDirectory directory;

    @Autowired
    PublicFormSettings settings;

    @Autowired
    PlatformTransactionManager transactions;

    /** A case of the test's own, with its customer's private link. */
    private record Opened(Dept dept, String reference, long caseId, String link) {}

    private Opened open() {
        Dept dept = department();
        String ref = aComplaint()
                .by(PHONE)
                .email("status-" + unique() + "@example.org")
                .inDepartment(dept)
                .open();
        long caseId = jdbc.sql("select id from cases where reference = ?")
                .param(ref)
                .query(Long.class)
                .single();
        String token = new TransactionTemplate(transactions).execute(tx -> statusLinks.issue(caseId));
        return new Opened(dept, ref, caseId, "/public/status/" + token);
    }

    /** Shows the page to {@code visitor} and sends its form after a person's pause, with these parts added. */
    private FormSession.Page send(FormSession visitor, String link, String message, FormSession.Part... files) {
        Document page = visitor.get(link).expect(200).html();
        List<FormSession.Part> parts = new ArrayList<>();
        page.select("form.public-form input[type=hidden]")
                .forEach(i -> parts.add(FormSession.Part.field(i.attr("name"), i.attr("value"))));
        parts.add(FormSession.Part.field("message", message));
        parts.add(FormSession.Part.field("website", ""));
        parts.addAll(List.of(files));
        if (files.length == 0) {
            parts.add(FormSession.Part.file("attachments", "", "application/octet-stream", new byte[0]));
        }
        clock.advance(Duration.ofSeconds(5));
        return visitor.postParts(link, parts);
    }

    private static FormSession.Part pdf(String name) {
        return FormSession.Part.file("attachments", name, "application/pdf", PDF);
    }

    @Test
    void aMessageWithAFileLandsOnTheCaseNotifiesTheOwnerAndThePageShowsBothWaysButNeverANote() {
        clock.set(Instant.parse("2026-11-30T09:00:00Z"));
        Opened c = open();
        ApiClient lead = c.dept().as(c.dept().lead);
        String note = "Internal only: the caller's neighbour is the councillor " + unique();
        assertThat(lead.post("/api/cases/" + c.reference() + "/notes", Map.of("text", note))
                        .status())
                .isEqualTo(200);
        lead.post("/api/cases/" + c.reference() + "/acknowledge", Map.of("via", "VERBAL"));
        ApiClient.Response responded = lead.post(
                "/api/cases/" + c.reference() + "/respond",
                Map.of("channel", "EMAIL", "resolution", "We repaired the footpath on Friday.", "outcome", "UPHELD"));
        assertThat(responded.status()).as(responded.body()).isEqualTo(200);
        // The page dates an e-mail by when it went out: let it go before the customer answers.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode mail =
                    lead.get("/api/cases/" + c.reference() + "/messages").json();
            return mail.size() == 1 && mail.get(0).get("status").asString().equals("SENT");
        });
        // The customer answered our e-mail by e-mail, as mail intake records it.
        clock.advance(Duration.ofHours(1));
        cases.recordCustomerMessage(
                c.reference(),
                "customer@example.org",
                clock.instant(),
                "Re: your complaint",
                "Thank you, but the kerb is still loose.",
                directory.actorFor(c.dept().lead).orElseThrow());
        clock.advance(Duration.ofHours(1));

        FormSession customer = new FormSession(port, uniqueClientAddress());
        FormSession.Page sent =
                send(customer, c.link(), "Here is a photo of the loose kerb.\nIt is by the bus stop.", pdf("kerb.pdf"));

        assertThat(sent.status()).as(sent.body()).isEqualTo(302);
        assertThat(sent.location()).isEqualTo(c.link());
        Document page = customer.follow(sent).html();
        assertThat(page.select(".message-sent").text()).contains("Your message was sent with 1 file");
        // Both ways, oldest first: our response by e-mail, their e-mail, their message from this page.
        assertThat(page.select(".message .message-from").eachText()).containsExactly("From us", "From you", "From you");
        assertThat(page.select(".message .message-when").eachText().get(1)).startsWith("Emailed to us on");
        assertThat(page.select(".message .message-when").eachText().get(2)).startsWith("Sent from this page on");
        assertThat(page.select(".message .message-body").eachText().get(1)).contains("the kerb is still loose");
        assertThat(page.select(".message.from-customer .message-body").last().wholeText())
                .isEqualTo("Here is a photo of the loose kerb.\nIt is by the bus stop.");
        assertThat(page.outerHtml()).doesNotContain(note).doesNotContain("kerb.pdf");

        // On the case, as an e-mail reply: the register, the timeline, the file, the owner's notice, "customer
        // replied".
        JsonNode events = lead.get("/api/cases/" + c.reference() + "/events").json();
        List<String> byCustomer = new ArrayList<>();
        events.forEach(e -> {
            if (e.get("actor").asString().equals(CaseManagement.STATUS_PAGE_CUSTOMER_ACTOR)) {
                byCustomer.add(e.get("type").asString());
            }
        });
        assertThat(byCustomer).containsExactly("CustomerMessageReceived", "FileAdded");
        JsonNode files =
                lead.get("/api/cases/" + c.reference() + "/attachments").json();
        assertThat(files).hasSize(1);
        assertThat(files.get(0).get("filename").asString()).isEqualTo("kerb.pdf");
        assertThat(files.get(0).get("source").asString()).isEqualTo("STATUS_PAGE");
        assertThat(files.get(0).hasNonNull("uploadedBy")).isFalse();
        assertThat(lead.download("/api/cases/" + c.reference() + "/attachments/"
                                + files.get(0).get("id").asLong())
                        .bytes())
                .isEqualTo(PDF);
        List<String> notices = new ArrayList<>();
        lead.get("/api/notifications").json().forEach(n -> {
            if (c.reference().equals(n.path("reference").asString(""))) {
                notices.add(n.get("kind").asString());
            }
        });
        assertThat(notices).contains("CUSTOMER_REPLIED");
        assertThat(lead.get("/api/cases/" + c.reference()).json().hasNonNull("customerRepliedAt"))
                .isTrue();
        Document casePage = signedIn(c.dept().lead)
                .get("/cases/" + c.reference())
                .expect(200)
                .html();
        assertThat(casePage.select(".timeline").text())
                .contains("The customer wrote again", "It is by the bus stop", "File added", "kerb.pdf");
        assertThat(casePage.select("#files li").text())
                .contains("kerb.pdf", "sent by the customer from the status page");
    }

    @Test
    void onAClosedCaseAMessageIsAReplyAfterClosureAndTheCaseStaysClosed() {
        Opened c = open();
        ApiClient lead = c.dept().as(c.dept().lead);
        lead.post("/api/cases/" + c.reference() + "/acknowledge", Map.of("via", "VERBAL"));
        lead.post(
                "/api/cases/" + c.reference() + "/respond",
                Map.of("channel", "PHONE_CALL", "resolution", "Fixed.", "outcome", "RESOLVED"));
        assertThat(lead.post("/api/cases/" + c.reference() + "/close", Map.of()).status())
                .isEqualTo(200);
        FormSession customer = new FormSession(port, uniqueClientAddress());
        assertThat(customer.get(c.link()).html().select("#write + p").text()).contains("You can still write to us");

        FormSession.Page sent = send(customer, c.link(), "It broke again this morning.");

        assertThat(sent.status()).isEqualTo(302);
        assertThat(lead.get("/api/cases/" + c.reference()).json().get("status").asString())
                .isEqualTo("CLOSED");
        List<String> notices = new ArrayList<>();
        lead.get("/api/notifications").json().forEach(n -> {
            if (c.reference().equals(n.path("reference").asString(""))) {
                notices.add(n.get("kind").asString());
            }
        });
        assertThat(notices).containsExactly("REPLY_AFTER_CLOSURE");
    }

    @Test
    void aBadFileAnEmptyMessageARobotOrAFormWithoutItsTokenIsRefusedAndNothingIsStored() {
        Opened c = open();
        String address = uniqueClientAddress();
        FormSession customer = new FormSession(port, address);

        FormSession.Page disguised = send(
                customer,
                c.link(),
                "My invoice.",
                FormSession.Part.file(
                        "attachments",
                        "invoice.pdf",
                        "application/pdf",
                        "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8)));
        assertThat(disguised.status()).isEqualTo(400);
        Document page = disguised.html();
        assertThat(page.select("#attachments-error").text())
                .contains("‘invoice.pdf’ is not a PDF file; check that you chose the right file");
        assertThat(page.select(".error-summary a[href=#attachments]")).hasSize(1);
        assertThat(page.selectFirst("textarea#message").text()).isEqualTo("My invoice.");
        assertThat(page.title()).startsWith("Error:");

        FormSession.Page program = send(
                customer,
                c.link(),
                "A program.",
                FormSession.Part.file("attachments", "setup.exe", "application/octet-stream", new byte[] {'M', 'Z'}));
        assertThat(program.status()).isEqualTo(400);
        assertThat(program.html().select("#attachments-error").text()).contains("‘setup.exe’ is not a type of file");

        FormSession.Page tooMany =
                send(customer, c.link(), "Four files.", pdf("a.pdf"), pdf("b.pdf"), pdf("c.pdf"), pdf("d.pdf"));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.html().select("#attachments-error").text())
                .contains("You can attach up to " + settings.maxAttachments() + " files");

        FormSession.Page empty = send(customer, c.link(), "   ", pdf("a.pdf"));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.html().select("#message-error").text()).contains("Write your message");

        Document shown = customer.get(c.link()).html();
        List<FormSession.Part> robot = new ArrayList<>();
        shown.select("form.public-form input[type=hidden]")
                .forEach(i -> robot.add(FormSession.Part.field(i.attr("name"), i.attr("value"))));
        robot.add(FormSession.Part.field("message", "Cheap pills"));
        robot.add(FormSession.Part.field("website", "http://spam.example"));
        clock.advance(Duration.ofSeconds(5));
        FormSession.Page caught = customer.postParts(c.link(), robot);
        assertThat(caught.status()).isEqualTo(400);
        assertThat(caught.html().select(".error-summary").text()).contains("Your message was not sent");

        FormSession.Page forged = customer.postParts(
                c.link(),
                List.of(
                        FormSession.Part.field("message", "No token"),
                        FormSession.Part.field(
                                "started",
                                shown.selectFirst("input[name=started]").attr("value"))));
        assertThat(forged.status()).isEqualTo(403);

        assertThat(customer.postParts("/public/status/" + "A".repeat(32), robot).status())
                .isEqualTo(404);

        assertThat(c.dept()
                        .as(c.dept().lead)
                        .get("/api/cases/" + c.reference() + "/events")
                        .body())
                .doesNotContain("CustomerMessageReceived")
                .doesNotContain("FileAdded");
        assertThat(jdbc.sql("select count(*) from intake_attachment where case_id = ?")
                        .param(c.caseId())
                        .query(Integer.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("select customer_replied_at is null from cases where id = ?")
                        .param(c.caseId())
                        .query(Boolean.class)
                        .single())
                .isTrue();
    }

    @Test
    void oneAddressMaySendOnlySoManyMessagesAndTheRefusedOneStoresNothing() {
        Opened c = open();
        FormSession customer = new FormSession(port, uniqueClientAddress());
        for (int i = 0; i < settings.maxPerAddress(); i++) {
            assertThat(send(customer, c.link(), "Message " + i).status())
                    .as("message %d", i + 1)
                    .isEqualTo(302);
        }

        FormSession.Page refused = send(customer, c.link(), "One too many", pdf("late.pdf"));

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After"))
                .isEqualTo(String.valueOf(settings.window().toSeconds()));
        assertThat(refused.html().selectFirst("h1").text()).isEqualTo("Too many forms sent");
        assertThat(refused.html().select("a[href=" + c.link() + "]")).hasSize(1);
        ApiClient lead = c.dept().as(c.dept().lead);
        assertThat(lead.get("/api/cases/" + c.reference() + "/events").body())
                .doesNotContain("One too many")
                .doesNotContain("late.pdf");
        assertThat(lead.get("/api/cases/" + c.reference() + "/attachments").json())
                .isEmpty();
        // Another address is not held up by this one.
        assertThat(send(new FormSession(port, uniqueClientAddress()), c.link(), "From the library")
                        .status())
                .isEqualTo(302);
    }
}
