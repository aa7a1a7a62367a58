package org.hearken.correspondence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hearken.support.CaseBuilder.POSTAL;
import static org.hearken.support.CaseBuilder.aComplaint;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hearken.identity.Role;
import org.hearken.support.ApiClient;
import org.hearken.support.FormSession;
import org.hearken.support.IntegrationTest;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The print queue page (/letters) and marking several letters posted at once, on the page and through the API. */
class LetterPagesIT extends IntegrationTest {

    /** A letter waiting to be posted: its case and its id. */
    record Waiting(String reference, long id) {}

    @BeforeEach
    void metart() throws Exception {
        org.hearken.policy.PolicyTestSupport.ensureActive(as(staffWithoutDepartment(Role.ADMIN)), "metart");
        clock.set(Instant.parse("2026-11-30T00:00:00Z"));
    }

    /** A postal complaint of the department, acknowledged by letter: one letter waiting in the print queue. */
    private Waiting acknowledgedByLetter(Dept dept, String customer, boolean confidential) {
        ApiClient lead = dept.as(dept.lead);
        String ref = aComplaint()
                .by(POSTAL)
                .inDepartment(dept)
                .ownedBy(dept.lead)
                .confidential(confidential)
                .from(customer)
                .postalAddress("7 Quarry Lane, Willoughby NSW 2068")
                .openedBy(lead);
        assertThat(lead.post("/api/cases/" + ref + "/acknowledge", Map.of("via", "LETTER"))
                        .status())
                .isBetween(200, 299);
        JsonNode letters = lead.get("/api/cases/" + ref + "/letters").json();
        assertThat(letters).hasSize(1);
        return new Waiting(ref, letters.get(0).get("id").asLong());
    }

    private Instant postedAt(Waiting letter) {
        java.sql.Timestamp at = jdbc.sql("select posted_at from correspondence_letter where id = ?")
                .param(letter.id())
                .query((rs, n) -> rs.getTimestamp(1))
                .list()
                .getFirst();
        return at == null ? null : at.toInstant();
    }

    private static Element row(Document page, Waiting letter) {
        return page.selectFirst("#print-queue tr[data-letter=" + letter.id() + "]");
    }

    @Test
    void thePrintQueueListsTheLettersOfCasesTheReaderMaySeeAndMarksSeveralPostedAtOnce() throws Exception {
        Dept dept = department();
        String agent = dept.staff(Role.AGENT);
        Waiting first = acknowledgedByLetter(dept, "Łukasz Żółć", false);
        Waiting second = acknowledgedByLetter(dept, "Zoë Nguyễn", false);
        Waiting third = acknowledgedByLetter(dept, "Harold Jensen", false);
        Dept other = department();
        Waiting elsewhere = acknowledgedByLetter(other, "Ōtākou Trust", false);

        FormSession visitor = signedIn(agent);
        Document page = visitor.get("/letters").expect(200).html();

        assertThat(page.select("nav.mainnav a.active").text()).isEqualTo("Print queue");
        Element row = row(page, first);
        assertThat(row).isNotNull();
        assertThat(row.select("a[href=/cases/" + first.reference() + "]").text())
                .isEqualTo(first.reference());
        assertThat(row.text()).contains("Acknowledgement", "Łukasz Żółć", "Mon 30 Nov 2026, 11:00");
        assertThat(row.select("a[href=/cases/" + first.reference() + "/letters/" + first.id() + "]"))
                .hasSize(1);
        assertThat(row.select("input[type=checkbox][name=letter]").attr("value"))
                .isEqualTo(String.valueOf(first.id()));
        assertThat(row(page, second).text()).contains("Zoë Nguyễn");
        assertThat(row(page, elsewhere))
                .as("a letter of a case the agent may not see")
                .isNull();
        assertThat(page.text()).doesNotContain(elsewhere.reference(), "Ōtākou Trust");
        assertThat(page.select("form[action=/letters/posted] input[name=_csrf]"))
                .hasSize(1);

        FormSession.Page marked = visitor.post(
                "/letters/posted", "letter", String.valueOf(first.id()), "letter", String.valueOf(second.id()));
        assertThat(marked.location()).isEqualTo("/letters");
        Document after = visitor.follow(marked).html();
        assertThat(after.select(".flash.ok").text()).isEqualTo("Marked 2 letters posted.");
        assertThat(row(after, first)).isNull();
        assertThat(row(after, second)).isNull();
        assertThat(row(after, third)).isNotNull();
        assertThat(postedAt(first)).isEqualTo(clock.instant());
        assertThat(postedAt(third)).isNull();
        assertThat(jdbc.sql("select count(*) from correspondence_letter where id in (?, ?) and posted_by = "
                                + "(select id from identity_staff where username = ?)")
                        .params(first.id(), second.id(), agent)
                        .query(Long.class)
                        .single())
                .isEqualTo(2);

        // Posting is a case event: in the register, and in words on the case's timeline.
        JsonNode events = dept.as(dept.lead)
                .get("/api/cases/" + first.reference() + "/events")
                .json();
        JsonNode posted = null;
        for (JsonNode e : events) {
            if (e.get("type").asString().equals("LetterPosted")) {
                posted = e;
            }
        }
        assertThat(posted).isNotNull();
        assertThat(posted.get("actor").asString()).isEqualTo(agent);
        assertThat(posted.get("payload").get("letterId").asLong()).isEqualTo(first.id());
        assertThat(visitor.get("/cases/" + first.reference()).body())
                .contains("Marked the acknowledgement letter posted");
        // Posted, the letter no longer waits in the API's print queue either.
        assertThat(as(agent).get("/api/letters/print-queue").body())
                .doesNotContain("\"id\":" + first.id() + ",")
                .contains("\"id\":" + third.id() + ",");
    }

