package org.hearken.casework;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.hearken.HearkenApplication;
import org.hearken.reporting.ReportBenchmark;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Server time of the staff queue page, the case page and their neighbours with a million cases stored (docs/architecture.md
 * target: at most 50 ms p95 for a queue page and a case page). Run by bench/case-pages.sh; not a test.
 *
 * <p>Starts its own throw-away embedded PostgreSQL and the whole application on it, fills N cases (default 1,000,000)
 * over almost five years like a council's register: 3 % open (the newest), the rest closed, 20 departments, 200
 * staff, 250,000 customers and two register events per case. Then signs in through the login form like a browser and
 * requests each page sequentially, and the customer search of the API as an agent. Server time is taken by a filter in front of everything (security, session in
 * PostgreSQL, controller, template); the client's time over localhost is printed beside it, and so are the CPU time
 * of the request's thread, the time PostgreSQL spent executing its statements and the time it spent planning them
 * (pg_stat_statements, with track_planning; a statement planned once and reused plans for 0 ms), which do not grow
 * much when other processes compete for the cores.
 */
public final class CasePagesBenchmark {

    private CasePagesBenchmark() {}

    /** Server nanoseconds per label (the X-Bench header of the request). */
    static final Map<String, List<Long>> SERVER = new ConcurrentHashMap<>();

