package org.hearken.reporting;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;

/**
 * What a report is about: the cases received from {@code from} to {@code to} (both days included, in the organisation's
 * time zone), optionally of one kind, by one channel, and in the departments of {@code departmentIds} (null: all).
 *
 * @param department the department code asked for, or null
 * @param period the length of a period in the tables over time
 */
record ReportFilter(
        LocalDate from,
        LocalDate to,
        String department,
        FeedbackKind kind,
        Channel channel,
        List<Long> departmentIds,
        Period period,
        ZoneId zone) {

    enum Period {
        DAY,
        WEEK,
        MONTH;

        /** Days for up to six weeks, weeks for up to half a year, months beyond. */
        static Period auto(LocalDate from, LocalDate to) {
            long days = ChronoUnit.DAYS.between(from, to) + 1;
            return days <= 42 ? DAY : days <= 183 ? WEEK : MONTH;
        }

        String sqlUnit() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        LocalDate start(LocalDate d) {
            return switch (this) {
                case DAY -> d;
                case WEEK -> d.minusDays(d.getDayOfWeek().getValue() - 1L);
                case MONTH -> d.withDayOfMonth(1);
            };
        }

        LocalDate next(LocalDate start) {
            return switch (this) {
                case DAY -> start.plusDays(1);
                case WEEK -> start.plusWeeks(1);
                case MONTH -> start.plusMonths(1);
            };
        }

        String label(LocalDate start) {
            return this == MONTH ? start.toString().substring(0, 7) : start.toString();
        }
    }

    Instant fromInstant() {
        return from.atStartOfDay(zone).toInstant();
    }

    /** The start of the day after {@code to}: the end of the range, excluded. */
    Instant toInstant() {
        return to.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** The query string that asks for the same report (for CSV and PDF links). */
    String query() {
        StringBuilder q = new StringBuilder("from=").append(from).append("&to=").append(to);
        if (department != null) {
            q.append("&department=")
                    .append(java.net.URLEncoder.encode(department, java.nio.charset.StandardCharsets.UTF_8));
        }
        if (kind != null) {
            q.append("&kind=").append(kind);
        }
        if (channel != null) {
            q.append("&channel=").append(channel);
        }
        return q.toString();
    }
}
