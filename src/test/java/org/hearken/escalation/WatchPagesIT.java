package org.hearken.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hearken.escalation.WatchIT.apiComplaint;
import static org.hearken.support.CaseBuilder.API;
import static org.hearken.support.CaseBuilder.aQuestion;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Map;
import org.hearken.identity.Role;
import org.hearken.support.ApiClient;
import org.hearken.support.FormSession;
import org.hearken.support.IntegrationTest;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The deadline watch pages under the Metart policy (Sydney, 09:00–17:00). */
class WatchPagesIT extends IntegrationTest {

    @Autowired
    DeadlineSweep sweep;

    @BeforeEach
    void metart() throws Exception {
        org.hearken.policy.PolicyTestSupport.ensureActive(as(staffWithoutDepartment(Role.ADMIN)), "metart");
        jdbc.sql("update escalation_timer set fired_at = now(), outcome = 'OBSOLETE' where fired_at is null")
                .update();
    }

    private static Instant sydney(String local) {
        return ZonedDateTime.parse(local + "+11:00[Australia/Sydney]").toInstant();
    }

    /** The id of the one notice about the case. */
    private long noticeAbout(String reference) {
        return jdbc.sql("select n.id from escalation_notice n join cases c on c.id = n.case_id where c.reference = ?")
                .param(reference)
                .query(Long.class)
                .single();
    }

    private FormSession.Page getAs(String username, String path) throws Exception {
        return signedIn(username).get(path);
    }

    @Test
    void theWatchPagesAreForManagersExecutivesAndAdministrators() throws Exception {
        Dept dept = department();
        String agent = dept.staff(Role.AGENT);
        String executive = staffWithoutDepartment(Role.EXECUTIVE);
        String admin = staffWithoutDepartment(Role.ADMIN);
        for (String path : new String[] {"/watch", "/watch/exceptions", "/watch/cases?due=overdue"}) {
            assertThat(getAs(dept.lead, path).status()).as(path).isEqualTo(200);
            assertThat(getAs(executive, path).status()).as(path).isEqualTo(200);
            assertThat(getAs(agent, path).status()).as(path).isEqualTo(403);
            assertThat(getAs(admin, path).status()).as(path).isEqualTo(200);
        }
        FormSession.Page refused = getAs(agent, "/watch");
        assertThat(refused.body()).doesNotContain("Exception", "at java.");
        assertThat(getAs(dept.lead, "/watch").body()).contains("href=\"/watch\" class=\"active\"");
        // Everyone has their own notifications page.
        assertThat(getAs(agent, "/notifications").status()).isEqualTo(200);
        assertThat(getAs(admin, "/notifications").status()).isEqualTo(200);
    }

    @Test
    void theExceptionsPageIsEmptyWhenHealthyAndListsACaseWhoseOwnerWasDeactivated() throws Exception {
        Dept dept = department();
        String agent = dept.staff(Role.AGENT);
        ApiClient manager = dept.as(dept.lead);
        String ref = aQuestion()
                .by(API)
                .inDepartment(dept)
                .ownedBy(agent)
                .subject("Opening hours")
                .description("When do you open?")
                .from("Ann")
                .email("ann@example.net")
                .openedBy(manager);

        String healthy = getAs(dept.lead, "/watch/exceptions").body();
        assertThat(healthy)
                .contains("No exceptions — every open case has an owner, a department and a next due date")
                .doesNotContain(ref);
        assertThat(getAs(dept.lead, "/watch").body()).contains("id=\"total-exceptions\" href=\"/watch/exceptions\">0<");

        accounts.deactivate(agent);

        String listed = getAs(dept.lead, "/watch/exceptions").body();
        assertThat(listed)
                .doesNotContain("No exceptions")
                .contains("data-reference=\"" + ref + "\"", "href=\"/cases/" + ref + "\"")
                .contains("The owner, Staff " + agent + ", has been deactivated. Reassign the case.");
        assertThat(getAs(dept.lead, "/watch").body()).contains("id=\"total-exceptions\" href=\"/watch/exceptions\">1<");
        // Another department's manager does not see it.
        Dept other = department();
        assertThat(getAs(other.lead, "/watch/exceptions").body()).doesNotContain(ref);
    }

