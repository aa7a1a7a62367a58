package org.hearken.platform;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * One data source: the configured PostgreSQL when {@code spring.datasource.url} (or {@code HEARKEN_DB_URL}) is set,
 * otherwise a real PostgreSQL that Hearken starts itself, keeping its data under {@code hearken.data-dir}, so that a
 * newcomer needs nothing installed and a restart keeps the data.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(DataSourceProperties properties, HearkenDataDir dataDir) {
        if (!StringUtils.hasText(properties.getUrl())) {
            EmbeddedPostgres postgres = dataDir.startEmbeddedPostgres();
            properties.setUrl(postgres.getJdbcUrl("postgres", "postgres"));
            properties.setUsername("postgres");
            properties.setPassword("");
        }
        return properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
    }

    @Bean
    HearkenDataDir hearkenDataDir(org.springframework.core.env.Environment env) {
        return new HearkenDataDir(Path.of(env.getProperty("hearken.data-dir", "data")));
    }

    /** Owns the embedded server (if any) so that it stops with the application. */
    static final class HearkenDataDir implements AutoCloseable {
        private final Path root;
        private EmbeddedPostgres postgres;

        HearkenDataDir(Path root) {
            this.root = root.toAbsolutePath().normalize();
        }

        synchronized EmbeddedPostgres startEmbeddedPostgres() {
            Path dir = root.resolve("postgres");
            try {
                Files.createDirectories(root);
                log.info("No database URL configured: starting embedded PostgreSQL with data in {}", dir);
                postgres = EmbeddedPostgres.builder()
                        .setDataDirectory(dir)
                        .setCleanDataDirectory(false)
                        .setServerConfig("max_connections", "200")
                        .start();
                return postgres;
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dir, e);
            }
        }

        @Override
        public synchronized void close() throws IOException {
            if (postgres != null) {
                postgres.close();
                postgres = null;
            }
        }
    }
}
