package org.hearken.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hearken.HearkenApplication;
import org.hearken.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * A success answer is durable: the embedded server runs with fsync, synchronous commit and full-page writes on, and
 * start-up refuses a database without them where durability is required, and says so loudly where it is not. The test
 * database itself runs without them, on purpose (see {@link TestDatabase}).
 */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseDurabilityIT {

    private static final List<String> SETTINGS = List.of("fsync", "synchronous_commit", "full_page_writes");

    @TempDir
    Path dataDir;

    @Test
    void theEmbeddedServerRunsWithPostgresDurableSettings(CapturedOutput output) throws Exception {
        try (EmbeddedDatabase database = new EmbeddedDatabase(dataDir)) {
            EmbeddedPostgres postgres = database.start();
            SimpleDriverDataSource dataSource = dataSource(postgres.getJdbcUrl("postgres", "postgres"));
            Map<String, String> shown = new LinkedHashMap<>();
            for (String setting : SETTINGS) {
                shown.put(
                        setting,
                        JdbcClient.create(dataSource)
                                .sql("show " + setting)
                                .query(String.class)
                                .single());
            }

            assertThat(shown)
                    .containsExactly(
                            Map.entry("fsync", "on"),
                            Map.entry("synchronous_commit", "on"),
                            Map.entry("full_page_writes", "on"));
            DatabaseDurability.check(dataSource, true, "embedded");
            assertThat(output).contains("The embedded database is durable");
        }
    }

    @Test
    void aDatabaseThatIsNotDurableIsRefusedWhereDurabilityIsRequired() {
        SimpleDriverDataSource testDatabase = testDatabase();

        assertThatThrownBy(() -> DatabaseDurability.check(testDatabase, true, "configured"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("NOT DURABLE (fsync=off, synchronous_commit=off)")
                .hasMessageContaining("hearken.database.require-durable");
    }

    @Test
    void aDatabaseThatIsNotDurableIsReportedLoudlyWhereDurabilityIsNotRequired(CapturedOutput output) {
        DatabaseDurability.check(testDatabase(), false, "configured");

        assertThat(output)
                .contains("WARN")
                .contains("The configured database is NOT DURABLE (fsync=off, synchronous_commit=off)")
                .contains("Starting anyway");
    }

    @Test
    void hearkenDoesNotStartOnADatabaseThatIsNotDurableWhenTheSettingRequiresIt() {
        testDatabase();
        assertThatThrownBy(() -> new SpringApplicationBuilder(HearkenApplication.class)
                        .run(
                                "--server.port=0",
                                "--spring.datasource.url=" + TestDatabase.url(),
                                "--spring.datasource.username=" + user(),
                                "--spring.datasource.password=" + password(),
                                "--hearken.data-dir=target/durability-check",
                                "--hearken.database.require-durable=true",
                                "--spring.main.banner-mode=off"))
                .rootCause()
                .hasMessageContaining("NOT DURABLE");
    }

    /** The test database, which these tests need to be as {@link TestDatabase} starts it: not durable. */
    private static SimpleDriverDataSource testDatabase() {
        SimpleDriverDataSource dataSource = dataSource(TestDatabase.url());
        dataSource.setUsername(user());
        dataSource.setPassword(password());
        try {
            assumeThat(DatabaseDurability.weakSettings(dataSource))
                    .as("the test database runs without fsync")
                    .isNotEmpty();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return dataSource;
    }

    private static SimpleDriverDataSource dataSource(String url) {
        return new SimpleDriverDataSource(new org.postgresql.Driver(), url);
    }

    private static String user() {
        return System.getenv().getOrDefault("TEST_PG_USER", "postgres");
    }

    private static String password() {
        return System.getenv().getOrDefault("TEST_PG_PASSWORD", "");
    }
}
