package org.hearken.escalation;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Times the deadline sweep's claim query and the exceptions view over a large database. Run by bench/watch-sweep.sh;
 * not a test. Fills N open cases, each with warning, breach and escalation timers for two stages, a thousand of them due.
 */
public final class SweepBenchmark {

    private SweepBenchmark() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("max_wal_size", "4GB")
                .start()) {
            DataSource ds = pg.getPostgresDatabase();
            Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            Instant now = Instant.parse("2026-12-10T03:00:00Z");
            try (Connection c = ds.getConnection();
                    Statement s = c.createStatement()) {
                long t0 = System.nanoTime();
                s.execute(
                        "insert into identity_department (code, name) select 'D' || g, 'Department ' || g from generate_series(1, 20) g");
                s.execute("""
                        insert into identity_staff (username, full_name, password_hash, created_at)
                        select 'staff' || g, 'Staff ' || g, '{noop}x', now() from generate_series(1, 200) g""");
                s.execute("insert into identity_membership select id, 1 + id % 20 from identity_staff");
                s.execute("""
                        insert into cases (reference, kind, channel, status, received_at, logged_at, subject, description,
                            customer_name, customer_email, preferred_reply, department_id, owner_id, logged_by,
                            acknowledge_by, respond_by, respond_by_original, expected_by, updated_at)
                        select 'B-' || g, 'COMPLAINT', 'EMAIL', 'RECEIVED', ts, ts, 'Case ' || g, 'Bench', 'C' || g,
                               'c' || g || '@example.net', 'EMAIL', 1 + mod(g, 20), 1 + mod(g, 200), 1 + mod(g, 200),
                               ts + interval '1 day', ts + interval '9 days', ts + interval '9 days', ts + interval '9 days', ts
                        from generate_series(1, %d) g, lateral (select timestamptz '2026-12-10 03:00+00'
                            + ((g - %d) * interval '1 minute') as ts) x""".formatted(n, n - 1000));
                // Timers as the watch schedules them: most in the future, the last thousand cases' warnings due now.
                s.execute("""
                        insert into escalation_timer (case_id, stage, kind, due_at, fire_at)
                        select c.id, st.stage, k.kind, case st.stage when 'ACKNOWLEDGE' then c.acknowledge_by else c.respond_by end,
                               case st.stage when 'ACKNOWLEDGE' then c.acknowledge_by else c.respond_by end
                                   + case k.kind when 'WARNING' then interval '-4 hours' when 'BREACH' then interval '16 hours'
                                                 else interval '1 day' end
                        from cases c, (values ('ACKNOWLEDGE'), ('RESPOND')) st(stage), (values ('WARNING'), ('BREACH'), ('ESCALATION')) k(kind)""");
                s.execute("analyze");
                System.out.printf(
                        "filled %,d open cases and %,d timers in %.1f s%n", n, 6L * n, (System.nanoTime() - t0) / 1e9);
                long[] sweep = claim(c, now, 21);
                c.setAutoCommit(false);
                long[] exceptions =
                        time(c, "select count(*) from (" + DeadlineWatch.OPEN_CASES + ") o", null, 5, false);
                System.out.printf(
                        "sweep claim (200 due timers of %,d): median %.1f ms, max %.1f ms%n",
                        6L * n, sweep[sweep.length / 2] / 1e6, sweep[sweep.length - 1] / 1e6);
                System.out.printf(
                        "scan of %,d open cases computing each next due date (the core of the exceptions and at-risk views): median %.1f ms%n",
                        n, exceptions[exceptions.length / 2] / 1e6);
            }
        }
    }

    /**
     * Times the sweep's claim of the due timers at {@code now}, {@code runs} times, each in a transaction rolled back;
     * returns the times in nanoseconds, sorted.
     */
    public static long[] claim(Connection c, Instant now, int runs) throws Exception {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            return time(c, DeadlineSweep.CLAIM, now, runs, true);
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static long[] time(Connection c, String sql, Instant now, int runs, boolean claim) throws Exception {
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (claim) {
                    ps.setTimestamp(1, Timestamp.from(now));
                    ps.setInt(2, DeadlineSweep.BATCH);
                }
                long t0 = System.nanoTime();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rs.getLong(1);
                    }
                }
                nanos[i] = System.nanoTime() - t0;
            }
            c.rollback();
        }
        Arrays.sort(nanos);
        return nanos;
    }
}
