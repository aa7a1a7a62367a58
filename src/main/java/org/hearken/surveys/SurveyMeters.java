package org.hearken.surveys;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.hearken.platform.CachedCounts;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The surveys' figures on the metrics endpoint: satisfaction survey answers received, by rating. */
@Component
class SurveyMeters implements MeterBinder {

    private final CachedCounts counts;

    SurveyMeters(DataSource dataSource, Clock clock) {
        JdbcClient jdbc = CachedCounts.boundedClient(dataSource);
        this.counts = new CachedCounts(clock, () -> {
            Map<String, Long> figures = new HashMap<>();
            jdbc.sql("select rating, count(*) as n from survey_answer group by rating")
                    .query(rs -> {
                        figures.put(CachedCounts.key("answers", rs.getInt("rating")), rs.getLong("n"));
                    });
            return figures;
        });
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (int rating = 1; rating <= 5; rating++) {
            counts.counter(
                    registry,
                    "hearken.survey.answers",
                    "Satisfaction survey answers received, by rating (1 to 5)",
                    CachedCounts.key("answers", rating),
                    Tags.of("rating", String.valueOf(rating)));
        }
    }
}
