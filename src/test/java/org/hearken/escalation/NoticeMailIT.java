package org.hearken.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hearken.escalation.WatchIT.apiComplaint;
import static org.hearken.support.CaseBuilder.aComplaint;

import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.hearken.cases.CaseManagement;
import org.hearken.identity.Role;
import org.hearken.identity.StaffDirectory;
import org.hearken.support.ApiClient;
import org.hearken.support.FormSession;
import org.hearken.support.IntegrationTest;
import org.hearken.support.TestMail;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Notices by e-mail, as each person chooses on their notifications page, read from the real SMTP server; under the
 * Metart policy (Sydney, 09:00–17:00, warn 4 business hours before).
 */
class NoticeMailIT extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    DeadlineSweep sweep;

    @Autowired
    CaseManagement cases;

    @Autowired
    StaffDirectory directory;

    @BeforeEach
    void metart() throws Exception {
        org.hearken.policy.PolicyTestSupport.ensureActive(as(staffWithoutDepartment(Role.ADMIN)), "metart");
        // Timers of earlier tests are not this test's business.
        jdbc.sql("update escalation_timer set fired_at = now(), outcome = 'OBSOLETE' where fired_at is null")
                .update();
        clock.set(sydney("2026-11-30T10:00"));
    }

    private static Instant sydney(String local) {
        return ZonedDateTime.parse(local + "+11:00[Australia/Sydney]").toInstant();
    }

    private static String address(String username) {
        return username + "@example.org";
    }

    /** Chooses the topics on the notifications page, as the person would. */
    private void choose(String username, String... topics) {
        FormSession page = signedIn(username);
        page.get("/notifications").expect(200);
        String[] fields = new String[topics.length * 2];
        for (int i = 0; i < topics.length; i++) {
            fields[2 * i] = "topics";
            fields[2 * i + 1] = topics[i];
        }
        FormSession.Page saved = page.post("/notifications/mail", fields);
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        assertThat(saved.location()).isEqualTo("/notifications");
    }

    /** What the staff outbox holds for the person, sent or not. */
    private long queuedFor(String username) {
        return queuedFor(username, "PENDING", "SENT", "FAILED");
    }

    private long queuedFor(String username, String... statuses) {
        return jdbc.sql("""
                        select count(*) from correspondence_staff_mail m join identity_staff s on s.id = m.staff_id
                        where s.username = :username and m.status in (:statuses)""")
                .param("username", username)
                .param("statuses", List.of(statuses))
                .query(Long.class)
                .single();
    }

    /** The one e-mail the person received, once the outbox has sent it. */
    private MimeMessage onlyMailTo(String username) {
        await().atMost(WAIT).until(() -> !TestMail.receivedBy(address(username)).isEmpty());
        List<MimeMessage> got = TestMail.receivedBy(address(username));
        assertThat(got).hasSize(1);
        return got.getFirst();
    }

    /** Waits until nothing for the person is waiting in the outbox, then reads what they received. */
    private List<MimeMessage> allSentTo(String username) {
        await().atMost(WAIT).until(() -> queuedFor(username, "PENDING") == 0);
        return TestMail.receivedBy(address(username));
    }

    private static void ok(ApiClient.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void aPersonWhoChoseItIsEmailedWhenACaseIsAssignedOrReferredToThemAndOneWhoDidNotIsNot() throws Exception {
        Dept dept = department();
        Dept other = department();
        String chose = dept.staff(Role.AGENT);
        String didNot = dept.staff(Role.AGENT);
        String referee = other.staff(Role.AGENT);
        choose(chose, "ASSIGNED");
        choose(referee, "ASSIGNED", "BREACH");
        ApiClient lead = dept.as(dept.lead);

        String first = apiComplaint(dept, "2026-11-30T09:30:00+11:00");
        ok(lead.post("/api/cases/" + first + "/assign", Map.of("owner", didNot)));
        String second = apiComplaint(dept, "2026-11-30T09:35:00+11:00");
        ok(lead.post("/api/cases/" + second + "/assign", Map.of("owner", chose, "note", "Ann Driver rang twice")));

        MimeMessage mail = onlyMailTo(chose);
        assertThat(mail.getSubject()).isEqualTo(second + ": assigned to you");
        assertThat(mail.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
        String text = TestMail.text(mail);
        assertThat(text)
                .contains(second + ": Staff " + dept.lead + " assigned this case to you.")
                .contains("Open the case: http://localhost:8080/cases/" + second)
                .contains("/notifications");
        // Nothing about the customer, nor the note that named her.
        assertThat(text).doesNotContain("Ann", "ann@example.net", "Pothole", "Elm St", "/public/");
        assertThat(queuedFor(didNot)).isZero();
        assertThat(allSentTo(didNot)).isEmpty();

        String third = apiComplaint(dept, "2026-11-30T09:40:00+11:00");
        ok(lead.post(
                "/api/cases/" + third + "/refer",
                Map.of("department", other.code, "owner", referee, "note", "Yours, I think")));
        MimeMessage referred = onlyMailTo(referee);
        assertThat(referred.getSubject()).isEqualTo(third + ": referred to you");
        assertThat(TestMail.text(referred))
                .contains(third + ": Staff " + dept.lead + " referred this case to you. Accept or decline");
    }

    @Test
    void aDeadlineBreachIsEmailedToAnOwnerWhoChoseBreachesButNotItsWarning() throws Exception {
        Dept dept = department();
        choose(dept.lead, "BREACH");
        String ref = apiComplaint(dept, "2026-11-30T09:30:00+11:00");
        // Acknowledgement due Tuesday 1 December 17:00: warned at 13:00, missed the next morning.

        clock.set(sydney("2026-12-01T13:00"));
        sweep.sweep();
        assertThat(queuedFor(dept.lead)).isZero();

        clock.set(sydney("2026-12-02T09:00"));
        sweep.sweep();
        MimeMessage mail = onlyMailTo(dept.lead);
        assertThat(mail.getSubject()).isEqualTo(ref + ": acknowledgement overdue");
        assertThat(mail.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
        assertThat(TestMail.text(mail))
                .startsWith(ref + ": the acknowledgement is overdue.")
                .contains("/cases/" + ref);
        sweep.sweep();
        assertThat(allSentTo(dept.lead)).hasSize(1);
    }

    @Test
    void aCustomersReplyIsEmailedToAnOwnerWhoChoseIt() throws Exception {
        Dept dept = department();
        String agent = dept.staff(Role.AGENT);
        choose(dept.lead, "CUSTOMER_REPLIED");
        String ref = apiComplaint(dept, "2026-11-30T09:30:00+11:00");

        cases.recordCustomerMessage(
                ref,
                "ann@example.net",
                clock.instant(),
                "Re: Pothole",
                "It is getting deeper, Ann",
                directory.actorFor(agent).orElseThrow());

        MimeMessage mail = onlyMailTo(dept.lead);
        assertThat(mail.getSubject()).isEqualTo(ref + ": the customer replied");
        assertThat(TestMail.text(mail))
                .startsWith(ref + ": the customer replied. Read their message on the case and answer it.")
                .doesNotContain("deeper", "Ann", "ann@example.net");
    }

    @Test
    void theSubjectOfAComplaintIsNeverEmailedAboutItWhateverTheyChose() throws Exception {
        Dept dept = department();
        String agent = dept.staff(Role.AGENT);
        // Someone to oversee a complaint about the department's lead.
        staffWithoutDepartment(Role.EXECUTIVE);
        choose(dept.lead, "ASSIGNED", "CUSTOMER_REPLIED", "WARNING", "BREACH");
        choose(agent, "BREACH");
        String ref = apiComplaint(dept, "2026-11-30T09:30:00+11:00");
        // The complaint turns out to be about the lead: it goes to a colleague.
        ok(dept.as(dept.lead).post("/api/cases/" + ref + "/assign", Map.of("owner", agent)));
        ok(as(agent).post("/api/cases/" + ref + "/about-staff", Map.of("username", dept.lead)));

        // The lead manages the department, so a breach would tell them too; and the customer writes.
        clock.set(sydney("2026-12-02T09:00"));
        sweep.sweep();
        cases.recordCustomerMessage(
                ref,
                "ann@example.net",
                clock.instant(),
                "Re",
                "Still waiting",
                directory.actorFor(agent).orElseThrow());

        assertThat(onlyMailTo(agent).getSubject()).isEqualTo(ref + ": acknowledgement overdue");
        assertThat(queuedFor(dept.lead)).isZero();
        assertThat(allSentTo(dept.lead)).isEmpty();
    }

    @Test
    void aConfidentialCaseIsEmailedOnlyToThoseWhoMayOpenIt() throws Exception {
        Dept dept = department();
        String agent = dept.staff(Role.AGENT);
        String manager = dept.staff(Role.MANAGER);
        choose(agent, "BREACH");
        choose(manager, "BREACH");
        String ref = aComplaint()
                .inDepartment(dept)
                .ownedBy(agent)
                .confidential()
                .receivedAt("2026-11-30T09:30:00+11:00")
                .subject("Conduct of an officer")
                .from("Cas Private")
                .email("cas@example.net")
                .open();

        clock.set(sydney("2026-12-02T09:00"));
        sweep.sweep();

        MimeMessage mail = onlyMailTo(agent);
        assertThat(mail.getSubject()).isEqualTo(ref + ": acknowledgement overdue");
        assertThat(TestMail.text(mail)).doesNotContain("Cas", "cas@example.net", "Conduct", "officer");
        // The department's other manager is told of every breach in it, but may not open a confidential case: the
        // notice in the app does not name it to them, and no e-mail does.
        assertThat(dept.as(manager).get("/api/notifications").body()).doesNotContain(ref);
        assertThat(queuedFor(manager)).isZero();
    }

    @Test
    void aPersonWithoutAnAddressGetsNothingAndThePageSaysSo() throws Exception {
        Dept dept = department();
        String executive = staffWithoutDepartment(Role.EXECUTIVE);
        FormSession page = signedIn(executive);
        assertThat(page.get("/notifications")
                        .expect(200)
                        .html()
                        .select("#no-address")
                        .text())
                .contains("Hearken has no e-mail address for you, so nothing is e-mailed to you");
        choose(executive, "BREACH", "WARNING");
        assertThat(as(executive).get("/api/notifications/mail").json().hasNonNull("address"))
                .isFalse();

        String ref = apiComplaint(dept, "2026-11-30T09:30:00+11:00");
        // Escalated to the executives eight business hours after the breach.
        clock.set(sydney("2026-12-02T16:59:59"));
        sweep.sweep();
        assertThat(jdbc.sql("""
                                select count(*) from escalation_notice n join identity_staff s on s.id = n.recipient_id
                                join cases c on c.id = n.case_id where s.username = ? and c.reference = ?""").params(executive, ref).query(Long.class).single())
                .isEqualTo(1);
        assertThat(queuedFor(executive)).isZero();
    }

    @Test
    void anAdministratorGivesSomeoneAnAddressForTheirNoticesAndTheAuditLogSaysSo() {
        String executive = staffWithoutDepartment(Role.EXECUTIVE);
        String admin = staffWithoutDepartment(Role.ADMIN);
        FormSession page = signedIn(admin);
        String address = "exec-" + unique().toLowerCase(java.util.Locale.ROOT) + "@example.org";

        FormSession.Page refused = page.post("/admin/staff/" + executive + "/email", "email", "not an address");
        assertThat(page.flashError(refused)).contains("Nothing was changed");
        assertThat(as(executive).get("/api/notifications/mail").json().hasNonNull("address"))
                .isFalse();

        FormSession.Page saved = page.post("/admin/staff/" + executive + "/email", "email", address);
        assertThat(page.flash(saved)).contains("now e-mailed to " + address);
        assertThat(as(executive)
                        .get("/api/notifications/mail")
                        .json()
                        .get("address")
                        .asString())
                .isEqualTo(address);
        assertThat(jdbc.sql("select count(*) from security_audit where action = 'STAFF_EMAIL_CHANGED' and target = ?")
                        .param(executive)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(signedIn(executive)
                        .post("/admin/staff/" + executive + "/email", "email", "")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void thePreferencesAreSavedWithTheFormsTokenAndBadInputChangesNothing() throws Exception {
        Dept dept = department();
        String agent = dept.staff(Role.AGENT);
        FormSession page = signedIn(agent);
        FormSession.Page form = page.get("/notifications").expect(200);
        assertThat(form.html().select("#mail-preferences").text())
                .contains("to " + address(agent))
                .contains("A case is assigned or referred to me");
        assertThat(form.html().select("#mail-preferences input[type=checkbox][checked]"))
                .isEmpty();

        FormSession.Page saved = page.post("/notifications/mail", "topics", "ASSIGNED", "topics", "BREACH");
        assertThat(page.flash(saved))
                .isEqualTo("Saved. Hearken will also e-mail these notices to " + address(agent) + ".");
        assertThat(page.get("/notifications")
                        .html()
                        .select("#mail-preferences input[checked]")
                        .eachAttr("value"))
                .containsExactly("ASSIGNED", "BREACH");

        // Without the form's token: refused, nothing changed.
        assertThat(page.postWithoutCsrf("/notifications/mail", "topics", "WARNING")
                        .status())
                .isEqualTo(403);
        // A value that is no topic: the page says so, nothing changed.
        page.get("/notifications");
        FormSession.Page refused = page.post("/notifications/mail", "topics", "WARNING", "topics", "EVERYTHING");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.html().select("#mail-preferences .flash.error").text())
                .isEqualTo("Nothing was changed: “EVERYTHING” is not one of the notices listed here.");
        assertThat(refused.body()).doesNotContain("Exception", "at org.");
        ApiClient api = as(agent);
        assertThat(api.get("/api/notifications/mail").json().get("topics").toString())
                .isEqualTo("[\"ASSIGNED\",\"BREACH\"]");

        // The API: the same choice, and problem details for a bad one.
        ApiClient.Response bad = api.put("/api/notifications/mail", "{\"topics\":[\"NOPE\"]}", "application/json");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.header("Content-Type")).startsWith("application/problem+json");
        assertThat(bad.body()).contains("topics").contains("NOPE");
        assertThat(api.put("/api/notifications/mail", "{}", "application/json").status())
                .isEqualTo(400);
        ApiClient.Response put = api.put("/api/notifications/mail", "{\"topics\":[\"warning\"]}", "application/json");
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().get("address").asString()).isEqualTo(address(agent));
        assertThat(put.json().get("topics").toString()).isEqualTo("[\"WARNING\"]");

        // None ticked: nothing is e-mailed.
        page.get("/notifications");
        assertThat(page.flash(page.post("/notifications/mail"))).isEqualTo("Saved. Nothing will be e-mailed to you.");
        assertThat(api.get("/api/notifications/mail").json().get("topics").toString())
                .isEqualTo("[]");
    }

    @Test
    void aClientsManagerAndDeputyHearOfItsComplaintsArrivingMissingDeadlinesAndEscalatedNotOfItsConfidentialOnes()
            throws Exception {
        Dept dept = department();
        Dept other = department();
        String manager = other.staff(Role.AGENT);
        String deputy = other.staff(Role.AGENT);
        String executive = staffWithoutDepartment(Role.EXECUTIVE);
        choose(manager, "CLIENT");
        long clientId = client(dept, manager, deputy);
        String victor = "Victor Hale " + unique();
        String ref = aComplaint()
                .inDepartment(dept)
                .receivedAt("2026-11-30T09:30:00+11:00")
                .from(victor)
                .with("client", clientId)
                .open();
        String secret = aComplaint()
                .inDepartment(dept)
                .receivedAt("2026-11-30T09:31:00+11:00")
                .from(victor)
                .with("client", clientId)
                .confidential()
                .open();
        // A question of the client is no complaint: nobody is told of it arriving.
        String question = org.hearken.support.CaseBuilder.aQuestion()
                .inDepartment(dept)
                .receivedAt("2026-11-30T09:32:00+11:00")
                .from(victor)
                .with("client", clientId)
                .open();

        assertThat(notices(manager)).containsExactly("RECEIVED CLIENT_OPENED " + ref);
        assertThat(notices(deputy)).containsExactly("RECEIVED CLIENT_OPENED " + ref);
        MimeMessage arrived = onlyMailTo(manager);
        assertThat(arrived.getSubject()).isEqualTo(ref + ": a client's complaint");
        assertThat(TestMail.text(arrived))
                .startsWith(ref + ": a client you look after made a complaint.")
                .contains("/cases/" + ref)
                .doesNotContain(victor, secret);

        // The acknowledgement is missed (due Tuesday 17:00): the owner hears of it, and so do the client's people.
        clock.set(sydney("2026-12-02T09:00"));
        sweep.sweep();
        assertThat(notices(manager))
                .contains("ACKNOWLEDGE CLIENT_BREACH " + ref)
                .doesNotContain("ACKNOWLEDGE CLIENT_BREACH " + secret, "ACKNOWLEDGE CLIENT_BREACH " + question);
        assertThat(notices(deputy)).contains("ACKNOWLEDGE CLIENT_BREACH " + ref);
        // Eight business hours later the executives hear of it, and the client's people that it was escalated.
        clock.set(sydney("2026-12-02T16:59:59"));
        sweep.sweep();
        assertThat(notices(manager)).contains("ACKNOWLEDGE CLIENT_ESCALATED " + ref);
        assertThat(notices(executive)).contains("ACKNOWLEDGE ESCALATION " + ref);

        assertThat(notices(manager)).noneMatch(n -> n.endsWith(" " + secret));
        assertThat(notices(deputy)).noneMatch(n -> n.endsWith(" " + secret) || n.endsWith(" " + question));

        // By e-mail only the manager, who chose it; the deputy did not.
        List<String> subjects = allSentTo(manager).stream()
                .map(m -> {
                    try {
                        return m.getSubject();
                    } catch (jakarta.mail.MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
        assertThat(subjects)
                .containsExactly(
                        ref + ": a client's complaint",
                        ref + ": a client's complaint overdue",
                        ref + ": a client's complaint escalated");
        assertThat(queuedFor(deputy)).isZero();
    }

    @Test
    void aClientsPeopleHearWhenItsComplaintGoesToTheNextStage() throws Exception {
        // A procedure with an internal review (stage 2).
        org.hearken.policy.PolicyTestSupport.ensureActive(as(staffWithoutDepartment(Role.ADMIN)), "safetrac");
        Dept dept = department();
        String manager = staffWithoutDepartment(Role.AGENT);
        String deputy = staffWithoutDepartment(Role.AGENT);
        String executive = staffWithoutDepartment(Role.EXECUTIVE);
        long clientId = client(dept, manager, deputy);
        ApiClient lead = dept.as(dept.lead);
        String ref = aComplaint()
                .inDepartment(dept)
                .from("Victor Hale " + unique())
                .with("client", clientId)
                .open();
        ok(lead.post(
                "/api/cases/" + ref + "/respond",
                Map.of("channel", "PHONE_CALL", "resolution", "Bins emptied.", "outcome", "RESOLVED")));
        ok(lead.post("/api/cases/" + ref + "/close", Map.of()));
        ok(lead.post(
                "/api/cases/" + ref + "/request-review",
                Map.of("reason", "They overflowed again", "reviewer", executive)));
        assertThat(notices(manager))
                .containsExactly("RECEIVED CLIENT_OPENED " + ref, "REVIEW_REQUESTED CLIENT_ESCALATED " + ref);
        assertThat(notices(deputy))
                .containsExactly("RECEIVED CLIENT_OPENED " + ref, "REVIEW_REQUESTED CLIENT_ESCALATED " + ref);
    }

    /** A client organisation of the department's lead's making, looked after by {@code manager} and {@code deputy}. */
    private static long client(Dept dept, String manager, String deputy) {
        ApiClient.Response client = dept.as(dept.lead)
                .post("/api/clients", Map.of("name", "Northgate " + unique(), "manager", manager, "deputy", deputy));
        assertThat(client.status()).as(client.body()).isEqualTo(201);
        return client.json().get("id").asLong();
    }

    /** The person's notices, oldest first, as "stage kind reference". */
    private List<String> notices(String username) {
        return jdbc.sql("""
                        select n.stage || ' ' || n.kind || ' ' || c.reference from escalation_notice n
                        join cases c on c.id = n.case_id join identity_staff s on s.id = n.recipient_id
                        where s.username = ? order by n.id""").param(username).query(String.class).list();
    }
}
