package org.hearken.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hearken.support.CaseBuilder.EMAIL;
import static org.hearken.support.CaseBuilder.POSTAL;
import static org.hearken.support.CaseBuilder.aComplaint;
import static org.hearken.support.CaseBuilder.aQuestion;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hearken.identity.Role;
import org.hearken.policy.PolicyTestSupport;
import org.hearken.support.ApiClient;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The deadline watch under the Metart policy (Sydney, 09:00–17:00, warn 4 business hours before, escalate 8 after). */
class WatchIT extends IntegrationTest {

    @Autowired
    DeadlineSweep sweep;

    @BeforeEach
    void metart() throws Exception {
        org.hearken.policy.PolicyTestSupport.ensureActive(as(staffWithoutDepartment(Role.ADMIN)), "metart");
        // Timers of earlier tests are not this test's business.
        jdbc.sql("update escalation_timer set fired_at = now(), outcome = 'OBSOLETE' where fired_at is null")
                .update();
    }

    private static Instant sydney(String local) {
        return ZonedDateTime.parse(local + "+11:00[Australia/Sydney]").toInstant();
    }

    /**
     * A complaint through the API channel, which gets no automatic acknowledgement e-mail, received at {@code receivedAt}
     * (ISO date and time with offset); the watch page tests open theirs the same way.
     */
    static String apiComplaint(Dept dept, String receivedAt) {
        return aComplaint()
                .inDepartment(dept)
                .receivedAt(receivedAt)
                .subject("Pothole")
                .description("Deep pothole on Elm St")
                .from("Ann Driver")
                .email("ann@example.net")
                .open();
    }

    private List<String> notices(String reference) {
        return jdbc.sql("""
                        select n.stage || ' ' || n.kind || ' ' || s.username from escalation_notice n
                        join cases c on c.id = n.case_id join identity_staff s on s.id = n.recipient_id
                        where c.reference = ? order by n.id""").param(reference).query(String.class).list();
    }

    @Test
    void anApproachingAcknowledgementWarnsTheOwnerOnceThenBreachAndEscalationFollowInBusinessHours() {
        Dept dept = department();
        String executive = staffWithoutDepartment(Role.EXECUTIVE);
        clock.set(sydney("2026-11-30T10:00"));
        String ref = apiComplaint(dept, "2026-11-30T09:30:00+11:00");
        // Acknowledgement due Tuesday 1 December 17:00; warning 4 business hours before: 13:00.

        clock.set(sydney("2026-12-01T12:59"));
        sweep.sweep();
        assertThat(notices(ref)).isEmpty();

        clock.set(sydney("2026-12-01T13:00"));
        sweep.sweep();
        sweep.sweep();
        assertThat(notices(ref)).containsExactly("ACKNOWLEDGE WARNING " + dept.lead);

        // Missed at 17:00; the notice waits for the next opening, never 3 a.m.
        clock.set(sydney("2026-12-02T03:00"));
        sweep.sweep();
        assertThat(notices(ref)).hasSize(1);
        clock.set(sydney("2026-12-02T09:00"));
        sweep.sweep();
        assertThat(notices(ref)).containsExactly("ACKNOWLEDGE WARNING " + dept.lead, "ACKNOWLEDGE BREACH " + dept.lead);

        // Eight business hours after the breach the executives hear of it, once.
        clock.set(sydney("2026-12-02T16:59:59"));
        sweep.sweep();
        sweep.sweep();
        assertThat(notices(ref))
                .contains("ACKNOWLEDGE ESCALATION " + executive)
                .filteredOn(n -> n.equals("ACKNOWLEDGE ESCALATION " + executive))
                .hasSize(1);

        JsonNode mine = dept.as(dept.lead).get("/api/notifications").json();
        assertThat(mine).hasSizeGreaterThanOrEqualTo(2);
        List<String> types = new ArrayList<>();
        dept.as(dept.lead)
                .get("/api/cases/" + ref + "/events")
                .json()
                .forEach(e -> types.add(e.get("type").asString()));
        assertThat(types).containsSubsequence("CaseOpened", "DeadlineNotice", "DeadlineNotice");
    }

