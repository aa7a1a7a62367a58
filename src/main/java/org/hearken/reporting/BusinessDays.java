package org.hearken.reporting;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import org.hearken.calendar.BusinessCalendar;
import org.hearken.policy.ServicePolicies;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps {@code report_business_day} and {@code report_same_day} covering the dates reports ask about, for every stored policy version, from the
 * version's own business calendar: report SQL then tells "the same working day" and ages in business days with a
 * join instead of calling Java for each case. Rows are derived data, written on demand and never changed.
 */
@Component
class BusinessDays {

    private final JdbcClient jdbc;
    private final ServicePolicies policies;

    BusinessDays(JdbcClient jdbc, ServicePolicies policies) {
        this.jdbc = jdbc;
        this.policies = policies;
    }

    private record Coverage(long versionId, LocalDate firstDay, LocalDate lastDay) {}

    /** Makes sure every policy version's rows cover {@code [from, to]} (widened by a margin), as far as its calendar goes. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void cover(LocalDate from, LocalDate to) {
        LocalDate wantFrom = from.minusDays(14);
        LocalDate wantTo = to.plusDays(14);
        List<Coverage> missing = jdbc.sql("""
                        select v.id as version_id, k.first_day, k.last_day
                        from policy_version_published v left join report_calendar k on k.policy_version_id = v.id
                        where k.policy_version_id is null or k.first_day > ? or k.last_day < ?""")
                .params(Date.valueOf(wantFrom), Date.valueOf(wantTo))
                .query(Coverage.class)
                .list();
        for (Coverage c : missing) {
            // Serialises fillers of the same version across instances; the rows themselves are idempotent.
            jdbc.sql("select pg_advisory_xact_lock(7215, ?)")
                    .param((int) c.versionId())
                    .query((rs, n) -> 1)
                    .list();
            fill(c.versionId(), wantFrom, wantTo);
        }
    }

    private void fill(long versionId, LocalDate wantFrom, LocalDate wantTo) {
        BusinessCalendar calendar = policies.version(versionId).calendar();
        LocalDate calendarFirst = Year.of(calendar.firstYear()).atDay(1).plusDays(1);
        LocalDate calendarLast =
                Year.of(calendar.lastYear()).atMonth(12).atEndOfMonth().minusDays(14);
        LocalDate first = wantFrom.isBefore(calendarFirst) ? calendarFirst : wantFrom;
        LocalDate last = wantTo.isAfter(calendarLast) ? calendarLast : wantTo;
        Coverage have = jdbc.sql(
                        "select policy_version_id as version_id, first_day, last_day from report_calendar where policy_version_id = ?")
                .param(versionId)
                .query(Coverage.class)
                .optional()
                .orElse(null);
        if (have != null) {
            first = first.isBefore(have.firstDay()) ? first : have.firstDay();
            last = last.isAfter(have.lastDay()) ? last : have.lastDay();
        }
        List<Object[]> rows = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            boolean business = calendar.isBusinessDay(d);
            rows.add(new Object[] {
                versionId,
                Date.valueOf(d),
                business,
                business ? Timestamp.from(calendar.closesAt(d)) : null,
                Timestamp.from(calendar.closesAt(calendar.nextBusinessDay(d))),
                calendar.businessDaysBetween(calendarFirst, d)
            });
        }
        insert(rows);
        insertSameDay(
                versionId,
                calendar,
                first.atStartOfDay(calendar.zone()).toInstant(),
                last.plusDays(1).atStartOfDay(calendar.zone()).toInstant());
        jdbc.sql("""
                        insert into report_calendar (policy_version_id, zone, first_day, last_day) values (?, ?, ?, ?)
                        on conflict (policy_version_id) do update set first_day = least(report_calendar.first_day, excluded.first_day),
                            last_day = greatest(report_calendar.last_day, excluded.last_day)""")
                .params(versionId, calendar.zone().getId(), Date.valueOf(first), Date.valueOf(last))
                .update();
    }

    /** One row per UTC hour in {@code [from, to)}: the same-working-day deadline of feedback received in it. */
    private void insertSameDay(
            long versionId, BusinessCalendar calendar, java.time.Instant from, java.time.Instant to) {
        java.time.Instant start = from.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        List<String[]> rows = new ArrayList<>();
        for (java.time.Instant h = start; h.isBefore(to); h = h.plus(java.time.Duration.ofHours(1))) {
            java.time.Instant before = calendar.due(h, 0);
            boolean inside = before.isBefore(h.plus(java.time.Duration.ofHours(1)));
            rows.add(new String[] {
                Long.toString(versionId),
                h.toString(),
                inside ? before.toString() : null,
                before.toString(),
                inside ? calendar.due(before, 0).toString() : null
            });
        }
        int chunk = 5000;
        for (int i = 0; i < rows.size(); i += chunk) {
            List<String[]> part = rows.subList(i, Math.min(rows.size(), i + chunk));
            String[][] columns = new String[5][part.size()];
            for (int j = 0; j < part.size(); j++) {
                for (int k = 0; k < 5; k++) {
                    columns[k][j] = part.get(j)[k];
                }
            }
            jdbc.sql("""
                            insert into report_same_day (policy_version_id, hour, boundary, due_before, due_after)
                            select * from unnest(?::text[]::bigint[], ?::text[]::timestamptz[], ?::text[]::timestamptz[],
                                ?::text[]::timestamptz[], ?::text[]::timestamptz[])
                            on conflict do nothing""").params((Object[]) columns).update();
        }
    }

    private void insert(List<Object[]> rows) {
        // One statement per few thousand days: arrays unnested by PostgreSQL instead of a round trip per row.
        int chunk = 5000;
        for (int i = 0; i < rows.size(); i += chunk) {
            List<Object[]> part = rows.subList(i, Math.min(rows.size(), i + chunk));
            int n = part.size();
            String[][] columns = new String[6][n];
            for (int j = 0; j < n; j++) {
                Object[] r = part.get(j);
                for (int k = 0; k < 6; k++) {
                    columns[k][j] = r[k] == null
                            ? null
                            : r[k] instanceof Timestamp t ? t.toInstant().toString() : r[k].toString();
                }
            }
            jdbc.sql("""
                            insert into report_business_day (policy_version_id, day, business, closes_at, next_close, day_no)
                            select * from unnest(?::text[]::bigint[], ?::text[]::date[], ?::text[]::boolean[], ?::text[]::timestamptz[],
                                ?::text[]::timestamptz[], ?::text[]::int[])
                            on conflict do nothing""").params((Object[]) columns).update();
        }
    }
}
