package org.hearken.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.hearken.identity.Role;
import org.hearken.identity.StaffAccounts;
import org.hearken.support.ApiClient;
import org.hearken.support.CaseBuilder;
import org.hearken.support.IntegrationTest;
import org.hearken.support.TestMailServer;
import org.hearken.surveys.Surveys;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A client organisation as its relationship manager lives it: two contacts of the same client complain, one by e-mail
 * (taken in from a real mail server by a mailbox that logs complaints) and one by phone (logged by an agent); both
 * cases are the client's, on its page with the first contact's correspondence; the manager and deputy are told and see
 * both, but not the client's confidential case until named on it; the report's figures for the client equal a hand
 * count; and an agent who refers a case, and the one it is referred to, see the client and its manager on the case's
 * page. The mailbox is this class's own, so nothing here races {@link MailIntakeIT}.
 */
@DirtiesContext
class ClientIntakeIT extends IntegrationTest {

    static final String DEPARTMENT = "CLI" + unique().substring(0, 8);
    static final String MAILBOX = "clients-" + unique().toLowerCase(Locale.ROOT) + "@example.org";

    /** Tuesday 1 December 2026, 11 am in Sydney. */
    static final Instant TUESDAY = Instant.parse("2026-12-01T00:00:00Z");

    private static String lead;

    @DynamicPropertySource
    static void mailbox(DynamicPropertyRegistry registry) {
        TestMailServer.addUser(MAILBOX);
        TestMailServer.registerMailbox(registry, "client-desk", MAILBOX, DEPARTMENT, "Processed");
        registry.add("hearken.intake.mail.poll-interval", () -> "PT24H");
        registry.add("hearken.intake.mail.idle", () -> "false");
        // This desk takes complaints: what clients write to it is logged as one.
        registry.add("hearken.intake.mail.default-kind", () -> "COMPLAINT");
    }

    @Autowired
    MailPoller poller;

    @Autowired
    Surveys surveys;

    @BeforeEach
    void desk() {
        lead = namedDepartment(DEPARTMENT, "Client desk", "Client desk lead");
    }

