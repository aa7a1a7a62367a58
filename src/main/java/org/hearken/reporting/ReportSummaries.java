package org.hearken.reporting;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.hearken.policy.ServicePolicies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the per-day summaries of closed cases that reports read instead of every case, and their roll-ups by month
 * (V215__report_summaries.sql, V222__report_summary_months.sql), for the organisation's time zone, and says which days
 * of a report can be read from them.
 *
 * <p>A run recounts every day on which a case changed since the last run's watermark (found through the index over
 * {@code updated_at}, which every save of a case sets), a month of days at a time, and then moves the watermark to the
 * time it started less {@code hearken.reports.summary-margin}. That margin bounds how long a case's change may take
 * from the instant it records in {@code updated_at} to its commit, clocks of the instances included: a change a run
 * did not see is then at or after the watermark it leaves, and a report counts that day from the cases. The first run
 * for a zone (and after the zone changes) summarises every day. Runs are serialised across instances by a cluster lock;
 * a run that dies leaves the watermark where it was, so the next one recounts the same days.
 */
@Component
class ReportSummaries {

    private static final Logger log = LoggerFactory.getLogger(ReportSummaries.class);

    /** Days recounted in one transaction. */
    private static final int CHUNK_DAYS = 31;

    /**
     * A table of per-day summaries: its columns after zone, day, department, kind and channel, those that group
     * ({@code keys}) and those summed ({@code sums}). Each has a roll-up by month, {@code <name>_month}.
     */
    record Summary(String table, List<String> keys, List<String> sums) {

        /** The columns it is grouped by after zone and day (or month), each after {@code alias}. */
        String group(String alias) {
            return Stream.concat(Stream.of("department_id", "kind", "channel"), keys.stream())
                    .map(c -> alias + c)
                    .collect(Collectors.joining(", "));
        }

        /** Its columns after zone and day (or month), each after {@code alias}. */
        String columns(String alias) {
            return group(alias) + sums.stream().map(c -> ", " + alias + c).collect(Collectors.joining());
        }

        String month() {
            return table + "_month";
        }
    }

    static final Summary FIGURES = new Summary(
            "report_summary",
            List.of(),
            java.util.Arrays.stream(ReportFigures.Measure.values())
                    .map(m -> m.column)
                    .toList());
    static final Summary CATEGORIES = new Summary("report_summary_category", List.of("category"), List.of("cases"));
    static final Summary EXTENSIONS =
            new Summary("report_summary_extension", List.of("stage"), List.of("extensions", "cases", "agreed"));
    static final Summary REMEDIES = new Summary(
            "report_summary_remedy",
            List.of("type"),
            List.of("offered", "accepted", "declined", "awaiting", "value", "accepted_value"));
    static final List<Summary> SUMMARIES = List.of(FIGURES, CATEGORIES, EXTENSIONS, REMEDIES);

    private final JdbcClient jdbc;
    private final BusinessDays businessDays;
    private final ServicePolicies policies;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final Duration margin;

    ReportSummaries(
            JdbcClient jdbc,
            BusinessDays businessDays,
            ServicePolicies policies,
            Clock clock,
            PlatformTransactionManager transactions,
            @Value("${hearken.reports.summary-margin:PT5M}") Duration margin) {
        this.jdbc = jdbc;
        this.businessDays = businessDays;
        this.policies = policies;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
        this.margin = margin;
    }

