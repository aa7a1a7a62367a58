package org.hearken.reporting;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hearken.cases.CaseManagement;
import org.hearken.identity.Actor;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;
import org.hearken.reporting.Table.Column;
import org.hearken.surveys.SatisfactionFigures;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The report's SQL, over the views in {@code V51__reporting.sql}. Every figure counts the cases received in the filter's
 * range (the backlog: the cases open now), confidential ones included; anything written on a case (a reference, a
 * reason) is shown only from cases that are not confidential and that the reader could open ({@link #listable}).
 */
@Component
class ReportQueries {

    /** Rows at most in a list of cases (breaches, reviews); the counts above a list always cover every case. */
    static final int LIST_LIMIT = 100;

    /** The receipt day's close of business: the "same working day" deadline (see report_same_day). */
    static final String SAME_DAY_DUE = """
            case when s.boundary is null or c.received_at < s.boundary then s.due_before else s.due_after end""";

    static final String SAME_DAY_JOIN = """
            left join report_same_day s on s.policy_version_id = c.policy_version_id
                  and s.hour = date_bin('1 hour', c.received_at, timestamptz '2000-01-01 00:00:00+00')""";

    private static final String CALENDAR_JOIN = """
            left join report_calendar k on k.policy_version_id = c.policy_version_id
            left join report_business_day b on b.policy_version_id = c.policy_version_id
                  and b.day = (c.received_at at time zone k.zone)::date""";

    /** Counts by column name: a result set's row, or figures added up from the summaries and the cases. */
    interface Counts {
        long get(String column) throws SQLException;
    }

    private final JdbcClient jdbc;

    ReportQueries(org.hearken.platform.ReadDatabase read) {
        this.jdbc = read.jdbc();
    }

    // ---- filter --------------------------------------------------------------------------------------------------

    /** The filter as SQL over alias {@code c}, with its parameters (and {@code now}) added to {@code p}. */
    static String where(ReportFilter f, Map<String, Object> p, Instant now, boolean receivedInRange) {
        p.put("now", ts(now));
        StringBuilder w = new StringBuilder("true");
        if (receivedInRange) {
            p.put("from", ts(f.fromInstant()));
            p.put("to", ts(f.toInstant()));
            w.append(" and c.received_at >= :from and c.received_at < :to");
        }
        if (f.departmentIds() != null) {
            p.put("departments", f.departmentIds());
            w.append(" and c.department_id in (:departments)");
        }
        if (f.kind() != null) {
            p.put("kind", f.kind().name());
            w.append(" and c.kind = :kind");
        }
        if (f.channel() != null) {
            p.put("channel", f.channel().name());
            w.append(" and c.channel = :channel");
        }
        return w.toString();
    }

    /**
     * Lists, and any text written on a case, show only cases that are not confidential and that the reader could open
     * (the cases module's rule, never a copy of it). Applied only where a row names a case or shows its text: the counts
     * stay scans of the covering index.
     */
    static String listable(Actor actor, Map<String, Object> p) {
        CaseManagement.visibilityParams(actor, p);
        return "not c.confidential and case_visible_to(c.parties, :reader, :readerRoles, :readerDepartments)";
    }

    /** The receipt date of the oldest open case, in {@code zone}; null when none is open. */
    LocalDate oldestOpen(java.time.ZoneId zone) {
        // min() of no rows is one row holding null, which single() refuses: before the first case, say, the page
        // failed.
        return jdbc.sql("select (min(received_at) at time zone ?)::date from report_case where status <> 'CLOSED'")
                .param(zone.getId())
                .query(LocalDate.class)
                .optional()
                .orElse(null);
    }

    // ---- headline -------------------------------------------------------------------------------------------------

    Headline headline(ReportFilter f, Instant now) {
        Map<String, Object> p = new HashMap<>();
        String where = where(f, p, now, true);
        return jdbc.sql("""
                        select count(*) as received,
                               count(*) filter (where c.confidential) as confidential,
                               count(*) filter (where c.acknowledge_outcome = 'MET') as ack_on_time,
                               count(*) filter (where c.acknowledge_outcome = 'MISSED'
                                                  or c.acknowledge_due < :now) as ack_late,
                               count(*) filter (where c.acknowledge_due >= :now) as ack_pending,
                               count(*) filter (where c.respond_outcome = 'MET') as resp_on_time,
                               count(*) filter (where c.respond_outcome = 'MET_AFTER_EXTENSION') as resp_after_ext,
                               count(*) filter (where c.respond_outcome = 'MISSED') as resp_missed,
                               count(*) filter (where c.respond_due < :now) as resp_late_open,
                               count(*) filter (where c.respond_due >= :now) as resp_pending,
                               count(*) filter (where c.first_contact_resolution) as fcr,
                               count(*) filter (where c.first_response_at <= c.same_day_due) as same_day_met,
                               count(*) filter (where c.same_day_due is not null
                                                  and (c.first_response_at is not null or c.same_day_due < :now)) as same_day_decided,
                               count(*) filter (where c.kind = 'COMPLAINT' and c.outcome = 'UPHELD') as upheld,
                               count(*) filter (where c.kind = 'COMPLAINT' and c.outcome = 'PARTLY_UPHELD') as partly_upheld,
                               count(*) filter (where c.kind = 'COMPLAINT' and c.outcome = 'NOT_UPHELD') as not_upheld
                        from (select c.confidential, c.kind, c.outcome, c.acknowledge_outcome, c.acknowledge_due,
                                     c.respond_outcome, c.respond_due, c.first_contact_resolution,
                                     c.first_response_at, %s as same_day_due
                              from report_case c
                              %s
                              where %s) c""".formatted(SAME_DAY_DUE, SAME_DAY_JOIN, where))
                .params(p)
                .query((rs, n) -> headline(rs::getLong))
                .single();
    }

    /** The headline from its counts, by the column names of {@link #headline(ReportFilter, Instant)}. */
    static Headline headline(Counts rs) throws SQLException {
        long ackOnTime = rs.get("ack_on_time");
        long ackLate = rs.get("ack_late");
        long ackDecided = ackOnTime + ackLate;
        long onTime = rs.get("resp_on_time");
        long afterExt = rs.get("resp_after_ext");
        long lateOpen = rs.get("resp_late_open");
        long late = rs.get("resp_missed") + lateOpen;
        long decided = onTime + afterExt + late;
        long received = rs.get("received");
        long fcr = rs.get("fcr");
        long sameDay = rs.get("same_day_met");
        long sameDayDecided = rs.get("same_day_decided");
        long upheld = rs.get("upheld");
        long partly = rs.get("partly_upheld");
        long notUpheld = rs.get("not_upheld");
        long complaintsDecided = upheld + partly + notUpheld;
        return new Headline(
                received,
                rs.get("confidential"),
                new Headline.Acknowledgement(
                        ackOnTime,
                        ackLate,
                        rs.get("ack_pending"),
                        ackDecided,
                        Headline.percent(ackOnTime, ackDecided),
                        Headline.percent(ackLate, ackDecided)),
                new Headline.Response(
                        onTime,
                        afterExt,
                        late,
                        lateOpen,
                        rs.get("resp_pending"),
                        decided,
                        Headline.percent(onTime, decided),
                        Headline.percent(afterExt, decided),
                        Headline.percent(late, decided)),
                new Headline.Rate(fcr, received, Headline.percent(fcr, received)),
                new Headline.Rate(sameDay, sameDayDecided, Headline.percent(sameDay, sameDayDecided)),
                new Headline.Uphold(
                        upheld,
                        partly,
                        notUpheld,
                        complaintsDecided,
                        Headline.percent(upheld + partly, complaintsDecided)));
    }

    static Table complianceTable(Headline h) {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(row("Cases received", h.received(), null, null));
        rows.add(row(
                "Acknowledged on time",
                h.acknowledgement().onTime(),
                h.acknowledgement().decided(),
                h.acknowledgement().onTimePercent()));
        rows.add(row(
                "Acknowledged late",
                h.acknowledgement().late(),
                h.acknowledgement().decided(),
                h.acknowledgement().latePercent()));
        rows.add(row(
                "Responded on time",
                h.response().onTime(),
                h.response().decided(),
                h.response().onTimePercent()));
        rows.add(row(
                "Responded on time after an extension",
                h.response().onTimeAfterExtension(),
                h.response().decided(),
                h.response().onTimeAfterExtensionPercent()));
        rows.add(row(
                "Responded late or overdue",
                h.response().late(),
                h.response().decided(),
                h.response().latePercent()));
        rows.add(row(
                "Resolved at first contact",
                h.firstContactResolution().count(),
                h.firstContactResolution().of(),
                h.firstContactResolution().percent()));
        rows.add(row(
                "First reply the same working day",
                h.sameDayFirstReply().count(),
                h.sameDayFirstReply().of(),
                h.sameDayFirstReply().percent()));
        rows.add(row(
                "Complaints upheld in full or in part",
                h.complaintsUpheld().upheld() + h.complaintsUpheld().partlyUpheld(),
                h.complaintsUpheld().decided(),
                h.complaintsUpheld().upholdPercent()));
        return new Table(
                "compliance",
                "Compliance with the service standard",
                "Rates count decided stages only: done, or not done and past due. Pending: "
                        + h.acknowledgement().pending() + " acknowledgements and "
                        + h.response().pending()
                        + " responses still within their time. Of the cases, " + h.confidential()
                        + " are confidential.",
                List.of(
                        Column.text("measure", "Measure"),
                        Column.number("count", "Cases"),
                        Column.number("of", "Of"),
                        Column.percent("percent", "%")),
                rows);
    }

    // ---- by department --------------------------------------------------------------------------------------------

    /**
     * The acknowledgements and responses of report_case c on time, late or overdue (as at :now), by the definitions of
     * the compliance figures: the columns ack_on_time, ack_late, on_time, after_ext and late.
     */
    static final String COMPLIANCE_COUNTS = """
            count(*) filter (where c.acknowledge_outcome = 'MET') as ack_on_time,
            count(*) filter (where c.acknowledge_outcome = 'MISSED' or c.acknowledge_due < :now) as ack_late,
            count(*) filter (where c.respond_outcome = 'MET') as on_time,
            count(*) filter (where c.respond_outcome = 'MET_AFTER_EXTENSION') as after_ext,
            count(*) filter (where c.respond_outcome = 'MISSED' or c.respond_due < :now) as late""";

    Table byDepartment(ReportFilter f, Instant now) {
        Map<String, Object> p = new HashMap<>();
        String where = where(f, p, now, true);
        List<List<Object>> rows = jdbc.sql("""
                        select d.code, d.name, count(*) as received, %s
                        from report_case c join report_department d on d.id = c.department_id
                        where %s
                        group by d.code, d.name order by d.name""".formatted(COMPLIANCE_COUNTS, where))
                .params(p)
                .query((rs, n) -> departmentRow(rs.getString("code"), rs.getString("name"), rs::getLong))
                .list();
        return departmentsTable(rows);
    }

    static List<Object> departmentRow(String code, String name, Counts rs) throws SQLException {
        long ackOnTime = rs.get("ack_on_time");
        long ackDecided = ackOnTime + rs.get("ack_late");
        long onTime = rs.get("on_time");
        long afterExt = rs.get("after_ext");
        long late = rs.get("late");
        long decided = onTime + afterExt + late;
        return row(
                code,
                name,
                rs.get("received"),
                Headline.percent(ackOnTime, ackDecided),
                onTime,
                afterExt,
                late,
                Headline.percent(onTime, decided),
                Headline.percent(afterExt, decided),
                Headline.percent(late, decided));
    }

    static Table departmentsTable(List<List<Object>> rows) {
        return new Table(
                "departments",
                "Compliance by department",
                "Response percentages are of the responses decided in each department.",
                List.of(
                        Column.text("department", "Department"),
                        Column.text("name", "Name"),
                        Column.number("received", "Received"),
                        Column.percent("acknowledgedOnTimePercent", "Acknowledged on time %"),
                        Column.number("onTime", "Responded on time"),
                        Column.number("onTimeAfterExtension", "On time after extension"),
                        Column.number("late", "Late or overdue"),
                        Column.percent("onTimePercent", "On time %"),
                        Column.percent("onTimeAfterExtensionPercent", "After extension %"),
                        Column.percent("latePercent", "Late %")),
                rows);
    }

    // ---- by client organisation -----------------------------------------------------------------------------------

    /**
     * Volumes, compliance, remedies and satisfaction for each client organisation with cases received in the range
     * (the cases linked to it at intake or since), by the client's name; counted from the clients' cases directly, as
     * they are a part of the register, with the same definitions as the compliance by department.
     */
    Table byClient(ReportFilter f, Instant now, Map<Long, SatisfactionFigures> satisfaction) {
        Map<String, Object> p = new HashMap<>();
        String where = where(f, p, now, true) + " and c.client_id is not null";
        Map<Long, long[]> remedies = new HashMap<>();
        Map<Long, BigDecimal> accepted = new HashMap<>();
        jdbc.sql("""
                        select c.client_id, count(*), count(*) filter (where r.status = 'ACCEPTED'),
                               sum(r.value) filter (where r.status = 'ACCEPTED')
                        from report_remedy r join report_case c on c.id = r.case_id
                        where %s group by c.client_id""".formatted(where))
                .params(p)
                .query((rs, n) -> {
                    remedies.put(rs.getLong(1), new long[] {rs.getLong(2), rs.getLong(3)});
                    accepted.put(rs.getLong(1), value(rs.getBigDecimal(4)));
                    return null;
                })
                .list();
        List<List<Object>> rows = jdbc.sql("""
                        select k.id, k.name, count(*) as received,
                               count(*) filter (where c.kind = 'COMPLAINT') as complaints,
                               count(*) filter (where c.status <> 'CLOSED') as open, %s
                        from report_case c join client_directory k on k.id = c.client_id
                        where %s
                        group by k.id, k.name order by lower(k.name), k.id""".formatted(COMPLIANCE_COUNTS, where))
                .params(p)
                .query((rs, n) -> {
                    long id = rs.getLong("id");
                    long ackOnTime = rs.getLong("ack_on_time");
                    long onTime = rs.getLong("on_time");
                    long afterExt = rs.getLong("after_ext");
                    long decided = onTime + afterExt + rs.getLong("late");
                    long[] r = remedies.getOrDefault(id, new long[2]);
                    SatisfactionFigures s = satisfaction.get(id);
                    long answered = s == null ? 0 : s.answered();
                    return row(
                            rs.getString("name"),
                            rs.getLong("received"),
                            rs.getLong("complaints"),
                            rs.getLong("open"),
                            Headline.percent(ackOnTime, ackOnTime + rs.getLong("ack_late")),
                            Headline.percent(onTime, decided),
                            Headline.percent(onTime + afterExt, decided),
                            r[0],
                            r[1],
                            accepted.getOrDefault(id, BigDecimal.ZERO),
                            answered,
                            s == null ? null : s.averageRating(),
                            s == null ? null : Headline.percent(s.count(4) + s.count(5), answered));
                })
                .list();
        return new Table(
                "clients",
                "By client organisation",
                "The cases of each client organisation received in the range. Response percentages are of the responses"
                        + " decided; satisfaction is of the surveys answered about those cases.",
                List.of(
                        Column.text("client", "Client"),
                        Column.number("received", "Received"),
                        Column.number("complaints", "Complaints"),
                        Column.number("open", "Open now"),
                        Column.percent("acknowledgedOnTimePercent", "Acknowledged on time %"),
                        Column.percent("onTimePercent", "Responded on time %"),
                        Column.percent("withinExtensionPercent", "On time incl. extensions %"),
                        Column.number("remedies", "Remedies offered"),
                        Column.number("remediesAccepted", "Remedies accepted"),
                        Column.number("acceptedValue", "Value accepted"),
                        Column.number("surveysAnswered", "Surveys answered"),
                        Column.number("averageRating", "Average rating (1 to 5)"),
                        Column.percent("satisfiedPercent", "Satisfied (4 or 5) %")),
                rows);
    }

    // ---- volumes over time ----------------------------------------------------------------------------------------

    record Count(String dimension, LocalDate period, String key, String label, long count) {}

    /**
     * The four volume tables (by kind, channel, department and category) and the top categories over time, from one
     * pass over the cases.
     */
    List<Table> volumes(ReportFilter f, Instant now, int top) {
        Map<String, Object> p = new HashMap<>();
        String where = where(f, p, now, true);
        p.put("unit", f.period().sqlUnit());
        p.put("zone", f.zone().getId());
        List<Count> counts = jdbc.sql("""
                        select case when grouping(v.kind) = 0 then 'kind' when grouping(v.channel) = 0 then 'channel'
                                    when grouping(v.department_id) = 0 then 'department' else 'category' end as dimension,
                               v.period, coalesce(v.kind, v.channel, v.department_id::text, v.category, '') as key,
                               sum(v.n)::bigint as count
                        -- Counted once per combination first: the grouping sets then add up thousands of rows, not every case.
                        from (select date_trunc(:unit, c.received_at at time zone :zone)::date as period, c.kind, c.channel,
                                     c.department_id, coalesce(c.category, '') as category, count(*) as n
                              from report_case c where %s
                              group by 1, 2, 3, 4, 5) v
                        group by grouping sets ((v.period, v.kind), (v.period, v.channel), (v.period, v.department_id),
                                                (v.period, v.category))""".formatted(where))
                .params(p)
                .query((rs, n) -> new Count(
                        rs.getString(1), rs.getObject(2, LocalDate.class), rs.getString(3), null, rs.getLong(4)))
                .list();
        return volumeTables(f, counts, top);
    }

    /**
     * The volume tables from counts by dimension ({@code kind}, {@code channel}, {@code department} keyed by its id,
     * {@code category} keyed by its code or '' for none), period and key.
     */
    List<Table> volumeTables(ReportFilter f, List<Count> counts, int top) {
        Map<String, String> departments = new HashMap<>();
        jdbc.sql("select id::text, code, name from report_department")
                .query((rs, n) -> departments.put(rs.getString(1), rs.getString(2) + "\u0000" + rs.getString(3)))
                .list();
        Map<String, String> categories = new HashMap<>();
        jdbc.sql("select code, name from report_category")
                .query((rs, n) -> categories.put(rs.getString(1), rs.getString(2)))
                .list();
        Map<String, List<Count>> byDimension = new HashMap<>();
        for (Count c : counts) {
            String key = c.key();
            String label = key;
            if (c.dimension().equals("department")) {
                String[] codeName =
                        departments.getOrDefault(key, key + "\u0000" + key).split("\u0000");
                key = codeName[0];
                label = codeName[1];
            } else if (c.dimension().equals("category")) {
                label = key.isEmpty() ? "Not categorised" : categories.getOrDefault(key, key);
            }
            byDimension
                    .computeIfAbsent(c.dimension(), d -> new ArrayList<>())
                    .add(new Count(c.dimension(), c.period(), key, label, c.count()));
        }
        String per = f.period().sqlUnit();
        List<Table> tables = new ArrayList<>();
        tables.add(pivot(
                "volume-by-kind",
                "Cases received by kind",
                "Cases received in each " + per + ", by the receipt date.",
                f,
                byDimension.getOrDefault("kind", List.of()),
                java.util.Arrays.stream(FeedbackKind.values()).map(Enum::name).toList()));
        tables.add(pivot(
                "volume-by-channel",
                "Cases received by channel",
                "Cases received in each " + per + ", by the receipt date.",
                f,
                byDimension.getOrDefault("channel", List.of()),
                java.util.Arrays.stream(Channel.values()).map(Enum::name).toList()));
        tables.add(pivot(
                "volume-by-department",
                "Cases received by department",
                "Cases received in each " + per + ", by the department that has them now.",
                f,
                byDimension.getOrDefault("department", List.of()),
                null));
        List<Count> byCategory = byDimension.getOrDefault("category", List.of());
        tables.add(pivot(
                "volume-by-category",
                "Cases received by category",
                "Cases received in each " + per + ", by the category of their response (none until answered).",
                f,
                byCategory,
                null));
        Map<String, Long> totals = new HashMap<>();
        byCategory.stream().filter(c -> !c.key().isEmpty()).forEach(c -> totals.merge(c.key(), c.count(), Long::sum));
        java.util.Set<String> topKeys = totals.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(top)
                .map(Map.Entry::getKey)
                .collect(java.util.stream.Collectors.toSet());
        tables.add(pivot(
                "category-trend",
                "Top categories over time",
                "The " + top + " most frequent root causes in the range, per " + per + " of receipt.",
                f,
                byCategory.stream().filter(c -> topKeys.contains(c.key())).toList(),
                null));
        return tables;
    }

    /** Periods down, keys across (in {@code order}, else by total, largest first), a total column last. */
    private static Table pivot(
            String name, String title, String note, ReportFilter f, List<Count> counts, List<String> order) {
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, Long> totals = new HashMap<>();
        Map<LocalDate, Map<String, Long>> byPeriod = new HashMap<>();
        for (Count c : counts) {
            labels.putIfAbsent(c.key(), c.label());
            totals.merge(c.key(), c.count(), Long::sum);
            byPeriod.computeIfAbsent(c.period(), k -> new HashMap<>()).merge(c.key(), c.count(), Long::sum);
        }
        List<String> keys = new ArrayList<>(labels.keySet());
        if (order != null) {
            keys.sort(Comparator.comparingInt(order::indexOf));
        } else {
            keys.sort(Comparator.comparing((String k) -> -totals.get(k)).thenComparing(labels::get));
        }
        List<Column> columns = new ArrayList<>();
        columns.add(Column.text("period", "Period"));
        for (String k : keys) {
            columns.add(Column.number(k.isEmpty() ? "NONE" : k, labels.get(k)));
        }
        columns.add(Column.number("total", "Total"));
        List<List<Object>> rows = new ArrayList<>();
        for (LocalDate d = f.period().start(f.from());
                !d.isAfter(f.to());
                d = f.period().next(d)) {
            Map<String, Long> m = byPeriod.getOrDefault(d, Map.of());
            List<Object> row = new ArrayList<>();
            row.add(f.period().label(d));
            long total = 0;
            for (String k : keys) {
                long n = m.getOrDefault(k, 0L);
                row.add(n);
                total += n;
            }
            row.add(total);
            rows.add(row);
        }
        return new Table(name, title, note, columns, rows);
    }

    // ---- backlog ----------------------------------------------------------------------------------------------------

    static final List<String> AGE_BANDS = List.of("0–1", "2–5", "6–10", "11–20", "21–40", "over 40");

    Table backlog(ReportFilter f, Instant now) {
        Map<String, Object> p = new HashMap<>();
        String where = where(f, p, now, false);
        Map<String, long[]> bands = new LinkedHashMap<>();
        AGE_BANDS.forEach(b -> bands.put(b, new long[2]));
        jdbc.sql("""
                        select case when o.age is null or o.age <= 1 then 0 when o.age <= 5 then 1 when o.age <= 10 then 2
                                    when o.age <= 20 then 3 when o.age <= 40 then 4 else 5 end as band,
                               count(*) as open, count(*) filter (where o.overdue) as overdue
                        from (select t.day_no - b.day_no as age, c.next_due < :now as overdue
                              from report_case c
                              %s
                              left join report_business_day t on t.policy_version_id = c.policy_version_id
                                    and t.day = (cast(:now as timestamptz) at time zone k.zone)::date
                              where c.status <> 'CLOSED' and %s) o
                        group by 1""".formatted(CALENDAR_JOIN, where))
                .params(p)
                .query((rs, n) -> {
                    long[] v = bands.get(AGE_BANDS.get(rs.getInt("band")));
                    v[0] = rs.getLong("open");
                    v[1] = rs.getLong("overdue");
                    return null;
                })
                .list();
        List<List<Object>> rows = new ArrayList<>();
        bands.forEach((band, v) -> rows.add(row(band, v[0], v[1])));
        return new Table(
                "backlog",
                "Open cases by age",
                "Every case open now (whenever received), by business days since it was received.",
                List.of(
                        Column.text("age", "Business days open"),
                        Column.number("open", "Open cases"),
                        Column.number("overdue", "Of which overdue")),
                rows);
    }

    // ---- extensions -------------------------------------------------------------------------------------------------

    Table extensions(ReportFilter f, Instant now) {
        Map<String, Object> p = new HashMap<>();
        String where = where(f, p, now, true);
        return extensionsTable(jdbc.sql("""
                        select e.stage, count(*) as extensions, count(distinct e.case_id) as cases,
                               count(*) filter (where e.agreed) as agreed
                        from report_extension e join report_case c on c.id = e.case_id
                        where %s
                        group by e.stage order by e.stage desc""".formatted(where))
                .params(p)
                .query(ReportQueries::extensionRow)
                .list());
    }

    /** A row of the extensions table from columns stage, extensions, cases and agreed. */
    static List<Object> extensionRow(java.sql.ResultSet rs, int n) throws SQLException {
        return row(
                rs.getString("stage"),
                rs.getLong("extensions"),
                rs.getLong("cases"),
                rs.getLong("agreed"),
                rs.getLong("extensions") - rs.getLong("agreed"));
    }

    static Table extensionsTable(List<List<Object>> rows) {
        return new Table(
                "extensions",
                "Extensions",
                "Due dates moved later, by stage. Agreed: the customer agreed to the new date;"
                        + " otherwise they were told of it.",
                List.of(
                        Column.text("stage", "Stage"),
                        Column.number("extensions", "Extensions"),
                        Column.number("cases", "Cases"),
                        Column.number("agreed", "Agreed with the customer"),
                        Column.number("notified", "Customer told")),
                rows);
    }

    /** Reasons are text written on a case, shown only from cases a list would show; the others are counted under one line. */
    static final String UNLISTED_REASON = "(reason given on a confidential case or one you may not open)";

    /**
     * The extensions of the cases received in the range, {@code e}, each with its case {@code c}: found through the
     * extensions' copy of the received date and opened case by case (a join by hashing would read every case).
     */
    private static final String EXTENSIONS_OF_RANGE = """
            report_extension e
            cross join lateral (select * from report_case c where c.id = e.case_id offset 0) c""";

    Table extensionReasons(ReportFilter f, Instant now, Actor actor) {
        Map<String, Object> p = new HashMap<>();
        String where = where(f, p, now, true) + " and e.received_at >= :from and e.received_at < :to";
        String listable = listable(actor, p);
        p.put("limit", 21);
        p.put("unlisted", UNLISTED_REASON);
        List<List<Object>> rows = new ArrayList<>(jdbc.sql("""
                        select case when %s then btrim(e.reason) else :unlisted end as reason, count(*) as extensions
                        from %s
                        where %s
                        group by 1 order by 2 desc, 1 limit :limit""".formatted(listable, EXTENSIONS_OF_RANGE, where))
                .params(p)
                .query((rs, n) -> row(rs.getString("reason"), rs.getLong("extensions")))
                .list());
        if (rows.size() > 20) {
            long total = jdbc.sql("select count(*) from " + EXTENSIONS_OF_RANGE + " where " + where)
                    .params(p)
                    .query(Long.class)
                    .single();
            rows = new ArrayList<>(rows.subList(0, 20));
            long shown = rows.stream().mapToLong(r -> (Long) r.get(1)).sum();
            rows.add(row("(all other reasons)", total - shown));
        }
        return new Table(
                "extension-reasons",
                "Reasons for extensions",
                "The reasons given, most frequent first; reasons on confidential cases and on cases you may not open are counted"
                        + " but not shown.",
                List.of(Column.text("reason", "Reason"), Column.number("extensions", "Extensions")),
                rows);
    }

    // ---- internal reviews -------------------------------------------------------------------------------------------

    Table reviews(ReportFilter f, Instant now) {
        Map<String, Object> p = new HashMap<>();
        String where = where(f, p, now, true);
        return jdbc.sql("""
                        select count(*) filter (where c.review_requested_at is not null) as requested,
                               count(*) filter (where c.reviewed_at is not null) as decided,
                               count(*) filter (where c.status = 'UNDER_REVIEW') as in_progress,
                               count(*) filter (where c.review_decision = 'UPHELD') as decision_upheld,
                               count(*) filter (where c.review_decision = 'CHANGED') as decision_changed,
                               count(*) filter (where c.review_outcome = 'MET') as on_time,
                               count(*) filter (where c.review_outcome = 'MET_AFTER_EXTENSION') as after_ext,
                               count(*) filter (where c.review_outcome = 'MISSED'
                                                  or c.review_due < :now) as late
                        from report_case c where %s""".formatted(where))
                .params(p)
                .query((rs, n) -> reviewsTable(rs::getLong))
                .single();
    }

    static Table reviewsTable(Counts rs) throws SQLException {
        long requested = rs.get("requested");
        long decided = rs.get("decided");
        long onTime = rs.get("on_time");
        long afterExt = rs.get("after_ext");
        long late = rs.get("late");
        long timed = onTime + afterExt + late;
        return new Table(
                "reviews",
                "Internal reviews",
                "Reviews asked for on the cases received in the range. Decision: the first response was upheld or changed.",
                List.of(
                        Column.text("measure", "Measure"),
                        Column.number("count", "Reviews"),
                        Column.number("of", "Of"),
                        Column.percent("percent", "%")),
                List.of(
                        row("Requested", requested, null, null),
                        row("Decided", decided, requested, Headline.percent(decided, requested)),
                        row(
                                "In progress",
                                rs.get("in_progress"),
                                requested,
                                Headline.percent(rs.get("in_progress"), requested)),
                        row(
                                "First response upheld",
                                rs.get("decision_upheld"),
                                decided,
                                Headline.percent(rs.get("decision_upheld"), decided)),
                        row(
                                "First response changed",
                                rs.get("decision_changed"),
                                decided,
                                Headline.percent(rs.get("decision_changed"), decided)),
                        row("Decided on time", onTime, timed, Headline.percent(onTime, timed)),
                        row("Decided on time after an extension", afterExt, timed, Headline.percent(afterExt, timed)),
                        row("Decided late or overdue", late, timed, Headline.percent(late, timed))));
    }

    /**
     * The internal reviews, newest request first: read through the index of the cases whose review was requested (V223),
     * latest first, and stopped at the limit.
     */
    Table reviewList(ReportFilter f, Instant now, Actor actor) {
        Map<String, Object> p = new HashMap<>();
        String where = where(f, p, now, true) + " and c.review_requested_at is not null and " + listable(actor, p);
        p.put("limit", LIST_LIMIT);
        p.put("zone", f.zone().getId());
        List<List<Object>> rows = jdbc.sql("""
                        select c.reference, d.code, (c.review_requested_at at time zone :zone)::date as requested,
                               (c.review_by at time zone :zone)::date as due, (c.reviewed_at at time zone :zone)::date as decided,
                               c.review_decision,
                               coalesce(c.review_outcome, case when c.review_by < :now then 'OVERDUE' else 'IN_TIME' end) as timeliness
                        from report_case c join report_department d on d.id = c.department_id
                        where %s
                        order by c.review_requested_at desc, c.reference limit :limit""".formatted(where))
                .params(p)
                .query((rs, n) -> reviewRow(rs))
                .list();
        return new Table(
                "review-list",
                "Internal reviews, newest first",
                "At most " + LIST_LIMIT + " reviews; confidential cases are counted above but not listed.",
                List.of(
                        Column.text("reference", "Case"),
                        Column.text("department", "Department"),
                        Column.text("requested", "Requested"),
                        Column.text("due", "Due"),
                        Column.text("decided", "Decided"),
                        Column.text("decision", "Decision"),
                        Column.text("timeliness", "Timeliness")),
                rows);
    }

    // ---- outcomes and remedies --------------------------------------------------------------------------------------

    Table outcomes(ReportFilter f, Instant now) {
        Map<String, Object> p = new HashMap<>();
        String where = where(f, p, now, true);
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (String o : OUTCOMES) {
            counts.put(o, new long[2]);
        }
        jdbc.sql("""
                        select c.outcome, count(*) as cases, count(*) filter (where c.kind = 'COMPLAINT') as complaints
                        from report_case c where %s and c.outcome is not null group by c.outcome""".formatted(where))
                .params(p)
                .query((rs, n) -> {
                    long[] v = counts.get(rs.getString("outcome"));
                    v[0] = rs.getLong("cases");
                    v[1] = rs.getLong("complaints");
                    return null;
                })
                .list();
        return outcomesTable(counts);
    }

    /** Every outcome in turn, from its counts of cases and of complaints. */
    static final List<String> OUTCOMES =
            List.of("RESOLVED", "UPHELD", "PARTLY_UPHELD", "NOT_UPHELD", "CANNOT_ACCOMMODATE", "NOT_ACCEPTED");

    static Table outcomesTable(Map<String, long[]> counts) {
        long all = counts.values().stream().mapToLong(v -> v[0]).sum();
        long complaints = counts.values().stream().mapToLong(v -> v[1]).sum();
        List<List<Object>> rows = new ArrayList<>();
        counts.forEach((o, v) ->
                rows.add(row(o, v[0], Headline.percent(v[0], all), v[1], Headline.percent(v[1], complaints))));
        return new Table(
                "outcomes",
                "Outcomes",
                "The outcome of every case answered (after any internal review).",
                List.of(
                        Column.text("outcome", "Outcome"),
                        Column.number("cases", "Cases"),
                        Column.percent("percent", "%"),
                        Column.number("complaints", "Complaints"),
                        Column.percent("complaintsPercent", "% of complaints")),
                rows);
    }

    /** What is counted of remedies {@code r}: offered, accepted, declined, awaiting, value, accepted_value. */
    static final String REMEDY_COUNTS = """
            count(*), count(*) filter (where r.status = 'ACCEPTED'), count(*) filter (where r.status = 'DECLINED'),
            count(*) filter (where r.status = 'OFFERED'), sum(r.value), sum(r.value) filter (where r.status = 'ACCEPTED')""";

    Table remedies(ReportFilter f, Instant now) {
        Map<String, Object> p = new HashMap<>();
        String where = where(f, p, now, true);
        return remediesTable(jdbc.sql("""
                        select r.type, %s
                        from report_remedy r join report_case c on c.id = r.case_id
                        where %s
                        group by r.type order by r.type""".formatted(REMEDY_COUNTS, where))
                .params(p)
                .query(ReportQueries::remedyRow)
                .list());
    }

    /** A row of the remedies table from columns type and those of {@link #REMEDY_COUNTS}, in that order. */
    static List<Object> remedyRow(java.sql.ResultSet rs, int n) throws SQLException {
        return row(
                rs.getString(1),
                rs.getLong(2),
                rs.getLong(3),
                rs.getLong(4),
                rs.getLong(5),
                value(rs.getBigDecimal(6)),
                value(rs.getBigDecimal(7)));
    }

    private static BigDecimal value(BigDecimal sum) {
        return sum == null ? BigDecimal.ZERO : sum;
    }

    /** The remedies table from its rows by type, with their total. */
    static Table remediesTable(List<List<Object>> rows) {
        List<List<Object>> all = new ArrayList<>(rows);
        if (!rows.isEmpty()) {
            all.add(row(
                    "TOTAL",
                    sum(rows, 1),
                    sum(rows, 2),
                    sum(rows, 3),
                    sum(rows, 4),
                    sumDecimal(rows, 5),
                    sumDecimal(rows, 6)));
        }
        return new Table(
                "remedies",
                "Remedies",
                "Remedies offered on the cases received in the range, by type; values in the organisation's currency.",
                List.of(
                        Column.text("type", "Type"),
                        Column.number("offered", "Offered"),
                        Column.number("accepted", "Accepted"),
                        Column.number("declined", "Declined"),
                        Column.number("awaiting", "Awaiting an answer"),
                        Column.number("value", "Total value"),
                        Column.number("acceptedValue", "Value accepted")),
                all);
    }

    // ---- categories -------------------------------------------------------------------------------------------------

    Table categories(ReportFilter f, Instant now) {
        Map<String, Object> p = new HashMap<>();
        String where = where(f, p, now, true);
        List<List<Object>> rows = jdbc.sql("""
                        select k.code, k.name, count(*) as cases, count(*) filter (where c.kind = 'COMPLAINT') as complaints
                        from report_case c join report_category k on k.code = c.category
                        where %s
                        group by k.code, k.name order by 3 desc, k.name""".formatted(where))
                .params(p)
                .query((rs, n) ->
                        row(rs.getString("code"), rs.getString("name"), rs.getLong("cases"), rs.getLong("complaints")))
                .list();
        return categoriesTable(rows);
    }

    /** The categories table from rows of code, name, cases and complaints, most frequent first. */
    static Table categoriesTable(List<List<Object>> rows) {
        long total = rows.stream().mapToLong(r -> (Long) r.get(2)).sum();
        List<List<Object>> withShare = rows.stream()
                .map(r -> row(r.get(0), r.get(1), r.get(2), Headline.percent((Long) r.get(2), total), r.get(3)))
                .toList();
        return new Table(
                "categories",
                "Top categories (root causes)",
                "Cases filed under each category at their response, most frequent first.",
                List.of(
                        Column.text("category", "Category"),
                        Column.text("name", "Name"),
                        Column.number("cases", "Cases"),
                        Column.percent("percent", "% of categorised"),
                        Column.number("complaints", "Complaints")),
                withShare);
    }

    // ---- breaches ---------------------------------------------------------------------------------------------------

    private static final String ACK_BREACHED = "c.acknowledge_outcome = 'MISSED' or c.acknowledge_due < :now";
    private static final String RESPOND_BREACHED = "c.respond_outcome = 'MISSED' or c.respond_due < :now";
    private static final String REVIEW_BREACHED = "c.review_outcome = 'MISSED' or c.review_due < :now";

    Table breachesByStage(ReportFilter f, Instant now) {
        Map<String, Object> p = new HashMap<>();
        String where = where(f, p, now, true);
        return jdbc.sql("""
                        select count(*) filter (where %s) as ack,
                               count(*) filter (where c.acknowledge_due < :now) as ack_open,
                               count(*) filter (where %s) as respond,
                               count(*) filter (where c.respond_due < :now) as respond_open,
                               count(*) filter (where %s) as review,
                               count(*) filter (where c.review_due < :now) as review_open
                        from report_case c where %s""".formatted(ACK_BREACHED, RESPOND_BREACHED, REVIEW_BREACHED, where))
                .params(p)
                .query((rs, n) -> breachesTable(rs::getLong))
                .single();
    }

    static Table breachesTable(Counts rs) throws SQLException {
        List<List<Object>> rows = List.of(
                row("ACKNOWLEDGE", rs.get("ack"), rs.get("ack_open")),
                row("RESPOND", rs.get("respond"), rs.get("respond_open")),
                row("REVIEW", rs.get("review"), rs.get("review_open")));
        return new Table(
                "breaches",
                "Breaches of the service standard",
                "Stages done late or not done by their due date (after any extension), confidential cases included.",
                List.of(
                        Column.text("stage", "Stage"),
                        Column.number("breaches", "Breaches"),
                        Column.number("stillOpen", "Still not done")),
                rows);
    }

    /** A stage in the breach list: its name, its due date and completion, its stored outcome and its running due date. */
    private record BreachStage(String name, String due, String done, String outcome, String running) {

        /** Running and overdue now, without a missed outcome (a reopened case runs its response again). */
        String overdue() {
            return "c.%s is distinct from 'MISSED' and c.%s < :now".formatted(outcome, running);
        }

        /** The cases whose stage was missed, latest due first: read through the stage's index (V223) and stopped early. */
        String missed(String where) {
            return """
                    (select c.reference, c.department_id, c.kind, '%1$s' as stage, c.%2$s as due, c.%3$s as done
                     from report_case c where c.%4$s = 'MISSED' and %5$s
                     order by c.%2$s desc, c.reference limit :limit)""".formatted(name, due, done, outcome, where);
        }
    }

    private static final List<BreachStage> BREACH_STAGES = List.of(
            new BreachStage(
                    "ACKNOWLEDGE", "acknowledge_by", "acknowledged_at", "acknowledge_outcome", "acknowledge_due"),
            new BreachStage("RESPOND", "respond_by", "respond_completed_at", "respond_outcome", "respond_due"),
            new BreachStage("REVIEW", "review_by", "reviewed_at", "review_outcome", "review_due"));

    /**
     * The stages overdue now and still running, by case: a stage runs only while its case is open (V150), so they are
     * found among the open cases alone. The cases are ordered by their latest such stage, so that the first
     * {@code :limit} cases hold the first {@code :limit} stages; each is then split into its overdue stages.
     */
    private static String overdue(String where) {
        String columns = BREACH_STAGES.stream()
                .map(s -> "c.%1$s, c.%2$s, %3$s as %1$s_overdue".formatted(s.due(), s.done(), s.overdue()))
                .collect(Collectors.joining(", "));
        String any = BREACH_STAGES.stream().map(s -> "(" + s.overdue() + ")").collect(Collectors.joining(" or "));
        String latest = BREACH_STAGES.stream()
                .map(s -> "case when %s then c.%s end".formatted(s.overdue(), s.due()))
                .collect(Collectors.joining(", "));
        String stages = BREACH_STAGES.stream()
                .map(s -> "('%1$s', o.%2$s, o.%3$s, o.%2$s_overdue)".formatted(s.name(), s.due(), s.done()))
                .collect(Collectors.joining(", "));
        return """
                (select o.reference, o.department_id, o.kind, s.stage, s.due, s.done
                 from (select c.reference, c.department_id, c.kind, %s
                       from report_case c
                       where c.status <> 'CLOSED' and (%s) and %s
                       order by greatest(%s) desc, c.reference limit :limit) o
                 cross join lateral (values %s) s(stage, due, done, breached)
                 where s.breached)""".formatted(columns, any, where, latest, stages);
    }

    /**
     * The latest breaches: each stage missed or overdue, latest due date first. The stages missed come from each stage's
     * index, the overdue ones from the open cases; each part gives its first {@code :limit} rows in the list's order,
     * which hold the list's.
     */
    Table breachList(ReportFilter f, Instant now, Actor actor) {
        Map<String, Object> p = new HashMap<>();
        String where = where(f, p, now, true) + " and " + listable(actor, p);
        p.put("limit", LIST_LIMIT);
        p.put("zone", f.zone().getId());
        List<String> parts = new ArrayList<>();
        BREACH_STAGES.forEach(s -> parts.add(s.missed(where)));
        parts.add(overdue(where));
        List<List<Object>> rows = jdbc.sql("""
                        select b.reference, d.code, b.kind, b.stage, (b.due at time zone :zone)::date as due,
                               (b.done at time zone :zone)::date as done
                        from (%s) b
                        join report_department d on d.id = b.department_id
                        order by b.due desc, b.reference, b.stage limit :limit""".formatted(String.join("\nunion all\n", parts)))
                .params(p)
                .query((rs, n) -> breachRow(rs))
                .list();
        return new Table(
                "breach-list",
                "Breaches, latest first",
                "At most " + LIST_LIMIT + " breaches; confidential cases are counted above but not listed.",
                List.of(
                        Column.text("reference", "Case"),
                        Column.text("department", "Department"),
                        Column.text("kind", "Kind"),
                        Column.text("stage", "Stage"),
                        Column.text("due", "Due"),
                        Column.text("done", "Done")),
                rows);
    }

    /** A row of the review list: reference, department, requested, due, decided, decision, timeliness. */
    static List<Object> reviewRow(ResultSet rs) throws SQLException {
        return row(
                rs.getString(1),
                rs.getString(2),
                str(rs.getObject(3)),
                str(rs.getObject(4)),
                str(rs.getObject(5)),
                rs.getString(6),
                rs.getString(7));
    }

    /** A row of the breach list: reference, department, kind, stage, due, done ("not yet" while running). */
    static List<Object> breachRow(ResultSet rs) throws SQLException {
        return row(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                str(rs.getObject(5)),
                rs.getObject(6) == null ? "not yet" : str(rs.getObject(6)));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    static List<Object> row(Object... cells) {
        return java.util.Arrays.asList(cells);
    }

    private static long sum(List<List<Object>> rows, int column) {
        return rows.stream().mapToLong(r -> (Long) r.get(column)).sum();
    }

    private static BigDecimal sumDecimal(List<List<Object>> rows, int column) {
        return rows.stream().map(r -> (BigDecimal) r.get(column)).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static String str(Object date) {
        if (date == null) {
            return null;
        }
        if (date instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (date instanceof OffsetDateTime o) {
            return o.toLocalDate().toString();
        }
        return date.toString();
    }

    static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }
}