    @Test
    void twoContactsOfAClientMeetOnItsPageAndItsManagerHearsOfBothButNotOfItsConfidentialCase() {
        clock.set(TUESDAY);
        String agent = deskStaff(Role.AGENT);
        // The relationship manager works in another department, so the client's cases are theirs to see only as its
        // manager; the deputy belongs to no department at all.
        Dept elsewhere = department();
        String manager = elsewhere.staff(Role.AGENT);
        String deputy = staffWithoutDepartment(Role.AGENT);
        String domain = "h" + unique().toLowerCase(Locale.ROOT) + ".example";
        String clientName = "Harbourside " + unique();
        JsonNode client = created(as(lead).post(
                        "/api/clients",
                        Map.of(
                                "name", clientName,
                                "manager", manager,
                                "deputy", deputy,
                                "domains", List.of(domain.toUpperCase(Locale.ROOT)))));
        long clientId = client.get("id").asLong();
        assertThat(client.get("domains").get(0).asString()).isEqualTo(domain);

        // The first contact writes to the complaints desk.
        String first = "priscilla.tan@" + domain;
        String messageId = unique().toLowerCase(Locale.ROOT) + "@" + domain;
        TestMailServer.appendTo(MAILBOX, """
                From: Priscilla Tan <%s>
                To: %s
                Subject: Commercial bins missed at three of our buildings
                Date: Tue, 01 Dec 2026 10:50:00 +1100
                Message-ID: <%s>
                Content-Type: text/plain; charset=utf-8

                The trade waste collections at Harbour Towers were missed on Monday and Thursday.
                """.formatted(first, MAILBOX, messageId), TUESDAY.minusSeconds(600));
        poller.pollAll();
        String byEmail = jdbc.sql(
                        "select c.reference from intake_mail m join cases c on c.id = m.case_id where m.message_id = ?")
                .param(messageId)
                .query(String.class)
                .single();
        JsonNode emailed = ok(as(lead).get("/api/cases/" + byEmail));
        assertThat(emailed.get("kind").asString()).isEqualTo("COMPLAINT");
        assertThat(emailed.get("clientId").asLong()).isEqualTo(clientId);

        // A colleague of hers phones; the agent takes down her e-mail address too, which names the client.
        String byPhone = CaseBuilder.aComplaint()
                .by(CaseBuilder.PHONE)
                .from("Leo Marsh")
                .phone("02 5550 7781")
                .email("leo.marsh@" + domain)
                .subject("Rates objection for Harbour Towers not answered")
                .inDepartment(DEPARTMENT)
                .openedBy(as(agent));
        assertThat(ok(as(agent).get("/api/cases/" + byPhone)).get("clientId").asLong())
                .isEqualTo(clientId);

        // And a complaint from the first contact that is confidential (need-to-know).
        String confidential = CaseBuilder.aComplaint()
                .from("Priscilla Tan")
                .email(first)
                .confidential()
                .inDepartment(DEPARTMENT)
                .openedBy(as(lead));

        // The manager and the deputy see both cases, with the first contact's history, on the client's page and in its
        // file; the confidential one is not there for them, nor its notice, nor the case itself.
        for (String looksAfter : List.of(manager, deputy)) {
            ApiClient them = as(looksAfter);
            JsonNode file = ok(them.get("/api/clients/" + clientId + "/file"));
            assertThat(references(file.get("cases").get("items")))
                    .as(looksAfter)
                    .containsExactlyInAnyOrder(byEmail, byPhone);
            List<String> contacts = new ArrayList<>();
            file.get("contacts").forEach(k -> contacts.add(k.get("name").asString()));
            assertThat(contacts).containsExactlyInAnyOrder("Priscilla Tan", "Leo Marsh");
            List<String> received = new ArrayList<>();
            List<String> written = new ArrayList<>();
            file.get("correspondence")
                    .forEach(x -> (x.get("fromCustomer").asBoolean() ? received : written)
                            .add(x.get("reference").asString()));
            assertThat(received).as("the e-mail the first contact sent").containsExactly(byEmail);
            assertThat(written).as("the acknowledgement she was sent").contains(byEmail);
            assertThat(them.get("/api/cases/" + byEmail).status()).isEqualTo(200);
            assertThat(them.get("/api/cases/" + byPhone).status()).isEqualTo(200);
            assertThat(them.get("/api/cases/" + confidential).status()).isEqualTo(404);
            assertThat(noticesOf(them, "CLIENT_OPENED")).containsExactlyInAnyOrder(byEmail, byPhone);
            Document page =
                    signedIn(looksAfter).get("/clients/" + clientId).expect(200).html();
            List<String> listed =
                    page.select("#client-cases tr[data-reference]").eachAttr("data-reference");
            assertThat(listed).containsExactlyInAnyOrder(byEmail, byPhone);
            assertThat(page.select("#contacts").text()).contains("Priscilla Tan", "Leo Marsh");
            assertThat(page.select("#correspondence").text()).contains(byEmail);
        }
        // What the client is waiting for: the next stage of each open case it may see, and a credit offered on one.
        ok(as(agent)
                .post(
                        "/api/cases/" + byPhone + "/add-remedy",
                        Map.of("type", "CREDIT", "description", "Rates credit", "value", new BigDecimal("120.00"))));
        JsonNode file = ok(as(manager).get("/api/clients/" + clientId + "/file"));
        List<String> promised = new ArrayList<>();
        file.get("promised")
                .forEach(p -> promised.add(
                        p.get("reference").asString() + " " + p.get("what").asString()));
        assertThat(promised)
                .contains(byPhone + " an acknowledgement", byPhone + " a remedy offered: credit (120.00)")
                .anyMatch(p -> p.startsWith(byEmail + " "))
                .noneMatch(p -> p.startsWith(confidential + " "));
        assertThat(file.get("remedies").get(0).get("reference").asString()).isEqualTo(byPhone);

        // Whoever may see the confidential case finds it on the client's page too.
        assertThat(references(ok(as(lead).get("/api/clients/" + clientId + "/file"))
                        .get("cases")
                        .get("items")))
                .contains(confidential);

        // Named on the confidential case, the manager may see it; the deputy still may not.
        ok(as(lead).post(
                        "/api/cases/" + confidential + "/named-staff",
                        Map.of("username", manager, "reason", "Looks after this client.")));
        assertThat(as(manager).get("/api/cases/" + confidential).status()).isEqualTo(200);
        assertThat(references(ok(as(manager).get("/api/clients/" + clientId + "/file"))
                        .get("cases")
                        .get("items")))
                .containsExactlyInAnyOrder(byEmail, byPhone, confidential);
        assertThat(as(deputy).get("/api/cases/" + confidential).status()).isEqualTo(404);

        // The agent who refers the phoned case, and the colleague it is referred to, see the client and its manager on
        // the case's page, so that nobody asks the client again what its other contact said.
        Dept rates = department();
        String receiver = rates.staff(Role.AGENT);
        Document before = signedIn(agent).get("/cases/" + byPhone).expect(200).html();
        assertThat(before.select("#client .client-name").text()).isEqualTo(clientName);
        assertThat(before.select("#client .client-manager").text()).isEqualTo("Staff " + manager);
        assertThat(before.select("#client .client-deputy").text()).isEqualTo("Staff " + deputy);
        // With what the first contact told us, and nothing the agent may not see.
        assertThat(before.select("#client .client-cases a").eachText())
                .containsExactly(byEmail)
                .doesNotContain(confidential);
        assertThat(before.select("#client .client-cases").text()).contains("Commercial bins missed", "Priscilla Tan");
        ok(as(agent)
                .post(
                        "/api/cases/" + byPhone + "/refer",
                        Map.of("department", rates.code, "owner", receiver, "note", "The valuation is yours.")));
        Document after = signedIn(receiver).get("/cases/" + byPhone).expect(200).html();
        assertThat(after.select("#client .client-name").text()).isEqualTo(clientName);
        assertThat(after.select("#client .client-manager").text()).isEqualTo("Staff " + manager);
        assertThat(after.select("#client a.client-name").attr("href")).isEqualTo("/clients/" + clientId);
    }

