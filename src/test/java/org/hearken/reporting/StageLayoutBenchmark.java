package org.hearken.reporting;

import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the stages of a case are stored, compared. Run by bench/stage-layouts.sh; not a test. Fills N cases as the
 * report benchmark does, then lays the same stages out three more ways beside the columns of {@code cases} that
 * Hearken uses: a table with one row per case and stage, read kind by kind (a partial covering index per kind) or
 * gathered per case by one look-up of its primary key, and an array of stage values in one column of a copy of
 * {@code cases}. It times the compliance report's counting query over the last year against each layout, in turn, and
 * prints the median, fastest and slowest of each. See docs/architecture.md, "Stages".
 */
public final class StageLayoutBenchmark {

    private StageLayoutBenchmark() {}

    /** The other layouts, built from the stage columns of cases; each view gives the columns the query reads. */
    private static final List<String> SETUP = List.of(
            """
            create table layout_stage (
                case_id bigint not null, kind text not null, anchor timestamptz, due timestamptz,
                original_due timestamptz, extensions int not null default 0, completed_at timestamptz, outcome text,
                primary key (case_id, kind) include (due, original_due, completed_at, outcome))""",
            """
            insert into layout_stage (case_id, kind, anchor, due, original_due, completed_at, outcome)
            select c.id, s.kind, s.anchor, s.due, s.original_due, s.completed_at, s.outcome
            from cases c
            cross join lateral (values
                ('ACKNOWLEDGE', c.received_at, c.acknowledge_by, c.acknowledge_by, c.acknowledged_at,
                 c.acknowledge_outcome),
                ('FIRST_RESPONSE', c.received_at, c.first_response_by, c.first_response_by, c.first_response_at, null),
                ('RESPOND', c.received_at, c.respond_by, c.respond_by_original, c.respond_completed_at,
                 c.respond_outcome),
                ('REVIEW', c.review_requested_at, c.review_by, c.review_by_original, c.reviewed_at, c.review_outcome))
                as s (kind, anchor, due, original_due, completed_at, outcome)
            where coalesce(s.due, s.original_due, s.completed_at) is not null or s.outcome is not null""",
            """
            create index layout_stage_ack on layout_stage (case_id) include (due, completed_at, outcome)
                where kind = 'ACKNOWLEDGE'""",
            """
            create index layout_stage_first on layout_stage (case_id) include (due, completed_at)
                where kind = 'FIRST_RESPONSE'""",
            """
            create index layout_stage_respond on layout_stage (case_id) include (due, original_due, completed_at, outcome)
                where kind = 'RESPOND'""",
            // When a stage runs, as V150's functions say, over one stage's values rather than a row of cases.
            """
            create function layout_stage_due(kind text, status text, completed_at timestamptz, due timestamptz)
                returns timestamptz language sql immutable parallel safe
                as $$ select case when completed_at is null
                                   and case kind when 'ACKNOWLEDGE' then status <> 'CLOSED'
                                                 when 'RESPOND' then status in ('RECEIVED', 'ACKNOWLEDGED')
                                                 when 'REVIEW' then status = 'UNDER_REVIEW'
                                                 else false end
                                  then due end $$""",
            """
            create view layout_joined as
            select a.outcome as acknowledge_outcome,
                   layout_stage_due('ACKNOWLEDGE', c.status, a.completed_at, a.due) as acknowledge_due,
                   r.outcome as respond_outcome, layout_stage_due('RESPOND', c.status, r.completed_at, r.due) as respond_due,
                   f.completed_at as first_response_at, c.received_at, c.policy_version_id
            from cases c
            left join layout_stage a on a.case_id = c.id and a.kind = 'ACKNOWLEDGE'
            left join layout_stage f on f.case_id = c.id and f.kind = 'FIRST_RESPONSE'
            left join layout_stage r on r.case_id = c.id and r.kind = 'RESPOND'""",
            """
            create function layout_stages(case_id bigint)
                returns table (acknowledge_by timestamptz, acknowledged_at timestamptz, acknowledge_outcome text,
                               first_response_at timestamptz, respond_by timestamptz, respond_completed_at timestamptz,
                               respond_outcome text)
                language sql stable parallel safe
                as $$ select max(s.due) filter (where s.kind = 'ACKNOWLEDGE'),
                             max(s.completed_at) filter (where s.kind = 'ACKNOWLEDGE'),
                             max(s.outcome) filter (where s.kind = 'ACKNOWLEDGE'),
                             max(s.completed_at) filter (where s.kind = 'FIRST_RESPONSE'),
                             max(s.due) filter (where s.kind = 'RESPOND'),
                             max(s.completed_at) filter (where s.kind = 'RESPOND'),
                             max(s.outcome) filter (where s.kind = 'RESPOND')
                      from layout_stage s where s.case_id = $1 $$""",
            """
            create view layout_looked_up as
            select s.acknowledge_outcome,
                   layout_stage_due('ACKNOWLEDGE', c.status, s.acknowledged_at, s.acknowledge_by) as acknowledge_due,
                   s.respond_outcome,
                   layout_stage_due('RESPOND', c.status, s.respond_completed_at, s.respond_by) as respond_due,
                   s.first_response_at, c.received_at, c.policy_version_id
            from cases c left join lateral layout_stages(c.id) s on true""",
            """
            create type layout_stage_value as (kind text, anchor timestamptz, due timestamptz, original_due timestamptz,
                extensions int, completed_at timestamptz, outcome text)""",
            """
            create table layout_cases_with_array as
            select c.*, array(select row(s.kind, s.anchor, s.due, s.original_due, s.extensions, s.completed_at,
                                         s.outcome)::layout_stage_value
                              from unnest(array['ACKNOWLEDGE', 'FIRST_RESPONSE', 'RESPOND', 'REVIEW'])
                                   with ordinality k (kind, i)
                              left join layout_stage s on s.case_id = c.id and s.kind = k.kind
                              order by k.i) as stages
            from cases c""",
            """
            create index layout_cases_with_array_cover on layout_cases_with_array (received_at)
                include (id, policy_version_id, status, stages)""",
            """
            create view layout_array as
            select (c.stages[1]).outcome as acknowledge_outcome,
                   layout_stage_due('ACKNOWLEDGE', c.status, (c.stages[1]).completed_at, (c.stages[1]).due)
                       as acknowledge_due,
                   (c.stages[3]).outcome as respond_outcome,
                   layout_stage_due('RESPOND', c.status, (c.stages[3]).completed_at, (c.stages[3]).due) as respond_due,
                   (c.stages[2]).completed_at as first_response_at, c.received_at, c.policy_version_id
            from layout_cases_with_array c""",
            "vacuum analyze");

