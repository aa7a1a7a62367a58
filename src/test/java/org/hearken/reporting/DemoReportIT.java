package org.hearken.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.hearken.policy.ServicePolicies;
import org.hearken.support.ApiClient;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * On the demo data, the compliance report agrees with a count done here by hand: plain reads of the case rows, each
 * stage judged in Java from its times and due dates, and the same-working-day deadline from the policy's business
 * calendar, with nothing taken from the report's SQL.
 */
@TestPropertySource(properties = {"hearken.demo=true", "hearken.test.database=demo"})
class DemoReportIT extends IntegrationTest {

    private static final List<String> DEMO_DEPARTMENTS = List.of("CS", "PLAN", "WASTE", "PARKS", "RATES");

    @Autowired
    ServicePolicies policies;

    record Row(
            Instant receivedAt,
            String kind,
            String outcome,
            boolean confidential,
            Instant acknowledgeBy,
            Instant acknowledgedAt,
            Instant respondBy,
            Instant respondByOriginal,
            Instant respondCompletedAt,
            boolean firstContactResolution,
            Instant firstResponseAt,
            Long policyVersionId) {}

    @Test
    void complianceFiguresOfTheDemoMatchAHandCount() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        clock.set(now);
        ZoneId zone = policies.active().policy().calendar().zone();
        LocalDate today = now.atZone(zone).toLocalDate();
        LocalDate from = today.minusDays(90);
        ApiClient elena = ApiClient.basic(port, "elena", "demo");
        long total = 0;
        for (String department : DEMO_DEPARTMENTS) {
            List<Row> rows = jdbc.sql("""
                            select c.received_at, c.kind, c.outcome, c.confidential, c.acknowledge_by, c.acknowledged_at, c.respond_by,
                                   c.respond_by_original, c.respond_completed_at, c.first_contact_resolution, c.first_response_at,
                                   c.policy_version_id
                            from cases c join identity_department d on d.id = c.department_id
                            where d.code = ? and c.received_at >= ? and c.received_at < ?""")
                    .params(
                            department,
                            Timestamp.from(from.atStartOfDay(zone).toInstant()),
                            Timestamp.from(today.plusDays(1).atStartOfDay(zone).toInstant()))
                    .query(Row.class)
                    .list();
            total += rows.size();
            long ackOnTime = 0,
                    ackLate = 0,
                    onTime = 0,
                    afterExt = 0,
                    late = 0,
                    fcr = 0,
                    sameDay = 0,
                    sameDayDecided = 0;
            long upheld = 0, partly = 0, notUpheld = 0;
            for (Row r : rows) {
                if (r.acknowledgeBy() != null) {
                    if (r.acknowledgedAt() != null) {
                        if (r.acknowledgedAt().isAfter(r.acknowledgeBy())) {
                            ackLate++;
                        } else {
                            ackOnTime++;
                        }
                    } else if (now.isAfter(r.acknowledgeBy())) {
                        ackLate++;
                    }
                }
                if (r.respondBy() != null) {
                    Instant done = r.respondCompletedAt();
                    if (done == null) {
                        if (now.isAfter(r.respondBy())) {
                            late++;
                        }
                    } else if (!done.isAfter(r.respondByOriginal())) {
                        onTime++;
                    } else if (!done.isAfter(r.respondBy())) {
                        afterExt++;
                    } else {
                        late++;
                    }
                }
                if (r.firstContactResolution()) {
                    fcr++;
                }
                long version = r.policyVersionId() != null
                        ? r.policyVersionId()
                        : policies.active().versionId();
                Instant sameDayDue = policies.version(version).calendar().due(r.receivedAt(), 0);
                if (r.firstResponseAt() != null || now.isAfter(sameDayDue)) {
                    sameDayDecided++;
                    if (r.firstResponseAt() != null && !r.firstResponseAt().isAfter(sameDayDue)) {
                        sameDay++;
                    }
                }
                if ("COMPLAINT".equals(r.kind()) && r.outcome() != null) {
                    switch (r.outcome()) {
                        case "UPHELD" -> upheld++;
                        case "PARTLY_UPHELD" -> partly++;
                        case "NOT_UPHELD" -> notUpheld++;
                        default -> {}
                    }
                }
            }
            ApiClient.Response response =
                    elena.get("/api/reports/compliance?from=" + from + "&to=" + today + "&department=" + department);
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            JsonNode h = response.json().get("headline");
            String in = "demo department " + department;
            assertThat(h.get("received").asLong()).as(in).isEqualTo(rows.size());
            assertThat(h.get("confidential").asLong())
                    .as(in)
                    .isEqualTo(rows.stream().filter(Row::confidential).count());
            assertThat(h.get("acknowledgement").get("onTime").asLong()).as(in).isEqualTo(ackOnTime);
            assertThat(h.get("acknowledgement").get("late").asLong()).as(in).isEqualTo(ackLate);
            assertPercent(h.get("acknowledgement").get("onTimePercent"), ackOnTime, ackOnTime + ackLate, in);
            assertThat(h.get("response").get("onTime").asLong()).as(in).isEqualTo(onTime);
            assertThat(h.get("response").get("onTimeAfterExtension").asLong())
                    .as(in)
                    .isEqualTo(afterExt);
            assertThat(h.get("response").get("late").asLong()).as(in).isEqualTo(late);
            assertPercent(h.get("response").get("onTimePercent"), onTime, onTime + afterExt + late, in);
            assertPercent(h.get("response").get("latePercent"), late, onTime + afterExt + late, in);
            assertThat(h.get("firstContactResolution").get("count").asLong())
                    .as(in)
                    .isEqualTo(fcr);
            assertThat(h.get("sameDayFirstReply").get("count").asLong()).as(in).isEqualTo(sameDay);
            assertThat(h.get("sameDayFirstReply").get("of").asLong()).as(in).isEqualTo(sameDayDecided);
            assertPercent(h.get("sameDayFirstReply").get("percent"), sameDay, sameDayDecided, in);
            assertThat(h.get("complaintsUpheld").get("upheld").asLong()).as(in).isEqualTo(upheld);
            assertThat(h.get("complaintsUpheld").get("partlyUpheld").asLong())
                    .as(in)
                    .isEqualTo(partly);
            assertThat(h.get("complaintsUpheld").get("notUpheld").asLong())
                    .as(in)
                    .isEqualTo(notUpheld);
        }
        assertThat(total).as("the demo has cases to count").isGreaterThan(20);
    }

    private static void assertPercent(JsonNode actual, long part, long whole, String in) {
        if (whole == 0) {
            assertThat(actual == null || actual.isNull())
                    .as(in + ": no percentage of nothing")
                    .isTrue();
            return;
        }
        BigDecimal expected = BigDecimal.valueOf(part * 1000L)
                .divide(BigDecimal.valueOf(whole), 0, java.math.RoundingMode.HALF_UP)
                .movePointLeft(1);
        assertThat(actual.decimalValue()).as(in).isEqualByComparingTo(expected);
    }
}
