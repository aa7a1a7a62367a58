package org.hearken.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.ExtendedLockConfigurationExtractor;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.hearken.support.IntegrationTest;
import org.hearken.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every cluster lock (each {@code @SchedulerLock} job's, a mailbox's) outlives an instance that died holding it by
 * less than 30 seconds, by the database's clock, while a live holder keeps its lock for as long as it works. The dead
 * instance here is one that lost its database connections for good, as a killed process or a dead machine does; the
 * live one has every connection of its application pool busy, and renews through the locks' own pool.
 */
class ClusterLocksIT extends IntegrationTest {

    @Autowired
    ApplicationContext context;

    @Autowired
    ExtendedLockConfigurationExtractor jobLocks;

    @Autowired
    LockProvider locks;

    @Autowired
    DataSource dataSource;

    @Test
    void locksOfAnInstanceThatDiedAreFreeWithinThirtySecondsWhileALiveHolderKeepsRenewingItsOwn() throws Exception {
        // What each job asks for when it runs, under a name of this test's own so that the jobs themselves run on.
        Map<String, LockConfiguration> asked = new LinkedHashMap<>();
        jobConfigurations()
                .forEach((job, configuration) -> asked.put(
                        job,
                        new LockConfiguration(
                                clock.instant(),
                                "test-" + unique() + "-" + job,
                                configuration.getLockAtMostFor(),
                                configuration.getLockAtLeastFor())));
        assertThat(asked).containsKeys("register-seal", "survey-sweep", "deadline-sweep");
        String mailbox = "mail-intake:test-" + unique();

        HikariDataSource deadInstancesDatabase = pool();
        ClusterLocks deadInstance = new ClusterLocks(deadInstancesDatabase, clock);
        for (LockConfiguration configuration : asked.values()) {
            assertThat(deadInstance.lock(configuration))
                    .as(configuration.getName())
                    .isPresent();
        }
        assertThat(deadInstance.tryLock(mailbox)).isPresent();
        String live = "test-live-" + unique();
        SimpleLock liveLock = locks.lock(
                        new LockConfiguration(clock.instant(), live, ClusterLocks.LEASE, Duration.ZERO))
                .orElseThrow();
        AtomicInteger outboxRenewals = new AtomicInteger();
        ClusterLocks.Renewal outboxClaim =
                ((ClusterLocks) locks).keepRenewing("a test's claim", () -> outboxRenewals.incrementAndGet() > 0);
        long died = System.nanoTime();
        deadInstancesDatabase.close();

        // Meanwhile every connection of this instance's application pool is busy: its locks are renewed all the same.
        assertThat(dataSource).isInstanceOf(HikariDataSource.class);
        List<Connection> busy = new ArrayList<>();
        Duration free;
        try {
            for (int i = 0; i < ((HikariDataSource) dataSource).getMaximumPoolSize(); i++) {
                busy.add(dataSource.getConnection());
            }
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        for (LockConfiguration configuration : asked.values()) {
                            takeAndRelease(locks, configuration);
                        }
                        takeAndRelease(
                                locks,
                                new LockConfiguration(clock.instant(), mailbox, ClusterLocks.LEASE, Duration.ZERO));
                    });
            free = Duration.ofNanos(System.nanoTime() - died);
        } finally {
            for (Connection connection : busy) {
                connection.close();
            }
        }
        System.out.printf(
                "cluster locks: the dead instance's %d locks were free %.1f s after it died (lease %s)%n",
                asked.size() + 1, free.toMillis() / 1000.0, ClusterLocks.LEASE);

        // By now the live lock is older than its lease; renewed, it is still this instance's.
        assertThat(free).isGreaterThan(ClusterLocks.LEASE.minusSeconds(1));
        LockProvider anotherInstance = plainProvider();
        LockConfiguration liveAsked = new LockConfiguration(clock.instant(), live, ClusterLocks.LEASE, Duration.ZERO);
        assertThat(anotherInstance.lock(liveAsked)).isEmpty();
        assertThat(outboxRenewals.get()).isGreaterThanOrEqualTo(3);
        outboxClaim.close();
        liveLock.unlock();
        anotherInstance.lock(liveAsked).orElseThrow().unlock();
        deadInstance.close();
    }

    @Test
    void aHolderThatCanNoLongerRenewItsLockIsToldItLostIt() throws Exception {
        HikariDataSource database = pool();
        ClusterLocks instance = new ClusterLocks(database, clock);
        try {
            ClusterLocks.Held held = instance.tryLock("test-lost-" + unique()).orElseThrow();
            AtomicInteger told = new AtomicInteger();
            held.whenLost(told::incrementAndGet);
            database.close();

            await().atMost(Duration.ofSeconds(30)).until(held::lost);
            assertThat(told).hasValue(1);
            // Nothing left to release: the lease has run out, and another instance may hold the lock by now.
            held.unlock();
        } finally {
            instance.close();
        }
    }

    @Test
    void theServerIsAskedToNoticeADeadClientMachineWithinHalfAMinute() {
        // Claims held as row locks in an open transaction (deadline timers, survey invitations, register seals) are let
        // go
        // when the server drops the connection of a machine that died: keepalive probes after 10 s, 3 missed 5 s apart.
        Map<String, String> settings = new LinkedHashMap<>();
        jdbc.sql(
                        "select name, setting from pg_settings where name in"
                                + " ('tcp_keepalives_idle', 'tcp_keepalives_interval', 'tcp_keepalives_count', 'tcp_user_timeout') order by name")
                .query((rs, n) -> settings.put(rs.getString(1), rs.getString(2)))
                .list();

        assertThat(settings)
                .containsExactly(
                        Map.entry("tcp_keepalives_count", "3"),
                        Map.entry("tcp_keepalives_idle", "10"),
                        Map.entry("tcp_keepalives_interval", "5"),
                        Map.entry("tcp_user_timeout", "25000"));
    }

    /** The lock configuration each {@code @SchedulerLock} job runs with, by the job's lock name. */
    private Map<String, LockConfiguration> jobConfigurations() {
        Map<String, LockConfiguration> jobs = new LinkedHashMap<>();
        for (String name : context.getBeanDefinitionNames()) {
            Object bean = context.getBean(name);
            for (Method method : AopUtils.getTargetClass(bean).getDeclaredMethods()) {
                if (AnnotatedElementUtils.hasAnnotation(method, SchedulerLock.class)) {
                    jobLocks.getLockConfiguration(bean, method, new Object[0])
                            .ifPresent(configuration -> jobs.put(configuration.getName(), configuration));
                }
            }
        }
        return jobs;
    }

    private static void takeAndRelease(LockProvider provider, LockConfiguration configuration) {
        Optional<SimpleLock> lock = provider.lock(configuration);
        assertThat(lock).as("%s is free", configuration.getName()).isPresent();
        lock.get().unlock();
    }

    private static HikariDataSource pool() {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(TestDatabase.url());
        pool.setUsername(System.getenv().getOrDefault("TEST_PG_USER", "postgres"));
        pool.setPassword(System.getenv().getOrDefault("TEST_PG_PASSWORD", ""));
        pool.setMaximumPoolSize(2);
        pool.setConnectionTimeout(2000);
        return pool;
    }

    /** Another instance asking for a lock once, as ShedLock does, with no renewal. */
    private LockProvider plainProvider() {
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .withLockedByValue("another-instance")
                .usingDbTime()
                .build());
    }
}
