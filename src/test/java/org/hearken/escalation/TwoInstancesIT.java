package org.hearken.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hearken.support.CaseBuilder.API;
import static org.hearken.support.CaseBuilder.aComplaint;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.hearken.HearkenApplication;
import org.hearken.identity.Role;
import org.hearken.support.IntegrationTest;
import org.hearken.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Two Hearken instances on one database, one clock: every warning and escalation fires exactly once. */
class TwoInstancesIT extends IntegrationTest {

    @Autowired
    DeadlineSweep first;

    ConfigurableApplicationContext secondInstance;

    @BeforeEach
    void startSecondInstance() throws Exception {
        org.hearken.policy.PolicyTestSupport.ensureActive(as(staffWithoutDepartment(Role.ADMIN)), "metart");
        jdbc.sql("update escalation_timer set fired_at = now(), outcome = 'OBSOLETE' where fired_at is null")
                .update();
        // Command-line arguments outrank application.yml, so the second instance really uses the test database.
        secondInstance = new SpringApplicationBuilder(HearkenApplication.class)
                .initializers(context -> context.getBeanFactory().registerSingleton("sharedTestClock", clock))
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=" + TestDatabase.url(),
                        "--spring.datasource.username=" + System.getenv().getOrDefault("TEST_PG_USER", "postgres"),
                        "--spring.datasource.password=" + System.getenv().getOrDefault("TEST_PG_PASSWORD", ""),
                        "--hearken.data-dir=target/second-instance",
                        // Every instance signs register checkpoints with the one shared key.
                        "--hearken.register.key-file=target/test-data/register-key.pem",
                        "--hearken.watch.sweep-interval=PT1H",
                        "--hearken.register.seal-interval=PT1S",
                        "--spring.main.banner-mode=off");
        String database = "select current_database() || ':' || inet_server_port() || ':' || pg_postmaster_start_time()";
        assertThat(secondInstance
                        .getBean(org.springframework.jdbc.core.simple.JdbcClient.class)
                        .sql(database)
                        .query(String.class)
                        .single())
                .isEqualTo(jdbc.sql(database).query(String.class).single());
    }

    @AfterEach
    void stopSecondInstance() {
        if (secondInstance != null && secondInstance.isActive()) {
            secondInstance.close();
        }
    }

    private List<String> openCases(Dept dept, int count) {
        List<String> references = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            references.add(aComplaint()
                    .by(API)
                    .subject("Case " + i)
                    .description("Watch me")
                    .inDepartment(dept)
                    .from("Ann")
                    .email("ann" + i + "@example.net")
                    .postedBy(dept.as(dept.lead))
                    .json()
                    .get("reference")
                    .asString());
        }
        return references;
    }

    private void assertEachTimerFiredExactlyOnce(String departmentCode) {
        // No timer of these cases is left due, and each sent timer produced one register entry and one notice per
        // person.
        Instant now = clock.instant();
        assertThat(jdbc.sql("""
                        select count(*) from escalation_timer t join cases c on c.id = t.case_id
                        join identity_department d on d.id = c.department_id
                        where d.code = ? and t.fired_at is null and t.fire_at <= ?""")
                        .params(departmentCode, java.sql.Timestamp.from(now))
                        .query(Long.class)
                        .single())
                .as(() -> "timers still due at " + now + ": "
                        + jdbc.sql("""
                                        select t.id, t.stage, t.kind, t.due_at, t.fire_at, c.reference, c.status,
                                               (select array_agg(r.stage || '@' || r.due) from case_running_stage r where r.case_id = c.id)
                                        from escalation_timer t join cases c on c.id = t.case_id
                                        join identity_department d on d.id = c.department_id
                                        where d.code = ? and t.fired_at is null and t.fire_at <= ?""")
                                .params(departmentCode, java.sql.Timestamp.from(now))
                                .query((rs, n) -> java.util.stream.IntStream.rangeClosed(1, 8)
                                        .mapToObj(i -> {
                                            try {
                                                return String.valueOf(rs.getObject(i));
                                            } catch (java.sql.SQLException e) {
                                                throw new IllegalStateException(e);
                                            }
                                        })
                                        .toList())
                                .list())
                .isZero();
        long sent = jdbc.sql("""
                        select count(*) from escalation_timer t join cases c on c.id = t.case_id
                        join identity_department d on d.id = c.department_id where d.code = ? and t.outcome = 'SENT'""").param(departmentCode).query(Long.class).single();
        long registered = jdbc.sql("""
                        select count(*) from register_event e join cases c on c.id = e.case_id
                        join identity_department d on d.id = c.department_id where d.code = ? and e.type = 'DeadlineNotice'""").param(departmentCode).query(Long.class).single();
        assertThat(sent).isPositive();
        assertThat(registered).isEqualTo(sent);
        // Per timer of these cases (notices of a reply after closure have no timer, and other tests' cases are theirs).
        assertThat(jdbc.sql("""
                        select count(*) from (
                            select n.timer_id, n.recipient_id from escalation_notice n join cases c on c.id = n.case_id
                            join identity_department d on d.id = c.department_id
                            where d.code = ? and n.timer_id is not null
                            group by 1, 2 having count(*) > 1) x""").param(departmentCode).query(Long.class).single())
                .as("a timer's notice sent twice to one person")
                .isZero();
    }

    @Test
    void twoInstancesSweepingTogetherFireEveryTimerOnce() throws Exception {
        Dept dept = department();
        staffWithoutDepartment(Role.EXECUTIVE);
        clock.set(
                ZonedDateTime.parse("2026-11-30T10:00+11:00[Australia/Sydney]").toInstant());
        List<String> references = openCases(dept, 12);
        DeadlineSweep second = secondInstance.getBean(DeadlineSweep.class);

        // Step through the next days in business hours; both instances sweep at every step, at the same time.
        for (String local : List.of(
                "2026-12-01T13:30",
                "2026-12-02T09:15",
                "2026-12-02T16:59:59",
                "2026-12-09T14:00",
                "2026-12-10T09:05",
                "2026-12-10T16:59:59")) {
            clock.set(ZonedDateTime.parse(local + "+11:00[Australia/Sydney]").toInstant());
            List<Callable<Integer>> sweeps = List.of(first::sweep, second::sweep, first::sweep, second::sweep);
            try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
                for (Future<Integer> f : pool.invokeAll(sweeps)) {
                    f.get();
                }
            }
        }

        assertThat(references).hasSize(12);
        assertEachTimerFiredExactlyOnce(dept.code);
    }

    @Test
    void anInstanceStoppedWhileSweepingLosesNothingAndDuplicatesNothing() throws Exception {
        Dept dept = department();
        staffWithoutDepartment(Role.EXECUTIVE);
        clock.set(
                ZonedDateTime.parse("2026-11-30T10:00+11:00[Australia/Sydney]").toInstant());
        openCases(dept, 40);
        DeadlineSweep second = secondInstance.getBean(DeadlineSweep.class);
        clock.set(ZonedDateTime.parse("2026-12-10T16:59:59+11:00[Australia/Sydney]")
                .toInstant());

        try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
            Future<?> sweeping = pool.submit(() -> {
                try {
                    second.sweep();
                } catch (RuntimeException stopped) {
                    // The instance went away under it; its open transaction is rolled back by the database.
                }
            });
            secondInstance.close();
            sweeping.get();
        }
        // The stopped instance's claim ends when the database sees its connection go, a moment after the close; until
        // then the timers it had claimed are skipped, not lost. Sweeping again fires them, each once.
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            first.sweep();
            assertEachTimerFiredExactlyOnce(dept.code);
        });
    }
}
