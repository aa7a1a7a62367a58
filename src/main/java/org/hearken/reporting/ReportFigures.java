package org.hearken.reporting;

import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hearken.reporting.ReportQueries.Count;
import org.hearken.reporting.ReportQueries.Counts;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The report's counted figures (the headline and the tables by department, over time, of breaches, reviews, outcomes
 * and categories) from the per-day summaries of closed cases that {@link ReportSummaries} keeps, and from the cases
 * themselves for every open case and for the days not summarised or with a case changed since the summaries' watermark.
 * The figures are those of {@link ReportQueries}' direct queries, which count every case of the range, whenever the
 * summary job last ran; it only decides how many days are counted from the cases.
 */
@Component
class ReportFigures {

    /**
     * What is counted of each case: the column of {@code report_summary} and the condition over a case {@code c} (the
     * columns of {@link #CASE_COLUMNS}). Conditions that compare a due date with {@code :now} count nothing for a closed
     * case, whose stages' due dates are all null; so the summaries of closed cases hold for any "now".
     */
    enum Measure {
        RECEIVED("received", "true"),
        CONFIDENTIAL("confidential", "c.confidential"),
        ACK_ON_TIME("ack_on_time", "c.acknowledge_outcome = 'MET'"),
        ACK_LATE("ack_late", "c.acknowledge_outcome = 'MISSED' or c.acknowledge_due < :now"),
        ACK_PENDING("ack_pending", "c.acknowledge_due >= :now"),
        ACK_OPEN("ack_open", "c.acknowledge_due < :now"),
        RESP_ON_TIME("resp_on_time", "c.respond_outcome = 'MET'"),
        RESP_AFTER_EXT("resp_after_ext", "c.respond_outcome = 'MET_AFTER_EXTENSION'"),
        RESP_MISSED("resp_missed", "c.respond_outcome = 'MISSED'"),
        RESP_LATE_OPEN("resp_late_open", "c.respond_due < :now"),
        RESP_PENDING("resp_pending", "c.respond_due >= :now"),
        RESP_BREACH("resp_breach", "c.respond_outcome = 'MISSED' or c.respond_due < :now"),
        FCR("fcr", "c.first_contact_resolution"),
        SAME_DAY_MET("same_day_met", "c.first_response_at <= c.same_day_due"),
        // A closed case without a first reply: decided once its deadline has passed (report_summary_day.settled_after).
        SAME_DAY_DECIDED(
                "same_day_decided",
                "c.same_day_due is not null and (c.first_response_at is not null or c.same_day_due < :now)"),
        OUT_RESOLVED("out_resolved", "c.outcome = 'RESOLVED'"),
        OUT_UPHELD("out_upheld", "c.outcome = 'UPHELD'"),
        OUT_PARTLY_UPHELD("out_partly_upheld", "c.outcome = 'PARTLY_UPHELD'"),
        OUT_NOT_UPHELD("out_not_upheld", "c.outcome = 'NOT_UPHELD'"),
        OUT_CANNOT_ACCOMMODATE("out_cannot_accommodate", "c.outcome = 'CANNOT_ACCOMMODATE'"),
        OUT_NOT_ACCEPTED("out_not_accepted", "c.outcome = 'NOT_ACCEPTED'"),
        REVIEW_REQUESTED("review_requested", "c.review_requested_at is not null"),
        REVIEW_DECIDED("review_decided", "c.reviewed_at is not null"),
        REVIEW_IN_PROGRESS("review_in_progress", "c.status = 'UNDER_REVIEW'"),
        DECISION_UPHELD("decision_upheld", "c.review_decision = 'UPHELD'"),
        DECISION_CHANGED("decision_changed", "c.review_decision = 'CHANGED'"),
        REVIEW_ON_TIME("review_on_time", "c.review_outcome = 'MET'"),
        REVIEW_AFTER_EXT("review_after_ext", "c.review_outcome = 'MET_AFTER_EXTENSION'"),
        REVIEW_LATE("review_late", "c.review_outcome = 'MISSED' or c.review_due < :now"),
        REVIEW_OPEN("review_open", "c.review_due < :now");

