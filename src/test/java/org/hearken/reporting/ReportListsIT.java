package org.hearken.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hearken.identity.Actor;
import org.hearken.identity.Role;
import org.hearken.identity.StaffDirectory;
import org.hearken.platform.ReadDatabase;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;
import org.hearken.policy.ServicePolicies;
import org.hearken.support.IntegrationTest;
import org.hearken.support.TestClock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The report's lists of cases, read through their indexes and stopped at the limit, show exactly the rows of the plain
 * statements that test every case of the range (run here as sequential scans): random cases whose stages are missed,
 * met, running and overdue, running again after a missed outcome, or not started; due dates shared by many cases (so
 * that the order by reference decides); more breaches and reviews than a list shows; several filters; and readers who
 * may see everything, who may not see the complaints about them, or who see their own department's cases and those
 * they own or are named on, confidential ones too.
 */
class ReportListsIT extends IntegrationTest {

    private static final String[] KINDS = {"COMPLAINT", "QUESTION", "SERVICE_REQUEST", "SUGGESTION", "COMPLIMENT"};
    private static final String[] CHANNELS = {"PHONE", "IN_PERSON", "EMAIL", "POSTAL", "WEB_FORM", "API"};
    private static final String[] STATUSES = {"RECEIVED", "ACKNOWLEDGED", "RESPONDED", "UNDER_REVIEW", "CLOSED"};
    private static final String[] STAGE_OUTCOMES = {null, null, "MET", "MET_AFTER_EXTENSION", "MISSED", "MISSED"};
    private static final String[] ACKNOWLEDGE_OUTCOMES = {null, "MET", "MISSED"};

    private static final Instant NOW = TestClock.DEFAULT_START.plus(Duration.ofDays(45));

    /** The cases are received over these days up to {@link #NOW}. */
    private static final int DAYS = 90;

    /** The breach list as it was first written: every stage of every case of the range, sorted. */
    private static final String PLAIN_BREACHES = """
            select c.reference, d.code, c.kind, s.stage, (s.due at time zone :zone)::date as due,
                   (s.done at time zone :zone)::date as done, s.due as due_at
            from report_case c
            join report_department d on d.id = c.department_id
            cross join lateral (values
                ('ACKNOWLEDGE', c.acknowledge_by, c.acknowledged_at, c.acknowledge_outcome = 'MISSED' or c.acknowledge_due < :now),
                ('RESPOND', c.respond_by, c.respond_completed_at, c.respond_outcome = 'MISSED' or c.respond_due < :now),
                ('REVIEW', c.review_by, c.reviewed_at, c.review_outcome = 'MISSED' or c.review_due < :now)
            ) s(stage, due, done, breached)
            where %s and s.breached
            order by s.due desc, c.reference, s.stage""";

    private static final String PLAIN_REVIEWS = """
            select c.reference, d.code, (c.review_requested_at at time zone :zone)::date as requested,
                   (c.review_by at time zone :zone)::date as due, (c.reviewed_at at time zone :zone)::date as decided,
                   c.review_decision,
                   coalesce(c.review_outcome, case when c.review_by < :now then 'OVERDUE' else 'IN_TIME' end) as timeliness
            from report_case c join report_department d on d.id = c.department_id
            where %s and c.review_requested_at is not null
            order by c.review_requested_at desc, c.reference""";

    @Autowired
    ReportQueries queries;

    @Autowired
    ReadDatabase read;

    @Autowired
    ServicePolicies policies;

    @Autowired
    StaffDirectory directory;

    private final Random random = new Random(1919);

