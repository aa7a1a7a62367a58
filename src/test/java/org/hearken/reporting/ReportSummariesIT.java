package org.hearken.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hearken.identity.Actor;
import org.hearken.identity.Role;
import org.hearken.identity.StaffDirectory;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;
import org.hearken.policy.ServicePolicies;
import org.hearken.support.CaseBuilder;
import org.hearken.support.IntegrationTest;
import org.hearken.support.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Reports read from the summaries of closed cases (and the cases changed since) give exactly the figures counted from
 * every case: random cases in every state over three weeks in two departments of the test's own, every table compared
 * with the direct count, at a fixed time, for several filters; then again after cases changed behind the summaries,
 * and after the summary job caught up with them.
 */
class ReportSummariesIT extends IntegrationTest {

    private static final String[] KINDS = {"COMPLAINT", "QUESTION", "SERVICE_REQUEST", "SUGGESTION", "COMPLIMENT"};
    private static final String[] CHANNELS = {"PHONE", "IN_PERSON", "EMAIL", "POSTAL", "WEB_FORM", "API"};
    private static final String[] COMPLAINT_OUTCOMES = {
        "UPHELD", "PARTLY_UPHELD", "NOT_UPHELD", "CANNOT_ACCOMMODATE", "NOT_ACCEPTED"
    };
    private static final String[] STAGE_OUTCOMES = {"MET", "MET_AFTER_EXTENSION", "MISSED"};

    /** Later than any time the other tests' running clock reaches, so that their changes are older than the watermark. */
    private static final Instant NOW = TestClock.DEFAULT_START.plus(Duration.ofDays(60));

    @Autowired
    Reports reports;

    @Autowired
    ReportSummaries summaries;

    @Autowired
    ServicePolicies policies;

    @Autowired
    StaffDirectory directory;

    private final Random random = new Random(4242);

    @AfterEach
    void forgetSummaries() {
        // The summaries are the whole database's; other tests count from the cases, as before any summary job ran.
        for (String table : ReportSummaries.tables()) {
            jdbc.sql("delete from " + table).update();
        }
        clock.reset();
    }

    @Test
    void summariesGiveTheFiguresCountedFromEveryCase() throws Exception {
        clock.set(NOW);
        ZoneId zone = policies.active().policy().calendar().zone();
        Dept one = department();
        Dept two = department();
        long oneId = departmentId(one.code);
        long twoId = departmentId(two.code);
        long owner = staffId(one.lead);
        Actor executive =
                directory.actorFor(staffWithoutDepartment(Role.EXECUTIVE)).orElseThrow();
        List<String> categories = jdbc.sql("select code from report_category order by code")
                .query(String.class)
                .list();
        LocalDate today = NOW.atZone(zone).toLocalDate();
        // More than three months: whole months are read from their roll-ups.
        LocalDate first = today.minusDays(100);

        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            ids.add(insertCase(
                    zone, first, today, i % 2 == 0 ? oneId : twoId, owner, categories, NOW.minus(Duration.ofDays(1))));
        }
        List<ReportFilter> filters = List.of(
                filter(first, today, null, null, List.of(oneId, twoId), ReportFilter.Period.DAY, zone),
                filter(
                        first.plusDays(3),
                        today.minusDays(2),
                        null,
                        null,
                        List.of(oneId),
                        ReportFilter.Period.WEEK,
                        zone),
                filter(
                        first,
                        today,
                        FeedbackKind.COMPLAINT,
                        null,
                        List.of(oneId, twoId),
                        ReportFilter.Period.MONTH,
                        zone),
                filter(
                        first,
                        today.plusDays(3),
                        null,
                        Channel.PHONE,
                        List.of(twoId, oneId),
                        ReportFilter.Period.DAY,
                        zone),
                filter(
                        first.plusDays(10),
                        today.minusDays(1),
                        null,
                        null,
                        List.of(oneId, twoId),
                        ReportFilter.Period.MONTH,
                        zone));

