package org.hearken.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.hearken.identity.Role;
import org.hearken.identity.StaffAccounts;
import org.hearken.policy.PolicyTestSupport;
import org.hearken.support.ApiClient;
import org.hearken.support.FormSession;
import org.hearken.support.IntegrationTest;
import org.hearken.support.TestMail;
import org.hearken.support.TestMailServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Cases under the shipped rule packs, end to end against the real database and mail server. A council
 * ({@code policies/council-england.yaml}): a housing complaint acknowledged on day 3 is due ten working days after that
 * acknowledgement, is escalated while overdue without a reason, gets its stage-2 dates, and an extension asked after a
 * due date is refused; its other departments run the LGSCO code. A bank ({@code policies/fca-firm.yaml}): an e-mailed
 * complaint resolved next morning sends a summary resolution communication; a final response without the ombudsman's
 * details cannot be sent. Dates by hand on the English calendar (June–July 2026 have no bank holiday).
 */
class RulePackCasesIT extends IntegrationTest {

    static final String BANK = "BANK" + unique().substring(0, 8);

    @DynamicPropertySource
    static void mailbox(DynamicPropertyRegistry registry) {
        TestMailServer.registerIntake(registry, BANK, "Processed");
    }

    @Autowired
    MailPoller poller;

    @Test
    void aCouncilHousingComplaintRunsTheHousingOmbudsmanCodeAndItsOtherComplaintsTheLgscoCode() throws Exception {
        ApiClient admin = as(staffWithoutDepartment(Role.ADMIN));
        Dept housing = department();
        Dept parks = department();
        PolicyTestSupport.councilInForce(admin, housing.code);
        try {
            String executive = staffWithoutDepartment(Role.EXECUTIVE);
            ApiClient officer = housing.as(housing.lead);

            // Monday 8 June 2026, 10:00 BST.
            clock.set(Instant.parse("2026-06-08T09:00:00Z"));
            JsonNode c = officer.post("/api/cases", complaint(housing.code, "2026-06-08T10:00:00+01:00"))
                    .json();
            String reference = c.get("reference").asString();
            assertThat(c.get("pack").asString()).isEqualTo("ho-code-2024");
            assertThat(c.get("acknowledgeBy").asString())
                    .as("five working days following the day of receipt (HO Code 6.2)")
                    .isEqualTo("2026-06-15T17:00:00+01:00");
            assertThat(c.get("stages").get("respond"))
                    .as("no response clock before the acknowledgement")
                    .isNull();

            // Acknowledged on day 3, Thursday 11 June: the words the customer is told give the date it starts.
            clock.set(Instant.parse("2026-06-11T14:00:00Z"));
            assertThat(officer.get("/api/cases/" + reference + "/acknowledgement-text")
                            .body())
                    .contains("you can expect a response by")
                    .contains("25 June 2026");
            JsonNode acknowledged = officer.post("/api/cases/" + reference + "/acknowledge", Map.of("via", "EMAIL"))
                    .json();
            assertThat(acknowledged.get("stages").get("respond").get("dueBy").asString())
                    .as("ten working days of the acknowledgement (HO Code 6.3): Friday 12 is day 1, Thursday 25 day 10")
                    .isEqualTo("2026-06-25T17:00:00+01:00");

            // Friday 26 June: stage 1 is overdue. An extension now is refused; the stage stays late.
            clock.set(Instant.parse("2026-06-26T09:00:00Z"));
            assertThat(officer.get("/api/cases/" + reference)
                            .json()
                            .get("stages")
                            .get("respond")
                            .get("state")
                            .asString())
                    .isEqualTo("OVERDUE");
            ApiClient.Response late = officer.post(
                    "/api/cases/" + reference + "/extend",
                    Map.of("newDueDate", "2026-07-02", "reason", "Waiting for the surveyor", "noticeChannel", "EMAIL"));
            assertThat(late.status()).as(late.body()).isEqualTo(409);
            assertThat(late.json().get("detail").asString())
                    .contains("An extension is only possible before the due date");

            // The resident asks for stage 2 without giving a reason (HO Code 6.12).
            JsonNode escalated = officer.post(
                            "/api/cases/" + reference + "/request-review", Map.of("reviewer", executive))
                    .json();
            assertThat(escalated.get("status").asString()).isEqualTo("UNDER_REVIEW");
            assertThat(escalated
                            .get("stages")
                            .get("reviewAcknowledge")
                            .get("dueBy")
                            .asString())
                    .as("five working days of the request (HO Code 6.11)")
                    .isEqualTo("2026-07-03T17:00:00+01:00");
            assertThat(escalated.get("stages").get("respond").get("state").asString())
                    .as("stage 1 was never answered: it stays late")
                    .isEqualTo("MISSED");
            assertThat(escalated.get("allowedActions").toString()).contains("acknowledge-review");

            // The stage-2 handler acknowledges on Monday 29 June.
            clock.set(Instant.parse("2026-06-29T08:30:00Z"));
            JsonNode stage2 = as(executive)
                    .post("/api/cases/" + reference + "/acknowledge-review", Map.of())
                    .json();
            assertThat(stage2.get("stages")
                            .get("reviewAcknowledge")
                            .get("state")
                            .asString())
                    .isEqualTo("MET");
            assertThat(stage2.get("stages").get("review").get("dueBy").asString())
                    .as("twenty working days of the stage-2 acknowledgement (HO Code 6.14)")
                    .isEqualTo("2026-07-27T17:00:00+01:00");

            // The due-date contract gives the same dates for the same moments.
            JsonNode contract = officer.post(
                            "/api/due-dates",
                            Map.of(
                                    "kind", "COMPLAINT",
                                    "channel", "EMAIL",
                                    "receivedAt", "2026-06-08T10:00:00+01:00",
                                    "department", housing.code,
                                    "events",
                                            Map.of(
                                                    "acknowledgedAt", "2026-06-11T15:00:00+01:00",
                                                    "escalationRequestedAt", "2026-06-26T10:00:00+01:00",
                                                    "stage2AcknowledgedAt", "2026-06-29T09:30:00+01:00")))
                    .json()
                    .get("stages");
            assertThat(contract.get("stage1-respond").get("dueAt").asString()).isEqualTo("2026-06-25T17:00:00+01:00");
            assertThat(contract.get("stage2-acknowledge").get("dueAt").asString())
                    .isEqualTo("2026-07-03T17:00:00+01:00");
            assertThat(contract.get("stage2-respond").get("dueAt").asString()).isEqualTo("2026-07-27T17:00:00+01:00");

            // Any other department's complaint runs the LGSCO code.
            clock.set(Instant.parse("2026-06-08T09:00:00Z"));
            JsonNode other = parks.as(parks.lead)
                    .post("/api/cases", complaint(parks.code, "2026-06-08T10:00:00+01:00"))
                    .json();
            assertThat(other.get("pack").asString()).isEqualTo("lgsco-code");
        } finally {
            PolicyTestSupport.ensureActive(admin, "metart");
        }
    }