    @Test
    void theDashboardCountsMatchTheCasesAndEachNumberLinksToThem() throws Exception {
        Dept dept = department();
        clock.set(sydney("2026-11-30T10:00"));
        String tomorrow = apiComplaint(dept, "2026-11-30T09:30:00+11:00");
        String today = apiComplaint(dept, "2026-11-27T09:30:00+11:00");
        String overdue = apiComplaint(dept, "2026-11-26T09:30:00+11:00");
        String overdueToo = apiComplaint(dept, "2026-11-25T09:30:00+11:00");
        // Acknowledgements due: Tuesday 1 December (tomorrow), Monday 30 November (today), Friday 27 and Thursday 26
        // (overdue).

        String html = getAs(dept.lead, "/watch").body();

        assertThat(html)
                .contains("id=\"total-overdue\" href=\"/watch/cases?due=overdue\">2<")
                .contains("id=\"total-today\" href=\"/watch/cases?due=today\">1<")
                .contains("id=\"total-tomorrow\" href=\"/watch/cases?due=tomorrow\">1<")
                .contains("href=\"/watch/cases?due=overdue&amp;department=" + dept.code + "\">2<")
                .contains("href=\"/watch/cases?due=overdue&amp;department=" + dept.code + "&amp;owner=" + dept.lead
                        + "\">2<");

        String overdueList = getAs(
                        dept.lead, "/watch/cases?due=overdue&department=" + dept.code + "&owner=" + dept.lead)
                .body();
        assertThat(overdueList)
                .contains(overdue, overdueToo)
                .doesNotContain(today, tomorrow)
                .contains("Acknowledgement");
        assertThat(getAs(dept.lead, "/watch/cases?due=today").body())
                .contains(today)
                .doesNotContain(overdue, tomorrow);
        assertThat(getAs(dept.lead, "/watch/cases?due=tomorrow").body())
                .contains(tomorrow)
                .doesNotContain(overdue, today);

        // Acknowledging the case due today takes it off the dashboard.
        assertThat(dept.as(dept.lead)
                        .post("/api/cases/" + today + "/acknowledge", Map.of("via", "EMAIL"))
                        .status())
                .isEqualTo(200);
        assertThat(getAs(dept.lead, "/watch").body()).contains("id=\"total-today\">0<");
    }

    @Test
    void deadlineNoticesAreListedAndCanBeMarkedRead() throws Exception {
        Dept dept = department();
        clock.set(sydney("2026-11-30T10:00"));
        String ref = apiComplaint(dept, "2026-11-30T09:30:00+11:00");
        clock.set(sydney("2026-12-01T13:00"));
        sweep.sweep();
        long id = noticeAbout(ref);

        String page = getAs(dept.lead, "/notifications").body();
        assertThat(page)
                .contains(
                        ref + ": the acknowledgement is due soon.",
                        "1 unread",
                        "action=\"/notifications/" + id + "/read\"");
        assertThat(getAs(dept.staff(Role.AGENT), "/notifications").body()).doesNotContain(ref);

        // Someone else cannot mark it read.
        signedIn(dept.staff(Role.MANAGER)).post("/notifications/" + id + "/read");
        assertThat(jdbc.sql("select read_at is null from escalation_notice where id = ?")
                        .param(id)
                        .query(Boolean.class)
                        .single())
                .isTrue();

        signedIn(dept.lead).post("/notifications/" + id + "/read");
        assertThat(jdbc.sql("select read_at is null from escalation_notice where id = ?")
                        .param(id)
                        .query(Boolean.class)
                        .single())
                .isFalse();
        assertThat(getAs(dept.lead, "/notifications").body())
                .contains("0 unread")
                .doesNotContain("/notifications/" + id + "/read");
        assertThat(dept.as(dept.lead)
                        .get("/api/notifications")
                        .json()
                        .get(0)
                        .get("readAt")
                        .isNull())
                .isFalse();
    }

    /** The header's link to the notifications page, as a screen reader reads it. */
    private String noticesLink(String username, String path) {
        return signedIn(username)
                .get(path)
                .expect(200)
                .html()
                .select("a.notices-link")
                .text();
    }

