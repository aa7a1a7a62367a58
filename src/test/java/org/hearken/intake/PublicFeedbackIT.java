package org.hearken.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hearken.cases.CustomerWording;
import org.hearken.identity.Department;
import org.hearken.identity.Role;
import org.hearken.identity.StaffDirectory;
import org.hearken.support.ApiClient;
import org.hearken.support.IntegrationTest;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The public form over plain HTTP: what it stores and what it refuses. Every refused form (robot, flood, bad input,
 * no CSRF token) must leave no case, no customer, no file and no count behind.
 */
class PublicFeedbackIT extends IntegrationTest {

    @Autowired
    StaffDirectory directory;

    @Autowired
    PublicFormSettings settings;

    @Autowired
    FormSecret secret;

    private Department department;
    private String address;
    private PublicFormClient visitor;
    private String marker;

    @BeforeEach
    void setUp() {
        department = WebFormDepartment.ensure(accounts, directory, PASSWORD);
        address = PublicFormClient.uniqueAddress();
        visitor = new PublicFormClient(port, address);
        marker = "m" + unique().toLowerCase(Locale.ROOT);
    }

    // ---- accepted ---------------------------------------------------------------------------------------------------

    @Test
    void aValidFormBecomesAWebFormCaseInTheDefaultDepartmentWithAPrivateStatusLink() {
        Map<String, String> hidden = visitor.openForm();
        clock.advance(Duration.ofSeconds(5));

        PublicFormClient.Response sent = visitor.post(hidden, valid(), List.of());

        assertThat(sent.status()).isEqualTo(302);
        assertThat(sent.location()).endsWith("/public/feedback/sent");
        Document confirmation = visitor.get("/public/feedback/sent").html();
        String reference = confirmation.selectFirst(".reference").text();
        assertThat(reference).matches("HK-\\d{4}-\\d{6,}");
        String link = confirmation.selectFirst("#status-link").attr("value");
        assertThat(link).matches("http://localhost:\\d+/public/status/[A-Za-z0-9_-]{32}");

        JsonNode c = executive().get("/api/cases/" + reference).json();
        assertThat(c.get("channel").asString()).isEqualTo("WEB_FORM");
        assertThat(c.get("kind").asString()).isEqualTo("COMPLAINT");
        assertThat(c.get("subject").asString()).isEqualTo("Broken footpath " + marker);
        assertThat(c.get("department").get("id").asString()).isEqualTo(department.code());
        assertThat(c.get("customer").get("email").asString()).isEqualTo(email());
        assertThat(c.get("customer").get("preferredReply").asString()).isEqualTo("EMAIL");
        JsonNode opened =
                executive().get("/api/cases/" + reference + "/events").json().get(0);
        assertThat(opened.get("actor").asString()).isEqualTo(WebFormAccount.USERNAME);

        // The confirmation says when they will hear from us, in words, in the organisation's time zone.
        Instant acknowledgeBy = java.time.OffsetDateTime.parse(
                        c.get("acknowledgeBy").asString())
                .toInstant();
        Instant respondBy =
                java.time.OffsetDateTime.parse(c.get("respondBy").asString()).toInstant();
        java.time.ZoneId zone =
                java.time.OffsetDateTime.parse(c.get("respondBy").asString()).getOffset();
        assertThat(confirmation.select(".next-steps li").eachText())
                .containsExactly(
                        "We will confirm that we have your complaint, and who is looking after it, by "
                                + CustomerWording.when(acknowledgeBy, zone) + ".",
                        "We will respond by " + CustomerWording.when(respondBy, zone) + ".");

        // The token is stored only as its SHA-256.
        String token = link.substring(link.lastIndexOf('/') + 1);
        assertThat(jdbc.sql("select count(*) from status_link where token_hash = sha256(convert_to(?, 'UTF8'))")
                        .param(token)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from status_link where encode(token_hash, 'escape') like ?")
                        .param("%" + token + "%")
                        .query(Integer.class)
                        .single())
                .isZero();

        // The confirmation is shown once; reloading it goes back to the form.
        assertThat(visitor.get("/public/feedback/sent").status()).isEqualTo(302);
    }