        final String column;
        final String condition;

        Measure(String column, String condition) {
            this.column = column;
            this.condition = condition;
        }

        /** The outcome column of {@code outcome}, e.g. {@code PARTLY_UPHELD}. */
        static Measure outcome(String outcome) {
            return valueOf("OUT_" + outcome);
        }
    }

    /** The columns of a case that the measures and the summaries read, over {@code report_case c}. */
    private static final String CASE_COLUMNS = """
            c.id, (c.received_at at time zone :zone)::date as day, c.department_id, c.kind, c.channel, c.status, c.confidential,
            c.acknowledge_outcome, c.acknowledge_due, c.respond_outcome, c.respond_due, c.first_contact_resolution,
            c.first_response_at, c.outcome, c.review_requested_at, c.reviewed_at, c.review_decision, c.review_outcome,
            c.review_due, coalesce(c.category, '') as category, %s as same_day_due""".formatted(ReportQueries.SAME_DAY_DUE);

    /** The cases received in the intervals {@code :liveFrom} to {@code :liveTo} (arrays of instants). */
    static final String IN_INTERVALS = """
            unnest(cast(:liveFrom as timestamptz[]), cast(:liveTo as timestamptz[])) l(s, e)
            join report_case c on c.received_at >= l.s and c.received_at < l.e""";

    /** The cases of {@code from} (report_case c, possibly joined) that satisfy {@code where}, as rows of CASE_COLUMNS. */
    static String cases(String from, String where) {
        return cases(from, "", where);
    }

    /** The same, the same-day deadlines read only where {@code sameDay} holds of them ({@code report_same_day s}). */
    private static String cases(String from, String sameDay, String where) {
        return "select " + CASE_COLUMNS + " from " + from + "\n" + ReportQueries.SAME_DAY_JOIN + sameDay + "\nwhere "
                + where;
    }

    /**
     * The hours of the report's range: the same-day deadlines of the cases received in it. Without it a report would
     * read the deadlines of every hour ever covered (a report over many years leaves them all behind).
     */
    private static final String SAME_DAY_OF_RANGE = """

                  and s.hour >= date_bin('1 hour', cast(:from as timestamptz), timestamptz '2000-01-01 00:00:00+00')
                  and s.hour < :to""";

    /** Each measure counted over rows {@code c}: {@code count(*) filter (...) as column, ...}. */
    static String counts() {
        return Arrays.stream(Measure.values())
                .map(m -> "count(*) filter (where " + m.condition + ") as " + m.column)
                .collect(Collectors.joining(",\n"));
    }

    private static String perCase() {
        return Arrays.stream(Measure.values())
                .map(m -> "case when " + m.condition + " then 1 else 0 end as " + m.column)
                .collect(Collectors.joining(", "));
    }

    /**
     * Each measure summed over rows {@code x}. Each row's count fits an integer, and PostgreSQL adds integers into a
     * bigint faster than it adds bigints (which it does in 128 bits): about a third less time over a year's summaries.
     */
    private static String sums() {
        return Arrays.stream(Measure.values())
                .map(m -> "sum(x." + m.column + "::integer) as " + m.column)
                .collect(Collectors.joining(", "));
    }

    private final JdbcClient jdbc;

    /** Reads through {@code read}: the read replica when there is one, like the rest of the report. */
    ReportFigures(org.hearken.platform.ReadDatabase read) {
        this.jdbc = read.jdbc();
    }

    /** One group of figures: a period (null unless asked for), a department, a kind and a channel, and its measures. */
    record Group(LocalDate period, long departmentId, String kind, String channel, long[] measures) {}

    /** A period's cases of one category ('' for none), and of them complaints. */
    record CategoryCount(LocalDate period, String category, long cases, long complaints) {}