    @Test
    void theHeaderOfEveryStaffPageCountsTheUnreadNoticesUntilTheyAreRead() throws Exception {
        Dept dept = department();
        String agent = dept.staff(Role.AGENT);
        clock.set(sydney("2026-11-30T10:00"));
        String first = apiComplaint(dept, "2026-11-30T09:30:00+11:00");
        String second = apiComplaint(dept, "2026-11-30T09:40:00+11:00");
        // Both acknowledgements are due Tuesday 17:00: at 13:00 the lead, who owns both, is warned of each.
        clock.set(sydney("2026-12-01T13:00"));
        sweep.sweep();
        long notice = noticeAbout(first);

        for (String path : new String[] {"/cases/mine", "/cases/" + second, "/notifications", "/letters"}) {
            assertThat(noticesLink(dept.lead, path)).as(path).isEqualTo("Notifications (2 unread)");
        }
        FormSession.Page page = signedIn(dept.lead).get("/cases/mine");
        assertThat(page.html().select("a.notices-link .notices-count").text()).isEqualTo("(2 unread)");
        assertThat(page.html().select("a.notices-link .visually-hidden").text()).isEqualTo("unread");
        assertThat(noticesLink(agent, "/cases/mine")).isEqualTo("Notifications");

        signedIn(dept.lead).post("/notifications/" + notice + "/read");
        assertThat(noticesLink(dept.lead, "/cases/mine")).isEqualTo("Notifications (1 unread)");

        signedIn(dept.lead).post("/notifications/read");
        assertThat(noticesLink(dept.lead, "/cases/mine")).isEqualTo("Notifications");
        assertThat(signedIn(dept.lead).get("/cases/mine").html().select(".notices-count"))
                .isEmpty();
    }

    @Test
    void aConfidentialCaseIsCountedButListedOnlyForThoseWhoMayOpenIt() throws Exception {
        Dept dept = department();
        String agent = dept.staff(Role.AGENT);
        String executive = staffWithoutDepartment(Role.EXECUTIVE);
        clock.set(sydney("2026-11-30T10:00"));
        ApiClient.Response created = dept.as(dept.lead)
                .post(
                        "/api/cases",
                        Map.of(
                                "kind",
                                "COMPLAINT",
                                "channel",
                                "API",
                                "receivedAt",
                                "2026-11-26T09:30:00+11:00",
                                "subject",
                                "About a colleague",
                                "description",
                                "Private",
                                "customer",
                                Map.of("name", "Cy Private", "email", "cy@example.net"),
                                "department",
                                dept.code,
                                "owner",
                                agent,
                                "confidential",
                                true));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String secret = created.json().get("reference").asString();
        String open = apiComplaint(dept, "2026-11-26T09:30:00+11:00");

        // The lead counts both overdue cases but may open, and so sees listed, only the one that is not confidential.
        assertThat(getAs(dept.lead, "/watch").body())
                .contains("id=\"total-overdue\" href=\"/watch/cases?due=overdue\">2<");
        String list = getAs(dept.lead, "/watch/cases?due=overdue&department=" + dept.code)
                .body();
        assertThat(list).contains(open, "id=\"hidden-cases\"", "1 case").doesNotContain(secret);
        assertThat(getAs(dept.lead, "/watch/exceptions").body()).contains(open).doesNotContain(secret);
        // An executive sees both listed.
        assertThat(getAs(executive, "/watch/cases?due=overdue&department=" + dept.code)
                        .body())
                .contains(open, secret)
                .doesNotContain("id=\"hidden-cases\"");
        // Of one department: an executive's whole list is the first thousand of the suite's shared database.
        String executives =
                getAs(executive, "/watch/exceptions?department=" + dept.code).body();
        assertThat(executives).contains(secret, open, "department " + dept.code);
        assertThat(Jsoup.parse(executives).select("#exceptions tbody tr")).hasSize(2);
    }

    @Test
    void theApiMarksOnlyTheCallersOwnNoticeRead() {
        Dept dept = department();
        clock.set(sydney("2026-11-30T10:00"));
        String ref = apiComplaint(dept, "2026-11-30T09:30:00+11:00");
        clock.set(sydney("2026-12-01T13:00"));
        sweep.sweep();
        long id = dept.as(dept.lead)
                .get("/api/notifications")
                .json()
                .get(0)
                .get("id")
                .asLong();
        assertThat(dept.as(dept.lead)
                        .get("/api/notifications")
                        .json()
                        .get(0)
                        .get("reference")
                        .asString())
                .isEqualTo(ref);

        assertThat(dept.as(dept.staff(Role.MANAGER))
                        .post("/api/notifications/" + id + "/read", Map.of())
                        .status())
                .isEqualTo(404);
        assertThat(jdbc.sql("select read_at is null from escalation_notice where id = ?")
                        .param(id)
                        .query(Boolean.class)
                        .single())
                .isTrue();
        assertThat(dept.as(dept.lead)
                        .post("/api/notifications/" + id + "/read", Map.of())
                        .status())
                .isEqualTo(204);
        assertThat(dept.as(dept.lead)
                        .post("/api/notifications/" + id + "/read", Map.of())
                        .status())
                .isEqualTo(204);
        assertThat(jdbc.sql("select read_at is null from escalation_notice where id = ?")
                        .param(id)
                        .query(Boolean.class)
                        .single())
                .isFalse();
    }
}