    @Test
    void aLetterTheReaderMayNotSeeOrOneAlreadyPostedIsRefusedAndNothingIsMarked() throws Exception {
        Dept dept = department();
        String agent = dept.staff(Role.AGENT);
        Waiting own = acknowledgedByLetter(dept, "Ann Own", false);
        Waiting ownToo = acknowledgedByLetter(dept, "Bea Own", false);
        Dept other = department();
        Waiting hidden = acknowledgedByLetter(other, "Cal Hidden", false);

        FormSession visitor = signedIn(agent);
        visitor.get("/letters").expect(200);
        FormSession.Page refused = visitor.post(
                "/letters/posted", "letter", String.valueOf(own.id()), "letter", String.valueOf(hidden.id()));
        assertThat(visitor.flashError(refused))
                .isEqualTo("Nothing was marked posted: there is no letter " + hidden.id() + " of a case you may see.")
                .doesNotContain(hidden.reference());
        assertThat(postedAt(own)).isNull();
        assertThat(postedAt(hidden)).isNull();

        // Someone else posts one of them meanwhile: the page's choice is refused whole.
        assertThat(as(agent)
                        .post("/api/letters/" + own.id() + "/posted", Map.of())
                        .status())
                .isEqualTo(204);
        FormSession.Page stale = visitor.post(
                "/letters/posted", "letter", String.valueOf(own.id()), "letter", String.valueOf(ownToo.id()));
        assertThat(visitor.flashError(stale))
                .isEqualTo("Nothing was marked posted: the letter of " + own.reference()
                        + " was marked posted already. Choose from the print queue as it is now.");
        assertThat(postedAt(ownToo)).isNull();

        assertThat(visitor.flashError(visitor.post("/letters/posted")))
                .isEqualTo("Nothing was marked posted: tick the letters that were posted first.");
        assertThat(visitor.flashError(visitor.post("/letters/posted", "letter", "x")))
                .isEqualTo("Nothing was marked posted: the letters chosen were not understood.");

        // Without the form's CSRF token the request is refused and nothing changes.
        FormSession.Page forged = visitor.postWithoutCsrf("/letters/posted", "letter", String.valueOf(ownToo.id()));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(postedAt(ownToo)).isNull();

        // Another department's agent cannot post the letter either, through the API: 404, and nothing is marked.
        ApiClient stranger = other.as(other.staff(Role.AGENT));
        assertThat(stranger.post("/api/letters/" + ownToo.id() + "/posted", Map.of())
                        .status())
                .isEqualTo(404);
        assertThat(stranger.get("/api/letters/print-queue").body()).doesNotContain(ownToo.reference());
        assertThat(postedAt(ownToo)).isNull();
    }

