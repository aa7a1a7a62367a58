package org.hearken.reporting;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hearken.HearkenApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The compliance report at scale. Run by bench/report-scale.sh; not a test. Starts a throw-away embedded PostgreSQL and
 * Hearken on it, fills N realistic cases (default 1,000,000) received over the last two years — every kind and channel,
 * acknowledgements on time and late, responses on time, after an extension and late, first-contact resolutions,
 * extensions with reasons, remedies, categories, internal reviews, confidential cases, suggestions with a status — and
 * builds the report summaries as the summary job does, and times the report API over the last year: the compliance
 * figures (the main query) and the whole report. A benchmark that fills its own way calls {@link #fill} (or its own),
 * then {@link #prepareSummaries} and {@link #measure}.
 */
public final class ReportBenchmark {

    private ReportBenchmark() {}

    /** The executive the fill creates, signing in to the API. */
    static final String AUTH = auth("bench", "bench");

    /** The Authorization header of a user signing in to the API with a password. */
    public static String auth(String username, String password) {
        return "Basic "
                + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        withFilled(n, (url, port) -> measure(port, runs));
    }

    /**
     * Times the report API over the last year as the executive the fill creates: the compliance figures for all
     * departments and for one, and the whole report, {@code runs} times each after one warm-up call (the whole report
     * a third as often, at least 3 times). Prints median and max.
     */
    public static void measure(int port, int runs) throws Exception {
        String year = lastYear();
        HttpClient http = HttpClient.newHttpClient();
        String auth = AUTH;
        String body = get(http, port, auth, "/api/reports/compliance?" + year);
        System.out.println("compliance over the last year: " + body);
        time(
                http,
                port,
                auth,
                "/api/reports/compliance?" + year,
                runs,
                "main compliance report (GET /api/reports/compliance), one year, all departments");
        time(
                http,
                port,
                auth,
                "/api/reports/compliance?" + year + "&department=D7",
                runs,
                "main compliance report, one year, one department");
        time(
                http,
                port,
                auth,
                "/api/reports?" + year,
                Math.max(3, runs / 3),
                "whole report with every table (GET /api/reports), one year, all departments");
    }

    /**
     * After a fill in SQL, builds the report summaries from scratch as the summary job would, and prints how long that
     * took; then runs the job once more (nothing changed) and prints that too. A fill must set {@code updated_at} of its
     * cases to more than the job's margin (5 minutes) before now, as {@link #fill} does, or the days of the cases it
     * changed that recently are counted from the cases until the next run.
     */
    public static void prepareSummaries(ApplicationContext app) {
        ReportSummaries summaries = app.getBean(ReportSummaries.class);
        JdbcClient jdbc = app.getBean(JdbcClient.class);
        // A fill in SQL bypasses the application: start from nothing, as after the zone changed.
        jdbc.sql("delete from report_summary_state").update();
        long t0 = System.nanoTime();
        ReportSummaries.Run first = summaries.refresh();
        long t1 = System.nanoTime();
        ReportSummaries.Run again = summaries.refresh();
        long t2 = System.nanoTime();
        System.out.printf(
                "report summaries built from scratch in %.1f s (%,d days); a run with nothing changed %.0f ms (%,d days)%n",
                (t1 - t0) / 1e9, first.days(), (t2 - t1) / 1e6, again.days());
    }

    /** The report's query parameters for the last year, up to today. */
    public static String lastYear() {
        LocalDate today = LocalDate.now(ZoneId.of("Australia/Sydney"));
        return "from=" + today.minusYears(1).plusDays(1) + "&to=" + today;
    }

    /** What a benchmark does with the filled database: its JDBC URL and the port Hearken answers on. */
    public interface Filled {
        void run(String url, int port) throws Exception;
    }

    /**
     * Starts a throw-away embedded PostgreSQL and Hearken on it (which migrates the schema), fills {@code n} cases and
     * runs {@code then}; {@code BENCH_HOLD_SECONDS} keeps the database up afterwards, to look at query plans with psql.
     */
    public static void withFilled(int n, Filled then) throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("max_wal_size", "4GB")
                .setServerConfig("shared_buffers", "1GB")
                .setServerConfig("work_mem", "64MB")
                .start()) {
            String url = pg.getJdbcUrl("postgres", "postgres");
            ConfigurableApplicationContext app = SpringApplication.run(
                    HearkenApplication.class,
                    "--spring.datasource.url=" + url,
                    "--spring.datasource.username=postgres",
                    "--server.port=0",
                    "--hearken.data-dir=target/bench-data",
                    "--logging.level.root=warn",
                    "--hearken.mail.auto-acknowledge=false",
                    // The benchmark builds the summaries itself after the fill (prepareSummaries).
                    "--hearken.reports.summary-interval=PT1H");
            try (app) {
                int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
                try (Connection c = pg.getPostgresDatabase().getConnection();
                        Statement s = c.createStatement()) {
                    long t0 = System.nanoTime();
                    fill(s, n);
                    System.out.printf(
                            "filled %,d cases (%,d extensions, %,d remedies, %,d internal reviews) in %.0f s%n",
                            n,
                            count(s, "case_extension"),
                            count(s, "case_remedy"),
                            count(s, "cases where review_requested_at is not null"),
                            (System.nanoTime() - t0) / 1e9);
                }
                prepareSummaries(app);
                then.run(url, port);
                holdIfAsked("psql '" + url + "'");
            }
        }
    }

    /**
     * Keeps a benchmark's database and application up for a look by hand ({@code where}: how to reach them), when asked:
     * {@code BENCH_HOLD_SECONDS} for that long, {@code BENCH_HOLD} until the process is stopped.
     */
    public static void holdIfAsked(String where) throws InterruptedException {
        long seconds = Long.parseLong(System.getenv().getOrDefault("BENCH_HOLD_SECONDS", "0"));
        boolean forever = System.getenv("BENCH_HOLD") != null;
        if (seconds <= 0 && !forever) {
            return;
        }
        System.out.println("holding" + (forever ? "" : " for " + seconds + " s") + ": " + where);
        CountDownLatch stopped = new CountDownLatch(1);
        if (forever) {
            stopped.await();
        } else {
            stopped.await(seconds, TimeUnit.SECONDS);
        }
    }

    private static long count(Statement s, String from) throws Exception {
        try (var rs = s.executeQuery("select count(*) from " + from)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Calls {@code path} once to warm up, then {@code runs} times; prints the median and max under {@code what} and
     * returns the times in nanoseconds, sorted.
     */
    public static long[] time(HttpClient http, int port, String auth, String path, int runs, String what)
            throws Exception {
        get(http, port, auth, path);
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            get(http, port, auth, path);
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        System.out.printf(
                "%s: median %.0f ms, max %.0f ms (%d runs)%n",
                what, nanos[runs / 2] / 1e6, nanos[runs - 1] / 1e6, runs);
        return nanos;
    }

    public static String get(HttpClient http, int port, String auth, String path) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", auth)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** Everything in SQL: 20 departments, 200 staff, an executive "bench", then the cases and what happened to them. */
    public static void fill(Statement s, int n) throws Exception {
        s.execute(
                "insert into identity_department (code, name) select 'D' || g, 'Department ' || g from generate_series(1, 20) g");
        s.execute("""
                insert into identity_staff (username, full_name, password_hash, created_at)
                select 'staff' || g, 'Staff ' || g, '{noop}x', now() from generate_series(1, 200) g""");
        s.execute(
                "insert into identity_membership select id, (select min(id) from identity_department) + id % 20 from identity_staff");
        s.execute(
                "insert into identity_staff (username, full_name, password_hash, created_at) values ('bench', 'Bench Executive', '{noop}bench', now())");
        s.execute(
                "insert into identity_staff_role select id, 'EXECUTIVE' from identity_staff where username = 'bench'");
        s.execute("select setseed(0.42)");
        // Received over the last two years; each row draws its own random numbers once.
        s.execute("""
                create temporary table gen as
                select g, now() - random() * interval '730 days' as recv, random() as rk, random() as rc, random() as ra,
                       random() as rr, random() as rx, random() as ro, random() as rv
                from generate_series(1, %d) g""".formatted(n));
        s.execute("""
                create temporary table gen2 as
                select g.*,
                       case when rk < 0.45 then 'COMPLAINT' when rk < 0.70 then 'QUESTION' when rk < 0.85 then 'SERVICE_REQUEST'
                            when rk < 0.93 then 'SUGGESTION' else 'COMPLIMENT' end as kind,
                       case when rc < 0.30 then 'PHONE' when rc < 0.40 then 'IN_PERSON' when rc < 0.70 then 'EMAIL'
                            when rc < 0.80 then 'POSTAL' when rc < 0.95 then 'WEB_FORM' else 'API' end as channel
                from gen g""");
        s.execute("""
                create temporary table gen3 as
                select g.*,
                       (g.channel in ('PHONE', 'IN_PERSON') and g.kind in ('COMPLAINT', 'QUESTION', 'SERVICE_REQUEST') and g.rx > 0.6) as fcr,
                       g.kind in ('COMPLAINT', 'QUESTION', 'SERVICE_REQUEST') as responds,
                       g.recv + case when g.channel in ('PHONE', 'IN_PERSON') then interval '8 hours' else interval '1 day 8 hours' end as ack_by,
                       g.recv + interval '9 days' as respond_by_original,
                       g.rx < 0.12 as extended,
                       -- Most acknowledge within hours; one in ten takes up to three days.
                       g.recv + case when g.ra < 0.9 then g.ra * interval '6 hours' else (g.ra - 0.9) * interval '30 days' end as ack_at,
                       g.recv + g.rr * interval '16 days' as respond_at
                from gen2 g""");
        s.execute("""
                insert into cases (reference, kind, channel, status, received_at, logged_at, subject, description, customer_name,
                    preferred_reply, department_id, owner_id, confidential, logged_by, policy_version_id, policy_version,
                    acknowledge_by, acknowledged_at, acknowledged_via, acknowledge_outcome, first_response_at,
                    respond_by, respond_by_original, expected_by, responded_at, respond_completed_at, respond_outcome, outcome,
                    first_contact_resolution, closed_at, category,
                    review_requested_at, review_reason, reviewer_id, review_by, review_by_original, reviewed_at, review_decision,
                    review_outcome, improvement_status, improvement_changed_at, updated_at)
                select 'B-' || g, kind, channel,
                       case when fcr then 'CLOSED'
                            when done_at is not null and done_at < now() - interval '3 days' then 'CLOSED'
                            when done_at is not null then 'RESPONDED'
                            when not responds and acked then 'CLOSED'
                            when acked then 'ACKNOWLEDGED' else 'RECEIVED' end,
                       recv, recv, 'Case ' || g, 'Bench case ' || g, 'Customer ' || g, 'EMAIL',
                       dept, owner, g % 50 = 0, owner, (select max(id) from policy_version), 1,
                       ack_by, case when acked then least(ack_at, coalesce(done_at, ack_at)) end,
                       case when acked then 'EMAIL' end,
                       case when acked then case when least(ack_at, coalesce(done_at, ack_at)) <= ack_by then 'MET' else 'MISSED' end end,
                       case when acked then least(ack_at, coalesce(done_at, ack_at)) end,
                       case when responds then respond_by end, case when responds then respond_by_original end,
                       case when responds then respond_by end,
                       done_at, done_at,
                       case when done_at is null then null when done_at <= respond_by_original then 'MET'
                            when done_at <= respond_by then 'MET_AFTER_EXTENSION' else 'MISSED' end,
                       case when done_at is null then null when kind <> 'COMPLAINT' then 'RESOLVED'
                            when ro < 0.25 then 'UPHELD' when ro < 0.55 then 'PARTLY_UPHELD' when ro < 0.95 then 'NOT_UPHELD'
                            else 'CANNOT_ACCOMMODATE' end,
                       fcr, case when fcr then recv when done_at < now() - interval '3 days' then done_at + interval '3 days'
                                 when not responds and acked then ack_at end,
                       case when done_at is not null then (array['COMMUNICATION', 'DELAY', 'STAFF_CONDUCT', 'DECISION', 'SERVICE_QUALITY',
                            'BILLING', 'INFORMATION', 'ACCESS', 'OTHER'])[1 + floor(power(rv, 1.7) * 9)::int] end,
                       null, null, null, null, null, null, null, null,
                       case when kind = 'SUGGESTION' and rv < 0.7 then (array['UNDER_CONSIDERATION', 'ADOPTED', 'DECLINED'])[1 + floor(rv / 0.7 * 3)::int] end,
                       case when kind = 'SUGGESTION' and rv < 0.7 then recv + interval '20 days' end,
                       -- Filled an hour ago: before the report summaries' margin.
                       now() - interval '1 hour'
                from (select g.*, (select min(id) from identity_department) + g % 20 as dept,
                             (select min(id) from identity_staff) + g % 200 as owner,
                             case when extended then respond_by_original + interval '5 days' else respond_by_original end as respond_by,
                             fcr or ack_at < now() as acked,
                             case when fcr then recv when responds and respond_at < now() and rr < 0.97 then respond_at end as done_at
                      from gen3 g) x""");
        s.execute("""
                insert into case_extension (case_id, stage, previous_due, new_due, reason, notice_channel, notice_text, agreed_by,
                    agreed_at, extended_at, extended_by)
                select id, 'RESPOND', respond_by_original, respond_by,
                       (array['Waiting for the contractor''s records', 'The officer is on leave', 'Site inspection needed',
                              'Legal advice requested', 'Awaiting information from the customer'])[1 + id % 5],
                       'EMAIL', 'We need more time.', case when id % 3 = 0 then 'the customer' end,
                       case when id % 3 = 0 then respond_by_original - interval '2 days' end,
                       respond_by_original - interval '2 days', owner_id
                from cases where respond_by > respond_by_original""");
        s.execute("""
                insert into case_remedy (case_id, type, description, value, status, offered_at, offered_by, decided_at)
                select id, (array['APOLOGY', 'REFUND', 'CREDIT', 'SERVICE_REDONE', 'OTHER'])[1 + id % 5], 'Remedy',
                       case when id % 5 in (1, 2) then (10 + id % 190)::numeric end,
                       (array['OFFERED', 'ACCEPTED', 'ACCEPTED', 'DECLINED'])[1 + id % 4], responded_at, owner_id,
                       case when id % 4 <> 0 then responded_at + interval '2 days' end
                from cases where outcome in ('UPHELD', 'PARTLY_UPHELD')""");
        // One closed complaint in twenty-five asks for an internal review, answered in up to 20 days against 10
        // business days.
        s.execute("""
                update cases set review_requested_at = closed_at + interval '1 day', review_reason = 'Not satisfied',
                    reviewer_id = (select id from identity_staff where username = 'bench'),
                    review_by = closed_at + interval '15 days', review_by_original = closed_at + interval '15 days',
                    reviewed_at = case when closed_at + interval '1 day' + (id % 20) * interval '1 day' < now()
                                       then closed_at + interval '1 day' + (id % 20) * interval '1 day' end,
                    status = case when closed_at + interval '1 day' + (id % 20) * interval '1 day' < now() then 'CLOSED' else 'UNDER_REVIEW' end,
                    review_decision = case when closed_at + interval '1 day' + (id % 20) * interval '1 day' < now()
                                           then case when id % 3 = 0 then 'CHANGED' else 'UPHELD' end end,
                    review_outcome = case when closed_at + interval '1 day' + (id % 20) * interval '1 day' >= now() then null
                                          when id % 20 <= 14 then 'MET' else 'MISSED' end
                where kind = 'COMPLAINT' and status = 'CLOSED' and closed_at is not null and id % 25 = 0""");
        s.execute("vacuum analyze");
    }
}