    @Test
    void theSubjectMayBeLeftOutAndIsTakenFromTheFeedback() {
        Map<String, String> hidden = visitor.openForm();
        clock.advance(Duration.ofSeconds(5));
        Map<String, String> fields = valid();
        fields.put("subject", "");
        fields.put(
                "description",
                "The street light outside number 12 has been flickering every night since the storm last week "
                        + marker);

        assertThat(visitor.post(hidden, fields, List.of()).status()).isEqualTo(302);

        assertThat(jdbc.sql("select subject from cases where description like ?")
                        .param("%" + marker)
                        .query(String.class)
                        .single())
                .isEqualTo("The street light outside number 12 has been flickering every night since the…");
    }

    // ---- robots: nothing stored -----------------------------------------------------------------------------------

    @Test
    void aFilledHoneypotIsRefusedAndStoresNothing() {
        Map<String, String> hidden = visitor.openForm();
        clock.advance(Duration.ofSeconds(30));
        Map<String, String> fields = valid();
        fields.put("website", "http://cheap-pills.example");

        PublicFormClient.Response refused = visitor.post(hidden, fields, List.of(pdf()));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.html().select(".error-summary").text()).contains("Your feedback was not sent");
        assertNothingStored();
    }

    @Test
    void aFormSentFasterThanAPersonCouldIsRefusedAndStoresNothing() {
        Map<String, String> hidden = visitor.openForm();
        clock.advance(settings.minFillTime().minusMillis(500));

        PublicFormClient.Response refused = visitor.post(hidden, valid(), List.of());

        assertThat(refused.status()).isEqualTo(400);
        assertNothingStored();
        // What was typed comes back, with a fresh start time, so a person can simply send it again.
        Document again = refused.html();
        assertThat(again.selectFirst("#description").text())
                .isEqualTo("The footpath outside the library is broken " + marker);
        assertThat(again.selectFirst("input[name=started]").attr("value")).isNotEqualTo(hidden.get("started"));
    }

    @Test
    void aFormOpenForTooLongMustBeSentAgainAndStoresNothing() {
        Map<String, String> hidden = visitor.openForm();
        clock.advance(settings.maxFormAge().plusMinutes(1));

        PublicFormClient.Response refused = visitor.post(hidden, valid(), List.of());

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.html().select(".error-summary").text()).contains("open for a long time");
        assertNothingStored();
    }

    @Test
    void aForgedOrMissingStartTimeIsRefusedAndStoresNothing() {
        Map<String, String> hidden = visitor.openForm();
        clock.advance(Duration.ofSeconds(5));
        String started = hidden.get("started");
        long earlier = Long.parseLong(started.substring(0, started.indexOf('.'))) - 60_000;

        Map<String, String> forged = new HashMap<>(hidden);
        forged.put("started", earlier + started.substring(started.indexOf('.')));
        assertThat(visitor.post(forged, valid(), List.of()).status()).isEqualTo(400);
        Map<String, String> missing = new HashMap<>(hidden);
        missing.remove("started");
        assertThat(visitor.post(missing, valid(), List.of()).status()).isEqualTo(400);
        assertNothingStored();
    }

    @Test
    void openingTheFormStoresNoSessionAndTheFormStillSends() {
        java.util.Set<String> before = sessionIds();

        Map<String, String> hidden = visitor.openForm();
        visitor.openForm();
        new PublicFormClient(port, PublicFormClient.uniqueAddress()).openForm();

        java.util.Set<String> written = sessionIds();
        written.removeAll(before);
        assertThat(written).as("session rows written by visits to the form").isEmpty();
        clock.advance(Duration.ofSeconds(5));
        PublicFormClient.Response sent = visitor.post(hidden, valid(), List.of());
        assertThat(sent.status()).isEqualTo(302);
        assertThat(sent.location()).endsWith("/public/feedback/sent");
    }

    @Test
    void aCsrfTokenFromAnotherVisitorsFormIsRefusedAndStoresNothing() {
        Map<String, String> theirs = new PublicFormClient(port, PublicFormClient.uniqueAddress()).openForm();
        Map<String, String> hidden = visitor.openForm();
        clock.advance(Duration.ofSeconds(5));
        hidden.put("_csrf", theirs.get("_csrf"));

        PublicFormClient.Response refused = visitor.post(hidden, valid(), List.of());

        assertThat(refused.status()).isEqualTo(403);
        assertNothingStored();
    }

    @Test
    void aFormWithoutItsCsrfTokenIsRefusedAndStoresNothing() {
        Map<String, String> hidden = visitor.openForm();
        clock.advance(Duration.ofSeconds(5));
        hidden.remove("_csrf");

        PublicFormClient.Response refused = visitor.post(hidden, valid(), List.of());

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.html().selectFirst("h1").text()).isEqualTo("Your form was not sent");
        assertNothingStored();
    }

    // ---- floods: the limit per client address -----------------------------------------------------------------------

    @Test
    void oneAddressMaySendOnlySoManyFormsAnHourAndTheRefusedOneStoresNothing() {
        clock.set(Instant.parse("2026-11-30T00:00:00Z"));
        for (int i = 0; i < settings.maxPerAddress(); i++) {
            Map<String, String> hidden = visitor.openForm();
            clock.advance(Duration.ofSeconds(5));
            assertThat(visitor.post(hidden, valid(), List.of()).status())
                    .as("form %d", i + 1)
                    .isEqualTo(302);
        }
        int stored = casesWithMarker();
        int counted = submissionRows();
        Map<String, String> hidden = visitor.openForm();
        clock.advance(Duration.ofSeconds(5));

        PublicFormClient.Response refused = visitor.post(hidden, valid(), List.of(pdf()));

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After"))
                .hasValue(String.valueOf(settings.window().toSeconds()));
        assertThat(refused.html().selectFirst("h1").text()).isEqualTo("Too many forms sent");
        assertThat(casesWithMarker()).isEqualTo(stored).isEqualTo(settings.maxPerAddress());
        assertThat(submissionRows()).isEqualTo(counted);
        assertThat(attachmentsWithMarker()).isZero();

        // Another address is not affected, and the first may send again once the window has passed.
        PublicFormClient neighbour = new PublicFormClient(port, PublicFormClient.uniqueAddress());
        Map<String, String> theirs = neighbour.openForm();
        clock.advance(Duration.ofSeconds(5));
        assertThat(neighbour.post(theirs, valid(), List.of()).status()).isEqualTo(302);
        hidden = visitor.openForm();
        clock.advance(settings.window());
        assertThat(visitor.post(hidden, valid(), List.of()).status()).isEqualTo(302);
    }

    // ---- bad input ------------------------------------------------------------------------------------------------

    @Test
    void missingAndBadFieldsAreListedAtTheTopAndNextToEachFieldAndNothingIsStored() {
        Map<String, String> hidden = visitor.openForm();
        clock.advance(Duration.ofSeconds(5));
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("email", "not-an-address " + marker);
        fields.put("reply", "PHONE");

        PublicFormClient.Response refused = visitor.post(hidden, fields, List.of());

        assertThat(refused.status()).isEqualTo(400);
        Document page = refused.html();
        assertThat(page.title()).startsWith("Error: ");
        assertThat(page.select(".error-summary a").eachText())
                .containsExactly(
                        "Select what kind of feedback this is",
                        "Tell us what your feedback is about",
                        "Enter your name",
                        "Enter an email address in the correct format, like name@example.com",
                        "Enter your phone number, so that we can call you");
        assertThat(page.select(".error-summary a").eachAttr("href"))
                .containsExactly("#kind", "#description", "#name", "#email", "#phone");
        assertThat(page.selectFirst("#email").attr("aria-invalid")).isEqualTo("true");
        assertThat(page.selectFirst("#email").attr("aria-describedby")).isEqualTo("email-hint email-error");
        assertThat(page.selectFirst("#email-error").text())
                .isEqualTo("Error: Enter an email address in the correct format, like name@example.com");
        assertThat(page.selectFirst("#email").attr("value")).isEqualTo("not-an-address " + marker);
        assertThat(page.selectFirst("#reply-PHONE").hasAttr("checked")).isTrue();
        assertNothingStored();
    }

    @Test
    void filesOfTheWrongTypeOrWithTheWrongContentAreRefusedAndNothingIsStored() {
        Map<String, String> hidden = visitor.openForm();
        clock.advance(Duration.ofSeconds(5));
        var program = new PublicFormClient.File(
                "invoice.exe", "application/octet-stream", "MZ...".getBytes(StandardCharsets.US_ASCII));
        var fakePdf = new PublicFormClient.File(
                "photo.pdf", "application/pdf", "<html><script>alert(1)</script>".getBytes(StandardCharsets.US_ASCII));

        PublicFormClient.Response refused = visitor.post(hidden, valid(), List.of(program, fakePdf));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.html().select("#attachments-error p").eachText())
                .containsExactly(
                        "Error: ‘invoice.exe’ is not a type of file we accept. Attach PDF, JPG, JPEG, PNG, GIF, TXT, DOC, DOCX, ODT or RTF files",
                        "Error: ‘photo.pdf’ is not a PDF file; check that you chose the right file");
        assertNothingStored();
    }

    @Test
    void aNulCharacterInTheFormIsRefusedWithAPublicPageAndNothingIsStored() {
        Map<String, String> hidden = visitor.openForm();
        clock.advance(Duration.ofSeconds(5));
        Map<String, String> fields = valid();
        fields.put("description", "The footpath\u0000is broken " + marker);

        PublicFormClient.Response refused = visitor.post(hidden, fields, List.of());

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.html().selectFirst("h1").text()).isEqualTo("Your form could not be read");
        assertThat(refused.body())
                .contains("description: contains a NUL character")
                .doesNotContain("Sign out");
        assertNothingStored();
    }

    // ---- attachments
    // --------------------------------------------------------------------------------------------------

    @Test
    void anAttachmentIsStoredWithTheCaseAndServedOnlyToStaffAsADownload() {
        Map<String, String> hidden = visitor.openForm();
        clock.advance(Duration.ofSeconds(5));
        PublicFormClient.File photo =
                new PublicFormClient.File("C:\\Users\\ada\\footpath " + marker + ".png", "image/png", png());

        assertThat(visitor.post(hidden, valid(), List.of(photo, pdf())).status())
                .isEqualTo(302);
        Document confirmation = visitor.get("/public/feedback/sent").html();
        String reference = confirmation.selectFirst(".reference").text();
        String link = confirmation.selectFirst("#status-link").attr("value");

        ApiClient staff = executive();
        JsonNode files = staff.get("/api/cases/" + reference + "/attachments").json();
        assertThat(files).hasSize(2);
        assertThat(files.get(0).get("filename").asString()).isEqualTo("footpath " + marker + ".png");
        assertThat(files.get(0).get("contentType").asString()).isEqualTo("image/png");
        assertThat(files.get(0).get("size").asLong()).isEqualTo(png().length);
        assertThat(files.get(1).get("filename").asString()).isEqualTo("letter.pdf");
        long id = files.get(0).get("id").asLong();

        ApiClient.Response download = staff.get("/api/cases/" + reference + "/attachments/" + id);
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.header("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(download.header("Content-Disposition")).startsWith("attachment;");
        assertThat(download.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(download.header("Content-Length")).isEqualTo(String.valueOf(png().length));
        assertThat(jdbc.sql("select data from intake_attachment where id = ?")
                        .param(id)
                        .query(byte[].class)
                        .single())
                .isEqualTo(png());

        // Not to the public: not without signing in, and not from the status page.
        assertThat(anonymous()
                        .get("/api/cases/" + reference + "/attachments/" + id)
                        .status())
                .isEqualTo(401);
        String status = visitor.get(link.substring(link.indexOf("/public/"))).body();
        assertThat(status)
                .doesNotContain("footpath " + marker)
                .doesNotContain("letter.pdf")
                .doesNotContain("/attachments");
    }

    // ---- the status page
    // ----------------------------------------------------------------------------------------------

    @Test
    void anUnknownStatusLinkIsANotFoundPageThatGivesNothingAway() {
        String reference = submitAndReturnReference();
        PublicFormClient stranger = new PublicFormClient(port, PublicFormClient.uniqueAddress());

        for (String token : List.of(
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".substring(0, 32),
                reference,
                "x",
                "A".repeat(33),
                "%27%20or%201%3D1--")) {
            PublicFormClient.Response r = stranger.get("/public/status/" + token);
            assertThat(r.status()).as(token).isEqualTo(404);
            assertThat(r.html().selectFirst("h1").text()).as(token).isEqualTo("Page not found");
            assertThat(r.body()).as(token).doesNotContain(reference);
        }
    }

    @Test
    void theStatusPageShowsDatesAndMessagesButNeverWhatStaffWroteForEachOther() {
        clock.set(Instant.parse("2026-11-30T00:00:00Z"));
        Map<String, String> hidden = visitor.openForm();
        clock.advance(Duration.ofSeconds(5));
        Map<String, String> fields = valid();
        fields.remove("email");
        fields.put("reply", "PHONE");
        assertThat(visitor.post(hidden, fields, List.of()).status()).isEqualTo(302);
        Document confirmation = visitor.get("/public/feedback/sent").html();
        String reference = confirmation.selectFirst(".reference").text();
        String path = confirmation.selectFirst("#status-link").attr("value").replaceFirst("^http://localhost:\\d+", "");

        // Staff handle it and write notes for each other on the way.
        Dept other = department();
        String lead = directory
                .assignment(department.code(), null)
                .orElseThrow()
                .lead()
                .username();
        ApiClient handler = frontDesk();
        String ackNote = "ACK-NOTE-" + marker;
        String referralNote = "REFERRAL-NOTE-" + marker;
        String closingNote = "CLOSING-NOTE-" + marker;
        assertThat(handler.post(
                                "/api/cases/" + reference + "/acknowledge",
                                Map.of("via", "PHONE_CALL", "note", ackNote))
                        .status())
                .isEqualTo(200);
        assertThat(handler.post(
                                "/api/cases/" + reference + "/refer",
                                Map.of("department", other.code, "note", referralNote))
                        .status())
                .isEqualTo(200);
        assertThat(dept(other)
                        .post("/api/cases/" + reference + "/accept-referral", Map.of())
                        .status())
                .isEqualTo(200);
        assertThat(dept(other)
                        .post(
                                "/api/cases/" + reference + "/extend",
                                Map.of(
                                        "newDueDate",
                                        "2026-12-18",
                                        "reason",
                                        "we are waiting for the contractor's report",
                                        "noticeChannel",
                                        "EMAIL"))
                        .status())
                .isEqualTo(200);
        assertThat(dept(other)
                        .post(
                                "/api/cases/" + reference + "/respond",
                                Map.of(
                                        "channel",
                                        "PHONE_CALL",
                                        "analysis",
                                        "ANALYSIS-" + marker,
                                        "resolution",
                                        "Footpath repaired",
                                        "outcome",
                                        "UPHELD"))
                        .status())
                .isEqualTo(200);
        assertThat(dept(other)
                        .post("/api/cases/" + reference + "/close", Map.of("note", closingNote))
                        .status())
                .isEqualTo(200);
        String register = executive().get("/api/cases/" + reference + "/events").body();
        assertThat(register).contains(referralNote).contains(closingNote).contains("ANALYSIS-" + marker);

        PublicFormClient.Response status = visitor.get(path);

        assertThat(status.status()).isEqualTo(200);
        assertThat(status.headers().firstValue("X-Robots-Tag")).hasValue("noindex, nofollow");
        assertThat(status.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(status.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
        Document page = status.html();
        assertThat(page.selectFirst("h1").text()).isEqualTo("Your complaint");
        assertThat(page.select(".subtitle").text()).isEqualTo("Reference " + reference);
        assertThat(page.select(".status-state").text()).isEqualTo("Status: Closed");
        assertThat(facts(page))
                .containsEntry("Department", "Department " + other.code)
                .containsEntry("Received", "Monday 30 November 2026")
                .containsEntry("Acknowledgement", "Sent on Monday 30 November 2026")
                .containsEntry("Our response", "Given on Monday 30 November 2026")
                .containsEntry("Closed", "Monday 30 November 2026");
        assertThat(status.body())
                .doesNotContain(ackNote)
                .doesNotContain(referralNote)
                .doesNotContain(closingNote)
                .doesNotContain("ANALYSIS-" + marker)
                .doesNotContain(lead)
                .doesNotContain("CaseOpened");
    }

    @Test
    void aMovedResponseDateShowsBesideTheOneFirstPromised() {
        clock.set(Instant.parse("2026-11-30T00:00:00Z"));
        Map<String, String> hidden = visitor.openForm();
        clock.advance(Duration.ofSeconds(5));
        assertThat(visitor.post(hidden, valid(), List.of()).status()).isEqualTo(302);
        Document confirmation = visitor.get("/public/feedback/sent").html();
        String reference = confirmation.selectFirst(".reference").text();
        String path = confirmation.selectFirst("#status-link").attr("value").replaceFirst("^http://localhost:\\d+", "");
        ApiClient handler = frontDesk();
        // The acknowledgement e-mail is recorded on the case once delivered; let that happen first.
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> handler.get("/api/cases/" + reference)
                        .json()
                        .get("status")
                        .asString()
                        .equals("ACKNOWLEDGED"));
        assertThat(handler.post(
                                "/api/cases/" + reference + "/extend",
                                Map.of(
                                        "newDueDate",
                                        "2026-12-18",
                                        "reason",
                                        "we are waiting for the contractor's report",
                                        "noticeChannel",
                                        "EMAIL"))
                        .status())
                .isEqualTo(200);

        Document page = visitor.get(path).html();

        assertThat(facts(page).get("Our response"))
                .isEqualTo(
                        "Expected by 5:00 pm on Friday 18 December 2026. We first said 5:00 pm on Wednesday 9 December 2026 "
                                + "and have told you why it changed");
        // What was sent to the customer is there, oldest first: the acknowledgement, then the notice with its reason.
        assertThat(page.select(".message h3").eachText())
                .containsExactly(
                        "We have received your complaint (" + reference + ")",
                        "A new date for our response to your complaint (" + reference + ")");
        assertThat(page.select(".message .message-body").text()).contains("we are waiting for the contractor's report");
    }

    // ---- helpers
    // ------------------------------------------------------------------------------------------------------

    private Map<String, String> valid() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("kind", "COMPLAINT");
        f.put("subject", "Broken footpath " + marker);
        f.put("description", "The footpath outside the library is broken " + marker);
        f.put("name", "Ada Citizen");
        f.put("email", email());
        f.put("phone", "02 9876 5432");
        f.put("address", "");
        f.put("reply", "EMAIL");
        f.put("website", "");
        return f;
    }

    private String email() {
        return marker + "@example.net";
    }

    private String submitAndReturnReference() {
        Map<String, String> hidden = visitor.openForm();
        clock.advance(Duration.ofSeconds(5));
        assertThat(visitor.post(hidden, valid(), List.of()).status()).isEqualTo(302);
        return visitor.get("/public/feedback/sent")
                .html()
                .selectFirst(".reference")
                .text();
    }

    private void assertNothingStored() {
        assertThat(casesWithMarker()).as("cases").isZero();
        assertThat(jdbc.sql("select count(*) from customers where email = ?")
                        .param(email())
                        .query(Integer.class)
                        .single())
                .as("customers")
                .isZero();
        assertThat(attachmentsWithMarker()).as("attachments").isZero();
        assertThat(submissionRows()).as("submissions counted").isZero();
    }

    private int casesWithMarker() {
        return jdbc.sql("select count(*) from cases where description like ?")
                .param("%" + marker + "%")
                .query(Integer.class)
                .single();
    }

    private int attachmentsWithMarker() {
        return jdbc.sql("""
                        select count(*) from intake_attachment a join cases c on c.id = a.case_id
                        where c.description like ? and a.mail_id is null""").param("%" + marker + "%").query(Integer.class).single();
    }

    /** Submissions counted for this test's client address (the address is stored only as a keyed hash). */
    private int submissionRows() {
        return jdbc.sql("select count(*) from intake_form_submission where client_hash = ?")
                .param(secret.sign("client|" + address))
                .query(Integer.class)
                .single();
    }

    private static Map<String, String> facts(Document page) {
        Map<String, String> facts = new LinkedHashMap<>();
        page.select("dl.facts dt")
                .forEach(dt -> facts.put(dt.text(), dt.nextElementSibling().text()));
        return facts;
    }

    /**
     * A member of staff of the form's department. Its lead may have been made by another test (the demo data, say),
     * with a password unknown here.
     */
    private ApiClient frontDesk() {
        String username = "u" + unique().toLowerCase(Locale.ROOT);
        accounts.createStaff(new org.hearken.identity.StaffAccounts.NewStaff(
                username,
                "Front desk " + username,
                null,
                PASSWORD,
                java.util.Set.of(Role.AGENT, Role.MANAGER),
                java.util.Set.of(department.code())));
        return as(username);
    }

    private ApiClient executive() {
        return as(staffWithoutDepartment(Role.EXECUTIVE));
    }

    private ApiClient dept(Dept d) {
        return as(d.lead);
    }

    private static PublicFormClient.File pdf() {
        return new PublicFormClient.File(
                "letter.pdf",
                "application/pdf",
                "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] png() {
        return java.util.HexFormat.of()
                .parseHex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                        + "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082");
    }
}
