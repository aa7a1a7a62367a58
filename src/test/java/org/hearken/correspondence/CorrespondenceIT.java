package org.hearken.correspondence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hearken.support.CaseBuilder.EMAIL;
import static org.hearken.support.CaseBuilder.PHONE;
import static org.hearken.support.CaseBuilder.WEB_FORM;
import static org.hearken.support.CaseBuilder.aComplaint;

import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hearken.cases.CustomerWording;
import org.hearken.identity.Role;
import org.hearken.support.ApiClient;
import org.hearken.support.CaseBuilder;
import org.hearken.support.IntegrationTest;
import org.hearken.support.TestMail;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** Customers' e-mail end to end: case change, outbox, SMTP (a real in-process server), delivery state on the case. */
class CorrespondenceIT extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String EVIL = "evil@example.org";

    @Autowired
    OutboxSender sender;

    @Autowired
    Correspondence correspondence;

    @Autowired
    PlatformTransactionManager transactions;

    private static CaseBuilder emailComplaint(String department, String name, String email) {
        return aComplaint()
                .by(EMAIL)
                .subject("Bin not collected")
                .description("The green bin on Elm Street was missed two weeks running.")
                .from(name)
                .email(email)
                .inDepartment(department);
    }

    private static String created(ApiClient.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("reference").asString();
    }

    private static String address() {
        return "c" + unique().toLowerCase() + "@example.net";
    }

    private static JsonNode messages(ApiClient client, String reference) {
        ApiClient.Response r = client.get("/api/cases/" + reference + "/messages");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static JsonNode onlyMessage(ApiClient client, String reference, String kind) {
        List<JsonNode> found = new ArrayList<>();
        messages(client, reference).forEach(m -> {
            if (m.get("kind").asString().equals(kind)) {
                found.add(m);
            }
        });
        assertThat(found).hasSize(1);
        return found.getFirst();
    }

    private static String text(MimeMessage m) {
        return TestMail.text(m);
    }

    private long caseId(String reference) {
        return jdbc.sql("select id from cases where reference = ?")
                .param(reference)
                .query(Long.class)
                .single();
    }

    private ApiClient admin() {
        return as(staffWithoutDepartment(Role.ADMIN));
    }

    /** The stored body of the case's only message of this kind, as the outbox holds it. */
    private String storedBody(String reference, String kind) {
        return jdbc.sql("select body from correspondence_message where case_id = ? and kind = ?")
                .params(caseId(reference), kind)
                .query(String.class)
                .single();
    }

    @Test
    void theCustomersPrivateStatusLinkNeverShowsToStaffBeforeOrAfterSending() throws Exception {
        Dept dept = department();
        ApiClient lead = dept.as(dept.lead);
        String email = address();
        clock.set(Instant.parse("2026-11-30T00:00:00Z"));
        java.util.regex.Pattern link =
                java.util.regex.Pattern.compile("/public/status/([A-Za-z0-9_-]{32})(?![A-Za-z0-9_-])");
        org.hearken.support.FormSession page = new org.hearken.support.FormSession(port);
        assertThat(page.signIn(dept.lead, PASSWORD)).isTrue();

        String ref;
        String token;
        TestMail.stop();
        try {
            ref = emailComplaint(dept.code, "Ada Citizen", email).openedBy(lead);
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(onlyMessage(lead, ref, "ACKNOWLEDGEMENT")
                                    .get("attempts")
                                    .asInt())
                            .isPositive());
            // Waiting to be sent, the outbox holds the live link; staff read the message without it.
            java.util.regex.Matcher waiting = link.matcher(storedBody(ref, "ACKNOWLEDGEMENT"));
            assertThat(waiting.find()).isTrue();
            token = waiting.group(1);
            assertThat(messages(lead, ref).toString()).doesNotContain(token).contains(PrivateLinks.STATUS_FOR_STAFF);
            assertThat(page.get("/cases/" + ref).body()).doesNotContain(token).contains(PrivateLinks.STATUS_FOR_STAFF);
        } finally {
            TestMail.start();
        }
        clock.set(Instant.parse(onlyMessage(lead, ref, "ACKNOWLEDGEMENT")
                        .get("nextAttemptAt")
                        .asString())
                .plusSeconds(1));
        await().atMost(WAIT).until(() -> TestMail.receivedBy(email).size() == 1);
        assertThat(text(TestMail.receivedBy(email).getFirst())).contains("/public/status/" + token);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(onlyMessage(lead, ref, "ACKNOWLEDGEMENT")
                                .get("status")
                                .asString())
                        .isEqualTo("SENT"));

        // Delivered, the stored copy forgets the link; staff still read the message without it.
        assertThat(storedBody(ref, "ACKNOWLEDGEMENT"))
                .doesNotContain(token)
                .contains("/public/status/[private link, not kept]");
        assertThat(messages(lead, ref).toString()).doesNotContain(token).contains(PrivateLinks.STATUS_FOR_STAFF);
        assertThat(page.get("/cases/" + ref).body()).doesNotContain(token).contains(PrivateLinks.STATUS_FOR_STAFF);
    }

    @Test
    void emailComplaintIsAcknowledgedOnceByEmailNamingTheOwnerAndThePromisedDate() throws Exception {
        Dept dept = department();
        ApiClient agent = dept.as(dept.staff(Role.AGENT));
        String email = address();
        // Monday 30 November 2026, 11:00 in Sydney.
        clock.set(Instant.parse("2026-11-30T00:00:00Z"));

        ApiClient.Response r = emailComplaint(dept.code, "Ada Citizen", email).postedBy(agent);
        String ref = created(r);
        Instant respondBy =
                OffsetDateTime.parse(r.json().get("respondBy").asString()).toInstant();
        String promised = CustomerWording.when(respondBy, java.time.ZoneId.of("Australia/Sydney"));
        assertThat(promised).isEqualTo("5:00 pm on Wednesday 9 December 2026");

        await().atMost(WAIT).until(() -> TestMail.receivedBy(email).size() == 1);
        MimeMessage mail = TestMail.receivedBy(email).getFirst();
        assertThat(mail.getSubject()).isEqualTo("We have received your complaint (" + ref + ")");
        assertThat(text(mail))
                .startsWith("Dear Ada Citizen,")
                .contains("Your reference is " + ref + ".")
                .contains("Staff " + dept.lead + " (Department " + dept.code
                        + ") is looking after it and you can expect a response by " + promised + ".")
                // The customer's private status link: a secret token, never the guessable reference.
                .containsPattern("/public/status/[A-Za-z0-9_-]{32}(?![A-Za-z0-9_-])")
                .doesNotContain("/status/" + ref)
                .contains("Hearken demo council");
        assertThat(mail.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
        assertThat(mail.getHeader("X-Auto-Response-Suppress", null)).isEqualTo("OOF, AutoReply");

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(onlyMessage(agent, ref, "ACKNOWLEDGEMENT")
                                .get("status")
                                .asString())
                        .isEqualTo("SENT"));
        JsonNode message = onlyMessage(agent, ref, "ACKNOWLEDGEMENT");
        assertThat(message.get("to").asString()).isEqualTo(email);
        assertThat(message.get("attempts").asInt()).isEqualTo(1);
        assertThat(message.get("messageId").asString())
                .isEqualTo(mail.getMessageID())
                .matches("<hk-[0-9a-f-]{36}@localhost>");
        assertThat(message.has("sentAt")).isTrue();

        // Another run finds nothing to send: the customer still has exactly one.
        sender.sendDue();
        assertThat(TestMail.receivedBy(email)).hasSize(1);

        // Delivered, the acknowledgement is recorded on the case, on time.
        JsonNode acknowledged = agent.get("/api/cases/" + ref).json();
        assertThat(acknowledged.get("status").asString()).isEqualTo("ACKNOWLEDGED");
        assertThat(acknowledged.get("acknowledgement").get("via").asString()).isEqualTo("EMAIL");
        assertThat(acknowledged.get("stages").get("acknowledge").get("state").asString())
                .isEqualTo("MET");
    }

    @Test
    void oneAddressGetsAtMostThreeAutomaticRepliesAnHour() {
        Dept dept = department();
        ApiClient agent = dept.as(dept.staff(Role.AGENT));
        String loop = address();
        clock.set(Instant.parse("2026-11-30T00:00:00Z"));
        int acknowledged = 0;
        for (int i = 0; i < 5; i++) {
            acknowledged += messages(
                            agent,
                            emailComplaint(dept.code, "Out of Office", loop).openedBy(agent))
                    .size();
        }
        assertThat(acknowledged).isEqualTo(3);

        clock.set(Instant.parse("2026-11-30T01:01:00Z"));
        assertThat(messages(
                        agent, emailComplaint(dept.code, "Out of Office", loop).openedBy(agent)))
                .hasSize(1);
    }

    @Test
    void theLimitPerAddressCountsEveryKindOfAutomaticEmailAndEachCarriesAutoSubmitted() throws Exception {
        Dept dept = department();
        ApiClient lead = dept.as(dept.lead);
        String email = address();
        // Monday 30 November 2026, 11:00 in Sydney: the complaint is due by Wednesday 9 December.
        Instant monday = Instant.parse("2026-11-30T00:00:00Z");
        clock.set(monday);
        String ref = emailComplaint(dept.code, "Ada Citizen", email).openedBy(lead);
        await().atMost(WAIT).until(() -> TestMail.receivedBy(email).size() == 1);
        extend(lead, ref, "2026-12-18");
        await().atMost(WAIT).until(() -> TestMail.receivedBy(email).size() == 2);
        extend(lead, ref, "2027-01-08");
        await().atMost(WAIT).until(() -> TestMail.receivedBy(email).size() == 3);
        for (MimeMessage automatic : TestMail.receivedBy(email)) {
            assertThat(automatic.getHeader("Auto-Submitted", null))
                    .as(automatic.getSubject())
                    .isEqualTo("auto-generated");
        }

        // Three automatic e-mails this hour, of two kinds: a new e-mail case from the address is not acknowledged...
        String second = emailComplaint(dept.code, "Ada Citizen", email).openedBy(lead);
        assertThat(messages(lead, second)).isEmpty();
        // ...and a further notice, which the customer must get, waits until the first of the three is an hour old.
        extend(lead, ref, "2027-01-22");
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode held = last(messages(lead, ref));
            assertThat(held.get("kind").asString()).isEqualTo("EXTENSION_NOTICE");
            assertThat(held.get("status").asString()).isEqualTo("PENDING");
            assertThat(held.get("attempts").asInt())
                    .as("held back, not a failed attempt")
                    .isZero();
            assertThat(Instant.parse(held.get("nextAttemptAt").asString())).isEqualTo(monday.plus(Duration.ofHours(1)));
        });
        assertThat(TestMail.receivedBy(email)).hasSize(3);

        clock.set(monday.plus(Duration.ofHours(1)).plusSeconds(1));
        await().atMost(WAIT).until(() -> TestMail.receivedBy(email).size() == 4);
        MimeMessage fourth = TestMail.receivedBy(email).get(3);
        assertThat(fourth.getSubject()).isEqualTo("A new date for our response to your complaint (" + ref + ")");
        assertThat(text(fourth)).contains("by 5:00 pm on Friday 22 January 2027");
        assertThat(fourth.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
    }

    private static void extend(ApiClient by, String ref, String newDueDate) {
        ApiClient.Response extended = by.post(
                "/api/cases/" + ref + "/extend",
                Map.of(
                        "newDueDate",
                        newDueDate,
                        "reason",
                        "we are waiting for the contractor's job records",
                        "noticeChannel",
                        "EMAIL"));
        assertThat(extended.status()).as(extended.body()).isEqualTo(200);
    }

    private static JsonNode last(JsonNode array) {
        return array.get(array.size() - 1);
    }

    @Test
    void onlyEmailAndWebFormFeedbackWithAnAddressIsAcknowledgedByEmail() {
        Dept dept = department();
        ApiClient agent = dept.as(dept.staff(Role.AGENT));
        CaseBuilder phone = emailComplaint(dept.code, "Pat Caller", address());
        phone.by(PHONE);
        String webAddress = address();
        CaseBuilder webWithAddress = emailComplaint(dept.code, "Wen Former", webAddress);
        webWithAddress.by(WEB_FORM);
        webWithAddress.with("kind", "COMPLIMENT");
        CaseBuilder webWithoutAddress = emailComplaint(dept.code, "Noel Address", address());
        webWithoutAddress.by(WEB_FORM);
        webWithoutAddress.customer(Map.of("name", "Noel Address", "phone", "02 5550 1000"));

        assertThat(messages(agent, phone.openedBy(agent))).isEmpty();
        assertThat(messages(agent, webWithoutAddress.openedBy(agent))).isEmpty();
        String web = webWithAddress.openedBy(agent);
        JsonNode ack = onlyMessage(agent, web, "ACKNOWLEDGEMENT");
        assertThat(ack.get("to").asString()).isEqualTo(webAddress);
        // A compliment has no response target, so the acknowledgement promises no date.
        assertThat(ack.get("body").asString())
                .contains("(Department " + dept.code + ") is looking after it. We read every compliment")
                .doesNotContain("expect a response");

        // Someone who may not open the case may not see its messages either.
        Dept other = department();
        ApiClient outsider = other.as(other.staff(Role.AGENT));
        assertThat(outsider.get("/api/cases/" + web + "/messages").status()).isEqualTo(404);
    }

    @Test
    void extensionNoticeWaitsWhileSmtpIsDownAndIsDeliveredOnceWhenItIsBack() throws Exception {
        Dept dept = department();
        ApiClient lead = dept.as(dept.lead);
        String email = address();
        clock.set(Instant.parse("2026-11-30T00:00:00Z"));
        String ref = emailComplaint(dept.code, "Ada Citizen", email).openedBy(lead);
        await().atMost(WAIT).until(() -> TestMail.receivedBy(email).size() == 1);

        TestMail.stop();
        try {
            clock.set(Instant.parse("2026-12-02T00:00:00Z"));
            ApiClient.Response extended = lead.post(
                    "/api/cases/" + ref + "/extend",
                    Map.of(
                            "newDueDate",
                            "2026-12-18",
                            "reason",
                            "we are waiting for the contractor's job records",
                            "noticeChannel",
                            "EMAIL"));
            assertThat(extended.status()).as(extended.body()).isEqualTo(200);

            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode notice = onlyMessage(lead, ref, "EXTENSION_NOTICE");
                assertThat(notice.get("status").asString()).isEqualTo("PENDING");
                assertThat(notice.get("attempts").asInt()).isPositive();
                assertThat(notice.get("lastError").asString()).isNotBlank();
                assertThat(notice.get("nextAttemptAt").asString()).isNotBlank();
            });
        } finally {
            TestMail.start();
        }
        JsonNode waiting = onlyMessage(lead, ref, "EXTENSION_NOTICE");
        String messageId = waiting.get("messageId").asString();
        assertThat(Instant.parse(waiting.get("nextAttemptAt").asString())).isAfter(clock.instant());
        assertThat(TestMail.receivedBy(email).stream()
                        .filter(m -> messageIdOf(m).equals(messageId)))
                .isEmpty();

        // The retry is due once its back-off has passed.
        clock.set(Instant.parse(waiting.get("nextAttemptAt").asString()).plusSeconds(1));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(onlyMessage(lead, ref, "EXTENSION_NOTICE")
                                .get("status")
                                .asString())
                        .isEqualTo("SENT"));
        sender.sendDue();

        JsonNode sent = onlyMessage(lead, ref, "EXTENSION_NOTICE");
        assertThat(sent.get("messageId").asString()).isEqualTo(messageId);
        assertThat(sent.get("attempts").asInt())
                .isEqualTo(waiting.get("attempts").asInt() + 1);
        assertThat(sent.has("lastError")).isFalse();
        List<MimeMessage> notices = TestMail.receivedBy(email).stream()
                .filter(m -> messageIdOf(m).equals(messageId))
                .toList();
        assertThat(notices).hasSize(1);
        MimeMessage notice = notices.getFirst();
        assertThat(notice.getSubject()).isEqualTo("A new date for our response to your complaint (" + ref + ")");
        assertThat(notice.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
        assertThat(text(notice))
                .contains(
                        "We are sorry, but we will not be able to respond to your complaint by 5:00 pm on Wednesday 9 December 2026.")
                .contains("The reason: we are waiting for the contractor's job records")
                .contains("You can now expect our response by 5:00 pm on Friday 18 December 2026.");
    }

    private static String messageIdOf(MimeMessage m) {
        try {
            return m.getMessageID();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void racingSendersNeverSendAMessageTwice() throws Exception {
        Dept dept = department();
        ApiClient lead = dept.as(dept.lead);
        CaseBuilder phone = emailComplaint(dept.code, "Pat Caller", address());
        phone.by(PHONE);
        long caseId = caseId(phone.openedBy(lead));
        String batch = unique().toLowerCase();
        int count = 2 * OutboxSender.BATCH + 7;
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            recipients.add("race" + i + "-" + batch + "@example.net");
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                runs.add(pool.submit((Callable<Integer>) () -> {
                    start.await();
                    return sender.sendDue();
                }));
            }
            new TransactionTemplate(transactions)
                    .executeWithoutResult(tx -> recipients.forEach(to -> correspondence.queueEmail(
                            caseId, "INTERIM_RESPONSE", Map.of("message", "Progress report for " + to), to)));
            start.countDown();
            for (Future<Integer> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdown();
        }
        await().atMost(WAIT)
                .until(() ->
                        jdbc.sql("select count(*) from correspondence_message where case_id = ? and status = 'SENT'")
                                        .param(caseId)
                                        .query(Integer.class)
                                        .single()
                                == count);
        sender.sendDue();
        Set<String> ids = new HashSet<>();
        for (String to : recipients) {
            List<MimeMessage> got = TestMail.receivedBy(to);
            assertThat(got).as(to).hasSize(1);
            assertThat(text(got.getFirst())).contains("Progress report for " + to);
            ids.add(got.getFirst().getMessageID());
        }
        assertThat(ids).hasSize(count);
        assertThat(jdbc.sql("select max(attempts) from correspondence_message where case_id = ?")
                        .param(caseId)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void messageClaimedByAnInstanceThatDiedIsSentByAnotherWithinThirtySeconds() throws Exception {
        Dept dept = department();
        ApiClient lead = dept.as(dept.lead);
        CaseBuilder phone = emailComplaint(dept.code, "Pat Caller", address());
        phone.by(PHONE);
        String ref = phone.openedBy(lead);
        String to = address();
        clock.set(Instant.parse("2026-11-30T00:00:00Z"));
        QueuedEmail queued = new TransactionTemplate(transactions).execute(tx -> {
            QueuedEmail q =
                    correspondence.queueEmail(caseId(ref), "INTERIM_RESPONSE", Map.of("message", "On its way."), to);
            // As if another instance had claimed it (for the lease every claim gets, by the database's clock) and then
            // died before sending.
            jdbc.sql(
                            "update correspondence_message set claimed_by = 'gone/1', claimed_until = clock_timestamp() + ? * interval '1 millisecond'"
                                    + " where id = ?")
                    .params(OutboxSender.LEASE.toMillis(), q.id())
                    .update();
            return q;
        });

        sender.sendDue();
        assertThat(TestMail.receivedBy(to)).isEmpty();
        assertThat(onlyMessage(lead, ref, "INTERIM_RESPONSE").get("status").asString())
                .isEqualTo("PENDING");

        // Real time passes, whatever the application's clock says: the claim runs out by the database's clock.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> TestMail.receivedBy(to).size() == 1);
        sender.sendDue();
        assertThat(TestMail.receivedBy(to))
                .singleElement()
                .satisfies(m -> assertThat(m.getMessageID()).isEqualTo(queued.messageId()));
    }

    @Test
    void queueingJoinsTheCallersTransactionAndRefusesToRunWithoutOne() {
        Dept dept = department();
        ApiClient lead = dept.as(dept.lead);
        CaseBuilder phone = emailComplaint(dept.code, "Pat Caller", address());
        phone.by(PHONE);
        String ref = phone.openedBy(lead);
        long caseId = caseId(ref);

        assertThatThrownBy(() -> correspondence.queueEmail(caseId, "INTERIM_RESPONSE", Map.of(), address()))
                .isInstanceOf(IllegalTransactionStateException.class);
        new TransactionTemplate(transactions).executeWithoutResult(tx -> {
            correspondence.queueEmail(caseId, "INTERIM_RESPONSE", Map.of(), address());
            tx.setRollbackOnly();
        });
        assertThat(messages(lead, ref)).isEmpty();
        assertThatThrownBy(() -> new TransactionTemplate(transactions)
                        .executeWithoutResult(tx -> correspondence.queueEmail(
                                caseId, "INTERIM_RESPONSE", Map.of("customerNmae", "x"), address())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("customerNmae");
    }

    @Test
    void templateChangesMakeANewVersionThatTheNextMessageUses() throws Exception {
        ApiClient admin = admin();
        Dept dept = department();
        ApiClient agent = dept.as(dept.staff(Role.AGENT));
        String path = "/api/templates/ACKNOWLEDGEMENT/EMAIL";

        ApiClient.Response list = agent.get("/api/templates");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json()).hasSize(TemplateKey.values().length * TemplateChannel.values().length);
        JsonNode before = agent.get(path).json();
        int version = before.get("active").get("version").asInt();
        String subject = before.get("active").get("subject").asString();
        String body = before.get("active").get("body").asString();
        assertThat(before.get("fields"))
                .anySatisfy(f -> assertThat(f.get("name").asString()).isEqualTo("promisedDate"));

        assertThat(agent.put(path, "{\"subject\":\"x\",\"body\":\"y\"}", "application/json")
                        .status())
                .isEqualTo(403);

        ApiClient.Response unknown = admin.put(
                path,
                "{\"subject\":\"Hello {{reference}}\",\"body\":\"Dear {{customerNmae}}, {{promisedDate}}\"}",
                "application/json");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("errors").get(0).get("field").asString()).isEqualTo("body");
        assertThat(unknown.json().get("errors").get(0).get("message").asString())
                .contains("customerNmae")
                .contains("customerName, reference, kind");
        assertThat(admin.put(path, "{\"subject\":\"Hello\",\"body\":\"{{#reason}} unclosed\"}", "application/json")
                        .status())
                .isEqualTo(400);
        assertThat(agent.get(path).json().get("active").get("version").asInt()).isEqualTo(version);

        String marker = "Marker " + unique();
        String newBody = "Dear {{customerName}},\n\n" + marker
                + ": {{ownerName}} has it{{#promisedDate}}, due {{promisedDate}}{{/promisedDate}}.\n";
        try {
            ApiClient.Response saved = admin.put(path, json(subject, newBody), "application/json");
            assertThat(saved.status()).as(saved.body()).isEqualTo(201);
            assertThat(saved.json().get("version").asInt()).isEqualTo(version + 1);
            assertThat(saved.header("Location")).isEqualTo(path + "/versions/" + (version + 1));
            assertThat(admin.put(path, json(subject, newBody), "application/json")
                            .status())
                    .as("unchanged")
                    .isEqualTo(200);

            JsonNode after = agent.get(path).json();
            assertThat(after.get("active").get("version").asInt()).isEqualTo(version + 1);
            assertThat(after.get("versions").get(0).get("version").asInt()).isEqualTo(version + 1);
            assertThat(after.get("versions").get(1).get("active").asBoolean()).isFalse();
            assertThat(agent.get(path + "/versions/" + version)
                            .json()
                            .get("body")
                            .asString())
                    .isEqualTo(body);

            String email = address();
            String ref = emailComplaint(dept.code, "Ada Citizen", email).openedBy(agent);
            await().atMost(WAIT).until(() -> TestMail.receivedBy(email).size() == 1);
            assertThat(text(TestMail.receivedBy(email).getFirst()))
                    .startsWith("Dear Ada Citizen,\n\n" + marker + ": Staff " + dept.lead + " has it, due ");
            assertThat(onlyMessage(agent, ref, "ACKNOWLEDGEMENT").get("body").asString())
                    .contains(marker);
        } finally {
            assertThat(admin.put(path, json(subject, body), "application/json").status())
                    .isEqualTo(201);
        }
    }

    @Test
    void previewRendersTheTemplateOrADraftWithSampleValuesOrACaseTheCallerMaySee() {
        Dept dept = department();
        ApiClient agent = dept.as(dept.staff(Role.AGENT));
        String ref = emailComplaint(dept.code, "Ada Citizen", address()).openedBy(agent);

        ApiClient.Response sample = agent.post("/api/templates/ACKNOWLEDGEMENT/EMAIL/preview", Map.of());
        assertThat(sample.status()).as(sample.body()).isEqualTo(200);
        assertThat(sample.json().get("subject").asString())
                .isEqualTo("We have received your complaint (HK-2026-000042)");
        assertThat(sample.json().get("body").asString()).contains("Grace Okafor (Waste Services) is looking after it");

        ApiClient.Response draft = agent.post(
                "/api/templates/EXTENSION_NOTICE/LETTER/preview?reference=" + ref,
                Map.of("body", "{{customerName}} / {{ownerName}} / {{newDate}} / {{reference}}"));
        assertThat(draft.status()).as(draft.body()).isEqualTo(200);
        assertThat(draft.json().get("body").asString())
                .isEqualTo("Ada Citizen / Staff " + dept.lead + " / 5:00 pm on Friday 18 December 2026 / " + ref);
        assertThat(draft.json().get("subject").asString()).contains(ref);
        assertThat(draft.json().get("fields").get("ownerName").asString()).isEqualTo("Staff " + dept.lead);
        assertThat(draft.json().get("fields").get("previousDate").asString())
                .isEqualTo(draft.json().get("fields").get("promisedDate").asString())
                .startsWith("5:00 pm on ");

        assertThat(agent.post("/api/templates/ACKNOWLEDGEMENT/EMAIL/preview", Map.of("body", "{{nope}}"))
                        .status())
                .isEqualTo(400);
        Dept other = department();
        ApiClient outsider = other.as(other.staff(Role.AGENT));
        assertThat(outsider.post("/api/templates/ACKNOWLEDGEMENT/EMAIL/preview?reference=" + ref, Map.of())
                        .status())
                .isEqualTo(404);
        assertThat(messages(agent, ref)).hasSize(1);
    }

    @Test
    void customerWordsCannotAddRecipientsOrHeaders() throws Exception {
        ApiClient admin = admin();
        Dept dept = department();
        ApiClient agent = dept.as(dept.staff(Role.AGENT));
        String path = "/api/templates/ACKNOWLEDGEMENT/EMAIL";
        JsonNode before = agent.get(path).json().get("active");

        CaseBuilder broken = emailComplaint(dept.code, "Eve\r\nBcc: " + EVIL, address());
        assertThat(broken.postedBy(agent).status())
                .as("intake refuses line breaks in names")
                .isEqualTo(400);

        String odd = "Zoë \"Bcc: " + EVIL + "\" <" + EVIL + ">, Bcc: " + EVIL + "; Cc: =?utf-8?q?x?=";
        try {
            assertThat(admin.put(
                                    path,
                                    json(
                                            "{{customerName}}: we have received your {{kind}} ({{reference}})",
                                            before.get("body").asString()),
                                    "application/json")
                            .status())
                    .isEqualTo(201);

            String email = address();
            String ref = emailComplaint(dept.code, odd, email).openedBy(agent);
            await().atMost(WAIT).until(() -> TestMail.receivedBy(email).size() == 1);
            MimeMessage mail = TestMail.receivedBy(email).getFirst();
            assertThat(mail.getSubject()).isEqualTo(odd + ": we have received your complaint (" + ref + ")");
            assertClean(mail, email);

            // Below intake, whatever a caller passes: line breaks in a field become spaces in the subject.
            String to = address();
            QueuedEmail queued = new TransactionTemplate(transactions)
                    .execute(tx -> correspondence.queueEmail(
                            caseId(ref),
                            "ACKNOWLEDGEMENT",
                            Map.of("customerName", "Eve\r\nBcc: " + EVIL + "\r\n\r\nInjected body"),
                            to));
            await().atMost(WAIT).until(() -> TestMail.receivedBy(to).size() == 1);
            MimeMessage injected = TestMail.receivedBy(to).getFirst();
            assertThat(injected.getMessageID()).isEqualTo(queued.messageId());
            assertThat(injected.getSubject())
                    .isEqualTo("Eve Bcc: " + EVIL + " Injected body: we have received your complaint (" + ref + ")");
            assertClean(injected, to);

            // An address with a second recipient smuggled in is never sent, and the case shows why.
            QueuedEmail refused = new TransactionTemplate(transactions)
                    .execute(tx -> correspondence.queueEmail(
                            caseId(ref), "ACKNOWLEDGEMENT", Map.of(), address() + "\r\nBcc: " + EVIL));
            assertThat(refused.status()).isEqualTo("FAILED");
            JsonNode shown = messages(agent, ref);
            assertThat(shown).anySatisfy(m -> {
                assertThat(m.get("messageId").asString()).isEqualTo(refused.messageId());
                assertThat(m.get("status").asString()).isEqualTo("FAILED");
                assertThat(m.get("lastError").asString()).contains("not a usable e-mail address");
            });
        } finally {
            admin.put(
                    path,
                    json(before.get("subject").asString(), before.get("body").asString()),
                    "application/json");
        }
        sender.sendDue();
        assertThat(TestMail.receivedBy(EVIL)).isEmpty();
    }

    private static void assertClean(MimeMessage mail, String recipient) throws Exception {
        assertThat(mail.getRecipients(Message.RecipientType.TO))
                .extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly(recipient);
        assertThat(mail.getHeader("Bcc")).isNull();
        assertThat(mail.getHeader("Cc")).isNull();
        assertThat(mail.getHeader("Subject")).hasSize(1);
        assertThat(TestMail.receivedBy(EVIL)).isEmpty();
    }

    private static String json(String subject, String body) {
        return tools.jackson.databind.json.JsonMapper.builder()
                .build()
                .writeValueAsString(Map.of("subject", subject, "body", body));
    }
}