    /**
     * Where the figures of a report come from: the days of the range read from the summaries, the others ({@code
     * liveDays}) counted from the cases, as intervals of instants ({@code live}).
     */
    record Sources(
            String zone,
            LocalDate from,
            LocalDate to,
            List<LocalDate> summarised,
            List<LocalDate> liveDays,
            List<Instant[]> live) {

        String liveFrom() {
            return live.stream().map(i -> i[0].toString()).collect(Collectors.joining(",", "{", "}"));
        }

        String liveTo() {
            return live.stream().map(i -> i[1].toString()).collect(Collectors.joining(",", "{", "}"));
        }

        /** The months (their first days) of which every day is in the range and read from the summaries. */
        List<LocalDate> months() {
            Map<LocalDate, Long> days =
                    summarised.stream().collect(Collectors.groupingBy(d -> d.withDayOfMonth(1), Collectors.counting()));
            return days.entrySet().stream()
                    .filter(e -> e.getValue() == e.getKey().lengthOfMonth())
                    .map(Map.Entry::getKey)
                    .sorted()
                    .toList();
        }

        /** The days read from the summaries outside {@code months}. */
        List<LocalDate> days(List<LocalDate> months) {
            java.util.Set<LocalDate> whole = new java.util.HashSet<>(months);
            return summarised.stream()
                    .filter(d -> !whole.contains(d.withDayOfMonth(1)))
                    .toList();
        }

        static String dates(List<LocalDate> dates) {
            return dates.stream().map(LocalDate::toString).collect(Collectors.joining(",", "{", "}"));
        }
    }

    /**
     * The rows of {@code summary} for the filter, as {@code day} and its columns: a month's roll-up (its first day as
     * the day) for each month of {@code sources} when {@code byMonth} allows, the days' rows for the other days
     * summarised. Adds its parameters to {@code p}.
     */
    private static String summaryRows(
            ReportSummaries.Summary summary, ReportFilter f, Sources sources, Map<String, Object> p, boolean byMonth) {
        List<LocalDate> months = byMonth ? sources.months() : List.of();
        p.put("zone", f.zone().getId());
        p.put("months", Sources.dates(months));
        p.put("days", Sources.dates(sources.days(months)));
        StringBuilder filter = new StringBuilder();
        if (f.departmentIds() != null) {
            p.put("departments", f.departmentIds());
            filter.append(" and s.department_id in (:departments)");
        }
        if (f.kind() != null) {
            p.put("kind", f.kind().name());
            filter.append(" and s.kind = :kind");
        }
        if (f.channel() != null) {
            p.put("channel", f.channel().name());
            filter.append(" and s.channel = :channel");
        }
        // The lists as subqueries, read once: a list given as text and cast in the condition is cast again for each row
        // (the cast depends on the date style, so PostgreSQL does not fold it), which cost more than the summing.
        return """
                select s.month as day, %s from %s s where s.zone = :zone and s.month = any(array(select unnest(cast(:months as date[]))))%s
                union all
                select s.day, %s from %s s where s.zone = :zone and s.day = any(array(select unnest(cast(:days as date[]))))%s""".formatted(
                        summary.columns("s."), summary.month(), filter, summary.columns("s."), summary.table(), filter);
    }

    /** The parameters of {@link #liveCases}. */
    private static void liveParams(ReportFilter f, Sources sources, Map<String, Object> p) {
        p.put("zone", f.zone().getId());
        p.put("liveFrom", sources.liveFrom());
        p.put("liveTo", sources.liveTo());
        p.put("from", ReportQueries.ts(f.fromInstant()));
        p.put("to", ReportQueries.ts(f.toInstant()));
    }

    /** The cases counted from the cases themselves: those open now, and the closed ones of the days not summarised. */
    private static String liveCases(String filter, String columns) {
        return "select " + columns + " from ("
                + cases(
                        "report_case c",
                        SAME_DAY_OF_RANGE,
                        filter + " and c.status <> 'CLOSED' and c.received_at >= :from and c.received_at < :to")
                + ") c\nunion all\nselect " + columns + " from ("
                + cases(IN_INTERVALS, SAME_DAY_OF_RANGE, filter + " and c.status = 'CLOSED'") + ") c";
    }