    @Test
    void listsShowTheRowsOfThePlainStatements() {
        ZoneId zone = policies.active().policy().calendar().zone();
        Dept one = department();
        Dept two = department();
        long oneId = departmentId(one.code);
        long twoId = departmentId(two.code);
        String agent = two.staff(Role.AGENT);
        String executive = staffWithoutDepartment(Role.EXECUTIVE);
        String complainedOf = staffWithoutDepartment(Role.EXECUTIVE);
        long[] owners = {staffId(one.lead), staffId(two.lead), staffId(agent)};
        long agentId = staffId(agent);
        long complainedOfId = staffId(complainedOf);

        LocalDate today = NOW.atZone(zone).toLocalDate();
        LocalDate first = today.minusDays(DAYS);
        // Due dates on a few instants only, so that many stages share one and the reference orders them.
        List<Instant> dues = new ArrayList<>();
        for (int d = -100; d <= 20; d++) {
            dues.add(today.plusDays(d).atTime(17, 0).atZone(zone).toInstant());
        }
        for (int i = 0; i < 600; i++) {
            insertCase(Shape.RANDOM, i % 3 == 0 ? twoId : oneId, owners, dues, agentId, complainedOfId);
        }
        // Two departments where one part of the breach list fills it alone: responses missed on closed cases (each
        // with a review requested, for the review list), and responses overdue on open ones; on a few due dates only.
        long missedId = departmentId(department().code);
        long overdueId = departmentId(department().code);
        List<Instant> few = dues.subList(80, 86);
        for (int i = 0; i < 150; i++) {
            insertCase(Shape.RESPONSE_MISSED, missedId, owners, few, agentId, complainedOfId);
            insertCase(Shape.RESPONSE_OVERDUE, overdueId, owners, few, agentId, complainedOfId);
        }

        List<ReportFilter> filters = List.of(
                filter(first, today, null, null, null, zone),
                filter(first, today, null, null, List.of(oneId, twoId), zone),
                filter(first, today, null, null, List.of(oneId), zone),
                filter(first.plusDays(10), today.minusDays(40), null, null, List.of(oneId, twoId), zone),
                filter(first, today, FeedbackKind.COMPLAINT, null, List.of(twoId, oneId), zone),
                filter(first, today, null, Channel.PHONE, List.of(oneId, twoId), zone),
                filter(first.minusDays(400), first.minusDays(100), null, null, List.of(oneId, twoId), zone),
                filter(first, today, null, null, List.of(missedId), zone),
                filter(first, today, null, null, List.of(overdueId), zone));
        List<Actor> readers =
                List.of(actor(executive), actor(complainedOf), actor(one.lead), actor(two.lead), actor(agent));

        ReportFilter mine = filters.get(1);
        List<List<Object>> allBreaches = plain(PLAIN_BREACHES, mine, actor(executive), true);
        assertThat(allBreaches).as("breaches of the test's cases").hasSizeGreaterThan(3 * ReportQueries.LIST_LIMIT);
        List<List<Object>> shown = allBreaches.subList(0, ReportQueries.LIST_LIMIT);
        assertThat(shown.stream().map(r -> r.get(6)).distinct().count())
                .as("due dates shared by several breaches in the list")
                .isLessThan(ReportQueries.LIST_LIMIT / 2);
        Map<String, Object> counted = jdbc.sql("""
                        select count(*) filter (where c.acknowledge_due < :now or c.respond_due < :now
                                                   or c.review_due < :now) as overdue,
                               count(*) filter (where c.respond_outcome = 'MISSED' and c.respond_due < :now) as again
                        from report_case c where c.department_id in (:departments)""")
                .param("now", Timestamp.from(NOW))
                .param("departments", List.of(oneId, twoId))
                .query()
                .singleRow();
        assertThat((Long) counted.get("overdue"))
                .as("cases with stages running and overdue")
                .isGreaterThan(ReportQueries.LIST_LIMIT);
        assertThat((Long) counted.get("again"))
                .as("responses running again after a missed one")
                .isPositive();
        assertThat(plain(PLAIN_REVIEWS, mine, actor(executive), false)).hasSizeGreaterThan(ReportQueries.LIST_LIMIT);
        assertThat(plain(PLAIN_BREACHES, mine, actor(complainedOf), true))
                .as("the complaints about a reader are not listed to them")
                .hasSizeLessThan(allBreaches.size());
        assertThat(plain(PLAIN_BREACHES, mine, actor(agent), true))
                .as("an agent lists their department's and their own cases only")
                .hasSizeLessThan(allBreaches.size());

        int compared = 0;
        for (ReportFilter f : filters) {
            for (Actor reader : readers) {
                List<List<Object>> breaches = plain(PLAIN_BREACHES, f, reader, true);
                assertThat(queries.breachList(f, NOW, reader).rows())
                        .as("breaches for %s as %s", f, reader.username())
                        .isEqualTo(firstRows(breaches, 6));
                assertThat(queries.reviewList(f, NOW, reader).rows())
                        .as("reviews for %s as %s", f, reader.username())
                        .isEqualTo(firstRows(plain(PLAIN_REVIEWS, f, reader, false), 7));
                compared += breaches.size();
            }
        }
        assertThat(compared).isGreaterThan(1000);
    }