        jdbc.sql("delete from report_summary_state").update();
        ReportSummaries.Run built = summaries.refresh();
        assertThat(built.fromScratch()).isTrue();
        ReportFigures.Sources sources = ReportSummaries.sources(jdbc, zone, first, today, NOW);
        assertThat(sources.summarised()).as("days read from the summaries").hasSizeGreaterThan(80);
        assertThat(sources.months()).as("whole months read from their roll-ups").hasSizeGreaterThanOrEqualTo(2);
        assertSameFigures(filters, executive, 300);

        // Changes behind the summaries: cases closed, reopened, moved, recategorised, and new ones on old days, as
        // saves of a case write them (updated_at now), and one case logged through the API.
        List<LocalDate> touched = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            long id = ids.get(random.nextInt(ids.size()));
            touched.add(dayOf(id, zone));
            switch (i % 5) {
                case 0 ->
                    jdbc.sql("""
                                update cases set status = 'CLOSED', closed_at = :now, acknowledged_at = coalesce(acknowledged_at, :now),
                                    acknowledge_outcome = coalesce(acknowledge_outcome, 'MISSED'), updated_at = :now where id = :id""")
                            .param("now", Timestamp.from(NOW))
                            .param("id", id)
                            .update();
                case 1 ->
                    jdbc.sql("""
                                update cases set status = 'ACKNOWLEDGED', closed_at = null, respond_completed_at = null,
                                    respond_by = :due, updated_at = :now where id = :id""")
                            .param("due", Timestamp.from(NOW.plus(Duration.ofDays(random.nextInt(7) - 3))))
                            .param("now", Timestamp.from(NOW))
                            .param("id", id)
                            .update();
                case 2 ->
                    jdbc.sql("update cases set department_id = :d, updated_at = :now where id = :id")
                            .param("d", random.nextBoolean() ? oneId : twoId)
                            .param("now", Timestamp.from(NOW))
                            .param("id", id)
                            .update();
                case 3 -> {
                    // A remedy offered and a decision on the others, as a save of the case writes them.
                    insertRemedy(id, owner, NOW);
                    jdbc.sql("update case_remedy set status = 'ACCEPTED', decided_at = :now where case_id = :id")
                            .param("now", Timestamp.from(NOW))
                            .param("id", id)
                            .update();
                    jdbc.sql("update cases set updated_at = :now where id = :id")
                            .param("now", Timestamp.from(NOW))
                            .param("id", id)
                            .update();
                }
                default ->
                    jdbc.sql("update cases set category = :k, updated_at = :now where id = :id")
                            .param("k", categories.get(random.nextInt(categories.size())))
                            .param("now", Timestamp.from(NOW))
                            .param("id", id)
                            .update();
            }
        }
        for (int i = 0; i < 20; i++) {
            long id = insertCase(zone, first, today, oneId, owner, categories, NOW);
            touched.add(dayOf(id, zone));
        }
        CaseBuilder.aComplaint()
                .by("PHONE")
                .receivedAt(today.minusDays(4).atTime(11, 0).atZone(zone).toOffsetDateTime())
                .inDepartment(one.code)
                .openedBy(one.as(one.lead));
        touched.add(today.minusDays(4));
        assertThat(ReportSummaries.sources(jdbc, zone, first, today, NOW).summarised())
                .as("days with a change since the watermark are counted from the cases")
                .doesNotContainAnyElementsOf(touched)
                .isNotEmpty();
        assertSameFigures(filters, executive, 300);

        // The job catches up: the changed days are summarised again.
        clock.set(NOW.plus(Duration.ofMinutes(10)));
        ReportSummaries.Run caughtUp = summaries.refresh();
        assertThat(caughtUp.fromScratch()).isFalse();
        assertThat(caughtUp.days())
                .isGreaterThanOrEqualTo((int) touched.stream().distinct().count());
        assertThat(ReportSummaries.sources(jdbc, zone, first, today, NOW.plus(Duration.ofMinutes(10)))
                        .summarised())
                // Days whose closed cases without a first reply are still within their same-day deadline excepted.
                .containsAll(touched.stream()
                        .filter(d -> !d.isBefore(first) && d.isBefore(today.minusDays(4)))
                        .toList());
        assertSameFigures(filters, executive, 300);

        // And the summaries are really read: a wrong one shows.
        jdbc.sql("""
                        update report_summary set received = received + 1
                        where ctid = (select ctid from report_summary where department_id = ? and day = ? limit 1)""")
                .params(
                        oneId,
                        java.sql.Date.valueOf(
                                ReportSummaries.sources(jdbc, zone, first, today, clock.instant()).summarised().stream()
                                        .filter(d -> hasSummary(oneId, d))
                                        .findFirst()
                                        .orElseThrow()))
                .update();
        ReportFilter all = filters.getFirst();
        assertThat(reports.headline(all, false).received())
                .isEqualTo(reports.headline(all, true).received() + 1);
        // A month's roll-up stands for its days wherever the figures are not grouped by a shorter period.
        LocalDate month = ReportSummaries.sources(jdbc, zone, first, today, clock.instant())
                .months()
                .getFirst();
        jdbc.sql("""
                        update report_summary_extension_month set extensions = extensions + 1000
                        where ctid = (select ctid from report_summary_extension_month
                                      where department_id = ? and month = ? limit 1)""").params(twoId, java.sql.Date.valueOf(month)).update();
        assertThat(reports.report(all, executive, false).table("extensions"))
                .isNotEqualTo(reports.report(all, executive, true).table("extensions"));
    }

    @Test
    void extensionsCarryTheReceivedDateOfTheirCase() {
        clock.set(NOW);
        ZoneId zone = policies.active().policy().calendar().zone();
        Dept one = department();
        long owner = staffId(one.lead);
        LocalDate today = NOW.atZone(zone).toLocalDate();
        long id;
        do {
            id = insertCase(
                    zone,
                    today.minusDays(5),
                    today,
                    departmentId(one.code),
                    owner,
                    jdbc.sql("select code from report_category")
                            .query(String.class)
                            .list(),
                    NOW);
        } while (extensionDates(id).isEmpty());
        Timestamp received = jdbc.sql("select received_at from cases where id = ?")
                .param(id)
                .query(Timestamp.class)
                .single();
        assertThat(extensionDates(id)).containsOnly(received);
        // Never changed by Hearken, but a correction by hand is passed on too.
        Timestamp corrected = Timestamp.from(received.toInstant().minus(Duration.ofDays(2)));
        jdbc.sql("update cases set received_at = ? where id = ?")
                .params(corrected, id)
                .update();
        assertThat(extensionDates(id)).containsOnly(corrected);
    }

    private List<Timestamp> extensionDates(long caseId) {
        return jdbc.sql("select received_at from report_extension where case_id = ?")
                .param(caseId)
                .query(Timestamp.class)
                .list();
    }

    private boolean hasSummary(long departmentId, LocalDate day) {
        return jdbc.sql("select count(*) from report_summary where department_id = ? and day = ?")
                        .params(departmentId, java.sql.Date.valueOf(day))
                        .query(Long.class)
                        .single()
                > 0;
    }

    private void assertSameFigures(List<ReportFilter> filters, Actor executive, long atLeast) {
        for (ReportFilter f : filters) {
            Report summarised = reports.report(f, executive, false);
            Report direct = reports.report(f, executive, true);
            assertThat(summarised.tables().keySet())
                    .containsExactlyElementsOf(direct.tables().keySet());
            for (String table : direct.tables().keySet()) {
                assertThat(summarised.table(table)).as(table + " for " + f).isEqualTo(direct.table(table));
            }
            assertThat(summarised).isEqualTo(direct);
            assertThat(reports.headline(f, false)).isEqualTo(reports.headline(f, true));
        }
        assertThat(reports.headline(filters.getFirst(), true).received()).isGreaterThanOrEqualTo(atLeast);
    }

    private static ReportFilter filter(
            LocalDate from,
            LocalDate to,
            FeedbackKind kind,
            Channel channel,
            List<Long> departments,
            ReportFilter.Period period,
            ZoneId zone) {
        return new ReportFilter(from, to, null, kind, channel, departments, period, zone);
    }

    private long departmentId(String code) {
        return jdbc.sql("select id from identity_department where code = ?")
                .param(code)
                .query(Long.class)
                .single();
    }

    private long staffId(String username) {
        return jdbc.sql("select id from identity_staff where username = ?")
                .param(username)
                .query(Long.class)
                .single();
    }

    private LocalDate dayOf(long id, ZoneId zone) {
        return jdbc.sql("select received_at from cases where id = ?")
                .param(id)
                .query(Timestamp.class)
                .single()
                .toInstant()
                .atZone(zone)
                .toLocalDate();
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    private Instant after(Instant t, int maxHours) {
        return t.plus(Duration.ofMinutes(random.nextInt(maxHours * 60 + 1)));
    }

    /** One case in a random state, received on a day from {@code first} to {@code last}; returns its id. */
    private long insertCase(
            ZoneId zone,
            LocalDate first,
            LocalDate last,
            long department,
            long owner,
            List<String> categories,
            Instant updatedAt) {
        int days = (int) (last.toEpochDay() - first.toEpochDay());
        Instant received = first.plusDays(random.nextInt(days + 1))
                .atStartOfDay(zone)
                .toInstant()
                .plus(Duration.ofMinutes(random.nextInt(24 * 60)));
        if (received.isAfter(NOW)) {
            received = NOW.minus(Duration.ofMinutes(random.nextInt(600)));
        }
        String kind = pick(KINDS);
        String status =
                pick(new String[] {"RECEIVED", "ACKNOWLEDGED", "RESPONDED", "UNDER_REVIEW", "CLOSED", "CLOSED"});
        boolean closed = status.equals("CLOSED");
        boolean responded = !status.equals("RECEIVED") && !status.equals("ACKNOWLEDGED") && random.nextInt(5) > 0;
        Map<String, Object> p = new HashMap<>();
        p.put("reference", "RS-" + unique());
        p.put("kind", kind);
        p.put("channel", pick(CHANNELS));
        p.put("status", status);
        p.put("received", ts(received));
        p.put("department", department);
        p.put("owner", owner);
        p.put("confidential", random.nextInt(10) == 0);
        p.put("policyVersion", policies.active().versionId());
        Instant ackBy = after(received, 40);
        Instant ackAt = status.equals("RECEIVED") || random.nextInt(6) == 0 ? null : after(received, 60);
        p.put("ackBy", ts(ackBy));
        p.put("ackAt", ts(ackAt));
        p.put("ackVia", ackAt == null ? null : "EMAIL");
        p.put("ackOutcome", ackAt == null ? null : ackAt.isAfter(ackBy) ? "MISSED" : "MET");
        p.put("firstResponse", random.nextInt(3) == 0 ? null : ts(after(received, 30)));
        Instant respondBy = received.plus(Duration.ofDays(2 + random.nextInt(12)));
        p.put("respondBy", ts(respondBy));
        p.put("respondByOriginal", ts(random.nextBoolean() ? respondBy : respondBy.minus(Duration.ofDays(3))));
        Instant respondedAt = responded ? after(received, 24 * 15) : null;
        p.put("respondedAt", ts(respondedAt));
        p.put("respondOutcome", responded ? pick(STAGE_OUTCOMES) : null);
        p.put("outcome", responded ? kind.equals("COMPLAINT") ? pick(COMPLAINT_OUTCOMES) : "RESOLVED" : null);
        p.put("fcr", responded && random.nextInt(4) == 0);
        p.put(
                "category",
                responded && random.nextInt(5) > 0 ? categories.get(random.nextInt(categories.size())) : null);
        p.put("closedAt", closed ? ts(respondedAt == null ? after(received, 30) : respondedAt) : null);
        boolean review = (closed || status.equals("UNDER_REVIEW")) && random.nextInt(3) == 0;
        boolean reviewed = review && closed;
        p.put("reviewRequested", review ? ts(after(received, 24 * 5)) : null);
        p.put("reviewReason", review ? "Not satisfied" : null);
        p.put("reviewer", review ? owner : null);
        p.put("reviewBy", review ? ts(received.plus(Duration.ofDays(random.nextInt(30)))) : null);
        p.put("reviewedAt", reviewed ? ts(after(received, 24 * 10)) : null);
        p.put("reviewDecision", reviewed ? random.nextBoolean() ? "UPHELD" : "CHANGED" : null);
        p.put("reviewOutcome", reviewed ? pick(STAGE_OUTCOMES) : null);
        p.put("updatedAt", ts(updatedAt));
        long id = jdbc.sql("""
                        insert into cases (reference, kind, channel, status, received_at, logged_at, subject, description,
                            customer_name, preferred_reply, department_id, owner_id, confidential, logged_by,
                            policy_version_id, policy_version, acknowledge_by, acknowledged_at, acknowledged_via,
                            acknowledge_outcome, first_response_at, respond_by, respond_by_original, expected_by,
                            responded_at, respond_completed_at, respond_outcome, outcome, first_contact_resolution,
                            closed_at, category, review_requested_at, review_reason, reviewer_id, review_by,
                            review_by_original, reviewed_at, review_decision, review_outcome, updated_at)
                        values (:reference, :kind, :channel, :status, :received, :received, 'Summaries', 'A case.',
                            'Customer', 'EMAIL', :department, :owner, :confidential, :owner,
                            :policyVersion, 1, :ackBy, :ackAt, :ackVia,
                            :ackOutcome, :firstResponse, :respondBy, :respondByOriginal, :respondBy,
                            :respondedAt, :respondedAt, :respondOutcome, :outcome, :fcr,
                            :closedAt, :category, :reviewRequested, :reviewReason, :reviewer, :reviewBy,
                            :reviewBy, :reviewedAt, :reviewDecision, :reviewOutcome, :updatedAt)
                        returning id""").params(p).query(Long.class).single();
        addDetails(id, owner, received, review);
        return id;
    }

    /** Random extensions and remedies of a case: some with a value, some without, in every state. */
    private void addDetails(long id, long owner, Instant received, boolean review) {
        for (int i = random.nextInt(4) - 1; i > 0; i--) {
            Instant previous = received.plus(Duration.ofDays(random.nextInt(10)));
            boolean agreed = random.nextBoolean();
            jdbc.sql("""
                            insert into case_extension (case_id, stage, previous_due, new_due, reason, notice_channel,
                                notice_text, agreed_by, agreed_at, extended_at, extended_by)
                            values (?, ?, ?, ?, ?, 'EMAIL', 'We need more time.', ?, ?, ?, ?)""")
                    .params(
                            id,
                            review && random.nextBoolean() ? "REVIEW" : "RESPOND",
                            Timestamp.from(previous),
                            Timestamp.from(previous.plus(Duration.ofDays(1 + random.nextInt(10)))),
                            random.nextBoolean() ? "Site inspection needed" : "Awaiting the contractor",
                            agreed ? "The customer, by phone" : null,
                            agreed ? Timestamp.from(previous) : null,
                            Timestamp.from(previous),
                            owner)
                    .update();
        }
        for (int i = random.nextInt(4) - 1; i > 0; i--) {
            insertRemedy(id, owner, received.plus(Duration.ofDays(random.nextInt(10))));
        }
    }

    private void insertRemedy(long id, long owner, Instant at) {
        String status = pick(new String[] {"OFFERED", "ACCEPTED", "DECLINED"});
        jdbc.sql("""
                        insert into case_remedy (case_id, type, description, value, status, offered_at, offered_by, decided_at)
                        values (?, ?, 'A remedy.', ?, ?, ?, ?, ?)""")
                .params(
                        id,
                        pick(new String[] {"APOLOGY", "REFUND", "CREDIT", "SERVICE_REDONE", "OTHER"}),
                        random.nextBoolean() ? null : new java.math.BigDecimal(random.nextInt(50000)).movePointLeft(2),
                        status,
                        Timestamp.from(at),
                        owner,
                        status.equals("OFFERED") ? null : Timestamp.from(at))
                .update();
    }

    private static Timestamp ts(Instant t) {
        return t == null ? null : Timestamp.from(t);
    }
}