    /**
     * The figures of the filter's cases as at {@code now}, by department, kind and channel, and by period when
     * {@code byPeriod}.
     */
    Figures figures(ReportFilter f, Instant now, Sources sources, boolean byPeriod) {
        Map<String, Object> p = new HashMap<>();
        String filter = ReportQueries.where(f, p, now, false);
        liveParams(f, sources, p);
        p.put("unit", f.period().sqlUnit());
        String period = byPeriod ? "date_trunc(:unit, x.day::timestamp)::date" : "null::date";
        List<Group> groups = jdbc.sql("""
                        select %s as period, x.department_id, x.kind, x.channel, %s
                        from (%s
                              union all
                              %s) x
                        group by 1, 2, 3, 4""".formatted(
                                period,
                                sums(),
                                summaryRows(ReportSummaries.FIGURES, f, sources, p, byMonth(f, byPeriod)),
                                liveCases(filter, "c.day, c.department_id, c.kind, c.channel, " + perCase())))
                .params(p)
                .query((rs, n) -> {
                    long[] m = new long[Measure.values().length];
                    for (Measure measure : Measure.values()) {
                        m[measure.ordinal()] = rs.getLong(measure.column);
                    }
                    return new Group(
                            rs.getObject(1, LocalDate.class), rs.getLong(2), rs.getString(3), rs.getString(4), m);
                })
                .list();
        return new Figures(groups);
    }

    /** Whether months' roll-ups may stand for their days: not when the figures are grouped by a shorter period. */
    private static boolean byMonth(ReportFilter f, boolean byPeriod) {
        return !byPeriod || f.period() == ReportFilter.Period.MONTH;
    }

    /** The cases of each category ('' for none) by period. */
    List<CategoryCount> categories(ReportFilter f, Instant now, Sources sources) {
        Map<String, Object> p = new HashMap<>();
        String filter = ReportQueries.where(f, p, now, false);
        liveParams(f, sources, p);
        p.put("unit", f.period().sqlUnit());
        return jdbc.sql("""
                        select date_trunc(:unit, x.day::timestamp)::date as period, x.category,
                               sum(x.cases::integer), sum(x.complaints::integer)
                        from (select s.day, s.category, s.cases,
                                     case when s.kind = 'COMPLAINT' then s.cases else 0 end as complaints
                              from (%s) s
                              union all
                              %s) x
                        group by 1, 2""".formatted(
                                summaryRows(ReportSummaries.CATEGORIES, f, sources, p, byMonth(f, true)),
                                liveCases(
                                        filter,
                                        "c.day, c.category, 1 as cases,"
                                                + " case when c.kind = 'COMPLAINT' then 1 else 0 end as complaints")))
                .params(p)
                .query((rs, n) -> new CategoryCount(
                        rs.getObject(1, LocalDate.class), rs.getString(2), rs.getLong(3), rs.getLong(4)))
                .list();
    }

    /** The extensions table: the summaries' extensions and those of the cases counted from the cases. */
    Table extensions(ReportFilter f, Instant now, Sources sources) {
        Map<String, Object> p = new HashMap<>();
        String filter = ReportQueries.where(f, p, now, false);
        liveParams(f, sources, p);
        return ReportQueries.extensionsTable(jdbc.sql("""
                        select x.stage, sum(x.extensions::integer) as extensions, sum(x.cases::integer) as cases,
                               sum(x.agreed::integer) as agreed
                        from (select s.stage, s.extensions, s.cases, s.agreed from (%s) s
                              union all
                              select e.stage, count(*), count(distinct e.case_id), count(*) filter (where e.agreed)
                              from (%s) l %s
                              group by e.stage) x
                        group by x.stage order by x.stage desc""".formatted(
                                summaryRows(ReportSummaries.EXTENSIONS, f, sources, p, true),
                                liveCases(filter, "c.id"),
                                eachCase("report_extension", "e")))
                .params(p)
                .query(ReportQueries::extensionRow)
                .list());
    }

