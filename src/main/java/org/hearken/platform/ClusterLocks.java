package org.hearken.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.ExtensibleLockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Cluster-wide locks as short leases: a row in ShedLock's {@code shedlock} table that says who holds the lock until
 * when, by the database's clock, renewed every {@link #RENEWAL} for as long as the holder holds it. A holder that dies
 * (killed, machine gone, cut off from the database) stops renewing, so its lock is free at most {@link #LEASE} later,
 * and another instance takes it over; a job that runs for an hour keeps its lock for the hour.
 * <p>
 * A holder whose lease could not be renewed for a whole lease, or was found taken by another instance, has lost the
 * lock: {@link Held#lost()} says so and {@link Held#whenLost(Runnable)} is told, so that the holder can stop. Work done
 * under these locks never depends on them for correctness (claims with {@code SKIP LOCKED}, unique keys); a lock keeps
 * two instances from doing the same work at the same time.
 * <p>
 * Used by {@code @SchedulerLock} jobs (as ShedLock's {@link LockProvider}) and directly. Within one instance a lock is
 * also held by one thread at a time. Each instance writes a name of its own into {@code locked_by}, so that two
 * instances on one machine never renew or release each other's locks.
 */
public class ClusterLocks implements LockProvider, AutoCloseable {

    /** How long a lock outlives a holder that stopped renewing it. */
    public static final Duration LEASE = Duration.ofSeconds(20);
    /** A quarter of the lease, so that a renewal can fail twice in a row without the lock being lost. */
    public static final Duration RENEWAL = LEASE.dividedBy(4);

    private static final Logger log = LoggerFactory.getLogger(ClusterLocks.class);

    private final ExtensibleLockProvider store;
    private final ScheduledExecutorService renewals;
    private final Clock clock;
    private final Set<String> heldHere = ConcurrentHashMap.newKeySet();
    private AutoCloseable ownedPool;

    /**
     * Locks kept through a small connection pool of their own, made like {@code main}: a lease must be renewed within
     * its 20 seconds even while every connection of the application's pool is busy (Hikari would wait 30 seconds for
     * one), or each lock of the instance would lapse at once and other instances take over work still running here.
     */
    static ClusterLocks withOwnPool(DataSource main, Clock clock) {
        if (!(main instanceof HikariDataSource app)) {
            return new ClusterLocks(main, clock);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("cluster-locks");
        config.setJdbcUrl(app.getJdbcUrl());
        config.setUsername(app.getUsername());
        config.setPassword(app.getPassword());
        config.setDataSourceProperties(app.getDataSourceProperties());
        config.setConnectionInitSql(app.getConnectionInitSql());
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(1);
        // Well inside a renewal's period: a renewal that cannot have a connection fails and is tried again.
        config.setConnectionTimeout(RENEWAL.toMillis() - 1000);
        HikariDataSource pool = new HikariDataSource(config);
        ClusterLocks locks = new ClusterLocks(pool, clock);
        locks.ownedPool = pool;
        return locks;
    }

    ClusterLocks(DataSource dataSource, Clock clock) {
        this(
                dataSource,
                clock,
                Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                        .daemon()
                        .name("cluster-lock-renewal")
                        .factory()));
    }

    ClusterLocks(DataSource dataSource, Clock clock, ScheduledExecutorService renewals) {
        this.store = new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .withLockedByValue(ManagementFactory.getRuntimeMXBean().getName() + "/"
                        + UUID.randomUUID().toString().substring(0, 8))
                .usingDbTime()
                .build());
        this.renewals = renewals;
        this.clock = clock;
    }

    /** The lock {@code name} if no one holds it, renewed until {@link Held#unlock()}; empty when someone holds it. */
    public Optional<Held> tryLock(String name) {
        return tryLock(new LockConfiguration(clock.instant(), name, LEASE, Duration.ZERO));
    }

    /**
     * For ShedLock: the lease is the configuration's {@code lockAtMostFor}, but never longer than {@link #LEASE}
     * (however a job is annotated, its lock outlives a crash by at most that); renewed while the job runs.
     */
    @Override
    public Optional<SimpleLock> lock(LockConfiguration configuration) {
        return tryLock(configuration).map(SimpleLock.class::cast);
    }

    private Optional<Held> tryLock(LockConfiguration requested) {
        Duration lease = requested.getLockAtMostFor().compareTo(LEASE) > 0 ? LEASE : requested.getLockAtMostFor();
        Duration atLeast = requested.getLockAtLeastFor().compareTo(lease) > 0 ? lease : requested.getLockAtLeastFor();
        LockConfiguration configuration = new LockConfiguration(clock.instant(), requested.getName(), lease, atLeast);
        if (!heldHere.add(configuration.getName())) {
            return Optional.empty();
        }
        try {
            long takenAt = System.nanoTime();
            Optional<SimpleLock> lock = store.lock(configuration);
            if (lock.isEmpty()) {
                heldHere.remove(configuration.getName());
                return Optional.empty();
            }
            return Optional.of(new Held(configuration, lock.get(), takenAt));
        } catch (RuntimeException e) {
            heldHere.remove(configuration.getName());
            throw e;
        }
    }

    /**
     * Runs {@code renewal} every {@link #RENEWAL} until the returned handle is closed or it returns false: for leases
     * kept elsewhere than in locks, such as the outbox's claims on the messages being sent.
     */
    public Renewal keepRenewing(String what, BooleanSupplier renewal) {
        ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
        task[0] = renewals.scheduleWithFixedDelay(
                () -> {
                    try {
                        if (!renewal.getAsBoolean()) {
                            task[0].cancel(false);
                        }
                    } catch (RuntimeException e) {
                        log.warn(
                                "Could not renew the lease of {}; trying again in {}: {}", what, RENEWAL, e.toString());
                    }
                },
                RENEWAL.toMillis(),
                RENEWAL.toMillis(),
                TimeUnit.MILLISECONDS);
        return () -> task[0].cancel(false);
    }

    /** A renewal that {@link #keepRenewing} runs until it is closed. */
    public interface Renewal extends AutoCloseable {
        @Override
        void close();
    }

    /** Stops renewing: every lock still held here runs out within a lease. */
    @Override
    public void close() {
        renewals.shutdownNow();
        if (ownedPool != null) {
            try {
                ownedPool.close();
            } catch (Exception e) {
                log.warn("Could not close the cluster locks' connection pool: {}", e.toString());
            }
        }
    }

    /** A lock this instance holds, renewed until it is unlocked or lost. */
    public final class Held implements SimpleLock {

        private final LockConfiguration configuration;
        private final ScheduledFuture<?> renewing;
        private SimpleLock current;
        // When the last successful renewal (or the taking) was asked for: the lease runs from no earlier than that.
        private long renewedAt;
        private boolean released;
        private volatile boolean lost;
        private Runnable onLost = () -> {};

        private Held(LockConfiguration configuration, SimpleLock lock, long takenAt) {
            this.configuration = configuration;
            this.current = lock;
            this.renewedAt = takenAt;
            long every =
                    Math.max(1, configuration.getLockAtMostFor().dividedBy(4).toMillis());
            this.renewing = renewals.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
        }

        public String name() {
            return configuration.getName();
        }

        /** True once the lock may be someone else's: stop the work it guards. */
        public boolean lost() {
            return lost;
        }

        /** Runs {@code action} (once, on a thread of its own) when the lock is lost; at once if it already is. */
        public void whenLost(Runnable action) {
            synchronized (this) {
                if (!lost) {
                    onLost = action;
                    return;
                }
            }
            action.run();
        }

        private void renew() {
            Runnable tell;
            synchronized (this) {
                if (released || lost) {
                    return;
                }
                long startedAt = System.nanoTime();
                if (startedAt - renewedAt >= configuration.getLockAtMostFor().toNanos()) {
                    lose("it could not be renewed for " + configuration.getLockAtMostFor());
                } else {
                    try {
                        Optional<SimpleLock> extended =
                                current.extend(configuration.getLockAtMostFor(), configuration.getLockAtLeastFor());
                        if (extended.isPresent()) {
                            current = extended.get();
                            renewedAt = startedAt;
                            return;
                        }
                        lose("another instance holds it now");
                    } catch (RuntimeException e) {
                        log.warn("Could not renew the lock {}; trying again in {}: {}", name(), RENEWAL, e.toString());
                        return;
                    }
                }
                tell = onLost;
            }
            // Not on the renewal thread: what a holder does to stop (ending an IMAP IDLE, say) may take its time, and
            // every other lock of this instance must go on being renewed meanwhile.
            Thread.ofVirtual().name("cluster-lock-lost-" + name()).start(tell);
        }

        private void lose(String why) {
            lost = true;
            renewing.cancel(false);
            log.warn(
                    "Lost the cluster lock {}: {}. Its work stops here; another instance may take it over.",
                    name(),
                    why);
        }

        @Override
        public void unlock() {
            synchronized (this) {
                if (released) {
                    return;
                }
                released = true;
                renewing.cancel(false);
                heldHere.remove(name());
                if (lost) {
                    return;
                }
                try {
                    current.unlock();
                } catch (RuntimeException e) {
                    log.warn(
                            "Could not release the lock {}; it runs out within {}: {}",
                            name(),
                            configuration.getLockAtMostFor(),
                            e.toString());
                }
            }
        }
    }
}
