package org.hearken.cases;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.hearken.platform.CachedCounts;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The cases module's figures on the metrics endpoint: cases received (by kind and channel), open (by kind), and running
 * stages past their due date (by stage), read at most every half minute ({@link CachedCounts}).
 */
@Component
class CaseMeters implements MeterBinder {

    /** The stages {@code case_running_stage} names. */
    private static final String[] STAGES = {"ACKNOWLEDGE", "RESPOND", "REVIEW", "REVIEW_ACKNOWLEDGE", "DECIDE", "UPDATE"
    };

    private final CachedCounts counts;

    CaseMeters(DataSource dataSource, Clock clock) {
        JdbcClient jdbc = CachedCounts.boundedClient(dataSource);
        this.counts = new CachedCounts(clock, () -> read(jdbc, clock));
    }

    private static Map<String, Long> read(JdbcClient jdbc, Clock clock) {
        Map<String, Long> figures = new HashMap<>();
        jdbc.sql("""
                        select kind, channel, count(*) as n, count(*) filter (where status <> 'CLOSED') as open
                        from cases group by kind, channel""").query(rs -> {
            figures.put(CachedCounts.key("received", rs.getString("kind"), rs.getString("channel")), rs.getLong("n"));
            figures.merge(CachedCounts.key("open", rs.getString("kind")), rs.getLong("open"), Long::sum);
        });
        jdbc.sql("select stage, count(*) as n from case_running_stage where due < :now group by stage")
                .param("now", java.sql.Timestamp.from(clock.instant()))
                .query(rs -> {
                    figures.put(CachedCounts.key("overdue", rs.getString("stage")), rs.getLong("n"));
                });
        return figures;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (FeedbackKind kind : FeedbackKind.values()) {
            for (Channel channel : Channel.values()) {
                counts.counter(
                        registry,
                        "hearken.cases.received",
                        "Cases received, by kind and channel",
                        CachedCounts.key("received", kind, channel),
                        Tags.of("kind", kind.name(), "channel", channel.name()));
            }
            counts.gauge(
                    registry,
                    "hearken.cases.open",
                    "Cases not closed, by kind",
                    null,
                    CachedCounts.key("open", kind),
                    Tags.of("kind", kind.name()));
        }
        for (String stage : STAGES) {
            counts.gauge(
                    registry,
                    "hearken.stages.overdue",
                    "Running stages past their due date, by stage",
                    null,
                    CachedCounts.key("overdue", stage),
                    Tags.of("stage", stage));
        }
    }
}
