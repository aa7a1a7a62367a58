package org.hearken.imports;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.regex.Pattern;

/**
 * How the file writes dates and times. A time may be left out (the date then means midnight at its start); seconds are
 * optional. A date and time without an offset is read in the zone chosen on the page; ISO dates may carry their own
 * offset ({@code 2024-03-31T14:05:00+11:00}), which is then used. Dates are checked strictly: 31/02/2024 is refused.
 */
enum DateFormat {
    ISO("year-month-day (2024-03-31 14:05)", "uuuu-MM-dd", "uuuu-MM-dd['T'][' ']HH:mm[:ss][.SSS]"),
    DAY_MONTH_YEAR("day/month/year (31/03/2024 14:05)", "d/M/uuuu", "d/M/uuuu[','][' ']H:mm[:ss]"),
    MONTH_DAY_YEAR("month/day/year (03/31/2024 2:05 PM or 14:05)", "M/d/uuuu", "M/d/uuuu[','][' ']H:mm[:ss]");

    private static final Pattern LOOKS_LIKE_A_DATE = Pattern.compile("\\d{1,4}[-/.]\\d{1,2}[-/.]\\d{1,4}.*");

    final String label;
    private final DateTimeFormatter date;
    private final DateTimeFormatter dateTime;

    DateFormat(String label, String date, String dateTime) {
        this.label = label;
        this.date = DateTimeFormatter.ofPattern(date).withResolverStyle(ResolverStyle.STRICT);
        this.dateTime = DateTimeFormatter.ofPattern(dateTime).withResolverStyle(ResolverStyle.STRICT);
    }

    /** The instant {@code text} means, or the reason it is not one, in words ({@link Reading}). */
    Reading read(String text, ZoneId zone) {
        String t = text.strip();
        if (this == ISO) {
            try {
                return new Reading(OffsetDateTime.parse(t.replace(' ', 'T')).toInstant(), null);
            } catch (DateTimeParseException e) {
                // no offset: read as a local date and time below
            }
        } else {
            t = t.replace('-', '/').replace('.', '/');
            t = twelveHour(t);
        }
        try {
            LocalDateTime local = LocalDateTime.parse(t, dateTime);
            return new Reading(local.atZone(zone).toInstant(), null);
        } catch (DateTimeParseException e) {
            // perhaps a date alone
        }
        try {
            return new Reading(LocalDate.parse(t, date).atStartOfDay(zone).toInstant(), null);
        } catch (DateTimeParseException e) {
            return new Reading(
                    null,
                    LOOKS_LIKE_A_DATE.matcher(text.strip()).matches()
                            ? "\"" + text.strip() + "\" is not a date (read as " + label + ")"
                            : "\"" + text.strip() + "\" is not a date in the form " + label);
        }
    }

    /** "3/31/2024 2:05 PM" as "3/31/2024 14:05". */
    private static String twelveHour(String t) {
        var m = Pattern.compile("(.*\\s)(\\d{1,2})(:\\d{2}(?::\\d{2})?)\\s*([AaPp])\\.?[Mm]\\.?$")
                .matcher(t);
        if (!m.matches()) {
            return t;
        }
        int hour = Integer.parseInt(m.group(2));
        if (hour < 1 || hour > 12) {
            return t;
        }
        boolean pm = m.group(4).equalsIgnoreCase("p");
        int h24 = hour % 12 + (pm ? 12 : 0);
        return m.group(1) + h24 + m.group(3);
    }

    /** An instant, or why the text is not one. */
    record Reading(Instant at, String problem) {}
}
