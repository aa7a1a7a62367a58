package org.hearken.platform;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks at start-up that the database keeps what it has confirmed: with {@code fsync}, {@code synchronous_commit} or
 * {@code full_page_writes} off, a power cut or an operating-system crash can lose cases the API already answered 201
 * for, or corrupt the data files. Hearken refuses to start on a database that is not durable when
 * {@code hearken.database.require-durable} is true (the default for the embedded server, which Hearken configures
 * itself), and otherwise says so loudly in the log (the default for an external server, whose settings belong to its
 * administrator).
 */
final class DatabaseDurability {

    private static final Logger log = LoggerFactory.getLogger(DatabaseDurability.class);

    private DatabaseDurability() {}

    /** The settings that are not durable, by name, with their values; empty when all are. */
    static Map<String, String> weakSettings(DataSource dataSource) throws SQLException {
        Map<String, String> weak = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("""
                     select current_setting('fsync'), current_setting('synchronous_commit'), current_setting('full_page_writes')""")) {
            rs.next();
            check(weak, "fsync", rs.getString(1));
            check(weak, "synchronous_commit", rs.getString(2));
            check(weak, "full_page_writes", rs.getString(3));
        }
        return weak;
    }

    // synchronous_commit 'local', 'remote_write' and 'remote_apply' all wait for the local flush; only 'off' does not.
    private static void check(Map<String, String> weak, String name, String value) {
        if (value.equalsIgnoreCase("off")) {
            weak.put(name, value);
        }
    }

    /** Refuses (throws) or warns, as {@code required} says, when the database is not durable. */
    static void check(DataSource dataSource, boolean required, String which) {
        Map<String, String> weak;
        try {
            weak = weakSettings(dataSource);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Could not read the durability settings of the " + which + " database: " + e.getMessage(), e);
        }
        if (weak.isEmpty()) {
            log.info("The {} database is durable: fsync, synchronous_commit and full_page_writes are on.", which);
            return;
        }
        String settings = weak.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
        String problem =
                "The " + which + " database is NOT DURABLE (" + settings + "): a power cut or an operating-system crash"
                        + " can lose cases Hearken has already confirmed, or damage the data files. Set fsync, synchronous_commit and"
                        + " full_page_writes to on in the server's configuration.";
        if (required) {
            throw new IllegalStateException(
                    problem + " Hearken does not start on it while hearken.database.require-durable is true.");
        }
        log.warn("{} Starting anyway (hearken.database.require-durable=false).", problem);
    }
}