    /** The headline's counting over the year to a fixed instant, as ReportQueries.headline counts the stages. */
    private static final String QUERY = """
            select count(*),
                   count(*) filter (where c.acknowledge_outcome = 'MET'),
                   count(*) filter (where c.acknowledge_outcome = 'MISSED' or c.acknowledge_due < timestamptz '%2$s'),
                   count(*) filter (where c.respond_outcome = 'MET'),
                   count(*) filter (where c.respond_due < timestamptz '%2$s'),
                   count(*) filter (where c.first_response_at <= c.same_day_due)
            from (select c.acknowledge_outcome, c.acknowledge_due, c.respond_outcome, c.respond_due,
                         c.first_response_at,
                         case when s.boundary is null or c.received_at < s.boundary then s.due_before
                              else s.due_after end as same_day_due
                  from %1$s c
                  left join report_same_day s on s.policy_version_id = c.policy_version_id
                        and s.hour = date_bin('1 hour', c.received_at, timestamptz '2000-01-01 00:00:00+00')
                  where c.received_at >= timestamptz '%2$s' - interval '365 days'
                        and c.received_at < timestamptz '%2$s') c""";

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Map<String, String> layouts = new LinkedHashMap<>();
        layouts.put("columns of cases (report_case)", "report_case");
        layouts.put("an array of stage values in a column", "layout_array");
        layouts.put("a table of stages, joined kind by kind", "layout_joined");
        layouts.put("a table of stages, one look-up per case", "layout_looked_up");
        ReportBenchmark.withFilled(n, (url, port) -> {
            // One report first, which fills the business days and same-working-day deadlines the query joins.
            ReportBenchmark.get(HttpClient.newHttpClient(), port, ReportBenchmark.AUTH, "/api/reports/compliance");
            try (Connection c = DriverManager.getConnection(url);
                    Statement s = c.createStatement()) {
                // The database's now, read once, fixes the year every layout counts over.
                String now;
                try (ResultSet rs = s.executeQuery("select now()::text")) {
                    rs.next();
                    now = rs.getString(1);
                }
                long t0 = System.nanoTime();
                for (String sql : SETUP) {
                    s.execute(sql);
                }
                System.out.printf("laid the stages out three more ways in %.0f s%n", (System.nanoTime() - t0) / 1e9);
                Map<String, List<Long>> nanos = new LinkedHashMap<>();
                String first = null;
                for (int run = -1; run < runs; run++) {
                    for (var layout : layouts.entrySet()) {
                        long t = System.nanoTime();
                        String counts = counts(s, QUERY.formatted(layout.getValue(), now));
                        long took = System.nanoTime() - t;
                        if (first == null) {
                            first = counts;
                        } else if (!first.equals(counts)) {
                            throw new IllegalStateException(
                                    layout.getKey() + " counted " + counts + ", the columns " + first);
                        }
                        if (run >= 0) {
                            nanos.computeIfAbsent(layout.getKey(), k -> new ArrayList<>())
                                    .add(took);
                        }
                    }
                }
                System.out.println("counted over the last year: " + first);
                nanos.forEach((layout, times) -> {
                    long[] t = times.stream().mapToLong(Long::longValue).toArray();
                    Arrays.sort(t);
                    System.out.printf(
                            "%-42s median %4.0f ms, fastest %4.0f ms, slowest %4.0f ms (%d runs)%n",
                            layout, t[t.length / 2] / 1e6, t[0] / 1e6, t[t.length - 1] / 1e6, t.length);
                });
            }
        });
    }

    private static String counts(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            List<Long> counts = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                counts.add(rs.getLong(i));
            }
            return counts.toString();
        }
    }
}
