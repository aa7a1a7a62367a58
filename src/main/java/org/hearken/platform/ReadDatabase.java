package org.hearken.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * Where reports, searches and exports read from: a read replica of the main database when
 * {@code hearken.database.read.url} ({@code HEARKEN_DB_READ_URL}) is set, otherwise the main database itself, exactly
 * as everything else does. Those classes take their {@link JdbcClient} (and, for reads that must agree with each other,
 * their transactions) from here rather than the main ones.
 *
 * <p>The replica has a small pool of its own, read-only. A transaction on it (a report's snapshot, an export) first waits
 * up to {@code hearken.database.read.max-wait} for the replica to replay what the main database had committed when the
 * transaction began, so that a report asked for just after a change normally includes it; a replica further behind is
 * read as it is, and the report says how far behind it is ({@link #lag()}).
 */
public final class ReadDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReadDatabase.class);

    /** The pool's name, and the {@code application_name} its connections show in {@code pg_stat_activity}. */
    public static final String POOL_NAME = "hearken-read";

    private static final String CAUGHT_UP_SQL = """
            select pg_is_in_recovery(), coalesce(pg_last_wal_replay_lsn() >= cast(? as pg_lsn), false),
                   extract(epoch from clock_timestamp() - pg_last_xact_replay_timestamp())""";

    private final JdbcClient primary;
    private final HikariDataSource replica;
    private final JdbcClient jdbc;
    private final PlatformTransactionManager transactions;
    private final Duration maxWait;

    /** Everything on the main database: no replica. */
    ReadDatabase(JdbcClient primary, PlatformTransactionManager transactions) {
        this.primary = primary;
        this.replica = null;
        this.jdbc = primary;
        this.transactions = transactions;
        this.maxWait = Duration.ZERO;
    }

    /** Reads on the replica {@code config} describes (its pool is made here and closed with this). */
    ReadDatabase(JdbcClient primary, HikariConfig config, Duration maxWait) {
        this.primary = primary;
        this.replica = new HikariDataSource(config);
        this.jdbc = JdbcClient.create(replica);
        this.maxWait = maxWait;
        DataSourceTransactionManager manager = new DataSourceTransactionManager(replica) {
            @Override
            protected void doBegin(Object transaction, TransactionDefinition definition) {
                awaitCatchUp(ReadDatabase.this.maxWait);
                super.doBegin(transaction, definition);
            }
        };
        manager.afterPropertiesSet();
        this.transactions = manager;
    }

    /** The client reports, searches and exports read with. */
    public JdbcClient jdbc() {
        return jdbc;
    }

    /** The transactions of {@link #jdbc()}: on the replica when there is one, else the main database's. */
    public PlatformTransactionManager transactions() {
        return transactions;
    }

    /** Whether a replica is configured. */
    public boolean replicated() {
        return replica != null;
    }

    /** How far the replica is behind the main database now. */
    public ReplicaLag lag() {
        return replica == null ? ReplicaLag.none() : awaitCatchUp(Duration.ZERO);
    }

    /**
     * Waits up to {@code wait} for the replica to replay everything the main database has committed now, and says how
     * far behind it is then. A database that is not in recovery is not anyone's standby: it is as up to date as itself.
     */
    private ReplicaLag awaitCatchUp(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            String target = primary.sql("select pg_current_wal_lsn()::text")
                    .query(String.class)
                    .single();
            // Plain JDBC, not the client: this runs as a transaction on the replica begins, before it is bound.
            try (Connection c = replica.getConnection();
                    PreparedStatement caughtUp = c.prepareStatement(CAUGHT_UP_SQL)) {
                caughtUp.setString(1, target);
                while (true) {
                    ReplicaLag lag;
                    try (ResultSet rs = caughtUp.executeQuery()) {
                        rs.next();
                        if (!rs.getBoolean(1) || rs.getBoolean(2)) {
                            lag = ReplicaLag.upToDate();
                        } else {
                            double seconds = rs.getDouble(3);
                            lag = ReplicaLag.behind(
                                    rs.wasNull() ? null : Duration.ofMillis(Math.round(seconds * 1000)));
                        }
                    }
                    if (lag.state() != ReplicaLag.State.BEHIND || System.nanoTime() - deadline >= 0) {
                        return lag;
                    }
                    Thread.sleep(10);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ReplicaLag.unreachable();
        } catch (SQLException | RuntimeException e) {
            log.warn("The read replica did not say how far behind it is: {}", e.toString());
            return ReplicaLag.unreachable();
        }
    }

    @Override
    public void close() {
        if (replica != null) {
            replica.close();
        }
    }
}
