package org.hearken.register;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import javax.sql.DataSource;
import org.hearken.platform.CachedCounts;
import org.springframework.stereotype.Component;

/**
 * The register's figures on the metrics endpoint: events written but not yet sealed into the hash chain. Sealing runs
 * every fraction of a second, so the figure stays near zero; one that does not shrink means sealing has stalled.
 */
@Component
class RegisterMeters implements MeterBinder {

    private final CachedCounts counts;

    RegisterMeters(DataSource dataSource, Clock clock) {
        this.counts = CachedCounts.count(dataSource, clock, "unsealed", "select count(*) from register_pending");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counts.gauge(
                registry,
                "hearken.register.unsealed",
                "Register events written but not yet sealed into the hash chain",
                null,
                "unsealed",
                Tags.empty());
    }
}