    @Test
    void aBanksEmailedComplaintResolvedNextMorningSendsASummaryResolutionAndAFinalResponseNeedsTheOmbudsman()
            throws Exception {
        ApiClient admin = as(staffWithoutDepartment(Role.ADMIN));
        ApiClient.Response put =
                admin.put("/api/policy", Files.readString(Path.of("policies/fca-firm.yaml")), "application/yaml");
        assertThat(put.status()).as(put.body()).isIn(200, 201);
        try {
            accounts.createDepartment(BANK, "Customer complaints", false);
            String handler = "u" + unique().toLowerCase(Locale.ROOT);
            accounts.createStaff(new StaffAccounts.NewStaff(
                    handler, "Harriet Handler", null, PASSWORD, Set.of(Role.MANAGER, Role.AGENT), Set.of(BANK)));
            accounts.setDepartmentLead(BANK, handler);
            ApiClient api = as(handler);

            // Monday 8 June 2026, 16:00 BST.
            clock.set(Instant.parse("2026-06-08T15:00:00Z"));
            String from = "rosa-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
            String messageId = unique().toLowerCase(Locale.ROOT) + "@client.example.net";
            TestMailServer.send(from, """
                    From: Rosa Banker <%s>
                    To: intake@example.org
                    Subject: Charged twice for my card
                    Date: Mon, 08 Jun 2026 16:00:00 +0100
                    Message-ID: <%s>
                    Content-Type: text/plain; charset=utf-8

                    I complain: you charged my card fee twice this month.
                    """.formatted(from, messageId));
            poller.pollAll();
            String reference = jdbc.sql("select c.reference from intake_mail m join cases c on c.id = m.case_id"
                            + " where m.message_id = ?")
                    .param(messageId)
                    .query(String.class)
                    .single();
            JsonNode c = api.get("/api/cases/" + reference).json();
            if (!c.get("kind").asString().equals("COMPLAINT")) {
                c = api.post(
                                "/api/cases/" + reference + "/reclassify",
                                Map.of("kind", "COMPLAINT", "channel", "EMAIL", "reason", "The customer complains"))
                        .json();
            }
            assertThat(c.get("pack").asString()).isEqualTo("fca-disp");
            // The third business day following Monday 8 June: Thursday 11 June at close of business.
            assertThat(c.get("quickResolutionBy").asString()).isEqualTo("2026-06-11T17:00:00+01:00");

            // Next morning, Tuesday 9 June 09:30 BST: resolved, with a summary resolution communication by e-mail.
            clock.set(Instant.parse("2026-06-09T08:30:00Z"));
            Map<String, Object> summary = new HashMap<>();
            summary.put("channel", "EMAIL");
            summary.put("outcome", "RESOLVED");
            summary.put("summaryResolution", true);
            summary.put(
                    "resolution",
                    "We have treated your message as a complaint. We refunded the second fee this morning, and we now"
                            + " consider your complaint resolved. If you later become dissatisfied, you may be able to"
                            + " refer it to the Financial Ombudsman Service (www.financial-ombudsman.org.uk). You have"
                            + " the right to refer your complaint to the Financial Ombudsman Service, free of charge –"
                            + " but you must do so within six months.");
            ApiClient.Response resolved = api.post("/api/cases/" + reference + "/respond", summary);
            assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
            assertThat(resolved.json().get("status").asString()).isEqualTo("RESPONDED");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> TestMail.receivedBy(from).stream()
                            .anyMatch(m -> TestMail.text(m).contains("we now consider your complaint resolved")));
            String sent = TestMail.receivedBy(from).stream()
                    .map(TestMail::text)
                    .filter(t -> t.contains("we now consider your complaint resolved"))
                    .findFirst()
                    .orElseThrow();
            assertThat(sent).contains("Financial Ombudsman Service").contains("financial-ombudsman.org.uk");

            // A final response without the ombudsman's details cannot be sent.
            JsonNode second = api.post(
                            "/api/cases",
                            Map.of(
                                    "kind", "COMPLAINT",
                                    "channel", "EMAIL",
                                    "subject", "Mortgage payment taken late",
                                    "description", "The payment was taken a week late.",
                                    "customer", Map.of("name", "Sam Saver", "email", from),
                                    "department", BANK))
                    .json();
            String ref2 = second.get("reference").asString();
            clock.set(Instant.parse("2026-06-20T08:30:00Z"));
            ApiClient.Response refused = api.post(
                    "/api/cases/" + ref2 + "/respond",
                    Map.of(
                            "channel", "EMAIL",
                            "outcome", "NOT_UPHELD",
                            "resolution", "We took the payment on the date in your mortgage offer.",
                            "reasons", "The offer sets the date."));
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.body())
                    .contains("lacks what fca-disp requires in a final response")
                    .contains("DISP 1.6.2R(1)(d)");
            assertThat(api.get("/api/cases/" + ref2).json().get("status").asString())
                    .isNotEqualTo("RESPONDED");
            assertThat(TestMail.receivedBy(from).stream().map(TestMail::text))
                    .noneMatch(t -> t.contains("We took the payment on the date"));
        } finally {
            PolicyTestSupport.ensureActive(admin, "metart");
        }
    }

    @Test
    void aResidentAsksForStageTwoFromTheirStatusPageWithoutGivingAReason() throws Exception {
        ApiClient admin = as(staffWithoutDepartment(Role.ADMIN));
        Dept housing = department();
        PolicyTestSupport.councilInForce(admin, housing.code);
        try {
            staffWithoutDepartment(Role.EXECUTIVE);
            ApiClient officer = housing.as(housing.lead);
            clock.set(Instant.parse("2026-06-08T09:00:00Z"));
            String reference = officer.post("/api/cases", complaint(housing.code, "2026-06-08T10:00:00+01:00"))
                    .json()
                    .get("reference")
                    .asString();
            long caseId = jdbc.sql("select id from cases where reference = ?")
                    .param(reference)
                    .query(Long.class)
                    .single();
            String link =
                    "/public/status/" + new TransactionTemplate(transactions).execute(tx -> statusLinks.issue(caseId));
            FormSession resident = new FormSession(port, "203.0.113." + (1 + Math.abs(unique().hashCode() % 200)));
            assertThat(resident.get(link).expect(200).html().select("#stage-2"))
                    .as("no stage 2 before the acknowledgement")
                    .isEmpty();

            clock.set(Instant.parse("2026-06-09T09:00:00Z"));
            officer.post("/api/cases/" + reference + "/acknowledge", Map.of("via", "EMAIL"));
            clock.set(Instant.parse("2026-06-10T09:00:00Z"));
            org.jsoup.nodes.Document page = resident.get(link).expect(200).html();
            assertThat(page.select("#stage-2").text()).isEqualTo("Not satisfied?");
            assertThat(page.select("label[for=reason]").text()).contains("(optional)");
            String started =
                    page.select("form[action$=stage-2] input[name=started]").attr("value");
            clock.advance(Duration.ofSeconds(5));
            FormSession.Page sent = resident.post(link + "/stage-2", "started", started, "reason", "", "website", "");
            org.jsoup.nodes.Document after = resident.follow(sent).html();
            assertThat(after.select(".message-sent").text()).contains("stage 2 of our complaints procedure");
            assertThat(after.text()).contains("Stage 2 of our complaints procedure");
            assertThat(after.select("#stage-2")).as("asked once").isEmpty();

            JsonNode c = officer.get("/api/cases/" + reference).json();
            assertThat(c.get("status").asString()).isEqualTo("UNDER_REVIEW");
            assertThat(c.get("review").has("reason")).isFalse();
            // Five working days following Wednesday 10 June: Wednesday 17 June.
            assertThat(c.get("stages").get("reviewAcknowledge").get("dueBy").asString())
                    .isEqualTo("2026-06-17T17:00:00+01:00");
            assertThat(jdbc.sql("select actor from register_event"
                                    + " where case_reference = ? and type = 'ReviewRequested'")
                            .param(reference)
                            .query(String.class)
                            .single())
                    .isEqualTo("customer (status page)");
        } finally {
            PolicyTestSupport.ensureActive(admin, "metart");
        }
    }

    @Test
    void underTheNzCodeAMessageFromTheCaseIsAProgressUpdateAndTheNextOneFallsDueAMonthLater() throws Exception {
        ApiClient admin = as(staffWithoutDepartment(Role.ADMIN));
        ApiClient.Response put = admin.put("/api/policy", """
                name: Example health provider
                calendar: { zone: Pacific/Auckland, workdays: [MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY], opens: "09:00", closes: "17:00" }
                pack: nz-hdc
                targets:
                  - { kinds: [QUESTION, SERVICE_REQUEST, SUGGESTION, COMPLIMENT], acknowledge: 1, respond: null }
                """, "application/yaml");
        assertThat(put.status()).as(put.body()).isIn(200, 201);
        try {
            Dept dept = department();
            ApiClient staff = dept.as(dept.lead);
            // Monday 1 June 2026 10:00 NZST; acknowledged Tuesday 2 June 10:00 NZST.
            clock.set(Instant.parse("2026-05-31T22:00:00Z"));
            String email = "kiri-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
            String reference = staff.post(
                            "/api/cases",
                            Map.of(
                                    "kind", "COMPLAINT",
                                    "channel", "PHONE",
                                    "subject", "Waited four hours in the emergency department",
                                    "description", "Nobody told me why.",
                                    "customer", Map.of("name", "Kiri Patient", "email", email),
                                    "department", dept.code))
                    .json()
                    .get("reference")
                    .asString();
            clock.set(Instant.parse("2026-06-01T22:00:00Z"));
            JsonNode c = staff.post("/api/cases/" + reference + "/acknowledge", Map.of("via", "PHONE_CALL"))
                    .json();
            assertThat(c.get("pack").asString()).isEqualTo("nz-hdc");
            // 10 working days following Tuesday 2 June (King's Birthday was Monday 1 June, no holiday listed here).
            assertThat(c.get("stages").get("decide").get("dueBy").asString()).isEqualTo("2026-06-16T17:00:00+12:00");
            assertThat(c.get("stages").get("update").get("dueBy").asString()).isEqualTo("2026-07-02T23:59:59+12:00");

            // A message from the case on Wednesday 1 July tells the customer how things stand.
            clock.set(Instant.parse("2026-06-30T22:00:00Z"));
            ApiClient.Response sent = staff.post(
                    "/api/cases/" + reference + "/messages",
                    Map.of(
                            "channel", "EMAIL",
                            "subject", "Where your complaint stands",
                            "text", "The clinical review is under way; we will write again within the month."));
            assertThat(sent.status()).as(sent.body()).isEqualTo(201);
            JsonNode after = staff.get("/api/cases/" + reference).json();
            assertThat(after.get("stages").get("update").get("dueBy").asString())
                    .as("a month after 1 July")
                    .isEqualTo("2026-08-01T23:59:59+12:00");
            assertThat(after.get("stages").get("decide").get("state").asString())
                    .isEqualTo("MISSED");
            assertThat(jdbc.sql(
                                    "select count(*) from register_event where case_reference = ? and type = 'ProgressUpdateDue'")
                            .param(reference)
                            .query(Long.class)
                            .single())
                    .isEqualTo(1L);
        } finally {
            PolicyTestSupport.ensureActive(admin, "metart");
        }
    }

    @Autowired
    org.hearken.statuslinks.StatusLinks statusLinks;

    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;

    /** A complaint by phone: no automatic e-mail acknowledges it, so the test decides when it is acknowledged. */
    private static Map<String, Object> complaint(String department, String receivedAt) {
        return Map.of(
                "kind", "COMPLAINT",
                "channel", "PHONE",
                "receivedAt", receivedAt,
                "subject", "Damp in the bathroom",
                "description", "Reported three times and nobody came.",
                "customer",
                        Map.of(
                                "name",
                                "Ada Resident",
                                "email",
                                "ada-" + unique().toLowerCase(Locale.ROOT) + "@example.net"),
                "department", department);
    }
}