    @Test
    void theApiMarksSeveralPostedAllOrNoneWithProblemDetailsForBadInput() throws Exception {
        Dept dept = department();
        ApiClient agent = dept.as(dept.staff(Role.AGENT));
        Waiting one = acknowledgedByLetter(dept, "Dee One", false);
        Waiting two = acknowledgedByLetter(dept, "Eve Two", false);
        Waiting three = acknowledgedByLetter(dept, "Fay Three", false);
        Dept other = department();
        Waiting hidden = acknowledgedByLetter(other, "Gus Hidden", false);

        ApiClient.Response empty = agent.post("/api/letters/posted", Map.of("letters", List.of()));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.header("Content-Type")).startsWith("application/problem+json");
        assertThat(empty.json().get("errors").get(0).get("field").asString()).isEqualTo("letters");
        assertThat(agent.post("/api/letters/posted", Map.of()).status()).isEqualTo(400);
        assertThat(agent.post("/api/letters/posted", Map.of("letters", "all")).status())
                .isEqualTo(400);

        ApiClient.Response notVisible =
                agent.post("/api/letters/posted", Map.of("letters", List.of(one.id(), hidden.id())));
        assertThat(notVisible.status()).isEqualTo(404);
        assertThat(notVisible.json().get("detail").asString()).doesNotContain(hidden.reference());
        assertThat(postedAt(one)).isNull();

        ApiClient.Response marked = agent.post("/api/letters/posted", Map.of("letters", List.of(one.id(), two.id())));
        assertThat(marked.status()).isEqualTo(200);
        assertThat(marked.json().get("marked").asInt()).isEqualTo(2);

        ApiClient.Response again = agent.post("/api/letters/posted", Map.of("letters", List.of(two.id(), three.id())));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("alreadyPosted").get(0).asLong()).isEqualTo(two.id());
        assertThat(postedAt(three)).isNull();
    }

    @Test
    void theQueueAppliesVisibilityBeforeItsLimitAndRecordsTheConfidentialCasesItShows() throws Exception {
        Dept dept = department();
        Waiting confidential = acknowledgedByLetter(dept, "Hal Private", true);
        Dept other = department();
        Waiting hidden = acknowledgedByLetter(other, "Ivy Hidden", false);
        // More older letters of a case the lead may not see than the queue lists: they must not crowd out the lead's.
        long before = jdbc.sql("select max(id) from correspondence_letter")
                .query(Long.class)
                .single();
        jdbc.sql("""
                        insert into correspondence_letter (case_id, kind, subject, body, pdf, addressee, created_at)
                        select case_id, kind, subject, body, pdf, addressee, created_at
                        from correspondence_letter, generate_series(1, ?) where id = ?""").params(Letters.QUEUE_LIMIT + 1, hidden.id()).update();
        Waiting later = acknowledgedByLetter(dept, "Jo Later", false);
        try {
            assertThat(later.id()).isGreaterThan(before + Letters.QUEUE_LIMIT);
            Document page = signedIn(dept.lead).get("/letters").expect(200).html();
            assertThat(row(page, later)).isNotNull();
            assertThat(row(page, confidential)).isNotNull();
            assertThat(page.text()).doesNotContain(hidden.reference());

            assertThat(jdbc.sql("""
                            select count(*) from security_audit
                            where actor = ? and action = 'CONFIDENTIAL_CASE_OPENED' and target = ?
                              and details ->> 'where' = 'the print queue'""")
                            .params(dept.lead, confidential.reference())
                            .query(Long.class)
                            .single())
                    .isEqualTo(1);
        } finally {
            // The copies are this test's: out of every other reader's queue.
            jdbc.sql("update correspondence_letter set posted_at = ? where case_id = (select case_id from "
                            + "correspondence_letter where id = ?) and posted_at is null")
                    .params(java.sql.Timestamp.from(clock.instant()), hidden.id())
                    .update();
        }
    }
}
