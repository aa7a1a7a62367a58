package org.hearken.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hearken.support.CaseBuilder.aQuestion;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hearken.identity.Role;
import org.hearken.support.ApiClient;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;

class MetricsEndpointIT extends IntegrationTest {

    /** The scrape token the tests' application is configured with (IntegrationTest). */
    static final String SCRAPE_TOKEN = IntegrationTest.METRICS_TOKEN;

    private ApiClient scraper() {
        return ApiClient.bearer(port, SCRAPE_TOKEN);
    }

    private String scrape() {
        // Past the figures' cache, so a scrape reads what the test just wrote.
        clock.advance(CachedCounts.MAX_AGE.plusSeconds(1));
        // As Prometheus asks: any type (its Accept header ends in */*).
        ApiClient.Download r = scraper().download("/actuator/prometheus");
        String body = new String(r.bytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(r.status()).as(body).isEqualTo(200);
        return body;
    }

    /** The value of the one series named so, with exactly these labels in Prometheus's order (alphabetical). */
    private static double value(String metrics, String series) {
        Matcher m =
                Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        assertThat(m.find()).as("series %s in%n%s", series, metrics).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void theScrapeTokenReadsTheBusinessFiguresAndTheyCountWhatWasWritten() {
        String before = scrape();
        String received = "hearken_cases_received_total{channel=\"POSTAL\",kind=\"QUESTION\"}";
        double receivedBefore = value(before, received);

        Dept dept = department();
        // Received ten days ago and never acknowledged: its acknowledgement is overdue.
        aQuestion()
                .by("POSTAL")
                .inDepartment(dept)
                .receivedAt(clock.instant().minus(Duration.ofDays(10)))
                .open();

        String after = scrape();
        assertThat(value(after, received)).isGreaterThanOrEqualTo(receivedBefore + 1);
        assertThat(value(after, "hearken_cases_open{kind=\"QUESTION\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(after, "hearken_stages_overdue{stage=\"ACKNOWLEDGE\"}"))
                .isGreaterThanOrEqualTo(1);
        // Every module's figures are there, each a number.
        for (String series : new String[] {
            "hearken_outbox_pending{outbox=\"customers\"}",
            "hearken_outbox_oldest_pending_age_seconds{outbox=\"staff\"}",
            "hearken_outbox_failed{outbox=\"customers\"}",
            "hearken_mail_quarantined",
            "hearken_register_unsealed",
            "hearken_survey_answers_total{rating=\"5\"}"
        }) {
            assertThat(value(after, series)).as(series).isNotNaN().isGreaterThanOrEqualTo(0);
        }
        // The platform's own: requests served, and the database pool.
        assertThat(after).contains("http_server_requests_seconds_count{").contains("hikaricp_connections_max{");
    }

    @Test
    void noMemberOfStaffReadsTheMetricsWhateverTheirRole() {
        Dept dept = department();
        for (Role role : Role.values()) {
            String someone = dept.staff(role);
            assertThat(as(someone).get("/actuator/prometheus").status())
                    .as(role.name())
                    .isEqualTo(403);
        }
        assertThat(as(dept.lead).get("/actuator/prometheus").status()).isEqualTo(403);
    }

    @Test
    void anonymousAndAWrongTokenAreAskedToAuthenticate() {
        assertThat(anonymous().get("/actuator/prometheus").status()).isEqualTo(401);
        assertThat(ApiClient.bearer(port, SCRAPE_TOKEN + "x")
                        .get("/actuator/prometheus")
                        .status())
                .isEqualTo(401);
        // Health stays public, for load balancers.
        assertThat(anonymous().get("/actuator/health").status()).isEqualTo(200);
    }

    @Test
    void everyAnswerNamesItsRequestIdKeepingAPlainOneItWasGiven() {
        ApiClient.Response given =
                anonymous().with(RequestIds.HEADER, "proxy-1234.abc").get("/actuator/health");
        assertThat(given.header(RequestIds.HEADER)).isEqualTo("proxy-1234.abc");

        ApiClient.Response hostile = anonymous()
                .with(RequestIds.HEADER, "<script>" + "x".repeat(100))
                .get("/actuator/health");
        assertThat(hostile.header(RequestIds.HEADER)).matches("[0-9a-f-]{36}");

        assertThat(anonymous().get("/login").header(RequestIds.HEADER)).matches("[0-9a-f-]{36}");
    }
}
