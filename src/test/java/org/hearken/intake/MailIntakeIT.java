package org.hearken.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.hearken.identity.Role;
import org.hearken.identity.StaffAccounts;
import org.hearken.support.ApiClient;
import org.hearken.support.IntegrationTest;
import org.hearken.support.TestMailServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * E-mail intake against a real mail server: mail is sent over SMTP and fetched over IMAP. The poller is run by the
 * tests themselves (its schedule is set far out and IDLE is off), so each test knows exactly when mail is taken in.
 * <p>
 * The tests share one mailbox, one department and its lead, and a poll takes in whatever is in the mailbox, so each
 * test sends from addresses of its own and asserts only on its own messages, cases and notices: never on a count of
 * everything, and never on anything the outbox does in the background (acknowledgements are sent a moment after the
 * case is committed, by whichever instance's outbox gets to them first).
 */
class MailIntakeIT extends IntegrationTest {

    /** The department the intake mailbox feeds; unique per test JVM, created by the first test that needs it. */
    static final String DEPARTMENT = "MAIL" + unique().substring(0, 8);

    static final String PROCESSED = "Processed";
    static final int ATTACHMENT_LIMIT = 2048;
    static final int MESSAGE_LIMIT = 1024 * 1024;

    private static String lead;

    @DynamicPropertySource
    static void mailbox(DynamicPropertyRegistry registry) {
        // The tests run the poller themselves; IDLE is proven in MailIdleIT.
        TestMailServer.registerIntake(registry, DEPARTMENT, PROCESSED);
        registry.add("hearken.intake.mail.max-attachment-bytes", () -> ATTACHMENT_LIMIT + "B");
        registry.add("hearken.intake.mail.max-message-size", () -> MESSAGE_LIMIT + "B");
    }

    @Autowired
    MailPoller poller;

    @Autowired
    MailIntake intake;

    @Autowired
    Mailboxes mailboxes;

    @BeforeEach
    void intakeDepartment() {
        lead = namedDepartment(DEPARTMENT, "Mail desk", "Mail desk lead");
    }

    // ---- new mail, replies, due dates ----------------------------------------------------------------------------

    @Test
    void anEmailBecomesACaseWithItsDueDatesAndTheReplyLandsOnTheSameCase() throws Exception {
        // Friday 18:30 in Sydney, after close of business: acknowledge by Tuesday, respond by 6 January (as in
        // DueDatesIT).
        clock.set(Instant.parse("2026-12-18T09:00:00Z"));
        String from = "ada-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
        String id = messageId();
        // Delivered when it was sent: a server that delivers over SMTP stamps it with the real time, not the test's.
        TestMailServer.append("""
                From: Ada Citizen <%s>
                To: intake@example.org
                Subject: Bin not collected
                Date: Fri, 18 Dec 2026 18:30:00 +1100
                Message-ID: <%s>
                Content-Type: text/plain; charset=utf-8

                The green bin on Elm Street was missed twice.
                """.formatted(from, id));

        poller.pollAll();

        String reference = caseOf(id);
        JsonNode c = staff().get("/api/cases/" + reference).json();
        assertThat(c.get("channel").asString()).isEqualTo("EMAIL");
        assertThat(c.get("kind").asString()).isEqualTo("QUESTION");
        assertThat(c.get("subject").asString()).isEqualTo("Bin not collected");
        assertThat(c.get("description").asString()).isEqualTo("The green bin on Elm Street was missed twice.");
        assertThat(c.get("receivedAt").asString()).isEqualTo("2026-12-18T18:30:00+11:00");
        assertThat(c.get("acknowledgeBy").asString()).isEqualTo("2026-12-22T17:00:00+11:00");
        assertThat(c.get("respondBy").asString()).isEqualTo("2027-01-06T17:00:00+11:00");
        assertThat(c.get("department").get("id").asString()).isEqualTo(DEPARTMENT);
        assertThat(c.get("owner").get("id").asString()).isEqualTo(lead);
        assertThat(c.get("customer").get("email").asString()).isEqualTo(from);
        assertThat(c.get("customer").get("name").asString()).isEqualTo("Ada Citizen");
        assertThat(c.get("customer").get("preferredReply").asString()).isEqualTo("EMAIL");
        JsonNode customer = staff().get("/api/customers/" + c.get("customerId").asLong())
                .json()
                .get("customer");
        assertThat(customer.get("email").asString()).isEqualTo(from);
        JsonNode opened =
                staff().get("/api/cases/" + reference + "/events").json().get(0);
        assertThat(opened.get("type").asString()).isEqualTo("CaseOpened");
        assertThat(opened.get("actor").asString()).isEqualTo("mail-intake");
        assertThat(TestMailServer.seenFlags(PROCESSED, id)).containsExactly(true);
        assertThat(TestMailServer.seenFlags("INBOX", id)).isEmpty();

        // The automatic acknowledgement reaches the customer, naming the owner and the promised date, and is recorded.
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(20))
                .until(() -> org.hearken.support.TestMail.receivedBy(from).size() == 1);
        jakarta.mail.internet.MimeMessage acknowledgementMail =
                org.hearken.support.TestMail.receivedBy(from).getFirst();
        String acknowledgement = org.hearken.support.TestMail.text(acknowledgementMail);
        assertThat(acknowledgement)
                .contains(reference)
                .contains("Mail desk lead")
                .contains("5:00 pm on Wednesday 6 January 2027");
        assertThat(acknowledgementMail.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
        awaitAcknowledged(reference);

        String replyId = messageId();
        TestMailServer.send(from, """
                From: Ada Citizen <%s>
                To: intake@example.org
                Subject: Re: [%s] Bin not collected
                Date: Sat, 19 Dec 2026 08:00:00 +1100
                Message-ID: <%s>

                It was missed again this week.
                """.formatted(from, reference, replyId));
        clock.set(Instant.parse("2026-12-19T00:00:00Z"));

        poller.pollAll();

        assertThat(status(replyId)).isEqualTo("ADDED_TO_CASE");
        assertThat(caseOf(replyId)).isEqualTo(reference);
        assertThat(jdbc.sql("select count(*) from cases where customer_email = ?")
                        .param(from)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        JsonNode events = staff().get("/api/cases/" + reference + "/events").json();
        JsonNode received = events.get(events.size() - 1);
        assertThat(received.get("type").asString()).isEqualTo("CustomerMessageReceived");
        assertThat(received.get("payload").get("fromAddress").asString()).isEqualTo(from);
        assertThat(received.get("payload").get("text").asString()).isEqualTo("It was missed again this week.");
        assertThat(received.get("payload").get("receivedAt").asString()).isEqualTo("2026-12-18T21:00:00Z");
    }

    @Test
    void aNewCaseIsReceivedWhenTheMailboxGotTheMessageAndSentWhenItsDateSays() throws Exception {
        // Written at 16:30 on Friday, before closing time; it reached the mailbox at 17:20, after it. The policy's own
        // targets count from receipt: from Monday, as for anything received after closing time.
        clock.set(Instant.parse("2026-12-18T09:00:00Z"));
        String from = "cleo-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
        String id = messageId();
        TestMailServer.append("""
                From: Cleo Citizen <%s>
                To: intake@example.org
                Subject: Bin not collected
                Date: Fri, 18 Dec 2026 16:30:00 +1100
                Message-ID: <%s>

                The green bin was missed again.
                """.formatted(from, id), Instant.parse("2026-12-18T06:20:00Z"));

        poller.pollAll();

        String reference = caseOf(id);
        JsonNode c = staff().get("/api/cases/" + reference).json();
        assertThat(c.get("receivedAt").asString()).isEqualTo("2026-12-18T17:20:00+11:00");
        assertThat(c.get("sentAt").asString()).isEqualTo("2026-12-18T16:30:00+11:00");
        assertThat(c.get("acknowledgeBy").asString()).isEqualTo("2026-12-22T17:00:00+11:00");
        Map<String, Object> row = jdbc.sql("select received_at, sent_at from cases where reference = ?")
                .param(reference)
                .query()
                .singleRow();
        assertThat(((java.sql.Timestamp) row.get("received_at")).toInstant())
                .as("the server's INTERNALDATE")
                .isEqualTo(Instant.parse("2026-12-18T06:20:00Z"));
        assertThat(((java.sql.Timestamp) row.get("sent_at")).toInstant())
                .as("the Date header")
                .isEqualTo(Instant.parse("2026-12-18T05:30:00Z"));
        assertThat(signedIn(lead)
                        .get("/cases/" + reference)
                        .expect(200)
                        .html()
                        .selectFirst("dd.sent-received")
                        .text())
                .isEqualTo("Sent Fri 18 Dec 2026, 4:30 pm; received Fri 18 Dec 2026, 5:20 pm");

        // A Date later than the delivery (the sender's clock runs fast) is taken as sent on delivery; none, as unknown.
        String fast = messageId();
        TestMailServer.append(
                plain(from, fast, "Still not collected", "Nobody came.")
                        .replace(rfc822Date(), "Fri, 18 Dec 2026 17:25:00 +1100"),
                Instant.parse("2026-12-18T06:21:00Z"));
        String undated = messageId();
        TestMailServer.append(
                plain("dan-" + from, undated, "Bins", "No date on this one.").replaceAll("Date: [^\n]*\n", ""),
                Instant.parse("2026-12-18T06:22:00Z"));
        poller.pollAll();
        for (var expected : Map.of(fast, "2026-12-18T06:21:00Z", undated, "2026-12-18T06:22:00Z")
                .entrySet()) {
            Map<String, Object> taken = jdbc.sql(
                            "select c.received_at, c.sent_at from intake_mail m join cases c on c.id = m.case_id"
                                    + " where m.message_id = ?")
                    .param(expected.getKey())
                    .query()
                    .singleRow();
            assertThat(((java.sql.Timestamp) taken.get("received_at")).toInstant())
                    .isEqualTo(Instant.parse(expected.getValue()));
            java.sql.Timestamp sent = (java.sql.Timestamp) taken.get("sent_at");
            if (expected.getKey().equals(fast)) {
                assertThat(sent.toInstant()).isEqualTo(Instant.parse(expected.getValue()));
            } else {
                assertThat(sent).isNull();
            }
        }
    }

    @Test
    void aReplyToAnEarlierMessageIsThreadedByInReplyToWithoutAReference() {
        String from = "bea-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
        String first = messageId();
        TestMailServer.send(from, plain(from, first, "Street light out", "The light at the corner is out."));
        poller.pollAll();
        String reference = caseOf(first);

        String second = messageId();
        TestMailServer.send(from, """
                From: %s
                To: intake@example.org
                Subject: Re: Street light out
                Date: %s
                Message-ID: <%s>
                In-Reply-To: <%s>
                References: <%s>

                Still out tonight.
                """.formatted(from, rfc822Date(), second, first, first));
        poller.pollAll();

        assertThat(status(second)).isEqualTo("ADDED_TO_CASE");
        assertThat(caseOf(second)).isEqualTo(reference);
    }

    /**
     * A case opened by e-mail, answered and closed by its owner; {@link #reply()} has the customer write again to it.
     */
    private final class ClosedByMail {
        final ApiClient owner = staff();
        final String from;
        final String first;
        final String reference;
        final int noticesBefore;
        String reply;

        ClosedByMail() throws Exception {
            String from = "closed-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
            String first = messageId();
            TestMailServer.send(from, plain(from, first, "Missed collection", "The bins were not emptied."));
            poller.pollAll();
            String reference = caseOf(first);
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> owner.get("/api/cases/" + reference)
                            .json()
                            .get("status")
                            .asString()
                            .equals("ACKNOWLEDGED"));
            ApiClient.Response responded = owner.post(
                    "/api/cases/" + reference + "/respond",
                    Map.of(
                            "channel",
                            "EMAIL",
                            "analysis",
                            "The crew skipped the street.",
                            "resolution",
                            "The bins were emptied the next morning.",
                            "outcome",
                            "RESOLVED"));
            assertThat(responded.status()).as(responded.body()).isEqualTo(200);
            assertThat(owner.post("/api/cases/" + reference + "/close", Map.of())
                            .json()
                            .get("status")
                            .asString())
                    .isEqualTo("CLOSED");
            int noticesBefore = noticesAbout(owner, reference).size();

            this.from = from;
            this.first = first;
            this.reference = reference;
            this.noticesBefore = noticesBefore;
        }

        /** The customer's reply to the closed case, taken in. */
        ClosedByMail reply() {
            String reply = messageId();
            TestMailServer.send(from, """
                    From: %s
                    To: intake@example.org
                    Subject: Re: [%s] Missed collection
                    Date: %s
                    Message-ID: <%s>
                    In-Reply-To: <%s>

                    They were missed again today, please reopen this.
                    """.formatted(from, reference, rfc822Date(), reply, first));
            poller.pollAll();

            this.reply = reply;
            return this;
        }
    }

    @Test
    void aReplyToAClosedCaseIsAddedToItAndLeavesItClosedForStaffToDecide() throws Exception {
        ClosedByMail closed = new ClosedByMail().reply();
        String from = closed.from;
        String reference = closed.reference;
        String reply = closed.reply;
        ApiClient owner = closed.owner;

        assertThat(status(reply)).isEqualTo("ADDED_TO_CASE");
        assertThat(caseOf(reply)).isEqualTo(reference);
        assertThat(jdbc.sql("select count(*) from cases where customer_email = ?")
                        .param(from)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        JsonNode c = owner.get("/api/cases/" + reference).json();
        assertThat(c.get("status").asString())
                .as("staff decide whether to reopen")
                .isEqualTo("CLOSED");
        JsonNode events = owner.get("/api/cases/" + reference + "/events").json();
        JsonNode received = events.get(events.size() - 2);
        assertThat(received.get("type").asString()).isEqualTo("CustomerMessageReceived");
        assertThat(received.get("payload").get("text").asString())
                .isEqualTo("They were missed again today, please reopen this.");
    }

    @Test
    void aReplyToAClosedCaseTellsItsOwnerInTheRegisterTheirNoticesAndTheNotificationsPage() throws Exception {
        ClosedByMail closed = new ClosedByMail().reply();
        String from = closed.from;
        String reference = closed.reference;
        ApiClient owner = closed.owner;
        int noticesBefore = closed.noticesBefore;
        JsonNode events = owner.get("/api/cases/" + reference + "/events").json();

        JsonNode notice = events.get(events.size() - 1);
        assertThat(notice.get("type").asString()).isEqualTo("ReplyAfterClosureNotice");
        assertThat(notice.get("payload").get("recipients"))
                .extracting(JsonNode::asString)
                .containsExactly(lead);
        assertThat(notice.get("payload").get("fromAddress").asString()).isEqualTo(from);
        java.util.List<JsonNode> notices = noticesAbout(owner, reference);
        assertThat(notices).hasSize(noticesBefore + 1);
        assertThat(notices.get(0).get("reference").asString()).isEqualTo(reference);
        assertThat(notices.get(0).get("kind").asString()).isEqualTo("REPLY_AFTER_CLOSURE");
        assertThat(notices.get(0).has("dueAt")).isFalse();
        assertThat(notices.get(0).get("message").asString())
                .isEqualTo(
                        reference
                                + ": the customer wrote again after the case was closed. Read their message in the case's history and decide whether to reopen the case.");
        String page = signedIn(lead).get("/notifications").body();
        assertThat(page)
                .contains("Customer wrote", reference + ": the customer wrote again after the case was closed.");
    }

    @Test
    void withTheOwnerGoneTheDepartmentsManagersAreToldOfAReplyExceptOneTheComplaintIsAbout() throws Exception {
        ClosedByMail closed = new ClosedByMail().reply();
        String from = closed.from;
        String reference = closed.reference;
        ApiClient owner = closed.owner;
        int noticesBefore = closed.noticesBefore;

        // With the owner gone, the department's managers are told instead, except one the complaint is about.
        String manager = "u" + unique().toLowerCase(Locale.ROOT);
        accounts.createStaff(new StaffAccounts.NewStaff(
                manager, "Mail desk manager", null, PASSWORD, Set.of(Role.MANAGER), Set.of(DEPARTMENT)));
        String accused = "u" + unique().toLowerCase(Locale.ROOT);
        accounts.createStaff(new StaffAccounts.NewStaff(
                accused, "Accused manager", null, PASSWORD, Set.of(Role.MANAGER), Set.of(DEPARTMENT)));
        ApiClient.Response about = owner.post(
                "/api/cases/" + reference + "/about-staff", Map.of("username", accused, "note", "named in the reply"));
        assertThat(about.status()).as(about.body()).isEqualTo(200);
        String again = messageId();
        TestMailServer.send(from, plain(from, again, "Re: [" + reference + "] Missed collection", "And again."));
        jdbc.sql("update identity_staff set active = false where username = ?")
                .param(lead)
                .update();
        try {
            poller.pollAll();
        } finally {
            jdbc.sql("update identity_staff set active = true where username = ?")
                    .param(lead)
                    .update();
        }
        assertThat(status(again)).isEqualTo("ADDED_TO_CASE");
        java.util.List<JsonNode> managerNotices = noticesAbout(as(manager), reference);
        assertThat(managerNotices).hasSize(1);
        assertThat(managerNotices.get(0).get("kind").asString()).isEqualTo("REPLY_AFTER_CLOSURE");
        assertThat(noticesAbout(as(accused), reference)).isEmpty();
        JsonNode later = owner.get("/api/cases/" + reference + "/events").json();
        JsonNode secondNotice = later.get(later.size() - 1);
        assertThat(secondNotice.get("type").asString()).isEqualTo("ReplyAfterClosureNotice");
        assertThat(secondNotice.get("payload").get("recipients"))
                .extracting(JsonNode::asString)
                .contains(manager)
                .doesNotContain(accused, lead);
        assertThat(noticesAbout(owner, reference)).hasSize(noticesBefore + 1);
    }

    @Test
    void staffWhoReadTheReplyCanReopenTheCaseWithANewResponseTarget() throws Exception {
        ClosedByMail closed = new ClosedByMail().reply();
        String reference = closed.reference;
        ApiClient owner = closed.owner;

        // Staff decide to reopen: the case has a new response target.
        ApiClient.Response reopened = owner.post(
                "/api/cases/" + reference + "/reopen", Map.of("reason", "The customer says it happened again."));
        assertThat(reopened.status()).as(reopened.body()).isEqualTo(200);
        assertThat(reopened.json().get("status").asString()).isNotEqualTo("CLOSED");
    }

    @Test
    void aReplyToTheAcknowledgementWeSentIsThreadedByItsMessageIdAlone() {
        String from = "ack-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
        String first = messageId();
        TestMailServer.send(from, plain(from, first, "Dog barking", "The dog next door barks all night."));
        poller.pollAll();
        String reference = caseOf(first);
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(20))
                .until(() -> staff().get("/api/cases/" + reference + "/messages")
                        .json()
                        .get(0)
                        .get("status")
                        .asString()
                        .equals("SENT"));
        String sentId = staff().get("/api/cases/" + reference + "/messages")
                .json()
                .get(0)
                .get("messageId")
                .asString();
        assertThat(sentId).startsWith("<hk-");

        // A mail program that drops the reference from the subject still names our message in In-Reply-To.
        String reply = messageId();
        TestMailServer.send(from, """
                From: %s
                To: intake@example.org
                Subject: Re: your message
                Date: %s
                Message-ID: <%s>
                In-Reply-To: %s
                References: %s

                Thank you. It barked again tonight.
                """.formatted(from, rfc822Date(), reply, sentId, sentId));
        poller.pollAll();

        assertThat(status(reply)).isEqualTo("ADDED_TO_CASE");
        assertThat(caseOf(reply)).isEqualTo(reference);
    }

    @Test
    void aSecondMessageFromTheSameSenderOpensANewCaseForTheSameCustomer() {
        String from = "again-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
        String first = messageId();
        String second = messageId();
        TestMailServer.send(from, plain(from, first, "Overflowing bin", "The public bin on Main Street overflows."));
        TestMailServer.send(
                from,
                plain(from.toUpperCase(Locale.ROOT), second, "Broken swing", "A swing in the playground is broken."));

        poller.pollAll();

        assertThat(caseOf(first)).isNotEqualTo(caseOf(second));
        long customer = staff().get("/api/cases/" + caseOf(first))
                .json()
                .get("customerId")
                .asLong();
        assertThat(staff().get("/api/cases/" + caseOf(second))
                        .json()
                        .get("customerId")
                        .asLong())
                .isEqualTo(customer);
        assertThat(jdbc.sql("select count(*) from customers where lower(email) = ?")
                        .param(from)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void theSameMessageWithoutMessageIdDeliveredTwiceIsRecognisedByItsContent() {
        String from = "hash-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
        String subject = "Leaking hydrant " + unique();
        String message = """
                From: %s
                To: intake@example.org
                Subject: %s
                Date: %s

                Water has been running from the hydrant since Monday.
                """.formatted(from, subject, rfc822Date());
        TestMailServer.send(from, message);
        TestMailServer.send(from, message);

        poller.pollAll();

        // The server adds its own Received and Return-Path lines to each copy; the rest is the same message.
        assertThat(jdbc.sql(
                                "select count(*) from intake_mail where mailbox = 'intake' and message_id is null and position(? in convert_from(raw, 'UTF8')) > 0")
                        .param(subject)
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
        assertThat(jdbc.sql("""
                        select status from intake_mail where mailbox = 'intake' and message_id is null
                        and position(? in convert_from(raw, 'UTF8')) > 0 order by id""").param(subject).query(String.class).list())
                .containsExactly("CASE_CREATED", "DUPLICATE");
        assertThat(jdbc.sql("select count(*) from cases where customer_email = ?")
                        .param(from)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    // ---- automatic mail ---------------------------------------------------------------------------------------------

    @Test
    void anOutOfOfficeReplyCreatesNothingAndIsNotAnswered() {
        String from = "away-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
        String customerMail = messageId();
        TestMailServer.send(from, plain(from, customerMail, "Noise complaint", "Loud music every night."));
        poller.pollAll();
        String reference = caseOf(customerMail);
        // The acknowledgement of the customer's own message goes out a moment after the case is committed and is then
        // recorded on the case. Counting the case's events before it was recorded once made this test see one event
        // more at the end than at the start, as if the out-of-office reply had added it: wait for it first.
        awaitAcknowledged(reference);
        java.util.List<String> eventsBefore = eventTypes(reference);
        assertThat(eventsBefore).containsExactly("CaseOpened", "Acknowledged");

        String outOfOffice = messageId();
        TestMailServer.send(from, """
                From: %s
                To: intake@example.org
                Subject: Out of office: Re: [%s] Noise complaint
                Date: %s
                Message-ID: <%s>
                Auto-Submitted: auto-replied
                X-Autoreply: yes

                I am away until Monday.
                """.formatted(from, reference, rfc822Date(), outOfOffice));
        poller.pollAll();

        assertThat(status(outOfOffice)).isEqualTo("IGNORED_AUTOMATIC");
        assertThat(jdbc.sql("select case_id is null from intake_mail where message_id = ?")
                        .param(outOfOffice)
                        .query(Boolean.class)
                        .single())
                .isTrue();
        // Not answered: the only mail ever queued for the sender is the acknowledgement of their own message.
        assertThat(jdbc.sql("select kind from correspondence_message where to_address = ?")
                        .param(from)
                        .query(String.class)
                        .list())
                .containsExactly("ACKNOWLEDGEMENT");
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(20))
                .until(() -> org.hearken.support.TestMail.receivedBy(from).size() == 1);
        org.awaitility.Awaitility.await()
                .during(java.time.Duration.ofSeconds(2))
                .atMost(java.time.Duration.ofSeconds(5))
                .until(() -> org.hearken.support.TestMail.receivedBy(from).size() == 1);
        assertThat(eventTypes(reference)).isEqualTo(eventsBefore);
        assertThat(jdbc.sql("select count(*) from cases where customer_email = ?")
                        .param(from)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(TestMailServer.seenFlags(PROCESSED, outOfOffice)).containsExactly(true);
    }

    @Test
    void mailThatOnlyAsksForNoAutomaticReplyIsTakenInAndGetsNoAcknowledgement() {
        // Outlook puts X-Auto-Response-Suppress on ordinary mail people write; it is not an auto-reply.
        String from = "outlook-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
        String id = messageId();
        TestMailServer.send(from, """
                From: Olive Outlook <%s>
                To: intake@example.org
                Subject: Footpath blocked
                Date: %s
                Message-ID: <%s>
                X-Auto-Response-Suppress: All
                X-MS-Exchange-Organization-AuthAs: Anonymous

                The footpath on King Street is blocked by scaffolding.
                """.formatted(from, rfc822Date(), id));

        poller.pollAll();

        assertThat(status(id)).isEqualTo("CASE_CREATED");
        String reference = caseOf(id);
        JsonNode c = staff().get("/api/cases/" + reference).json();
        assertThat(c.get("description").asString()).isEqualTo("The footpath on King Street is blocked by scaffolding.");
        assertThat(c.get("customer").get("email").asString()).isEqualTo(from);
        // No automatic answer: none was even queued (the outbox is written in the case's own transaction).
        assertThat(staff().get("/api/cases/" + reference + "/messages").json()).isEmpty();
        assertThat(jdbc.sql("select count(*) from correspondence_message where lower(to_address) = lower(?)")
                        .param(from)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(c.get("status").asString()).isEqualTo("RECEIVED");
        assertThat(jdbc.sql("select problem from intake_mail where message_id = ?")
                        .param(id)
                        .query(String.class)
                        .single())
                .isEqualTo("X-Auto-Response-Suppress: All");

        // Real automatic mail from the same address is still left alone.
        String vacation = messageId();
        TestMailServer.send(from, """
                From: %s
                To: intake@example.org
                Subject: Automatic reply: Footpath blocked
                Date: %s
                Message-ID: <%s>
                Auto-Submitted: auto-replied
                X-Auto-Response-Suppress: All

                I am on leave.
                """.formatted(from, rfc822Date(), vacation));
        poller.pollAll();
        assertThat(status(vacation)).isEqualTo("IGNORED_AUTOMATIC");
    }

    @Test
    void aBounceWithTheNullSenderCreatesNothing() {
        String bounce = messageId();
        String daemon = "MAILER-DAEMON@mx-" + unique().toLowerCase(Locale.ROOT) + ".example.net";
        TestMailServer.append("""
                Return-Path: <>
                From: Mail Delivery System <%s>
                To: intake@example.org
                Subject: Undelivered Mail Returned to Sender
                Date: %s
                Message-ID: <%s>
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="BOUNDARY"

                --BOUNDARY
                Content-Type: text/plain

                Your message could not be delivered.
                --BOUNDARY
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.example.net
                Final-Recipient: rfc822; nobody@example.net
                Action: failed
                Status: 5.1.1
                --BOUNDARY--
                """.formatted(daemon, rfc822Date(), bounce));

        poller.pollAll();

        assertThat(status(bounce)).isEqualTo("IGNORED_AUTOMATIC");
        assertThat(jdbc.sql("select problem from intake_mail where message_id = ?")
                        .param(bounce)
                        .query(String.class)
                        .single())
                .contains("Return-Path");
        assertThat(jdbc.sql("select case_id is null from intake_mail where message_id = ?")
                        .param(bounce)
                        .query(Boolean.class)
                        .single())
                .isTrue();
        // Only this test's bounce is looked at: other tests' mail in the shared mailbox may make customers meanwhile.
        assertThat(jdbc.sql("select count(*) from customers where lower(email) = lower(?)")
                        .param(daemon)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    // ---- threading by the reference in the subject -----------------------------------------------------------------

    @Test
    void aStrangerQuotingAReferenceOpensANewCaseThatNamesItWhileAddressesOnTheCaseThreadByIt() {
        String customer = "owner-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
        String first = messageId();
        TestMailServer.send(
                customer, plain(customer, first, "Broken streetlight", "The light outside number 9 is broken."));
        poller.pollAll();
        String reference = caseOf(first);

        // Someone who only knows the reference (it is on letters and screens) cannot add to the case.
        String stranger = "stranger-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
        String intruding = messageId();
        TestMailServer.send(
                stranger,
                plain(
                        stranger,
                        intruding,
                        "Re: [" + reference + "] Broken streetlight",
                        "Please close this case, it is fixed."));
        poller.pollAll();

        assertThat(status(intruding)).isEqualTo("CASE_CREATED");
        String newCase = caseOf(intruding);
        assertThat(newCase).isNotEqualTo(reference);
        JsonNode created = staff().get("/api/cases/" + newCase).json();
        assertThat(created.get("customer").get("email").asString()).isEqualTo(stranger);
        assertThat(created.get("description").asString())
                .isEqualTo("[This e-mail quotes " + reference + " in its subject, but its"
                        + " sender is not the customer of that case nor anyone already in its correspondence, so it was taken in as a new"
                        + " case. If it belongs to " + reference
                        + ", record it there.]\n\nPlease close this case, it is fixed.");
        assertThat(eventTypes(reference)).doesNotContain("CustomerMessageReceived");

        // The customer threads by the reference alone, whatever the case of the letters of the address.
        String again = messageId();
        TestMailServer.send(
                customer,
                plain(
                        customer.toUpperCase(Locale.ROOT),
                        again,
                        "Re: [" + reference + "] Broken streetlight",
                        "Still broken."));
        // Someone who answered one of the case's messages (threaded by In-Reply-To) is on the case from then on.
        String neighbour = "neighbour-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
        String answer = messageId();
        TestMailServer.send(neighbour, """
                From: %s
                To: intake@example.org
                Subject: Re: Broken streetlight
                Date: %s
                Message-ID: <%s>
                In-Reply-To: <%s>

                I live at number 11; it is dark here too.
                """.formatted(neighbour, rfc822Date(), answer, first));
        poller.pollAll();
        String later = messageId();
        TestMailServer.send(
                neighbour,
                plain(neighbour, later, "[" + reference + "] one more thing", "It flickers before going out."));
        poller.pollAll();

        assertThat(status(again)).isEqualTo("ADDED_TO_CASE");
        assertThat(caseOf(again)).isEqualTo(reference);
        assertThat(status(answer)).isEqualTo("ADDED_TO_CASE");
        assertThat(status(later)).isEqualTo("ADDED_TO_CASE");
        assertThat(caseOf(later)).isEqualTo(reference);
        java.util.List<String> senders = new java.util.ArrayList<>();
        staff().get("/api/cases/" + reference + "/events").json().forEach(e -> {
            if (e.get("type").asString().equals("CustomerMessageReceived")) {
                senders.add(e.get("payload").get("fromAddress").asString());
            }
        });
        assertThat(senders).containsExactly(customer.toUpperCase(Locale.ROOT), neighbour, neighbour);
    }

    // ---- hostile and oversized mail ---------------------------------------------------------------------------------

    @Test
    void aMessageOverTheSizeLimitIsQuarantinedWithoutBeingDownloadedAndTheNextIsTakenIn() {
        String from = "big-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
        String big = messageId();
        String photo = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg"
                        + "\n")
                .repeat(MESSAGE_LIMIT / 100 + 2000);
        TestMailServer.send(from, """
                From: Flo Flood <%s>
                To: intake@example.org
                Subject: Photos of the flood
                Date: %s
                Message-ID: <%s>
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="b"

                --b
                Content-Type: text/plain

                The photos are attached.
                --b
                Content-Type: image/png; name="flood.png"
                Content-Transfer-Encoding: base64

                %s
                --b--
                """.formatted(from, rfc822Date(), big, photo));
        String small = messageId();
        TestMailServer.send(from, plain(from, small, "The flood, in words", "The creek flooded the road."));

        poller.pollAll();

        assertThat(status(big)).isEqualTo("QUARANTINED");
        assertThat(status(small)).isEqualTo("CASE_CREATED");
        long bigId = mailId(big);
        java.util.Map<String, Object> row = jdbc.sql(
                        "select size, octet_length(raw) as kept, problem, case_id from intake_mail where id = ?")
                .param(bigId)
                .query()
                .singleRow();
        assertThat((Integer) row.get("size")).isGreaterThan(MESSAGE_LIMIT);
        assertThat((Integer) row.get("kept")).as("nothing of it was stored").isZero();
        assertThat(row.get("case_id")).isNull();
        assertThat((String) row.get("problem"))
                .startsWith("Too large to take in: 1.")
                .contains(" MB, over the limit of 1 MB")
                .contains("From: Flo Flood <" + from + ">.")
                .contains("Subject: Photos of the flood.");
        assertThat(TestMailServer.seenFlags(PROCESSED, big)).containsExactly(true);
        assertThat(TestMailServer.seenFlags(PROCESSED, small)).containsExactly(true);

        ApiClient admin = as(staffWithoutDepartment(Role.ADMIN));
        JsonNode entry = admin.get("/api/mail/quarantine/" + bigId).json();
        assertThat(entry.get("problem").asString()).contains("Photos of the flood");
        assertThat(entry.get("size").asInt()).isGreaterThan(MESSAGE_LIMIT);
        ApiClient.Response retried = admin.post("/api/mail/quarantine/" + bigId + "/retry", Map.of());
        assertThat(retried.status()).isEqualTo(409);
        assertThat(retried.json().get("detail").asString()).contains("too large to take in and was never downloaded");
        assertThat(admin.post(
                                "/api/mail/quarantine/" + bigId + "/dismiss",
                                Map.of("reason", "asked for smaller photos"))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aMessageThatOutlastsItsReadingBudgetIsQuarantinedWithTheReasonAndTheNextBecomesACase() {
        String from = "slow-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
        // A plain message first, so that the code a normal message runs is loaded and warm before the budget is cut.
        String warm = messageId();
        TestMailServer.send(from, plain(from, warm, "Warm-up", "A first message."));
        poller.pollAll();
        assertThat(status(warm)).isEqualTo("CASE_CREATED");

        // Tag soup that takes jsoup seconds to read (linearly), under the size limit; a normal message takes a
        // millisecond.
        String hostile = messageId();
        String soup = ("<b><p>".repeat(100) + "\n").repeat((MESSAGE_LIMIT - 10_000) / 601);
        String good = messageId();
        java.time.Duration budget = intake.messageBudget();
        intake.messageBudget(java.time.Duration.ofMillis(200));
        try {
            TestMailServer.send(from, """
                    From: %s
                    To: intake@example.org
                    Subject: Tag soup
                    Date: %s
                    Message-ID: <%s>
                    Content-Type: text/html; charset=utf-8

                    <html><body>%s</body></html>
                    """.formatted(from, rfc822Date(), hostile, soup));
            TestMailServer.send(from, plain(from, good, "Behind the soup", "Taken in all the same."));

            poller.pollAll();
        } finally {
            intake.messageBudget(budget);
        }

        assertThat(status(hostile)).isEqualTo("QUARANTINED");
        assertThat(jdbc.sql("select problem from intake_mail where message_id = ?")
                        .param(hostile)
                        .query(String.class)
                        .single())
                .isEqualTo(
                        "Reading the message took longer than its time budget of 200 ms (hearken.intake.mail.message-budget),"
                                + " so it was set aside and the messages behind it went on.");
        assertThat(status(good)).isEqualTo("CASE_CREATED");
        assertThat(staff().get("/api/cases/" + caseOf(good))
                        .json()
                        .get("description")
                        .asString())
                .isEqualTo("Taken in all the same.");
        assertThat(TestMailServer.seenFlags(PROCESSED, hostile)).containsExactly(true);
        assertThat(TestMailServer.seenFlags(PROCESSED, good)).containsExactly(true);
    }

    // ---- exactly once -----------------------------------------------------------------------------------------------

    @Test
    void theSameMessageIdDeliveredTwiceMakesOneCase() {
        String from = "twice-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
        String id = messageId();
        String message = plain(from, id, "Pothole", "A deep pothole outside number 4.");
        TestMailServer.send(from, message);
        TestMailServer.send(from, message);

        poller.pollAll();

        assertThat(jdbc.sql("select status from intake_mail where message_id = ? order by id")
                        .param(id)
                        .query(String.class)
                        .list())
                .containsExactly("CASE_CREATED", "DUPLICATE");
        assertThat(jdbc.sql("select count(*) from cases where customer_email = ?")
                        .param(from)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(TestMailServer.seenFlags(PROCESSED, id)).containsExactly(true, true);
    }

    @Test
    void aCrashBetweenStoringAndFlaggingLosesNothingAndDuplicatesNothing() throws Exception {
        String from = "crash-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
        String stored = messageId();
        TestMailServer.send(from, plain(from, stored, "Graffiti", "Graffiti on the bus shelter."));

        // A run stored and committed the message, then died before processing or flagging it.
        assertThat(poller.fetchAndStore(mailbox())).isPositive();
        assertThat(status(stored)).isEqualTo("NEW");
        assertThat(TestMailServer.seenFlags("INBOX", stored)).containsExactly(false);

        poller.pollAll();

        assertThat(status(stored)).isEqualTo("CASE_CREATED");
        assertThat(TestMailServer.seenFlags(PROCESSED, stored)).containsExactly(true);
        assertThat(TestMailServer.seenFlags("INBOX", stored)).isEmpty();

        // A run stored and processed the message (its case committed), then died before flagging it.
        String processed = messageId();
        TestMailServer.send(from, plain(from, processed, "Broken bench", "The bench in the park is broken."));
        poller.fetchAndStore(mailbox());
        poller.processPending();
        assertThat(status(processed)).isEqualTo("CASE_CREATED");
        assertThat(TestMailServer.seenFlags("INBOX", processed)).containsExactly(false);

        poller.pollAll();
        poller.pollAll();

        assertThat(TestMailServer.seenFlags(PROCESSED, processed)).containsExactly(true);
        assertThat(TestMailServer.seenFlags("INBOX", processed)).isEmpty();
        assertThat(jdbc.sql("select count(*) from intake_mail where message_id in (?, ?)")
                        .params(stored, processed)
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from cases where customer_email = ?")
                        .param(from)
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
    }

    @Test
    void whileNoOneCanOwnTheCasesMailWaitsStoredAndIsTakenInOnceThatIsFixed() {
        String from = "wait-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
        String id = messageId();
        TestMailServer.send(from, plain(from, id, "Fallen tree", "A tree fell across the path."));
        jdbc.sql("update identity_staff set active = false where username = ?")
                .param(lead)
                .update();
        try {
            poller.pollAll();

            assertThat(status(id)).isEqualTo("NEW");
            assertThat(TestMailServer.seenFlags("INBOX", id)).containsExactly(false);
        } finally {
            jdbc.sql("update identity_staff set active = true where username = ?")
                    .param(lead)
                    .update();
        }

        poller.pollAll();

        assertThat(status(id)).isEqualTo("CASE_CREATED");
        assertThat(TestMailServer.seenFlags(PROCESSED, id)).containsExactly(true);
    }

    // ---- bad and odd mail ---------------------------------------------------------------------------------------

    @Test
    void aMalformedMessageIsQuarantinedAndTheMessageBehindItIsStillTakenIn() {
        String from = "broken-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
        String broken = messageId();
        TestMailServer.send(from, """
                this line is no header at all
                From: %s
                To: intake@example.org
                Subject: Broken
                Message-ID: <%s>
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="declared-boundary"

                There is no declared-boundary anywhere in this body.
                --another-boundary
                Content-Type: text/plain

                text
                """.formatted(from, broken));
        String good = messageId();
        TestMailServer.send(from, plain(from, good, "Overgrown hedge", "The hedge blocks the footpath."));

        poller.pollAll();

        assertThat(status(broken)).isEqualTo("QUARANTINED");
        assertThat(status(good)).isEqualTo("CASE_CREATED");
        assertThat(TestMailServer.seenFlags(PROCESSED, broken)).containsExactly(true);
        long brokenId = jdbc.sql("select id from intake_mail where message_id = ?")
                .param(broken)
                .query(Long.class)
                .single();

        String admin = staffWithoutDepartment(Role.ADMIN);
        JsonNode quarantine = as(admin).get("/api/mail/quarantine?limit=200").json();
        JsonNode entry = null;
        for (JsonNode q : quarantine) {
            if (q.get("id").asLong() == brokenId) {
                entry = q;
            }
        }
        assertThat(entry).isNotNull();
        assertThat(entry.get("mailbox").asString()).isEqualTo("intake");
        assertThat(entry.get("problem").asString()).containsIgnoringCase("boundary");
        assertThat(entry.get("size").asInt()).isPositive();

        ApiClient.Response raw = as(admin).get("/api/mail/quarantine/" + brokenId + "/raw");
        assertThat(raw.status()).isEqualTo(200);
        assertThat(raw.header("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(raw.header("Content-Disposition")).startsWith("attachment;");
        assertThat(raw.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(raw.body())
                .contains("There is no declared-boundary anywhere in this body.", "this line is no header at all");

        assertThat(staff().get("/api/mail/quarantine").status()).isEqualTo(403);
        assertThat(staff().get("/api/mail/quarantine/" + brokenId + "/raw").status())
                .isEqualTo(403);
    }

    @Test
    void anAdministratorRetriesAQuarantinedMessageAfterAFixAndItBecomesACase() throws Exception {
        String from = "retry-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
        String id = messageId();
        TestMailServer.send(from, plain(from, id, "Loose paving", "A paving stone is loose outside the library."));
        // As an earlier version of Hearken that could not read it would have left it: stored, quarantined, marked.
        poller.fetchAndStore(mailbox());
        long mailId = mailId(id);
        jdbc.sql(
                        "update intake_mail set status = 'QUARANTINED', problem = 'The message cannot be read: (an old parser)', processed_at = now() where id = ?")
                .param(mailId)
                .update();
        poller.pollAll();
        assertThat(status(id)).isEqualTo("QUARANTINED");
        assertThat(TestMailServer.seenFlags(PROCESSED, id)).containsExactly(true);

        String adminName = staffWithoutDepartment(Role.ADMIN);
        ApiClient admin = as(adminName);
        assertThat(staff().post("/api/mail/quarantine/" + mailId + "/retry", Map.of())
                        .status())
                .isEqualTo(403);
        assertThat(status(id)).isEqualTo("QUARANTINED");

        ApiClient.Response retried = admin.post("/api/mail/quarantine/" + mailId + "/retry", Map.of());

        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(retried.json().get("status").asString()).isEqualTo("CASE_CREATED");
        String reference = retried.json().get("caseReference").asString();
        assertThat(reference).isEqualTo(caseOf(id));
        assertThat(retried.json().has("problem")).isFalse();
        JsonNode c = staff().get("/api/cases/" + reference).json();
        assertThat(c.get("subject").asString()).isEqualTo("Loose paving");
        assertThat(c.get("customer").get("email").asString()).isEqualTo(from);
        assertThat(jdbc.sql("select problem is null from intake_mail where id = ?")
                        .param(mailId)
                        .query(Boolean.class)
                        .single())
                .isTrue();

        JsonNode entry = admin.get("/api/mail/quarantine/" + mailId).json();
        assertThat(entry.get("status").asString()).isEqualTo("CASE_CREATED");
        assertThat(entry.get("caseReference").asString()).isEqualTo(reference);
        assertThat(entry.get("actions")).hasSize(1);
        JsonNode action = entry.get("actions").get(0);
        assertThat(action.get("action").asString()).isEqualTo("RETRIED");
        assertThat(action.get("actor").asString()).isEqualTo(adminName);
        assertThat(action.get("outcome").asString()).isEqualTo("CASE_CREATED");
        assertThat(action.get("at").asString()).isNotBlank();
        assertThat(quarantineIds(admin, "QUARANTINED")).doesNotContain(mailId);

        // Once taken in, it cannot be retried again, and the next runs neither open a second case nor flag it again.
        ApiClient.Response again = admin.post("/api/mail/quarantine/" + mailId + "/retry", Map.of());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.header("Content-Type")).startsWith("application/problem+json");
        assertThat(again.json().get("detail").asString()).contains("CASE_CREATED");
        poller.pollAll();
        assertThat(jdbc.sql("select count(*) from cases where customer_email = ?")
                        .param(from)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(TestMailServer.seenFlags(PROCESSED, id)).containsExactly(true);
    }

    @Test
    void aRetriedMessageThatJoinedAConfidentialCaseIsThatCasesMailAndHiddenFromWhoMayNotSeeIt() throws Exception {
        String from = "secret-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
        ApiClient.Response created = staff().post(
                        "/api/cases",
                        Map.of(
                                "kind",
                                "COMPLAINT",
                                "channel",
                                "PHONE",
                                "subject",
                                "About a neighbour",
                                "description",
                                "Confidential matter.",
                                "department",
                                DEPARTMENT,
                                "confidential",
                                true,
                                "customer",
                                Map.of("name", "Sam Secret", "email", from)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String reference = created.json().get("reference").asString();
        String reply = messageId();
        TestMailServer.send(
                from, plain(from, reply, "Re: [" + reference + "] About a neighbour", "More about the neighbour."));
        poller.fetchAndStore(mailbox());
        long mailId = mailId(reply);
        jdbc.sql("update intake_mail set status = 'QUARANTINED', problem = 'old', processed_at = now() where id = ?")
                .param(mailId)
                .update();
        ApiClient admin = as(staffWithoutDepartment(Role.ADMIN));
        assertThat(admin.get("/api/mail/quarantine/" + mailId).status()).isEqualTo(200);

        ApiClient.Response retried = admin.post("/api/mail/quarantine/" + mailId + "/retry", Map.of());

        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(retried.json().get("status").asString()).isEqualTo("ADDED_TO_CASE");
        assertThat(retried.json().has("caseReference"))
                .as("an administrator does not see a confidential case")
                .isFalse();
        assertThat(caseOf(reply)).isEqualTo(reference);
        assertThat(retried.body()).doesNotContain(reference);
        assertThat(admin.get("/api/mail/quarantine/" + mailId).status()).isEqualTo(404);
        assertThat(admin.get("/api/mail/quarantine/" + mailId + "/raw").status())
                .isEqualTo(404);
        JsonNode events = staff().get("/api/cases/" + reference + "/events").json();
        assertThat(events.get(events.size() - 1).get("payload").get("text").asString())
                .isEqualTo("More about the neighbour.");
    }

    @Test
    void aRetryThatStillFailsKeepsTheMessageQuarantinedWithTheNewProblemAndIsRecorded() throws Exception {
        String broken = messageId();
        TestMailServer.append("""
                From: nobody at all
                To: intake@example.org
                Subject: No sender
                Date: %s
                Message-ID: <%s>

                Who sent this?
                """.formatted(rfc822Date(), broken));
        poller.pollAll();
        assertThat(status(broken)).isEqualTo("QUARANTINED");
        long mailId = mailId(broken);
        String adminName = staffWithoutDepartment(Role.ADMIN);
        ApiClient admin = as(adminName);
        jdbc.sql("update intake_mail set problem = 'an older problem' where id = ?")
                .param(mailId)
                .update();

        ApiClient.Response retried = admin.post("/api/mail/quarantine/" + mailId + "/retry", Map.of());

        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(retried.json().get("status").asString()).isEqualTo("QUARANTINED");
        assertThat(retried.json().get("problem").asString()).contains("no usable sender address");
        assertThat(retried.json().has("caseReference")).isFalse();
        assertThat(status(broken)).isEqualTo("QUARANTINED");
        assertThat(quarantineIds(admin, "QUARANTINED")).contains(mailId);
        JsonNode entry = admin.get("/api/mail/quarantine/" + mailId).json();
        assertThat(entry.get("problem").asString()).contains("no usable sender address");
        assertThat(entry.get("actions").get(0).get("outcome").asString()).isEqualTo("QUARANTINED");
        assertThat(entry.get("actions").get(0).get("note").asString()).contains("no usable sender address");
        assertThat(entry.get("actions").get(0).get("actor").asString()).isEqualTo(adminName);

        // While no one can own new cases, a retry changes nothing and says what to fix.
        String good = messageId();
        String from = "later-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
        TestMailServer.send(from, plain(from, good, "Fly-tipping", "Mattresses dumped in the lane."));
        poller.fetchAndStore(mailbox());
        long goodId = mailId(good);
        jdbc.sql("update intake_mail set status = 'QUARANTINED', problem = 'old', processed_at = now() where id = ?")
                .param(goodId)
                .update();
        jdbc.sql("update identity_staff set active = false where username = ?")
                .param(lead)
                .update();
        try {
            ApiClient.Response refused = admin.post("/api/mail/quarantine/" + goodId + "/retry", Map.of());
            assertThat(refused.status()).as(refused.body()).isEqualTo(409);
            assertThat(refused.json().get("detail").asString()).contains("no active lead");
            assertThat(status(good)).isEqualTo("QUARANTINED");
            assertThat(admin.get("/api/mail/quarantine/" + goodId).json().get("actions"))
                    .isEmpty();
        } finally {
            jdbc.sql("update identity_staff set active = true where username = ?")
                    .param(lead)
                    .update();
        }
        assertThat(admin.post("/api/mail/quarantine/" + goodId + "/retry", Map.of())
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("CASE_CREATED");
    }

    @Test
    void anAdministratorDismissesAQuarantinedMessageWhichIsKeptAndRecorded() {
        String spam = messageId();
        TestMailServer.append("""
                From: nobody at all
                To: intake@example.org
                Subject: Cheap watches
                Date: %s
                Message-ID: <%s>

                Buy now.
                """.formatted(rfc822Date(), spam));
        poller.pollAll();
        long mailId = mailId(spam);
        String adminName = staffWithoutDepartment(Role.ADMIN);
        ApiClient admin = as(adminName);
        assertThat(staff().post("/api/mail/quarantine/" + mailId + "/dismiss", Map.of("reason", "spam"))
                        .status())
                .isEqualTo(403);
        assertThat(staff().get("/api/mail/quarantine/" + mailId).status()).isEqualTo(403);
        ApiClient.Response tooLong =
                admin.post("/api/mail/quarantine/" + mailId + "/dismiss", Map.of("reason", "x".repeat(1001)));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("errors").get(0).get("field").asString()).isEqualTo("reason");
        assertThat(status(spam)).isEqualTo("QUARANTINED");

        ApiClient.Response dismissed =
                admin.post("/api/mail/quarantine/" + mailId + "/dismiss", Map.of("reason", "Spam,\nnot feedback"));

        assertThat(dismissed.status()).as(dismissed.body()).isEqualTo(200);
        assertThat(dismissed.json().get("status").asString()).isEqualTo("DISMISSED");
        JsonNode action = dismissed.json().get("actions").get(0);
        assertThat(action.get("action").asString()).isEqualTo("DISMISSED");
        assertThat(action.get("actor").asString()).isEqualTo(adminName);
        assertThat(action.get("note").asString()).isEqualTo("Spam, not feedback");
        assertThat(status(spam)).isEqualTo("DISMISSED");
        assertThat(quarantineIds(admin, "QUARANTINED")).doesNotContain(mailId);
        assertThat(quarantineIds(admin, "DISMISSED")).contains(mailId);
        assertThat(admin.get("/api/mail/quarantine/" + mailId + "/raw").body()).contains("Buy now.");

        // A refused action changes nothing.
        ApiClient.Response twice = admin.post("/api/mail/quarantine/" + mailId + "/dismiss", Map.of());
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.json().get("detail").asString()).contains("DISMISSED");
        assertThat(admin.post("/api/mail/quarantine/" + mailId + "/retry", Map.of())
                        .status())
                .isEqualTo(409);
        assertThat(admin.get("/api/mail/quarantine/" + mailId).json().get("actions"))
                .hasSize(1);
        ApiClient.Response missing = admin.post("/api/mail/quarantine/999999999/retry", Map.of());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
        assertThat(admin.get("/api/mail/quarantine?status=NEW").status()).isEqualTo(400);
        // Mail that was never quarantined is not the quarantine's business.
        String fine = messageId();
        String from = "fine-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
        TestMailServer.send(from, plain(from, fine, "Thanks", "Thank you for fixing the lights."));
        poller.pollAll();
        assertThat(admin.get("/api/mail/quarantine/" + mailId(fine)).status()).isEqualTo(404);
        assertThat(admin.get("/api/mail/quarantine/" + mailId(fine) + "/raw").status())
                .isEqualTo(404);
    }

    @Test
    void aMessageTheServerNeverHandedOverCannotBeRetriedButCanBeDismissed() {
        String mailboxName = "elsewhere-" + unique().toLowerCase(Locale.ROOT);
        jdbc.sql("""
                insert into intake_mail (mailbox, uid_validity, uid, content_hash, raw, size, fetched_at, status, problem, processed_at)
                values (?, 1, 1, sha256(?::bytea), ''::bytea, 0, now(), 'QUARANTINED', 'The server did not hand over the message', now())""")
                .params(mailboxName, mailboxName.getBytes(StandardCharsets.UTF_8))
                .update();
        long mailId = jdbc.sql("select id from intake_mail where mailbox = ?")
                .param(mailboxName)
                .query(Long.class)
                .single();
        ApiClient admin = as(staffWithoutDepartment(Role.ADMIN));

        ApiClient.Response retried = admin.post("/api/mail/quarantine/" + mailId + "/retry", Map.of());
        assertThat(retried.status()).isEqualTo(409);
        assertThat(retried.json().get("detail").asString()).contains("never handed this message over");
        assertThat(admin.post("/api/mail/quarantine/" + mailId + "/dismiss", Map.of())
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("DISMISSED");
    }

    @Test
    void theQuarantineActionsAreDescribedInTheOpenApiDocument() {
        JsonNode document =
                as(staffWithoutDepartment(Role.ADMIN)).get("/api/openapi").json();
        JsonNode paths = document.get("paths");
        // Every error answer is described as a problem detail, which the document defines.
        assertThat(paths.get("/api/mail/quarantine/{id}")
                        .get("get")
                        .get("responses")
                        .get("404")
                        .get("content")
                        .get("application/problem+json")
                        .get("schema")
                        .get("$ref")
                        .asString())
                .isEqualTo("#/components/schemas/ProblemDetail");
        assertThat(document.get("components")
                        .get("schemas")
                        .get("ProblemDetail")
                        .get("properties")
                        .has("detail"))
                .isTrue();
        JsonNode retry = paths.get("/api/mail/quarantine/{id}/retry").get("post");
        assertThat(retry.get("summary").asString()).isEqualTo("Process a quarantined e-mail again");
        assertThat(retry.get("responses").has("409")).isTrue();
        assertThat(retry.get("responses").get("409").get("content").has("application/problem+json"))
                .isTrue();
        JsonNode dismiss = paths.get("/api/mail/quarantine/{id}/dismiss").get("post");
        assertThat(dismiss.get("summary").asString()).isEqualTo("Dismiss a quarantined e-mail");
        assertThat(dismiss.get("responses").has("403")).isTrue();
        assertThat(paths.get("/api/mail/quarantine/{id}")
                        .get("get")
                        .get("summary")
                        .asString())
                .contains("what administrators did");
    }

    @Test
    void textInLatin1Windows1252AndUnknownCharsetsIsStoredAsUtf8() {
        String from = "latin-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
        String latin1 = messageId();
        TestMailServer.send(from, bytes("""
                From: %s
                To: intake@example.org
                Subject: =?ISO-8859-1?Q?Caf=E9_cr=E8me?=
                Date: %s
                Message-ID: <%s>
                MIME-Version: 1.0
                Content-Type: text/plain; charset=ISO-8859-1
                Content-Transfer-Encoding: 8bit

                Le café était très crème, à 3,50 €.
                """.formatted(from, rfc822Date(), latin1), Charset.forName("windows-1252")));
        String unknown = messageId();
        TestMailServer.send(from, bytes("""
                From: %s
                To: intake@example.org
                Subject: Unknown charset
                Date: %s
                Message-ID: <%s>
                MIME-Version: 1.0
                Content-Type: text/plain; charset="x-no-such-charset"
                Content-Transfer-Encoding: quoted-printable

                Gr=FC=DFe aus K=F6ln =96 =93danke=94
                """.formatted(from, rfc822Date(), unknown), StandardCharsets.US_ASCII));

        poller.pollAll();

        JsonNode first = staff().get("/api/cases/" + caseOf(latin1)).json();
        assertThat(first.get("subject").asString()).isEqualTo("Café crème");
        assertThat(first.get("description").asString()).isEqualTo("Le café était très crème, à 3,50 €.");
        JsonNode second = staff().get("/api/cases/" + caseOf(unknown)).json();
        assertThat(second.get("description").asString()).isEqualTo("Grüße aus Köln – “danke”");
        assertThat(jdbc.sql("select convert_to(description, 'UTF8') = ? from cases where reference = ?")
                        .params("Grüße aus Köln – “danke”".getBytes(StandardCharsets.UTF_8), caseOf(unknown))
                        .query(Boolean.class)
                        .single())
                .isTrue();
    }

    @Test
    void aHeaderInjectionAttemptInTheSendersNameEndsAsOneHarmlessLine() {
        String from = "bob-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
        String evil = "evil-" + unique().toLowerCase(Locale.ROOT) + "@example.org";
        String id = messageId();
        TestMailServer.send(from, """
                From: =?UTF-8?Q?Bob=0D=0ABcc=3A_%s=0D=0A=0D=0Ainjected_body?= <%s>
                To: intake@example.org
                Subject: =?UTF-8?Q?Hello=0D=0ABcc:_%s?=
                Date: %s
                Message-ID: <%s>

                Please call me back.
                """.formatted(evil.replace("@", "=40"), from, evil, rfc822Date(), id));

        poller.pollAll();

        JsonNode c = staff().get("/api/cases/" + caseOf(id)).json();
        String name = c.get("customer").get("name").asString();
        assertThat(name).isEqualTo("Bob Bcc: " + evil + " injected body");
        assertThat(name).doesNotContain("\r", "\n");
        assertThat(c.get("customer").get("email").asString()).isEqualTo(from);
        assertThat(c.get("subject").asString()).isEqualTo("Hello Bcc: " + evil);
        assertThat(jdbc.sql("select name from customers where email = ?")
                        .param(from)
                        .query(String.class)
                        .single())
                .isEqualTo(name);
        assertThat(jdbc.sql("select count(*) from customers where email = ?")
                        .param(evil)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    // ---- attachments ----------------------------------------------------------------------------------------------

    @Test
    void attachmentsAreKeptWithinTheLimitAndOnlyEverServedAsDownloads() {
        String from = "files-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
        String id = messageId();
        String big = "A".repeat(ATTACHMENT_LIMIT + 100);
        TestMailServer.send(from, """
                From: %s
                To: intake@example.org
                Subject: Photos of the damage
                Date: %s
                Message-ID: <%s>
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="b1"

                --b1
                Content-Type: multipart/alternative; boundary="b2"

                --b2
                Content-Type: text/html; charset=utf-8

                <html><body><p>See the <b>attached</b> page.</p><script>alert(1)</script></body></html>
                --b2--
                --b1
                Content-Type: text/html; name="page.html"
                Content-Disposition: attachment; filename*=UTF-8''r%%C3%%A9sum%%C3%%A9%%20%%2F..%%2Fpage.html

                <script>alert('stored xss')</script>
                --b1
                Content-Type: application/octet-stream
                Content-Disposition: attachment; filename="big.bin"

                %s
                --b1--
                """.formatted(from, rfc822Date(), id, big));

        poller.pollAll();

        String reference = caseOf(id);
        ApiClient staff = staff();
        assertThat(staff.get("/api/cases/" + reference)
                        .json()
                        .get("description")
                        .asString())
                .isEqualTo("See the attached page.");
        JsonNode files = staff.get("/api/cases/" + reference + "/attachments").json();
        assertThat(files).hasSize(2);
        JsonNode page = files.get(0);
        assertThat(page.get("filename").asString()).isEqualTo("page.html");
        assertThat(page.get("contentType").asString()).isEqualTo("text/html");
        assertThat(page.get("tooLarge").asBoolean()).isFalse();
        JsonNode bigFile = files.get(1);
        assertThat(bigFile.get("filename").asString()).isEqualTo("big.bin");
        assertThat(bigFile.get("tooLarge").asBoolean()).isTrue();
        assertThat(bigFile.get("size").asLong()).isGreaterThan(ATTACHMENT_LIMIT);

        ApiClient.Response download = staff.get(
                "/api/cases/" + reference + "/attachments/" + page.get("id").asLong());
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.body()).contains("<script>alert('stored xss')</script>");
        assertThat(download.header("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(download.header("Content-Disposition"))
                .startsWith("attachment;")
                .contains("filename*=UTF-8''page.html");
        assertThat(download.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(download.headers().allValues("X-Content-Type-Options")).containsExactly("nosniff");

        assertThat(staff.get("/api/cases/" + reference + "/attachments/"
                                + bigFile.get("id").asLong())
                        .status())
                .isEqualTo(404);
        String outsider = department().staff(Role.AGENT);
        assertThat(as(outsider).get("/api/cases/" + reference + "/attachments").status())
                .isEqualTo(404);
        assertThat(as(outsider)
                        .get("/api/cases/" + reference + "/attachments/"
                                + page.get("id").asLong())
                        .status())
                .isEqualTo(404);
    }

    // ---- the conversation -------------------------------------------------------------------------------------

    @Test
    void aResponseByEmailReachesTheCustomerThreadedUnderTheirMailAndTheirAnswerLandsOnTheCase() throws Exception {
        clock.set(Instant.parse("2026-12-14T00:00:00Z"));
        String from = "conversation-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
        String first = messageId();
        TestMailServer.send(from, plain(from, first, "Charged twice for parking", "My card was charged twice."));
        poller.pollAll();
        String reference = caseOf(first);
        // The automatic acknowledgement goes first; the response is then the customer's second e-mail.
        awaitAcknowledged(reference);

        ApiClient.Response responded = staff().post(
                        "/api/cases/" + reference + "/respond",
                        java.util.Map.of(
                                "channel",
                                "EMAIL",
                                "analysis",
                                "The car park's machine took the payment twice.",
                                "resolution",
                                "We have refunded the second charge of $4.50.",
                                "outcome",
                                "UPHELD",
                                "remedies",
                                java.util.List.of(java.util.Map.of(
                                        "type", "REFUND", "value", 4.5, "description", "the second charge"))));
        assertThat(responded.status()).as(responded.body()).isEqualTo(200);

        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(20))
                .until(() -> org.hearken.support.TestMail.receivedBy(from).size() == 2);
        jakarta.mail.internet.MimeMessage response = org.hearken.support.TestMail.receivedBy(from).stream()
                .filter(m -> org.hearken.support.TestMail.text(m).contains("refunded"))
                .findFirst()
                .orElseThrow();
        assertThat(response.getSubject()).contains(reference);
        assertThat(org.hearken.support.TestMail.text(response))
                .contains("The car park's machine took the payment twice.")
                .contains("We have refunded the second charge of $4.50.")
                .contains("We have refunded the second charge of $4.50.\n\nTo put things right, we offer:\n"
                        + "- A refund of 4.50: the second charge\n\nIf you are not satisfied")
                .contains("Mail desk lead");
        assertThat(response.getHeader("In-Reply-To", null)).isEqualTo("<" + first + ">");
        assertThat(response.getHeader("References", null)).contains("<" + first + ">");
        // Written by a person: no mark of automatic mail.
        assertThat(response.getHeader("Auto-Submitted")).isNull();
        JsonNode sent = null;
        for (JsonNode e : staff().get("/api/cases/" + reference + "/events").json()) {
            if (e.get("type").asString().equals("SentToCustomer")) {
                assertThat(e.get("actor").asString()).isEqualTo(lead);
                sent = e.get("payload");
            }
        }
        assertThat(sent).as("the register keeps what was sent").isNotNull();
        assertThat(sent.get("kind").asString()).isEqualTo("SUBSTANTIVE_RESPONSE");
        assertThat(sent.get("to").asString()).isEqualTo(from);
        assertThat(sent.get("text").asString()).contains("We have refunded the second charge of $4.50.");

        // The customer answers the response from their mail program: it lands on the same case.
        String answer = messageId();
        TestMailServer.send(from, """
                From: %s
                To: intake@example.org
                Subject: Re: %s
                Date: %s
                Message-ID: <%s>
                In-Reply-To: %s
                References: <%s> %s
                Content-Type: text/plain; charset=utf-8

                Thank you, the refund has arrived.
                """.formatted(
                        from,
                        response.getSubject(),
                        rfc822Date(),
                        answer,
                        response.getMessageID(),
                        first,
                        response.getMessageID()));
        poller.pollAll();
        assertThat(status(answer)).isEqualTo("ADDED_TO_CASE");
        assertThat(caseOf(answer)).isEqualTo(reference);

        // The owner is told, and the lists show "customer replied" until someone who may act on the case opens it.
        assertThat(noticesAbout(staff(), reference))
                .singleElement()
                .satisfies(n -> assertThat(n.get("kind").asString()).isEqualTo("CUSTOMER_REPLIED"));
        assertThat(staff().get("/api/cases/" + reference).json().hasNonNull("customerRepliedAt"))
                .isTrue();
        org.hearken.support.FormSession owner = signedIn(lead);
        assertThat(owner.get("/cases/mine")
                        .expect(200)
                        .html()
                        .select("tr[data-reference=" + reference + "]")
                        .text())
                .contains("customer replied");
        assertThat(owner.get("/cases/" + reference)
                        .expect(200)
                        .html()
                        .select("#customer-replied")
                        .text())
                .contains("The customer replied");
        assertThat(staff().get("/api/cases/" + reference).json().hasNonNull("customerRepliedAt"))
                .isFalse();
        assertThat(owner.get("/cases/mine")
                        .expect(200)
                        .html()
                        .select("tr[data-reference=" + reference + "]")
                        .text())
                .doesNotContain("customer replied");
    }

    // ---- helpers
    // ------------------------------------------------------------------------------------------------------

    /** Waits until the automatic acknowledgement, sent a moment after the case is committed, is recorded on it. */
    private void awaitAcknowledged(String reference) {
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(20))
                .until(() -> staff().get("/api/cases/" + reference)
                        .json()
                        .get("status")
                        .asString()
                        .equals("ACKNOWLEDGED"));
    }

    private ApiClient staff() {
        return as(lead);
    }

    private Mailboxes.Mailbox mailbox() {
        return mailboxes.mailboxes().getFirst();
    }

    private long mailId(String messageId) {
        return jdbc.sql("select id from intake_mail where message_id = ? and duplicate_of is null")
                .param(messageId)
                .query(Long.class)
                .single();
    }

    private static java.util.List<Long> quarantineIds(ApiClient admin, String status) {
        java.util.List<Long> ids = new java.util.ArrayList<>();
        admin.get("/api/mail/quarantine?limit=200&status=" + status)
                .json()
                .forEach(q -> ids.add(q.get("id").asLong()));
        return ids;
    }

    /** The types of the case's register events, oldest first. */
    private java.util.List<String> eventTypes(String reference) {
        java.util.List<String> types = new java.util.ArrayList<>();
        staff().get("/api/cases/" + reference + "/events")
                .json()
                .forEach(e -> types.add(e.get("type").asString()));
        return types;
    }

    /** The reader's notifications about this case, newest first: what other tests' cases bring is none of this test's business. */
    private static java.util.List<JsonNode> noticesAbout(ApiClient reader, String reference) {
        java.util.List<JsonNode> notices = new java.util.ArrayList<>();
        reader.get("/api/notifications").json().forEach(n -> {
            if (n.has("reference") && n.get("reference").asString().equals(reference)) {
                notices.add(n);
            }
        });
        return notices;
    }

    private String status(String messageId) {
        return jdbc.sql("select status from intake_mail where message_id = ? and duplicate_of is null")
                .param(messageId)
                .query(String.class)
                .single();
    }

    private String caseOf(String messageId) {
        return jdbc.sql(
                        "select c.reference from intake_mail m join cases c on c.id = m.case_id where m.message_id = ? and m.duplicate_of is null")
                .param(messageId)
                .query(String.class)
                .single();
    }

    private static String messageId() {
        return unique().toLowerCase(Locale.ROOT) + "@client.example.net";
    }

    /** A Date header a few minutes before the test clock's now. */
    private String rfc822Date() {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant()
                .minus(5, ChronoUnit.MINUTES)
                .truncatedTo(ChronoUnit.SECONDS)
                .atZone(ZoneOffset.UTC));
    }

    private String plain(String from, String messageId, String subject, String text) {
        return """
                From: %s
                To: intake@example.org
                Subject: %s
                Date: %s
                Message-ID: <%s>

                %s
                """.formatted(from, subject, rfc822Date(), messageId, text);
    }

    private static byte[] bytes(String text, Charset charset) {
        return text.replace("\n", "\r\n").getBytes(charset);
    }
}
