package org.hearken;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.hearken.casework.BenchRegister;
import org.hearken.casework.CasePagesBenchmark;
import org.hearken.escalation.SweepBenchmark;
import org.hearken.reporting.ReportBenchmark;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * How the staff pages, the deadline sweep and the reports grow with the register. Run by bench/growth.sh; not a test.
 *
 * <p>Starts one throw-away embedded PostgreSQL and the whole application on it, then grows one register step by step
 * (by default to 1, 3 and 10 million cases): each step adds the cases up to the next size with {@link BenchRegister}
 * (spread over the same five years, the newest 3 % of them open, with the timers of the open ones), runs VACUUM
 * ANALYZE and measures everything with the other benchmarks' own code: the staff pages and searches
 * ({@link CasePagesBenchmark}), the sweep's claim ({@link SweepBenchmark}) and the report API over the last year
 * ({@link ReportBenchmark}). After each step it prints the table so far: each figure at each size and how much it grew
 * from the first size to the last, with the time each step took to fill and the size of the database.
 */
public final class GrowthBenchmark {

    private GrowthBenchmark() {}

    /** The span the cases are spread over, whatever their number: 150 s apart at a million, about 4.75 years. */
    private static final double SPAN_SECONDS = 150.0 * 1_000_000;

    public static void main(String[] args) throws Exception {
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "1000000,3000000,10000000").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int reportRuns = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Path work = Files.createTempDirectory("hearken-growth");
        Path pgData = work.resolve("pgdata");
        Map<String, List<String>> table = new LinkedHashMap<>();
        List<String> columns = new ArrayList<>();
        try (EmbeddedPostgres pg = CasePagesBenchmark.settings(EmbeddedPostgres.builder())
                .setDataDirectory(pgData)
                .setCleanDataDirectory(true)
                .setServerConfig("shared_buffers", "1GB")
                .setServerConfig("work_mem", "64MB")
                .setServerConfig("maintenance_work_mem", "1GB")
                .setServerConfig("max_wal_size", "8GB")
                .setServerConfig("checkpoint_timeout", "30min")
                .setServerConfig("full_page_writes", "off")
                .start()) {
            System.out.println("database in " + pgData);
            DataSource ds = pg.getPostgresDatabase();
            ConfigurableApplicationContext app = CasePagesBenchmark.start(pg, work.resolve("files"));
            try (app;
                    Connection c = ds.getConnection();
                    Statement s = c.createStatement()) {
                int port = ((WebServerApplicationContext) app).getWebServer().getPort();
                BenchRegister.people(s);
                s.execute("create extension if not exists pg_stat_statements");
                HttpClient http = HttpClient.newHttpClient();
                String auth = ReportBenchmark.auth("executive", "bench");
                int previous = 0;
                for (int size : sizes) {
                    columns.add(String.format("%,d", size));
                    double fill = BenchRegister.cases(ds, previous, size, SPAN_SECONDS / (size - previous));
                    long t0 = System.nanoTime();
                    s.execute("vacuum analyze");
                    double vacuum = (System.nanoTime() - t0) / 1e9;
                    long database = Long.parseLong(one(s, "select pg_database_size(current_database())"));
                    long disk = du(pgData);
                    System.out.printf(
                            "%n== %,d cases: added %,d in %.0f s, VACUUM ANALYZE %.0f s; database %.1f GB, data directory %.1f GB; load average %s%n",
                            size, size - previous, fill, vacuum, database / 1e9, disk / 1e9, load());
                    put(table, "fill (adding the cases), s", "%.0f", fill);
                    put(table, "VACUUM ANALYZE, s", "%.0f", vacuum);
                    long summariesStart = System.nanoTime();
                    ReportBenchmark.prepareSummaries(app);
                    put(table, "report summaries from scratch, s", "%.0f", (System.nanoTime() - summariesStart) / 1e9);
                    put(table, "database size, GB", "%.1f", database / 1e9);
                    put(table, "data directory on disk, GB", "%.1f", disk / 1e9);
                    put(table, "load average (1, 5, 15 min) before measuring", "%s", load());

                    Map<String, double[]> pages = CasePagesBenchmark.measure(
                            "http://localhost:" + port,
                            ds,
                            size,
                            size - BenchRegister.open(size - previous),
                            runs,
                            10,
                            30);
                    // Server time grows when other processes compete for the cores; the request's CPU time and its SQL
                    // time do not much, so their sum is printed beside it.
                    pages.forEach((page, f) -> put(
                            table, page + ", server p95 (CPU p95 + SQL), ms", "%.1f (%.1f)", f[1], f[5] + f[3] + f[6]));

                    try (Connection sweep = ds.getConnection()) {
                        long[] claim = SweepBenchmark.claim(
                                sweep, app.getBean(Clock.class).instant(), 21);
                        System.out.printf(
                                "sweep claim: median %.1f ms, max %.1f ms (%,d timers still to fire)%n",
                                claim[claim.length / 2] / 1e6,
                                claim[claim.length - 1] / 1e6,
                                Long.parseLong(one(s, "select count(*) from escalation_timer where fired_at is null")));
                        put(table, "sweep claim, median, ms", "%.1f", claim[claim.length / 2] / 1e6);
                        put(table, "sweep claim, max, ms", "%.1f", claim[claim.length - 1] / 1e6);
                    }

                    String year = ReportBenchmark.lastYear();
                    long[] compliance = ReportBenchmark.time(
                            http,
                            port,
                            auth,
                            "/api/reports/compliance?" + year,
                            reportRuns,
                            "main compliance report (GET /api/reports/compliance), one year, all departments");
                    long[] department = ReportBenchmark.time(
                            http,
                            port,
                            auth,
                            "/api/reports/compliance?" + year + "&department=B7",
                            reportRuns,
                            "main compliance report, one year, one department");
                    long[] whole = ReportBenchmark.time(
                            http,
                            port,
                            auth,
                            "/api/reports?" + year,
                            Math.max(2, reportRuns / 2),
                            "whole report with every table (GET /api/reports), one year, all departments");
                    put(table, "compliance headline, all departments, median, ms", "%.0f", median(compliance));
                    put(table, "compliance headline, one department, median, ms", "%.0f", median(department));
                    put(table, "whole report, median, ms", "%.0f", median(whole));
                    print(table, columns);
                    previous = size;
                }
                ReportBenchmark.holdIfAsked(pg.getJdbcUrl("postgres", "postgres") + " and http://localhost:" + port);
            }
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double median(long[] sortedNanos) {
        return sortedNanos[sortedNanos.length / 2] / 1e6;
    }

    private static void put(Map<String, List<String>> table, String row, String format, Object... values) {
        table.computeIfAbsent(row, k -> new ArrayList<>()).add(String.format(format, values));
    }

    /** The table so far: a row per figure, a column per size, and the growth from the first size to the last. */
    private static void print(Map<String, List<String>> table, List<String> columns) {
        StringBuilder out = new StringBuilder("\n| figure | ")
                .append(String.join(" | ", columns))
                .append(" | growth |\n|---|");
        out.append("---|".repeat(columns.size() + 1)).append('\n');
        table.forEach((row, values) -> {
            String growth = "";
            try {
                double first = Double.parseDouble(values.getFirst().split(" ")[0]);
                double last = Double.parseDouble(values.getLast().split(" ")[0]);
                if (values.size() > 1 && first > 0) {
                    growth = String.format("%.1f×", last / first);
                }
            } catch (NumberFormatException notANumber) {
                // The load average: no growth.
            }
            out.append("| ")
                    .append(row)
                    .append(" | ")
                    .append(String.join(" | ", values))
                    .append(" | ")
                    .append(growth)
                    .append(" |\n");
        });
        System.out.println(out);
    }

    private static String one(Statement s, String query) throws Exception {
        try (var rs = s.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String load() throws Exception {
        String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return parts[0] + ", " + parts[1] + ", " + parts[2];
    }

    private static long du(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (Exception gone) {
                            return 0;
                        }
                    })
                    .sum();
        }
    }
}
