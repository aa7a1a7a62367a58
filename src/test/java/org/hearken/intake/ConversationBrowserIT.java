package org.hearken.intake;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.hearken.identity.Role;
import org.hearken.identity.StaffAccounts;
import org.hearken.statuslinks.StatusLinks;
import org.hearken.support.ApiClient;
import org.hearken.support.BrowserTest;
import org.hearken.support.FormSession;
import org.hearken.support.TestMail;
import org.hearken.support.TestMailServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The whole conversation with a customer, in Chromium, against a real mail server: their e-mail becomes a case, which
 * an agent reclassifies from a question to a complaint and answers from the case page with the response template,
 * edited, with the PDF the customer sent attached; the customer's mailbox receives it with the case reference and the
 * file, their reply lands on the same case, and the owner sees the notification and "customer replied" in their list.
 * The same answer as a letter prints the customer's name as written; an internal note is in no e-mail, letter or status
 * page.
 */
class ConversationBrowserIT extends BrowserTest {

    static final String DEPARTMENT = "TALK" + unique().substring(0, 8);
    private static final byte[] PDF = "%PDF-1.4\n% the bill\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    private static final String NOTE = "Internal: the meter fitter was new " + unique();

    @DynamicPropertySource
    static void mailbox(DynamicPropertyRegistry registry) {
        TestMailServer.registerIntake(registry, DEPARTMENT, "Processed");
    }

    @Autowired
    MailPoller poller;

    @Autowired
    StatusLinks statusLinks;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void anAgentAnswersAnEmailedComplaintFromTheCasePageAndTheCustomersReplyComesBackToTheCase() throws Exception {
        // The Metart standard, but with questions by e-mail answered within fifteen business days: reclassifying the
        // question as a complaint brings its response forward to the complaint's seven.
        ApiClient admin = as(staffWithoutDepartment(Role.ADMIN));
        String metart = java.nio.file.Files.readString(java.nio.file.Path.of("policies/metart.yaml"));
        String slowQuestions = metart.replaceFirst(
                "\ntargets:\n",
                "\ntargets:\n  - kinds: [QUESTION]\n    channels: [EMAIL]\n    acknowledge: 1\n    respond: 15\n");
        assertThat(slowQuestions).isNotEqualTo(metart);
        ApiClient.Response uploaded = admin.put("/api/policy", slowQuestions, "application/yaml");
        assertThat(uploaded.status()).as(uploaded.body()).isIn(200, 201);
        try {
            converse();
        } finally {
            org.hearken.policy.PolicyTestSupport.ensureActive(admin, "metart");
        }
    }

    private void converse() throws Exception {
        clock.set(Instant.parse("2026-12-14T00:00:00Z"));
        accounts.createDepartment(DEPARTMENT, "Water billing", false);
        String agent = "u" + unique().toLowerCase(Locale.ROOT);
        accounts.createStaff(new StaffAccounts.NewStaff(
                agent, "Wanda Agent", null, PASSWORD, Set.of(Role.MANAGER, Role.AGENT), Set.of(DEPARTMENT)));
        accounts.setDepartmentLead(DEPARTMENT, agent);
        ApiClient api = as(agent);

        // The customer writes in, with their bill.
        String from = "lukasz-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
        String first = unique().toLowerCase(Locale.ROOT) + "@client.example.net";
        // Delivered when it was sent (SMTP delivery would stamp it with the real time, not the test's).
        TestMailServer.append("""
                From: %s <%s>
                To: intake@example.org
                Subject: Overcharged for water
                Date: Mon, 14 Dec 2026 10:00:00 +1100
                Message-ID: <%s>
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="b1"

                --b1
                Content-Type: text/plain; charset=utf-8

                My water bill is twice what it should be.
                --b1
                Content-Type: application/pdf; name="bill.pdf"
                Content-Disposition: attachment; filename="bill.pdf"
                Content-Transfer-Encoding: base64

                %s
                --b1--
                """.formatted(
                        MimeUtility.encodeText("Łukasz Żółć", "UTF-8", "B"),
                        from,
                        first,
                        Base64.getEncoder().encodeToString(PDF)));
        poller.pollAll();
        String reference = jdbc.sql("select c.reference from intake_mail m join cases c on c.id = m.case_id"
                        + " where m.message_id = ?")
                .param(first)
                .query(String.class)
                .single();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> api.get("/api/cases/" + reference)
                        .json()
                        .get("status")
                        .asString()
                        .equals("ACKNOWLEDGED"));
        assertThat(api.get("/api/cases/" + reference).json().get("kind").asString())
                .isEqualTo("QUESTION");
        String questionRespondBy =
                api.get("/api/cases/" + reference).json().get("respondBy").asString();

        Page page = page();
        signIn(agent, PASSWORD);
        page.navigate(url("/cases/" + reference));

        // It is a complaint, recorded as a question: reclassified, with new due dates and the dates in the register.
        page.locator("#action-reclassify summary").click();
        page.locator("#reclassify-kind").selectOption("COMPLAINT");
        page.locator("#reclassify-reason").fill("The customer disputes a charge: a complaint.");
        page.locator("#action-reclassify")
                .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Reclassify"))
                .click();
        assertThat(page.locator(".flash.ok")).isVisible();
        JsonNode reclassified = null;
        for (JsonNode e : api.get("/api/cases/" + reference + "/events").json()) {
            if (e.get("type").asString().equals("Reclassified")) {
                reclassified = e.get("payload");
            }
        }
        assertThat(reclassified).isNotNull();
        assertThat(reclassified.get("previousKind").asString()).isEqualTo("QUESTION");
        assertThat(reclassified.get("kind").asString()).isEqualTo("COMPLAINT");
        assertThat(reclassified.get("dueDates").toString()).contains("previousDue", "RESPOND");
        assertThat(java.time.OffsetDateTime.parse(questionRespondBy))
                .isAfter(java.time.OffsetDateTime.parse("2027-01-01T00:00:00+11:00"));
        assertThat(api.get("/api/cases/" + reference).json().get("respondBy").asString())
                .isEqualTo("2026-12-23T17:00:00+11:00");

