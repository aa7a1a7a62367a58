package org.hearken.support;

import java.util.Set;
import java.util.UUID;
import org.hearken.identity.Role;
import org.hearken.identity.StaffAccounts;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests that run the whole application against real PostgreSQL. All of them share one Spring context,
 * so each test creates its own departments and staff with unique names instead of cleaning the database.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "hearken.register.seal-interval=PT0.2S",
            "hearken.data-dir=target/test-data",
            // Tests fire deadline timers themselves, at the times they set on the test clock.
            "hearken.watch.sweep-interval=PT1H",
            // Likewise survey invitations: tests sweep them when they mean to, so no other test's customer gets one by
            // surprise.
            "hearken.surveys.sweep-interval=PT1H",
            "hearken.reports.summary-interval=PT1H",
            // Many tests sign in with wrong passwords on purpose, all from 127.0.0.1.
            "hearken.login.max-failures-per-address=100000",
            // As behind a reverse proxy: X-Forwarded-For from 127.0.0.1 is trusted, so a test can come from its own
            // client address (the public form counts submissions per address).
            "server.forward-headers-strategy=native",
            // The monitoring system's token for /actuator/prometheus (MetricsEndpointIT).
            "hearken.metrics.token=" + IntegrationTest.METRICS_TOKEN,
            // Tests deliver webhooks when they mean to (Webhooks.runDueNow), at the times they set on the test clock,
            // to receivers on this machine.
            "hearken.webhooks.worker=manual",
            "hearken.webhooks.allow-private-addresses=true"
        })
@Import(IntegrationTest.ClockConfig.class)
public abstract class IntegrationTest {

    /** The scrape token of the metrics endpoint in the tests' application. */
    public static final String METRICS_TOKEN = "test-scrape-token-0123456789abcdef0123456789";

    /**
     * One clock for every application context in the test JVM. Contexts are cached and stay alive, so their scheduled
     * jobs (the outbox above all, every 0.2 s) go on working on the one shared database while other test classes run;
     * with a clock per context they would act on another time than the running test's (an outbox whose clock is real
     * time sends a message the test holds back until its clock says so).
     */
    private static final TestClock CLOCK = new TestClock();

    @TestConfiguration(proxyBeanMethods = false)
    static class ClockConfig {
        @Bean
        @Primary
        TestClock testClock() {
            return CLOCK;
        }
    }

    @Autowired
    protected TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    protected static final String PASSWORD = "correct horse battery";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
        TestMail.register(registry);
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected StaffAccounts accounts;

    @Autowired
    protected JdbcClient jdbc;

    /** A fresh department with a lead, and helpers to add more staff to it. */
    protected final class Dept {
        public final String code;
        public final String lead;

        Dept(String code, String lead) {
            this.code = code;
            this.lead = lead;
        }

        public String staff(Role... roles) {
            String username = "u" + unique().toLowerCase();
            accounts.createStaff(new StaffAccounts.NewStaff(
                    username, "Staff " + username, username + "@example.org", PASSWORD, Set.of(roles), Set.of(code)));
            return username;
        }

        public ApiClient as(String username) {
            return ApiClient.basic(port, username, PASSWORD);
        }
    }

    protected Dept department() {
        String code = "D" + unique();
        accounts.createDepartment(code, "Department " + code, false);
        Dept dept = new Dept(code, null);
        String lead = dept.staff(org.hearken.identity.Role.MANAGER, org.hearken.identity.Role.AGENT);
        accounts.setDepartmentLead(code, lead);
        return new Dept(code, lead);
    }

    /** The leads of the departments {@link #namedDepartment} made, by department code. */
    private static final java.util.Map<String, String> NAMED_DEPARTMENT_LEADS = new java.util.HashMap<>();

    /**
     * The department {@code code} that the application's settings name (a mailbox's, say), with a lead who is a
     * manager and agent called {@code leadName}: made by the first test of the JVM that asks, then found again. Returns
     * the lead's username.
     */
    protected String namedDepartment(String code, String name, String leadName) {
        synchronized (NAMED_DEPARTMENT_LEADS) {
            return NAMED_DEPARTMENT_LEADS.computeIfAbsent(code, c -> {
                accounts.createDepartment(c, name, false);
                String username = "u" + unique().toLowerCase(java.util.Locale.ROOT);
                accounts.createStaff(new StaffAccounts.NewStaff(
                        username, leadName, null, PASSWORD, Set.of(Role.MANAGER, Role.AGENT), Set.of(c)));
                accounts.setDepartmentLead(c, username);
                return username;
            });
        }
    }

    protected String staffWithoutDepartment(Role... roles) {
        String username = "u" + unique().toLowerCase();
        accounts.createStaff(
                new StaffAccounts.NewStaff(username, "Staff " + username, null, PASSWORD, Set.of(roles), Set.of()));
        return username;
    }

    protected ApiClient as(String username) {
        return ApiClient.basic(port, username, PASSWORD);
    }

    private final java.util.Map<String, FormSession> visitors = new java.util.HashMap<>();

    /**
     * A page visitor signed in through the sign-in form as {@code username}: the same one (the same session) for the
     * rest of the test. Like a browser, it reads the page each form redirects to before its next request.
     */
    protected FormSession signedIn(String username) {
        return visitors.computeIfAbsent(
                username, u -> FormSession.signedIn(port, u, PASSWORD).readingRedirectsLater());
    }

    protected ApiClient anonymous() {
        return ApiClient.anonymous(port);
    }

    /** A client address no other test uses (IPv6 documentation range), to send as {@code X-Forwarded-For}. */
    protected static String uniqueClientAddress() {
        UUID u = UUID.randomUUID();
        return "2001:db8:1::" + Integer.toHexString((int) (u.getMostSignificantBits() & 0xffff)) + ":"
                + Integer.toHexString((int) (u.getLeastSignificantBits() & 0xffff));
    }

    /** The ids of the web sessions stored now. */
    protected java.util.Set<String> sessionIds() {
        return new java.util.HashSet<>(jdbc.sql("select primary_id from spring_session")
                .query(String.class)
                .list());
    }

    protected static String unique() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
    }
}