    @Test
    void aNoticeNoLongerNamesACaseItsRecipientMayNotOpen() throws Exception {
        Dept dept = department();
        String agent = dept.staff(Role.AGENT);
        staffWithoutDepartment(Role.EXECUTIVE);
        clock.set(sydney("2026-11-30T10:00"));
        String ref = apiComplaint(dept, "2026-11-30T09:30:00+11:00");
        clock.set(sydney("2026-12-01T13:00"));
        sweep.sweep();
        assertThat(notices(ref)).containsExactly("ACKNOWLEDGE WARNING " + dept.lead);
        assertThat(dept.as(dept.lead).get("/api/notifications").body()).contains(ref);

        // The complaint turns out to be about the lead: it goes to a colleague and the lead may no longer open it.
        assertThat(dept.as(dept.lead)
                        .post("/api/cases/" + ref + "/assign", Map.of("owner", agent))
                        .status())
                .isEqualTo(200);
        ApiClient.Response about = as(agent).post("/api/cases/" + ref + "/about-staff", Map.of("username", dept.lead));
        assertThat(about.status()).as(about.body()).isEqualTo(200);

        assertThat(dept.as(dept.lead).get("/api/notifications").body()).doesNotContain(ref);
        org.hearken.support.FormSession page = new org.hearken.support.FormSession(port);
        assertThat(page.signIn(dept.lead, PASSWORD)).isTrue();
        assertThat(page.get("/notifications").body()).doesNotContain(ref);
    }

    @Test
    void aCompletedStageStopsItsTimersAndAnUnextendedMissedResponseIsFlaggedCustomerNotTold() {
        Dept dept = department();
        clock.set(sydney("2026-11-30T10:00"));
        String ref = apiComplaint(dept, "2026-11-30T09:30:00+11:00");
        dept.as(dept.lead).post("/api/cases/" + ref + "/acknowledge", Map.of("via", "EMAIL"));

        // Respond due Wednesday 9 December 17:00 (7 business days after Monday 30 November).
        clock.set(sydney("2026-12-10T09:30"));
        sweep.sweep();

        assertThat(notices(ref))
                .noneMatch(n -> n.startsWith("ACKNOWLEDGE"))
                .contains("RESPOND WARNING " + dept.lead, "RESPOND BREACH " + dept.lead);
        assertThat(jdbc.sql(
                                "select bool_and(customer_not_told) from escalation_notice n join cases c on c.id = n.case_id"
                                        + " where c.reference = ? and n.kind = 'BREACH'")
                        .param(ref)
                        .query(Boolean.class)
                        .single())
                .isTrue();
    }

    @Test
    void theExceptionsViewIsEmptyWhenHealthyAndListsACaseWhoseOwnerWasDeactivated() throws Exception {
        ApiClient admin = as(staffWithoutDepartment(Role.ADMIN));
        PolicyTestSupport.ensureActive(admin, "metart");
        // Friday 4 December 2026, 10:00 in Sydney: acknowledgement is due on Monday, after "tomorrow".
        clock.set(sydney("2026-12-04T10:00"));
        Dept dept = department();
        String agent = dept.staff(Role.AGENT);
        ApiClient manager = dept.as(dept.lead);
        String ref = aQuestion()
                .by(EMAIL)
                .inDepartment(dept)
                .ownedBy(agent)
                .subject("Opening hours")
                .description("When do you open?")
                .from("Ann")
                .email("ann@example.net")
                .openedBy(manager);

        assertThat(manager.get("/api/watch/exceptions").json()).isEmpty();
        ApiClient.Response atRisk = manager.get("/api/watch/at-risk");
        assertThat(atRisk.status()).isEqualTo(200);
        assertThat(atRisk.json()).isEmpty();

        assertThat(admin.post("/api/staff/" + agent + "/deactivate", Map.of()).status())
                .isEqualTo(200);

        JsonNode exceptions = manager.get("/api/watch/exceptions").json();
        assertThat(exceptions).hasSize(1);
        assertThat(exceptions.get(0).get("reference").asString()).isEqualTo(ref);
        assertThat(exceptions.get(0).get("problems").toString()).contains("OWNER_INACTIVE");
        assertThat(dept.as(dept.staff(Role.AGENT)).get("/api/watch/exceptions").status())
                .isEqualTo(403);
    }