    @Test
    void theClientsComplianceAndSatisfactionInTheReportEqualAHandCount() throws Exception {
        clock.set(TUESDAY);
        String manager = staffWithoutDepartment(Role.AGENT);
        String executive = staffWithoutDepartment(Role.EXECUTIVE);
        String clientName = "Greenway " + unique();
        long clientId = created(as(lead).post("/api/clients", Map.of("name", clientName, "manager", manager)))
                .get("id")
                .asLong();
        List<String> refs = new ArrayList<>();
        // Phoned in, the agent choosing the client (nothing acknowledges a call on its own).
        for (String who : List.of("Ama Boateng", "Daniel Osei", "Ruth Adeyemi")) {
            refs.add(CaseBuilder.aComplaint()
                    .by(CaseBuilder.PHONE)
                    .from(who)
                    .email(who.toLowerCase(Locale.ROOT).replace(' ', '.') + "-" + unique() + "@example.net")
                    .with("client", clientId)
                    .inDepartment(DEPARTMENT)
                    .openedBy(as(lead)));
        }
        // A case of nobody's client, in the same range: not counted for the client.
        CaseBuilder.aComplaint().inDepartment(DEPARTMENT).openedBy(as(lead));

        // By hand: the first is acknowledged and answered on time, then closed, and its customer rates us 2 of 5; the
        // other two are not acknowledged by their due date.
        ok(as(lead).post("/api/cases/" + refs.get(0) + "/acknowledge", Map.of("via", "PHONE_CALL")));
        ok(as(lead).post(
                        "/api/cases/" + refs.get(0) + "/respond",
                        Map.of("channel", "PHONE_CALL", "resolution", "Booked.", "outcome", "RESOLVED")));
        ok(as(lead).post("/api/cases/" + refs.get(0) + "/close", Map.of()));
        long firstId = jdbc.sql("select id from case_published where reference = ?")
                .param(refs.get(0))
                .query(Long.class)
                .single();
        String token = surveys.inviteNow(firstId).orElseThrow();
        assertThat(surveys.answer(token, 2, "Slow to book.")).isEqualTo(Surveys.AnswerResult.ANSWERED);
        Instant lastAcknowledgeBy = TUESDAY;
        for (String ref : refs.subList(1, 3)) {
            JsonNode c = ok(as(lead).get("/api/cases/" + ref));
            Instant ackBy =
                    OffsetDateTime.parse(c.get("acknowledgeBy").asString()).toInstant();
            assertThat(OffsetDateTime.parse(c.get("respondBy").asString()).toInstant())
                    .isAfter(ackBy.plusSeconds(3600));
            lastAcknowledgeBy = ackBy.isAfter(lastAcknowledgeBy) ? ackBy : lastAcknowledgeBy;
        }
        clock.set(lastAcknowledgeBy.plusSeconds(60));

        JsonNode tables = ok(as(executive).get("/api/reports?from=2026-11-30&to=2026-12-02"))
                .get("tables");
        JsonNode table = tables.get("clients");
        List<String> keys = new ArrayList<>();
        table.get("columns").forEach(col -> keys.add(col.get("key").asString()));
        JsonNode row = null;
        for (JsonNode r : table.get("rows")) {
            if (r.get(0).asString().equals(clientName)) {
                row = r;
            }
        }
        assertThat(row).as("the client's row").isNotNull();
        assertThat(row.get(keys.indexOf("received")).asLong()).isEqualTo(3);
        assertThat(row.get(keys.indexOf("complaints")).asLong()).isEqualTo(3);
        assertThat(row.get(keys.indexOf("open")).asLong()).isEqualTo(2);
        // One acknowledged on time of three decided (two overdue); one answered on time of one.
        assertThat(row.get(keys.indexOf("acknowledgedOnTimePercent")).decimalValue())
                .isEqualByComparingTo(new BigDecimal("33.3"));
        assertThat(row.get(keys.indexOf("onTimePercent")).decimalValue()).isEqualByComparingTo("100.0");
        assertThat(row.get(keys.indexOf("surveysAnswered")).asLong()).isEqualTo(1);
        assertThat(row.get(keys.indexOf("averageRating")).decimalValue()).isEqualByComparingTo("2.00");
        assertThat(row.get(keys.indexOf("satisfiedPercent")).decimalValue()).isEqualByComparingTo("0.0");

        // The CSV says the same; the manager heard of the low rating.
        String csv = as(executive)
                .get("/api/reports/clients.csv?from=2026-11-30&to=2026-12-02")
                .body();
        assertThat(csv).contains(clientName + ",3,3,2,33.3,100.0,100.0,0,0,0,1,2.00,0.0");
        assertThat(noticesOf(as(manager), "CLIENT_LOW_RATING")).containsExactly(refs.get(0));
        // And the management review pack.
        ApiClient.Download pack = as(executive).download("/api/reports/pack.pdf?from=2026-11-30&to=2026-12-02");
        assertThat(pack.status()).isEqualTo(200);
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pack.bytes())) {
            // Wide, the table is in two parts; a long name may wrap anywhere in its cell, so spaces are left out.
            String text =
                    new org.apache.pdfbox.text.PDFTextStripper().getText(doc).replaceAll("\\s+", "");
            assertThat(text)
                    .contains("Byclientorganisation:volumesandcompliance")
                    .contains((clientName + "3 3 2 33.3 % 100.0 % 100.0 %").replace(" ", ""))
                    .contains("Byclientorganisation:remediesandsatisfaction")
                    .contains((clientName + "0 0 0 1 2.00 0.0 %").replace(" ", ""));
        }
        // And on the client's page, the manager sees the same satisfaction.
        JsonNode file = ok(as(manager).get("/api/clients/" + clientId + "/file"));
        assertThat(file.get("satisfaction").get("answered").asLong()).isEqualTo(1);
        assertThat(file.get("satisfaction").get("averageRating").decimalValue()).isEqualByComparingTo("2.00");
        assertThat(file.get("satisfactionByMonth").get(0).get("month").asString())
                .isEqualTo("2026-12");
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /** A member of the complaints desk. */
    private String deskStaff(Role... roles) {
        String username = "u" + unique().toLowerCase(Locale.ROOT);
        accounts.createStaff(new StaffAccounts.NewStaff(
                username, "Staff " + username, null, PASSWORD, Set.of(roles), Set.of(DEPARTMENT)));
        return username;
    }

    private static List<String> noticesOf(ApiClient who, String kind) {
        List<String> refs = new ArrayList<>();
        ok(who.get("/api/notifications")).forEach(n -> {
            if (n.get("kind").asString().equals(kind)) {
                refs.add(n.get("reference").asString());
            }
        });
        return refs;
    }

    private static List<String> references(JsonNode items) {
        List<String> refs = new ArrayList<>();
        items.forEach(i -> refs.add(i.get("view").get("reference").asString()));
        return refs;
    }

    private static JsonNode ok(ApiClient.Response r) {
        assertThat(r.status()).as(r.body()).isBetween(200, 299);
        return r.json();
    }

    private static JsonNode created(ApiClient.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }
}
