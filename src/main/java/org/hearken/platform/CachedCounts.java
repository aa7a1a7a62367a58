package org.hearken.platform;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Figures read from the database for the metrics endpoint: read by one query (or a few) at most once every
 * {@link #MAX_AGE}, however often and by however many scrapers the endpoint is asked, so a scrape costs the database
 * nothing between refreshes. Each module that owns the data registers its own (a {@code MeterBinder} in the module).
 * A read that fails or takes longer than {@link #QUERY_TIMEOUT} leaves the last figures in place (NaN before the first),
 * and is tried again at the next refresh.
 */
public final class CachedCounts {

    /** How old a figure may be. */
    public static final Duration MAX_AGE = Duration.ofSeconds(30);

    /** The longest a query for figures may run: a scrape never waits long behind a slow database. */
    public static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(CachedCounts.class);

    private final Clock clock;
    private final Supplier<Map<String, ? extends Number>> read;
    private Map<String, ? extends Number> values;
    private Instant readAt;

    /** {@code read} returns every figure by its key ({@link #key}); a key it leaves out counts 0. */
    public CachedCounts(Clock clock, Supplier<Map<String, ? extends Number>> read) {
        this.clock = clock;
        this.read = read;
    }

    /** A client whose queries give up after {@link #QUERY_TIMEOUT}, for the figures' queries. */
    public static JdbcClient boundedClient(DataSource dataSource) {
        JdbcTemplate template = new JdbcTemplate(dataSource);
        template.setQueryTimeout((int) QUERY_TIMEOUT.toSeconds());
        return JdbcClient.create(template);
    }

    /** One figure under {@code key}: the count the query {@code sql} returns. */
    public static CachedCounts count(DataSource dataSource, Clock clock, String key, String sql) {
        JdbcClient jdbc = boundedClient(dataSource);
        return new CachedCounts(
                clock, () -> Map.of(key, jdbc.sql(sql).query(Long.class).single()));
    }

    /** The key of a figure from its parts (a kind and a channel, say). */
    public static String key(Object... parts) {
        StringBuilder key = new StringBuilder();
        for (Object part : parts) {
            if (!key.isEmpty()) {
                key.append('|');
            }
            key.append(part);
        }
        return key.toString();
    }

    /** The figure under {@code key}, read again first if the last reading is older than {@link #MAX_AGE}. */
    public synchronized double value(String key) {
        Instant now = clock.instant();
        if (readAt == null || !now.isBefore(readAt.plus(MAX_AGE)) || now.isBefore(readAt)) {
            try {
                values = read.get();
            } catch (RuntimeException e) {
                log.warn("Could not read figures for the metrics endpoint: {}", e.toString());
            }
            readAt = now;
        }
        if (values == null) {
            return Double.NaN;
        }
        Number value = values.get(key);
        return value == null ? 0 : value.doubleValue();
    }

    /** Registers a gauge showing the figure under {@code key}. */
    public void gauge(MeterRegistry registry, String name, String description, String baseUnit, String key, Tags tags) {
        Gauge.builder(name, this, c -> c.value(key))
                .description(description)
                .baseUnit(baseUnit)
                .tags(tags)
                .register(registry);
    }

    /** Registers a counter showing the figure under {@code key}: a total that only grows (Prometheus's {@code _total}). */
    public void counter(MeterRegistry registry, String name, String description, String key, Tags tags) {
        FunctionCounter.builder(name, this, c -> c.value(key))
                .description(description)
                .tags(tags)
                .register(registry);
    }
}