    @Scheduled(
            fixedDelayString = "${hearken.reports.summary-interval:PT1M}",
            initialDelayString = "${hearken.reports.summary-interval:PT1M}")
    @SchedulerLock(name = "report-summaries")
    void scheduled() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // Reports stay exact without it (they count more days from the cases); the next run tries again.
            log.warn("The report summaries were not brought up to date: {}", e.toString());
        }
    }

    /** What a run did: the days it recounted. */
    record Run(int days, boolean fromScratch) {}

    /** Brings the summaries up to date with every change of a case made before now less the margin. */
    Run refresh() {
        ZoneId zone = policies.active().policy().calendar().zone();
        Instant started = clock.instant();
        Instant watermark = started.minus(margin);
        Instant previous = watermark(jdbc, zone);
        List<LocalDate> days;
        if (previous == null) {
            tx.executeWithoutResult(s -> {
                // Summaries of another zone (before the organisation moved) are of no more use.
                for (String table : tables()) {
                    jdbc.sql("delete from " + table).update();
                }
            });
            days = new ArrayList<>();
            LocalDate[] range = jdbc.sql("""
                            select (min(received_at) at time zone :zone)::date, (max(received_at) at time zone :zone)::date
                            from report_case_change""")
                    .param("zone", zone.getId())
                    .query((rs, n) ->
                            new LocalDate[] {rs.getObject(1, LocalDate.class), rs.getObject(2, LocalDate.class)})
                    .single();
            if (range[0] != null) {
                range[0].datesUntil(range[1].plusDays(1)).forEach(days::add);
            }
        } else {
            Instant since = previous.isBefore(watermark) ? previous : watermark;
            days = jdbc.sql("""
                            select distinct (received_at at time zone :zone)::date from report_case_change
                            where updated_at >= :since order by 1""")
                    .param("zone", zone.getId())
                    .param("since", Timestamp.from(since))
                    .query(LocalDate.class)
                    .list();
        }
        if (!days.isEmpty()) {
            businessDays.cover(days.getFirst(), days.getLast());
        }
        for (int i = 0; i < days.size(); i += CHUNK_DAYS) {
            List<LocalDate> chunk = days.subList(i, Math.min(days.size(), i + CHUNK_DAYS));
            tx.executeWithoutResult(s -> recount(zone, chunk));
        }
        jdbc.sql("""
                        insert into report_summary_state (zone, watermark, built_at) values (?, ?, ?)
                        on conflict (zone) do update set watermark = excluded.watermark, built_at = excluded.built_at""")
                .params(zone.getId(), Timestamp.from(watermark), Timestamp.from(clock.instant()))
                .update();
        return new Run(days.size(), previous == null);
    }

    /** Replaces the summaries of {@code days} with a count of their closed cases now, in one statement. */
    private void recount(ZoneId zone, List<LocalDate> days) {
        Map<String, Object> p = new java.util.HashMap<>();
        p.put("zone", zone.getId());
        p.put("days", days.stream().map(LocalDate::toString).collect(Collectors.joining(",", "{", "}")));
        List<Instant[]> intervals = intervals(days, zone);
        p.put("liveFrom", intervals.stream().map(d -> d[0].toString()).collect(Collectors.joining(",", "{", "}")));
        p.put("liveTo", intervals.stream().map(d -> d[1].toString()).collect(Collectors.joining(",", "{", "}")));
        p.put(
                "months",
                days.stream()
                        .map(d -> d.withDayOfMonth(1).toString())
                        .distinct()
                        .collect(Collectors.joining(",", "{", "}")));
        for (Summary summary : SUMMARIES) {
            jdbc.sql("delete from " + summary.table() + " where zone = :zone and day = any(cast(:days as date[]))")
                    .params(p)
                    .update();
        }
        jdbc.sql("delete from report_summary_day where zone = :zone and day = any(cast(:days as date[]))")
                .params(p)
                .update();
        String measures = String.join(", ", FIGURES.sums());
        // Closed cases only; "now" is after every deadline, and settled_after says from when that holds.
        jdbc.sql("""
                        with c as materialized (%s),
                        summary as (
                            insert into report_summary (zone, day, department_id, kind, channel, %s)
                            select :zone, c.day, c.department_id, c.kind, c.channel, %s
                            from c group by c.day, c.department_id, c.kind, c.channel),
                        category as (
                            insert into report_summary_category (zone, day, department_id, kind, channel, category, cases)
                            select :zone, c.day, c.department_id, c.kind, c.channel, c.category, count(*)
                            from c group by c.day, c.department_id, c.kind, c.channel, c.category),
                        extension as (
                            insert into report_summary_extension (zone, day, department_id, kind, channel, stage, extensions, cases, agreed)
                            select :zone, c.day, c.department_id, c.kind, c.channel, e.stage,
                                   count(*), count(distinct e.case_id), count(*) filter (where e.agreed)
                            from c join report_extension e on e.case_id = c.id
                            group by c.day, c.department_id, c.kind, c.channel, e.stage),
                        remedy as (
                            insert into report_summary_remedy (zone, day, department_id, kind, channel, type, %s)
                            select :zone, c.day, c.department_id, c.kind, c.channel, r.type, %s
                            from c join report_remedy r on r.case_id = c.id
                            group by c.day, c.department_id, c.kind, c.channel, r.type)
                        insert into report_summary_day (zone, day, settled_after)
                        select :zone, d.day, s.settled_after
                        from unnest(cast(:days as date[])) d(day)
                        left join (select c.day, max(c.same_day_due) filter (where c.first_response_at is null) as settled_after
                                   from c group by c.day) s on s.day = d.day""".formatted(
                                ReportFigures.cases(ReportFigures.IN_INTERVALS, "c.status = 'CLOSED'"),
                                measures,
                                ReportFigures.counts().replace(":now", "'infinity'::timestamptz"),
                                String.join(", ", REMEDIES.sums()),
                                ReportQueries.REMEDY_COUNTS))
                .params(p)
                .update();
        // The months of these days rolled up again from their days, in the same transaction.
        for (Summary summary : SUMMARIES) {
            jdbc.sql("delete from " + summary.month() + " where zone = :zone and month = any(cast(:months as date[]))")
                    .params(p)
                    .update();
            jdbc.sql("""
                            insert into %s (zone, month, %s)
                            select :zone, m.month, %s
                            from unnest(cast(:months as date[])) m(month)
                            join %s s on s.zone = :zone and s.day >= m.month and s.day < (m.month + interval '1 month')::date
                            group by m.month, %s""".formatted(
                                    summary.month(),
                                    summary.columns(""),
                                    summary.group("s.")
                                            + summary.sums().stream()
                                                    .map(c -> ", sum(s." + c + ")")
                                                    .collect(Collectors.joining()),
                                    summary.table(),
                                    summary.group("s.")))
                    .params(p)
                    .update();
        }
    }

    /** Every table the summaries of a zone are kept in. */
    static List<String> tables() {
        List<String> tables = new ArrayList<>();
        for (Summary summary : SUMMARIES) {
            tables.add(summary.table());
            tables.add(summary.month());
        }
        tables.add("report_summary_day");
        tables.add("report_summary_state");
        return tables;
    }

    /** {@code days} (ascending) as intervals of instants, consecutive days in one. */
    static List<Instant[]> intervals(List<LocalDate> days, ZoneId zone) {
        List<Instant[]> intervals = new ArrayList<>();
        LocalDate start = null;
        LocalDate end = null;
        for (LocalDate d : days) {
            if (start != null && d.equals(end)) {
                end = d.plusDays(1);
                continue;
            }
            if (start != null) {
                intervals.add(new Instant[] {
                    start.atStartOfDay(zone).toInstant(), end.atStartOfDay(zone).toInstant()
                });
            }
            start = d;
            end = d.plusDays(1);
        }
        if (start != null) {
            intervals.add(new Instant[] {
                start.atStartOfDay(zone).toInstant(), end.atStartOfDay(zone).toInstant()
            });
        }
        return intervals;
    }

    /** Up to when the summaries of {@code zone} are exact; null before they were first built. */
    private static Instant watermark(JdbcClient jdbc, ZoneId zone) {
        return jdbc.sql("select watermark from report_summary_state where zone = ?")
                .param(zone.getId())
                .query(Timestamp.class)
                .optional()
                .map(Timestamp::toInstant)
                .orElse(null);
    }

    /**
     * Which days of {@code from} to {@code to} a report as at {@code now} reads from the summaries: those summarised,
     * settled by {@code now}, and with no case changed since the watermark; every other day is counted from the cases.
     * To be called in the report's transaction, through the database the report reads ({@code jdbc}: the read replica
     * when there is one), so that the summaries, the watermark and the cases agree.
     */
    static ReportFigures.Sources sources(JdbcClient jdbc, ZoneId zone, LocalDate from, LocalDate to, Instant now) {
        Instant watermark = watermark(jdbc, zone);
        Set<LocalDate> summarised = new HashSet<>();
        if (watermark != null) {
            summarised.addAll(jdbc.sql("""
                            select day from report_summary_day
                            where zone = ? and day between ? and ? and (settled_after is null or settled_after < ?)""")
                    .params(zone.getId(), java.sql.Date.valueOf(from), java.sql.Date.valueOf(to), Timestamp.from(now))
                    .query(LocalDate.class)
                    .list());
            summarised.removeAll(jdbc.sql("""
                            select distinct (received_at at time zone ?)::date from report_case_change where updated_at >= ?""")
                    .params(zone.getId(), Timestamp.from(watermark))
                    .query(LocalDate.class)
                    .list());
        }
        List<LocalDate> live = from.datesUntil(to.plusDays(1))
                .filter(d -> !summarised.contains(d))
                .toList();
        return new ReportFigures.Sources(
                zone.getId(), from, to, summarised.stream().sorted().toList(), live, intervals(live, zone));
    }
}
