package org.hearken.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.flywaydb.core.Flyway;
import org.hearken.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The running stages and due states read from the database functions of V150 (case_acknowledge_due,
 * case_respond_due, case_review_due, case_next_due, case_next_due_extended, through DueStates and the views) give
 * exactly the answers of the expressions that the lists, the deadline watch and the sweep each wrote out before: those
 * expressions are kept here, frozen, as the reference. Random case rows over every status, with due, original and
 * completion dates around "now" (equal dates, nulls and extensions included), drawn from a fixed seed that a failure
 * prints so that it can be replayed ({@code -Dhearken.propertySeed=…} draws others).
 */
class CaseDueStatePropertyIT {

    private static final Instant NOW = Instant.parse("2026-03-10T10:00:00Z");
    private static final Instant END_OF_TODAY = Instant.parse("2026-03-10T23:00:00Z");

    /** The lists' next due date before V150 (DueStates.NEXT_DUE). */
    private static final String OLD_NEXT_DUE = """
            (case when c.status = 'CLOSED' then null else least(
                case when c.acknowledged_at is null then c.acknowledge_by end,
                case when c.respond_completed_at is null and c.status in ('RECEIVED', 'ACKNOWLEDGED') then c.respond_by end,
                case when c.status = 'UNDER_REVIEW' and c.reviewed_at is null then c.review_by end) end)""";

    private static final String OLD_NEXT_EXTENDED = """
            ((c.respond_completed_at is null and c.status in ('RECEIVED', 'ACKNOWLEDGED')
                  and c.respond_by is distinct from c.respond_by_original and c.respond_by = %1$s)
             or (c.status = 'UNDER_REVIEW' and c.reviewed_at is null
                  and c.review_by is distinct from c.review_by_original and c.review_by = %1$s))""".formatted(OLD_NEXT_DUE);

    private static final String OLD_STATE = """
            (case when c.status = 'CLOSED' then 'CLOSED'
                  when %1$s is null then 'NO_DEADLINE'
                  when %1$s < :dueNow then 'OVERDUE'
                  when %1$s < :dueEndOfToday then 'DUE_TODAY'
                  when %2$s then 'EXTENDED'
                  else 'ON_TRACK' end)""".formatted(OLD_NEXT_DUE, OLD_NEXT_EXTENDED);

    /** The deadline watch's stage due dates of an open case before V150 (DeadlineWatch.OPEN_CASES). */
    private static final String OLD_WATCH = """
            case when c.status = 'CLOSED' then null when c.acknowledged_at is null then c.acknowledge_by end,
            case when c.status = 'CLOSED' then null
                 when c.respond_completed_at is null and c.status in ('RECEIVED', 'ACKNOWLEDGED') then c.respond_by end,
            case when c.status = 'CLOSED' then null
                 when c.status = 'UNDER_REVIEW' and c.reviewed_at is null then c.review_by end""";

    /** The sweep's "is this stage's timer still current" before V150 (DeadlineSweep.CLAIM), for a timer due at the stage's due date. */
    private static final String OLD_SWEEP = """
            coalesce(c.acknowledged_at is null and c.status <> 'CLOSED' and c.acknowledge_by is not null, false),
            coalesce(c.respond_completed_at is null and c.status in ('RECEIVED', 'ACKNOWLEDGED') and c.respond_by is not null, false),
            coalesce(c.status = 'UNDER_REVIEW' and c.reviewed_at is null and c.review_by is not null, false)""";

    private static final String NEW = """
            case_next_due(c), %s,
            case_acknowledge_due(c), case_respond_due(c), case_review_due(c),
            case_acknowledge_due(c) is not null, case_respond_due(c) is not null, case_review_due(c) is not null""".formatted(DueStates.STATE);

    private static final int TRIES = 3000;
    private static final long SEED = Long.getLong("hearken.propertySeed", 20261205L);

    private static Connection connection;

    @BeforeAll
    static void connect() throws SQLException {
        String user = System.getenv().getOrDefault("TEST_PG_USER", "postgres");
        String password = System.getenv().getOrDefault("TEST_PG_PASSWORD", "");
        Flyway.configure()
                .dataSource(TestDatabase.url(), user, password)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        connection = DriverManager.getConnection(TestDatabase.url(), user, password);
    }

    @AfterAll
    static void disconnect() throws SQLException {
        if (connection != null) {
            connection.close();
        }
    }

    /** The columns of cases that say which stages run and when they are due. */
    record Row(
            String status,
            Instant acknowledgeBy,
            Instant acknowledgedAt,
            Instant respondBy,
            Instant respondByOriginal,
            Instant respondCompletedAt,
            Instant reviewBy,
            Instant reviewByOriginal,
            Instant reviewedAt) {}