        // An internal note, which the customer must never see.
        page.locator("#action-add-note summary").click();
        page.locator("#add-note-text").fill(NOTE);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add the note"))
                .click();
        assertThat(page.locator(".timeline")).containsText(NOTE);

        // The answer: the response template, edited, with the customer's bill attached; previewed, then sent.
        page.locator("#compose-start").selectOption("SUBSTANTIVE_RESPONSE");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Use these words"))
                .click();
        Locator text = page.locator("#write-to-customer-text");
        assertThat(text).hasValue(java.util.regex.Pattern.compile("^Dear Łukasz Żółć,[\\s\\S]*\\[Write here\\]"));
        text.fill(text.inputValue()
                .replace("[Write here]", "We misread your meter. We have halved the bill and refunded $42.10."));
        page.locator("#write-to-customer-channel").selectOption("EMAIL");
        page.getByLabel("bill.pdf").check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Preview"))
                .click();
        Locator preview = page.locator("#message-preview");
        assertThat(preview).containsText(from);
        assertThat(preview).containsText("We have halved the bill");
        assertThat(preview).containsText("bill.pdf");
        assertThat(axe(page))
                .as("accessibility of the composer with its preview")
                .isEmpty();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send to the customer"))
                .click();
        assertThat(page.locator(".flash.ok")).containsText("queued");

        await().atMost(Duration.ofSeconds(20))
                .until(() -> TestMail.receivedBy(from).stream()
                        .anyMatch(m -> subject(m).startsWith("Our response")));
        MimeMessage answer = TestMail.receivedBy(from).stream()
                .filter(m -> subject(m).startsWith("Our response"))
                .findFirst()
                .orElseThrow();
        assertThat(answer.getSubject()).contains(reference);
        assertThat(answer.getHeader("In-Reply-To", null)).isEqualTo("<" + first + ">");
        Multipart parts = (Multipart) answer.getContent();
        assertThat((String) parts.getBodyPart(0).getContent()).contains("We have halved the bill");
        Part file = parts.getBodyPart(1);
        assertThat(file.getFileName()).isEqualTo("bill.pdf");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        file.getDataHandler().writeTo(bytes);
        assertThat(bytes.toByteArray()).isEqualTo(PDF);

        // The customer replies from their mail program: it lands on the case, and the owner is told.
        String reply = unique().toLowerCase(Locale.ROOT) + "@client.example.net";
        TestMailServer.send(from, """
                From: %s
                To: intake@example.org
                Subject: Re: %s
                Date: Tue, 15 Dec 2026 09:00:00 +1100
                Message-ID: <%s>
                In-Reply-To: %s
                References: <%s> %s

                Thank you, that is fair.
                """.formatted(
                        from, answer.getSubject(), reply, answer.getMessageID(), first, answer.getMessageID()));
        poller.pollAll();
        page.navigate(url("/notifications"));
        assertThat(page.locator("#notices")).containsText(reference + ": the customer replied.");
        page.navigate(url("/cases/mine"));
        assertThat(page.locator("tr[data-reference=" + reference + "]")).containsText("customer replied");
        page.navigate(url("/cases/" + reference));
        assertThat(page.locator("#customer-replied")).containsText("The customer replied");
        assertThat(page.locator(".timeline")).containsText("Thank you, that is fair.");

        // The same answer as a letter prints the customer's name as written.
        page.locator("#compose-start").selectOption("SUBSTANTIVE_RESPONSE");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Use these words"))
                .click();
        text = page.locator("#write-to-customer-text");
        text.fill(text.inputValue()
                .replace("[Write here]", "We misread your meter. We have halved the bill and refunded $42.10."));
        page.locator("#write-to-customer-channel").selectOption("LETTER");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Preview"))
                .click();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send to the customer"))
                .click();
        assertThat(page.locator(".flash.ok")).containsText("print queue");
        List<String> letters = new ArrayList<>();
        for (JsonNode l : api.get("/api/cases/" + reference + "/letters").json()) {
            letters.add(pdfText(api.download("/api/cases/" + reference + "/letters/"
                            + l.get("id").asLong())
                    .bytes()));
        }
        assertThat(letters).singleElement().asString().contains("Łukasz Żółć", "We have halved the bill", reference);

        // The note is in no e-mail, no letter and not on the status page.
        for (MimeMessage m : TestMail.receivedBy(from)) {
            assertThat(m.getContent().toString() + bodyOf(m)).doesNotContain(NOTE);
        }
        assertThat(letters.getFirst()).doesNotContain(NOTE);
        long caseId = jdbc.sql("select id from cases where reference = ?")
                .param(reference)
                .query(Long.class)
                .single();
        String token = new TransactionTemplate(transactions).execute(tx -> statusLinks.issue(caseId));
        assertThat(new FormSession(port)
                        .get("/public/status/" + token)
                        .expect(200)
                        .body())
                .contains(reference)
                .doesNotContain(NOTE);
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String bodyOf(MimeMessage m) throws Exception {
        Object content = m.getContent();
        if (content instanceof Multipart parts) {
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < parts.getCount(); i++) {
                Object part = parts.getBodyPart(i).getContent();
                if (part instanceof String s) {
                    all.append(s);
                }
            }
            return all.toString();
        }
        return content.toString();
    }

    private static String pdfText(byte[] pdf) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
        }
    }
}