    @Test
    void theAtRiskDashboardCountsDueTodayTomorrowAndOverdueByDepartmentAndOwner() {
        Dept dept = department();
        clock.set(sydney("2026-11-30T10:00"));
        apiComplaint(dept, "2026-11-30T09:30:00+11:00");
        apiComplaint(dept, "2026-11-27T09:30:00+11:00");
        apiComplaint(dept, "2026-11-26T09:30:00+11:00");
        // Acknowledgements due: Tuesday 1 December (tomorrow), Monday 30 November (today), Friday 27 November
        // (overdue).

        ApiClient.Response response = dept.as(dept.lead).get("/api/watch/at-risk");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode row = response.json().get(0);
        assertThat(row.get("department").asString()).isEqualTo(dept.code);
        assertThat(row.get("owner").asString()).isEqualTo(dept.lead);
        assertThat(row.get("overdue").asLong()).isEqualTo(1);
        assertThat(row.get("dueToday").asLong()).isEqualTo(1);
        assertThat(row.get("dueTomorrow").asLong()).isEqualTo(1);
    }

    /** A question by post received at 09:30 on Monday 30 November 2026: acknowledge by Tuesday, respond by 9 December. */
    private static String questionByPost(Dept dept) {
        return aQuestion()
                .by(POSTAL)
                .inDepartment(dept)
                .receivedAt("2026-11-30T09:30:00+11:00")
                .open();
    }

    private static void reclassify(Dept dept, String reference, Map<String, String> to) {
        ApiClient.Response r = dept.as(dept.lead).post("/api/cases/" + reference + "/reclassify", to);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void aReclassifiedCaseIsWatchedAgainstItsNewDueDateNotItsOldOne() {
        Dept dept = department();
        clock.set(sydney("2026-11-30T10:00"));
        String ref = questionByPost(dept);

        // By phone it should have been acknowledged on the day: by 17:00 on Monday, warned at 13:00.
        reclassify(dept, ref, Map.of("kind", "COMPLAINT", "channel", "PHONE", "reason", "A complaint made by phone"));

        clock.set(sydney("2026-12-01T09:00"));
        sweep.sweep();
        assertThat(notices(ref)).containsExactly("ACKNOWLEDGE WARNING " + dept.lead, "ACKNOWLEDGE BREACH " + dept.lead);
        // The warning of the old date, Tuesday at 13:00, is dropped when it comes up.
        clock.set(sydney("2026-12-01T13:00"));
        sweep.sweep();
        assertThat(notices(ref)).hasSize(2);
    }

    @Test
    void aStageLeftWithoutATargetDropsItsTimersWhichComeBackWithTheTarget() {
        Dept dept = department();
        clock.set(sydney("2026-11-30T10:00"));
        String ref = questionByPost(dept);
        dept.as(dept.lead).post("/api/cases/" + ref + "/acknowledge", Map.of("via", "PHONE_CALL"));
        reclassify(dept, ref, Map.of("kind", "COMPLIMENT", "reason", "She was thanking us"));

        // The response would have been due at 17:00 on Wednesday 9 December, warned at 13:00: a compliment needs none.
        clock.set(sydney("2026-12-09T13:30"));
        sweep.sweep();
        assertThat(notices(ref)).isEmpty();

        reclassify(dept, ref, Map.of("kind", "QUESTION", "reason", "A question after all"));
        sweep.sweep();
        assertThat(notices(ref)).containsExactly("RESPOND WARNING " + dept.lead);
    }
}
