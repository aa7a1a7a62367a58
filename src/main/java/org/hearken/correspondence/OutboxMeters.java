package org.hearken.correspondence;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.hearken.platform.CachedCounts;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The outboxes' figures on the metrics endpoint, for each outbox: messages waiting to be sent, how long the oldest has
 * waited, and messages given up on (after {@code hearken.mail.give-up-after}).
 */
@Component
class OutboxMeters implements MeterBinder {

    private final CachedCounts counts;

    OutboxMeters(DataSource dataSource, Clock clock) {
        JdbcClient jdbc = CachedCounts.boundedClient(dataSource);
        this.counts = new CachedCounts(clock, () -> read(jdbc, clock));
    }

    private static Map<String, Number> read(JdbcClient jdbc, Clock clock) {
        Map<String, Number> figures = new HashMap<>();
        for (Outbox outbox : Outbox.values()) {
            // Both counts walk partial indexes: what waits (the sender's own) and what failed (V200).
            jdbc.sql("select count(*) as n, coalesce(extract(epoch from (:now - min(created_at))), 0) as age from "
                            + outbox.table() + " where status = 'PENDING'")
                    .param("now", java.sql.Timestamp.from(clock.instant()))
                    .query(rs -> {
                        figures.put(CachedCounts.key("pending", outbox), rs.getLong("n"));
                        figures.put(CachedCounts.key("age", outbox), Math.max(0, rs.getDouble("age")));
                    });
            figures.put(
                    CachedCounts.key("failed", outbox),
                    jdbc.sql("select count(*) from " + outbox.table() + " where status = 'FAILED'")
                            .query(Long.class)
                            .single());
        }
        return figures;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Outbox outbox : Outbox.values()) {
            Tags tags = Tags.of("outbox", outbox.name().toLowerCase(Locale.ROOT));
            counts.gauge(
                    registry,
                    "hearken.outbox.pending",
                    "E-mails waiting to be sent",
                    null,
                    CachedCounts.key("pending", outbox),
                    tags);
            counts.gauge(
                    registry,
                    "hearken.outbox.oldest.pending.age",
                    "How long the oldest e-mail waiting to be sent has waited",
                    "seconds",
                    CachedCounts.key("age", outbox),
                    tags);
            counts.gauge(
                    registry,
                    "hearken.outbox.failed",
                    "E-mails given up on after failing to send",
                    null,
                    CachedCounts.key("failed", outbox),
                    tags);
        }
    }
}