    /** The rows of a plain statement, every case of the range read in turn (no index). */
    private List<List<Object>> plain(String statement, ReportFilter f, Actor reader, boolean breaches) {
        Map<String, Object> p = new HashMap<>();
        String where = ReportQueries.where(f, p, NOW, true) + " and " + ReportQueries.listable(reader, p);
        p.put("zone", f.zone().getId());
        TransactionTemplate tx = new TransactionTemplate(read.transactions());
        return tx.execute(status -> {
            read.jdbc()
                    .sql("set local enable_indexscan = off; set local enable_bitmapscan = off;"
                            + " set local enable_indexonlyscan = off")
                    .update();
            return read.jdbc()
                    .sql(statement.formatted(where))
                    .params(p)
                    .query((rs, n) -> {
                        if (!breaches) {
                            return ReportQueries.reviewRow(rs);
                        }
                        List<Object> row = new ArrayList<>(ReportQueries.breachRow(rs));
                        row.add(rs.getTimestamp("due_at"));
                        return row;
                    })
                    .list();
        });
    }

    /** The rows a list shows: the first ones, their first {@code columns} cells (the breaches' due instant left out). */
    private static List<List<Object>> firstRows(List<List<Object>> rows, int columns) {
        return rows.stream()
                .limit(ReportQueries.LIST_LIMIT)
                .map(r -> r.subList(0, columns))
                .toList();
    }

    private Actor actor(String username) {
        return directory.actorFor(username).orElseThrow();
    }

    private static ReportFilter filter(
            LocalDate from, LocalDate to, FeedbackKind kind, Channel channel, List<Long> departments, ZoneId zone) {
        return new ReportFilter(from, to, null, kind, channel, departments, ReportFilter.Period.auto(from, to), zone);
    }

    private long departmentId(String code) {
        return directory.departmentByCode(code).orElseThrow().id();
    }