    /** CPU nanoseconds of the request's thread per label: what the page costs whatever else the machine is doing. */
    static final Map<String, List<Long>> CPU = new ConcurrentHashMap<>();

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        var dataDir = Files.createTempDirectory("hearken-bench");
        try (EmbeddedPostgres pg = settings(EmbeddedPostgres.builder())
                .setServerConfig("shared_buffers", "512MB")
                .setServerConfig("work_mem", "16MB")
                .start()) {
            ConfigurableApplicationContext app = start(pg, dataDir);
            try {
                int port = ((WebServerApplicationContext) app).getWebServer().getPort();
                fill(pg.getPostgresDatabase(), n);
                // For looking at query plans by hand.
                ReportBenchmark.holdIfAsked(pg.getJdbcUrl("postgres", "postgres") + " and http://localhost:" + port);
                measure("http://localhost:" + port, runs, n, pg.getPostgresDatabase());
            } finally {
                app.close();
            }
        }
    }

    /** The throw-away PostgreSQL's settings for filling fast and reading statement statistics. */
    public static EmbeddedPostgres.Builder settings(EmbeddedPostgres.Builder builder) {
        return builder.setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("max_wal_size", "4GB")
                .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                .setServerConfig("pg_stat_statements.track_planning", "on");
    }

    /**
     * The whole application on the given database, with the timing filter in front of everything, platform threads
     * (so that a request's CPU time can be read) and no deadline sweep or survey sweep while the benchmark runs.
     */
    public static ConfigurableApplicationContext start(EmbeddedPostgres pg, java.nio.file.Path dataDir) {
        return new SpringApplicationBuilder(HearkenApplication.class)
                .initializers(ctx -> ((org.springframework.context.support.GenericApplicationContext) ctx)
                        .registerBean("benchTimer", FilterRegistrationBean.class, CasePagesBenchmark::timer))
                // As arguments, which override application.yml (default properties would not).
                .run(
                        "--spring.datasource.url=" + pg.getJdbcUrl("postgres", "postgres"),
                        "--spring.datasource.username=postgres",
                        "--server.port=0",
                        "--server.servlet.session.cookie.secure=false",
                        "--hearken.data-dir=" + dataDir,
                        "--hearken.watch.sweep-interval=P1D",
                        "--hearken.surveys.sweep-interval=P1D",
                        // The benchmarks build the report summaries themselves after a fill.
                        "--hearken.reports.summary-interval=P1D",
                        "--hearken.mail.auto-acknowledge=false",
                        "--logging.level.root=warn",
                        // Platform threads, so that the request's CPU time can be read; one client at a time either
                        // way.
                        "--spring.threads.virtual.enabled=false");
    }

    private static FilterRegistrationBean<OncePerRequestFilter> timer() {
        FilterRegistrationBean<OncePerRequestFilter> bean = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                long t0 = System.nanoTime();
                long cpu0 = THREADS.getCurrentThreadCpuTime();
                try {
                    chain.doFilter(request, response);
                    response.flushBuffer();
                } finally {
                    String label = request.getHeader("X-Bench");
                    if (label != null) {
                        SERVER.computeIfAbsent(label, k -> new CopyOnWriteArrayList<>())
                                .add(System.nanoTime() - t0);
                        CPU.computeIfAbsent(label, k -> new CopyOnWriteArrayList<>())
                                .add(THREADS.getCurrentThreadCpuTime() - cpu0);
                    }
                }
            }
        });
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return bean;
    }

    static void fill(DataSource ds, int n) throws Exception {
        long t0 = System.nanoTime();
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            BenchRegister.people(s);
            BenchRegister.cases(ds, 0, n, 150);
            s.execute("vacuum analyze");
            s.execute("create extension if not exists pg_stat_statements");
        }
        System.out.printf(
                "filled %,d cases (%,d open), 250,000 customers and their register events in %.0f s%n",
                n, BenchRegister.open(n), (System.nanoTime() - t0) / 1e9);
    }

    static void measure(String base, int runs, int n, DataSource ds) throws Exception {
        measure(base, ds, n, n - BenchRegister.open(n), runs, Math.max(100, runs / 2), Double.MAX_VALUE);
    }

    /**
     * Requests each page {@code runs} times (or for {@code secondsPerPage}, whichever ends first) after
     * {@code warmUpRounds} rounds of all of them, prints a line per page and returns, per page, the server p50, p95 and
     * p99, the SQL time per request, the number of requests, the CPU p95 and the planning time per request (times in
     * milliseconds). Case pages are drawn half from cases {@code openFrom + 1} …
     * {@code n} (open) and half from all.
     */
    public static Map<String, double[]> measure(
            String base, DataSource ds, int n, int openFrom, int runs, int warmUpRounds, double secondsPerPage)
            throws Exception {
        Map<String, double[]> figures = new LinkedHashMap<>();
        boolean verbose = System.getenv("BENCH_VERBOSE") != null;
        Client agent = Client.signIn(base, "staff20"); // an agent of department B1
        Client manager = Client.signIn(base, "staff0"); // B1's lead and manager
        Client executive = Client.signIn(base, "executive");
        Random random = new Random(42);
        int open = n - openFrom;
        // Cases of B1 (g % 20 == 0): half of them open, half from anywhere in the past.
        List<String> references = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int g = i % 2 == 0 ? n - random.nextInt(open) : 1 + random.nextInt(n);
            g = Math.max(20, g - g % 20 + 20 > n ? g - g % 20 : g - g % 20 + 20);
            references.add(referenceOf(ds, g));
        }
        Map<String, Runnable> pages = new LinkedHashMap<>();
        int[] i = {0};
        pages.put("queue page (agent, /cases/queue)", () -> agent.get("/cases/queue", "queue"));
        pages.put("my cases (agent, /cases/mine)", () -> agent.get("/cases/mine", "mine"));
        pages.put(
                "case page (agent, /cases/{reference})",
                () -> agent.get("/cases/" + references.get(i[0]++ % references.size()), "case"));
        pages.put("queue page, overdue filter", () -> agent.get("/cases/queue?due=overdue", "overdue"));
        pages.put("all cases (manager, /cases)", () -> manager.get("/cases", "all"));
        List<String> surnames = List.of(
                sql(ds, "select string_agg(surname(1 + (g * 7919) % 250000), ',') from generate_series(1, 100) g")
                        .split(","));
        pages.put(
                "search by customer surname",
                () -> agent.get(
                        "/cases/search?q=" + enc(surnames.get(random.nextInt(surnames.size()))), "search-name"));
        // Words of a tenth of all cases, among them the agent's department's: the newest matches come quickly.
        pages.put(
                "search by words (common, in own cases)",
                () -> agent.get("/cases/search?q=" + enc("bin collected"), "search-words"));
        // Words of a tenth of all cases but of none the agent may see: every match must be looked at and refused.
        pages.put(
                "search by words (worst case: none visible)",
                () -> agent.get("/cases/search?q=" + enc("pothole main road"), "search-words-none"));
        pages.put(
                "search by words (executive, common)",
                () -> executive.get("/cases/search?q=" + enc("pothole main road"), "search-words-executive"));
        pages.put(
                "search by phone digits",
                () -> agent.get(
                        "/cases/search?q=" + enc(String.format("%08d", random.nextInt(250000))), "search-phone"));
        // Customer search over the API (basic authentication, as an API client): 250,000 customers.
        Client agentApi = Client.basic(base, "staff20");
        List<String> fragments = surnames.stream()
                .filter(surname -> surname.length() >= 6)
                .map(surname -> surname.substring(1, 5).toLowerCase(java.util.Locale.ROOT))
                .toList();
        pages.put(
                "customer search, part of a surname (API)",
                () -> agentApi.get(
                        "/api/customers?q=" + enc(fragments.get(random.nextInt(fragments.size()))),
                        "customers-fragment"));
        // A first name: one customer in twenty, and few of them the agent may see.
        pages.put(
                "customer search, a first name (API)",
                () -> agentApi.get("/api/customers?q=" + enc("grace"), "customers-first-name"));
        System.out.printf(
                "load average before measuring: %.1f on %d cores%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        System.out.printf(
                "%-44s %12s %12s %12s %12s %12s %12s %12s%n",
                "page (" + runs + " requests each)",
                "server p50",
                "server p95",
                "server p99",
                "client p95",
                "CPU p95",
                "SQL/request",
                "plan/request");
        // Warm up every page first, so that no page is measured while the JIT is still compiling another's code.
        long warm = System.nanoTime();
        for (int w = 0; w < warmUpRounds && (System.nanoTime() - warm) / 1e9 < secondsPerPage; w++) {
            pages.values().forEach(Runnable::run);
        }
        for (Map.Entry<String, Runnable> page : pages.entrySet()) {
            long started = System.nanoTime();
            for (int w = 0; w < 20 && (System.nanoTime() - started) / 1e9 < secondsPerPage / 4; w++) {
                page.getValue().run();
            }
            SERVER.clear();
            CPU.clear();
            sql(ds, "select pg_stat_statements_reset()");
            long[] client = new long[runs];
            int done = 0;
            started = System.nanoTime();
            while (done < runs && (done == 0 || (System.nanoTime() - started) / 1e9 < secondsPerPage)) {
                long t0 = System.nanoTime();
                page.getValue().run();
                client[done++] = System.nanoTime() - t0;
            }
            client = Arrays.copyOf(client, done);
            long[] server = SERVER.values().iterator().next().stream()
                    .mapToLong(Long::longValue)
                    .sorted()
                    .toArray();
            long[] cpu = CPU.values().iterator().next().stream()
                    .mapToLong(Long::longValue)
                    .sorted()
                    .toArray();
            Arrays.sort(client);
            String[] statements = sql(
                            ds,
                            "select coalesce(sum(total_exec_time), 0) || ' ' || coalesce(sum(total_plan_time), 0)"
                                    + " from pg_stat_statements where query not like '%pg_stat_statements%'")
                    .split(" ");
            double sqlMs = Double.parseDouble(statements[0]) / done;
            double planMs = Double.parseDouble(statements[1]) / done;
            figures.put(page.getKey(), new double[] {
                pct(server, 50), pct(server, 95), pct(server, 99), sqlMs, done, pct(cpu, 95), planMs
            });
            System.out.printf(
                    "%-44s %9.1f ms %9.1f ms %9.1f ms %9.1f ms %9.1f ms %9.1f ms %9.1f ms%n",
                    page.getKey(),
                    pct(server, 50),
                    pct(server, 95),
                    pct(server, 99),
                    pct(client, 95),
                    pct(cpu, 95),
                    sqlMs,
                    planMs);
            if (verbose) {
                System.out.println(sql(
                        ds,
                        "select string_agg(round(mean_exec_time::numeric, 2) || ' ms x' || calls || ': '"
                                + " || left(regexp_replace(query, '\\s+', ' ', 'g'), 160), E'\\n' order by total_exec_time desc)"
                                + " from (select * from pg_stat_statements where query not like '%pg_stat_statements%'"
                                + " order by total_exec_time desc limit 5) t"));
            }
        }
        return figures;
    }

    /**
     * Case g's reference, looked up by its unique key: the fill numbers case g in the year it was received, and spreads
     * the cases over the last five years or so. (A search for it took seconds at ten million cases.)
     */
    static String referenceOf(DataSource ds, int g) {
        String reference = sql(ds, """
                select reference from cases where reference = any(array(
                    select 'HK-' || y || '-' || lpad('%d', greatest(7, length('%d')), '0')
                    from generate_series(extract(year from now())::int - 6, extract(year from now())::int) y))""".formatted(g, g));
        if (reference == null) {
            throw new IllegalStateException("case " + g + " not found");
        }
        return reference;
    }

    private static String sql(DataSource ds, String query) {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement();
                var rs = s.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A browser's worth of HTTP: one session cookie, signed in through the login form. */
    static final class Client {

        private static final HttpClient HTTP = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

        private final String base;
        private final Map<String, String> cookies = new ConcurrentHashMap<>();
        private String authorization;

        private Client(String base) {
            this.base = base;
        }

        static Client signIn(String base, String username) throws Exception {
            Client c = new Client(base);
            String login = c.send(
                            HttpRequest.newBuilder(URI.create(base + "/login")).GET(), null)
                    .body();
            Matcher m = CSRF.matcher(login);
            if (!m.find()) {
                throw new IllegalStateException("no CSRF token on the sign-in page");
            }
            String form = "username=" + enc(username) + "&password=bench&_csrf=" + enc(m.group(1));
            HttpResponse<String> r = c.send(
                    HttpRequest.newBuilder(URI.create(base + "/login"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form)),
                    null);
            if (r.statusCode() != 302
                    || r.headers().firstValue("Location").orElse("").contains("error")) {
                throw new IllegalStateException("sign-in of " + username + " failed: " + r.statusCode() + " "
                        + r.headers().map());
            }
            return c;
        }

        /** An API client: every request carries the user's name and password (HTTP basic authentication). */
        static Client basic(String base, String username) {
            Client c = new Client(base);
            c.authorization = org.hearken.reporting.ReportBenchmark.auth(username, "bench");
            return c;
        }

        void get(String path, String label) {
            HttpResponse<String> r =
                    send(HttpRequest.newBuilder(URI.create(base + path)).GET(), label);
            if (r.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + r.statusCode());
            }
        }

        private HttpResponse<String> send(HttpRequest.Builder request, String label) {
            if (!cookies.isEmpty()) {
                request.header(
                        "Cookie",
                        String.join(
                                "; ",
                                cookies.entrySet().stream()
                                        .map(e -> e.getKey() + "=" + e.getValue())
                                        .toList()));
            }
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            if (label != null) {
                request.header("X-Bench", label);
            }
            try {
                HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
                for (String set : r.headers().allValues("Set-Cookie")) {
                    String pair = set.split(";", 2)[0];
                    int eq = pair.indexOf('=');
                    cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
                return r;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