    /**
     * The rows of {@code view} (alias {@code alias}) of each live case {@code l}, looked up case by case: the live cases
     * are a small share of the table, which a join by hashing would read whole.
     */
    private static String eachCase(String view, String alias) {
        return "cross join lateral (select * from %s %s where %s.case_id = l.id offset 0) %s"
                .formatted(view, alias, alias, alias);
    }

    /** The remedies table: the summaries' remedies and those of the cases counted from the cases. */
    Table remedies(ReportFilter f, Instant now, Sources sources) {
        Map<String, Object> p = new HashMap<>();
        String filter = ReportQueries.where(f, p, now, false);
        liveParams(f, sources, p);
        return ReportQueries.remediesTable(jdbc.sql("""
                        select x.type, %s
                        from (select s.type, %s from (%s) s
                              union all
                              select r.type, %s
                              from (%s) l %s
                              group by r.type) x
                        group by x.type order by x.type""".formatted(
                                ReportSummaries.REMEDIES.sums().stream()
                                        .map(c -> "sum(x." + c + ")")
                                        .collect(Collectors.joining(", ")),
                                ReportSummaries.REMEDIES.sums().stream()
                                        .map(c -> "s." + c)
                                        .collect(Collectors.joining(", ")),
                                summaryRows(ReportSummaries.REMEDIES, f, sources, p, true),
                                ReportQueries.REMEDY_COUNTS,
                                liveCases(filter, "c.id"),
                                eachCase("report_remedy", "r")))
                .params(p)
                .query(ReportQueries::remedyRow)
                .list());
    }

    /** Where a report's figures come from, as at {@code now}: see {@link ReportSummaries#sources}. */
    Sources sources(ReportFilter f, Instant now) {
        // Planned for the day lists and intervals of each report (a plan made for unknown ones can be far slower); the
        // planning is small beside the counting.
        jdbc.sql("set local plan_cache_mode = force_custom_plan").update();
        return ReportSummaries.sources(jdbc, f.zone(), f.from(), f.to(), now);
    }

    /** Figures added up from the groups. */
    static final class Figures {

        private final List<Group> groups;
        private final long[] all = new long[Measure.values().length];
        private final long[] complaints = new long[Measure.values().length];

        Figures(List<Group> groups) {
            this.groups = groups;
            for (Group g : groups) {
                add(all, g.measures());
                if (g.kind().equals("COMPLAINT")) {
                    add(complaints, g.measures());
                }
            }
        }

        private static void add(long[] to, long[] m) {
            for (int i = 0; i < m.length; i++) {
                to[i] += m[i];
            }
        }

        /** The headline's counts, by the column names of the direct query. */
        Headline headline() throws SQLException {
            Map<String, Long> c = new HashMap<>();
            for (Measure m : Measure.values()) {
                c.put(m.column, all[m.ordinal()]);
            }
            c.put("upheld", complaints[Measure.OUT_UPHELD.ordinal()]);
            c.put("partly_upheld", complaints[Measure.OUT_PARTLY_UPHELD.ordinal()]);
            c.put("not_upheld", complaints[Measure.OUT_NOT_UPHELD.ordinal()]);
            return ReportQueries.headline(c::get);
        }

        private Counts renamed(long[] m, Map<String, Measure> names) {
            return name -> m[names.get(name).ordinal()];
        }

        Table breaches() throws SQLException {
            return ReportQueries.breachesTable(renamed(
                    all,
                    Map.of(
                            "ack", Measure.ACK_LATE,
                            "ack_open", Measure.ACK_OPEN,
                            "respond", Measure.RESP_BREACH,
                            "respond_open", Measure.RESP_LATE_OPEN,
                            "review", Measure.REVIEW_LATE,
                            "review_open", Measure.REVIEW_OPEN)));
        }