    private long staffId(String username) {
        return actor(username).staffId();
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    private Instant due(List<Instant> dues) {
        return random.nextInt(40) == 0 ? null : dues.get(random.nextInt(dues.size()));
    }

    private Instant done(Instant received) {
        return random.nextInt(3) == 0 ? null : received.plus(Duration.ofHours(1 + random.nextInt(24 * 20)));
    }

    /**
     * One case received in the {@link #DAYS} before {@link #NOW}, its status and each stage's due date, completion
     * and outcome drawn independently, so that every combination the breach rule tells apart occurs (a missed outcome
     * on a stage running again, say).
     */
    private void insertCase(
            Shape shape, long department, long[] owners, List<Instant> dues, long agent, long complainedOf) {
        Instant received = NOW.minus(Duration.ofMinutes(random.nextInt(DAYS * 24 * 60)));
        String status = pick(STATUSES);
        boolean review = random.nextInt(3) == 0;
        Map<String, Object> p = new HashMap<>();
        p.put("reference", "RL-" + unique());
        p.put("kind", pick(KINDS));
        p.put("channel", pick(CHANNELS));
        p.put("status", status);
        p.put("received", ts(received));
        p.put("department", department);
        p.put("owner", owners[random.nextInt(owners.length)]);
        p.put("confidential", random.nextInt(6) == 0);
        p.put("named", random.nextInt(8) == 0 ? "{" + agent + "}" : "{}");
        p.put("subject", random.nextInt(8) == 0 ? "{" + complainedOf + "}" : "{}");
        p.put("policyVersion", policies.active().versionId());
        p.put("ackBy", ts(due(dues)));
        p.put("ackAt", ts(done(received)));
        p.put("ackOutcome", pick(ACKNOWLEDGE_OUTCOMES));
        Instant respondBy = due(dues);
        p.put("respondBy", ts(respondBy));
        p.put("respondedAt", ts(done(received)));
        p.put("respondOutcome", pick(STAGE_OUTCOMES));
        p.put("closedAt", status.equals("CLOSED") ? ts(received.plus(Duration.ofDays(3))) : null);
        p.put("reviewRequested", review ? ts(received.plus(Duration.ofHours(random.nextInt(24 * 30)))) : null);
        p.put("reviewReason", review ? "Not satisfied" : null);
        p.put("reviewBy", review ? ts(due(dues)) : null);
        p.put("reviewedAt", review ? ts(done(received)) : null);
        p.put("reviewDecision", review && random.nextBoolean() ? "UPHELD" : null);
        p.put("reviewOutcome", review ? pick(STAGE_OUTCOMES) : null);
        p.put("updatedAt", ts(NOW.minus(1, ChronoUnit.DAYS)));
        if (shape != Shape.RANDOM) {
            p.put("ackAt", ts(received));
            p.put("ackOutcome", "MET");
            p.put("respondBy", ts(dues.get(random.nextInt(dues.size()))));
            p.put("reviewBy", null);
            p.put("reviewedAt", null);
            p.put("reviewOutcome", null);
            p.put("reviewDecision", null);
        }
        if (shape == Shape.RESPONSE_MISSED) {
            p.put("status", "CLOSED");
            p.put("closedAt", ts(received.plus(Duration.ofDays(30))));
            p.put("respondedAt", ts(received.plus(Duration.ofDays(30))));
            p.put("respondOutcome", "MISSED");
            p.put("reviewRequested", ts(dues.get(random.nextInt(dues.size()))));
            p.put("reviewReason", "Not satisfied");
        } else if (shape == Shape.RESPONSE_OVERDUE) {
            p.put("status", "ACKNOWLEDGED");
            p.put("closedAt", null);
            p.put("respondedAt", null);
            p.put("respondOutcome", null);
            p.put("reviewRequested", null);
            p.put("reviewReason", null);
        }
        jdbc.sql("""
                        insert into cases (reference, kind, channel, status, received_at, logged_at, subject, description,
                            customer_name, preferred_reply, department_id, owner_id, confidential, named_staff,
                            subject_staff, logged_by, policy_version_id, policy_version, acknowledge_by, acknowledged_at,
                            acknowledge_outcome, respond_by, respond_by_original, respond_completed_at, respond_outcome,
                            closed_at, review_requested_at, review_reason, review_by, review_by_original, reviewed_at,
                            review_decision, review_outcome, updated_at)
                        values (:reference, :kind, :channel, :status, :received, :received, 'Lists', 'A case.',
                            'Customer', 'EMAIL', :department, :owner, :confidential, cast(:named as bigint[]),
                            cast(:subject as bigint[]), :owner, :policyVersion, 1, :ackBy, :ackAt,
                            :ackOutcome, :respondBy, :respondBy, :respondedAt, :respondOutcome,
                            :closedAt, :reviewRequested, :reviewReason, :reviewBy, :reviewBy, :reviewedAt,
                            :reviewDecision, :reviewOutcome, :updatedAt)""").params(p).update();
    }

    /** How a case's stages are drawn: each at random, or all alike (a response missed, or overdue). */
    private enum Shape {
        RANDOM,
        RESPONSE_MISSED,
        RESPONSE_OVERDUE
    }

    private static Timestamp ts(Instant t) {
        return t == null ? null : Timestamp.from(t);
    }
}
