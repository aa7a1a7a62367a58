package org.hearken.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.StringUtils;

/**
 * One data source (and, optionally, a read replica: {@link ReadDatabase}): the configured PostgreSQL when {@code spring.datasource.url} (or {@code HEARKEN_DB_URL}) is set,
 * otherwise a real PostgreSQL that Hearken starts itself, keeping its data under {@code hearken.data-dir}, so that a
 * newcomer needs nothing installed and a restart keeps the data. Either way the database must be durable (see
 * {@link DatabaseDurability}), and the server is asked to notice a dead client machine within half a minute, so that
 * the row locks a crashed instance held in an open transaction are let go as soon as that.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    /**
     * Server-side TCP keepalives of each connection: probes after 10 s of silence, every 5 s, the connection given up
     * after 3 unanswered (25 s), and after 25 s of unacknowledged data. The operating system's defaults take hours.
     */
    static final String KEEPALIVE_SQL = "set tcp_keepalives_idle = 10; set tcp_keepalives_interval = 5; "
            + "set tcp_keepalives_count = 3; set tcp_user_timeout = 25000";

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(DataSourceProperties properties, EmbeddedDatabase embedded) {
        if (!StringUtils.hasText(properties.getUrl())) {
            EmbeddedPostgres postgres = embedded.start();
            properties.setUrl(postgres.getJdbcUrl("postgres", "postgres"));
            properties.setUsername("postgres");
            properties.setPassword("");
        }
        HikariDataSource dataSource = properties
                .initializeDataSourceBuilder()
                .type(HikariDataSource.class)
                .build();
        // Set before the spring.datasource.hikari.* properties are bound, so connection-init-sql can replace it.
        dataSource.setConnectionInitSql(KEEPALIVE_SQL);
        return dataSource;
    }

    /**
     * The database reports, searches and exports read: the replica at {@code hearken.database.read.url} through a small
     * read-only pool of its own, or, without one, the main database exactly as everything else reads it.
     */
    @Bean
    ReadDatabase readDatabase(
            Environment env,
            JdbcClient jdbc,
            PlatformTransactionManager transactions,
            ObjectProvider<MeterRegistry> meters) {
        String url = env.getProperty("hearken.database.read.url");
        if (!StringUtils.hasText(url)) {
            return new ReadDatabase(jdbc, transactions);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName(ReadDatabase.POOL_NAME);
        config.setJdbcUrl(url);
        config.setUsername(env.getProperty("hearken.database.read.username"));
        config.setPassword(env.getProperty("hearken.database.read.password"));
        config.setMaximumPoolSize(env.getProperty("hearken.database.read.pool-size", Integer.class, 5));
        config.setReadOnly(true);
        // A replica that is down fails a report within seconds, and does not keep Hearken from starting.
        config.setConnectionTimeout(5000);
        config.setInitializationFailTimeout(-1);
        config.setConnectionInitSql(KEEPALIVE_SQL);
        config.addDataSourceProperty("ApplicationName", ReadDatabase.POOL_NAME);
        meters.ifAvailable(config::setMetricRegistry);
        Duration maxWait = env.getProperty("hearken.database.read.max-wait", Duration.class, Duration.ofSeconds(1));
        return new ReadDatabase(jdbc, config, maxWait);
    }

    /** Starts a server only when asked to; stops it (if started) with the application. */
    @Bean
    EmbeddedDatabase embeddedDatabase(Environment env) {
        return new EmbeddedDatabase(Path.of(env.getProperty("hearken.data-dir", "data")));
    }

    /** Checks the data source once it is fully configured, before Flyway or anything else uses it. */
    @Bean
    static BeanPostProcessor databaseDurabilityCheck(Environment env) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof DataSource dataSource && beanName.equals("dataSource")) {
                    boolean embedded = !StringUtils.hasText(env.getProperty("spring.datasource.url"));
                    boolean required = env.getProperty("hearken.database.require-durable", Boolean.class, embedded);
                    DatabaseDurability.check(dataSource, required, embedded ? "embedded" : "configured");
                }
                return bean;
            }
        };
    }
}