        Table reviews() throws SQLException {
            return ReportQueries.reviewsTable(renamed(
                    all,
                    Map.of(
                            "requested", Measure.REVIEW_REQUESTED,
                            "decided", Measure.REVIEW_DECIDED,
                            "in_progress", Measure.REVIEW_IN_PROGRESS,
                            "decision_upheld", Measure.DECISION_UPHELD,
                            "decision_changed", Measure.DECISION_CHANGED,
                            "on_time", Measure.REVIEW_ON_TIME,
                            "after_ext", Measure.REVIEW_AFTER_EXT,
                            "late", Measure.REVIEW_LATE)));
        }

        Table outcomes() {
            Map<String, long[]> counts = new LinkedHashMap<>();
            for (String o : ReportQueries.OUTCOMES) {
                int i = Measure.outcome(o).ordinal();
                counts.put(o, new long[] {all[i], complaints[i]});
            }
            return ReportQueries.outcomesTable(counts);
        }

        /** By department, in {@code departments}' order (id, code, name; the departments by name). */
        Table departments(List<String[]> departments) throws SQLException {
            Map<Long, long[]> byDepartment = new HashMap<>();
            for (Group g : groups) {
                add(byDepartment.computeIfAbsent(g.departmentId(), d -> new long[all.length]), g.measures());
            }
            Map<String, Measure> names = Map.of(
                    "received", Measure.RECEIVED,
                    "ack_on_time", Measure.ACK_ON_TIME,
                    "ack_late", Measure.ACK_LATE,
                    "on_time", Measure.RESP_ON_TIME,
                    "after_ext", Measure.RESP_AFTER_EXT,
                    "late", Measure.RESP_BREACH);
            List<List<Object>> rows = new ArrayList<>();
            for (String[] d : departments) {
                long[] m = byDepartment.get(Long.parseLong(d[0]));
                if (m != null) {
                    rows.add(ReportQueries.departmentRow(d[1], d[2], renamed(m, names)));
                }
            }
            return ReportQueries.departmentsTable(rows);
        }

        /** The volumes by kind, channel and department by period, as the direct query counts them. */
        List<Count> volumes() {
            Map<List<Object>, Long> counts = new LinkedHashMap<>();
            for (Group g : groups) {
                long n = g.measures()[Measure.RECEIVED.ordinal()];
                counts.merge(List.of("kind", g.period(), g.kind()), n, Long::sum);
                counts.merge(List.of("channel", g.period(), g.channel()), n, Long::sum);
                counts.merge(List.of("department", g.period(), Long.toString(g.departmentId())), n, Long::sum);
            }
            List<Count> list = new ArrayList<>();
            counts.forEach(
                    (k, n) -> list.add(new Count((String) k.get(0), (LocalDate) k.get(1), (String) k.get(2), null, n)));
            return list;
        }
    }

    /** The departments by name, as the database orders names: id, code, name. */
    List<String[]> departmentsByName() {
        return jdbc.sql("select id::text, code, name from report_department order by name")
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
                .list();
    }

    /** The categories table: rows of code, name, cases and complaints, most frequent first, then by name. */
    Table categoriesTable(List<CategoryCount> counts) {
        Map<String, long[]> byCategory = new HashMap<>();
        for (CategoryCount c : counts) {
            long[] v = byCategory.computeIfAbsent(c.category(), k -> new long[2]);
            v[0] += c.cases();
            v[1] += c.complaints();
        }
        List<List<Object>> rows = new ArrayList<>();
        jdbc.sql("select code, name from report_category order by name")
                .query((rs, n) -> {
                    long[] v = byCategory.get(rs.getString(1));
                    if (v != null && v[0] > 0) {
                        rows.add(ReportQueries.row(rs.getString(1), rs.getString(2), v[0], v[1]));
                    }
                    return null;
                })
                .list();
        // Stable: equal counts stay in the database's order of names.
        rows.sort((a, b) -> Long.compare((Long) b.get(2), (Long) a.get(2)));
        return ReportQueries.categoriesTable(rows);
    }

    static List<Count> categoryVolumes(List<CategoryCount> counts) {
        return counts.stream()
                .map(c -> new Count("category", c.period(), c.category(), null, c.cases()))
                .toList();
    }
}