    @Test
    void theFunctionsAnswerAsTheOldExpressionsDid() throws SQLException {
        Random random = new Random(SEED);
        for (int i = 0; i < TRIES; i++) {
            Row row = randomRow(random);
            List<List<Object>> answers = answers(row);
            assertThat(answers.get(1))
                    .as("next due, state, stage dues, stages running for %s (seed %d, try %d)", row, SEED, i)
                    .isEqualTo(answers.get(0));
        }
    }

    @Test
    void eachDueFilterPicksTheCasesInThatState() throws SQLException {
        Random random = new Random(SEED);
        for (int i = 0; i < TRIES / 3; i++) {
            Row row = randomRow(random);
            for (DueState state : DueState.values()) {
                String sql = ("select coalesce(" + DueStates.STATE + " = :listDue, false), coalesce("
                                + DueStates.is(state)
                                + ", false) from jsonb_populate_record(null::cases, cast(? as jsonb)) c")
                        .replace(":dueNow", "timestamptz '" + NOW + "'")
                        .replace(":dueEndOfToday", "timestamptz '" + END_OF_TODAY + "'")
                        .replace(":listDue", "'" + state.name() + "'");
                try (PreparedStatement s = connection.prepareStatement(sql)) {
                    s.setString(1, json(row));
                    try (ResultSet rs = s.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getBoolean(2))
                                .as("filter %s for %s (seed %d, try %d)", state, row, SEED, i)
                                .isEqualTo(rs.getBoolean(1));
                    }
                }
            }
        }
    }

    /** The old expressions' answers for the row, then the new functions'. */
    private static List<List<Object>> answers(Row row) throws SQLException {
        // The expressions are evaluated over one row of type cases, built from the generated values.
        String sql = ("select " + OLD_NEXT_DUE + ", " + OLD_STATE + ", " + OLD_WATCH + ", " + OLD_SWEEP + ", " + NEW
                        + " from jsonb_populate_record(null::cases, cast(? as jsonb)) c")
                .replace(":dueNow", "cast(? as timestamptz)")
                .replace(":dueEndOfToday", "cast(? as timestamptz)");
        List<Object> old = new ArrayList<>();
        List<Object> now = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            // Parameters in order of appearance: the old state's two bounds, the new state's two, then the row.
            s.setTimestamp(1, Timestamp.from(NOW));
            s.setTimestamp(2, Timestamp.from(END_OF_TODAY));
            s.setTimestamp(3, Timestamp.from(NOW));
            s.setTimestamp(4, Timestamp.from(END_OF_TODAY));
            s.setString(5, json(row));
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                for (int i = 1; i <= 8; i++) {
                    old.add(rs.getObject(i));
                }
                for (int i = 9; i <= 16; i++) {
                    now.add(rs.getObject(i));
                }
            }
        }
        return List.of(old, now);
    }

    private static final List<String> STATUSES =
            List.of("RECEIVED", "ACKNOWLEDGED", "RESPONDED", "CLOSED", "UNDER_REVIEW");

    /** A few moments around now and the end of today, so that dates often coincide. */
    private static final List<Instant> MOMENTS = List.of(
            NOW.minus(Duration.ofDays(3)),
            NOW.minus(Duration.ofHours(1)),
            NOW,
            NOW.plus(Duration.ofHours(2)),
            END_OF_TODAY,
            END_OF_TODAY.plus(Duration.ofDays(2)));

    static Row randomRow(Random random) {
        String status = STATUSES.get(random.nextInt(STATUSES.size()));
        Instant[] d = new Instant[8];
        for (int i = 0; i < d.length; i++) {
            d[i] = random.nextDouble() < 0.3 ? null : MOMENTS.get(random.nextInt(MOMENTS.size()));
        }
        return new Row(status, d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]);
    }

    private static String json(Row r) {
        return "{" + "\"status\": \"" + r.status() + "\""
                + field("acknowledge_by", r.acknowledgeBy())
                + field("acknowledged_at", r.acknowledgedAt())
                + field("respond_by", r.respondBy())
                + field("respond_by_original", r.respondByOriginal())
                + field("respond_completed_at", r.respondCompletedAt())
                + field("review_by", r.reviewBy())
                + field("review_by_original", r.reviewByOriginal())
                + field("reviewed_at", r.reviewedAt())
                + "}";
    }

    private static String field(String name, Instant value) {
        return ", \"" + name + "\": " + (value == null ? "null" : "\"" + Objects.toString(value) + "\"");
    }
}
