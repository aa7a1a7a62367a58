package org.hearken.intake;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import javax.sql.DataSource;
import org.hearken.platform.CachedCounts;
import org.springframework.stereotype.Component;

/** The intake's figures on the metrics endpoint: e-mails in the quarantine, waiting for an administrator. */
@Component
class IntakeMeters implements MeterBinder {

    private final CachedCounts counts;

    IntakeMeters(DataSource dataSource, Clock clock) {
        this.counts = CachedCounts.count(
                dataSource, clock, "quarantined", "select count(*) from intake_mail where status = 'QUARANTINED'");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counts.gauge(
                registry,
                "hearken.mail.quarantined",
                "E-mails in the quarantine, waiting for an administrator",
                null,
                "quarantined",
                Tags.empty());
    }
}
