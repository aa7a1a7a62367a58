package org.hearken.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * Why a period started at {@code anchor} falls due when it does.
 *
 * @param startDay day 0 of the count (for hours: the anchor's local date)
 * @param startReason why that day is day 0, e.g. "the day of receipt is day 0, whatever the hour"
 * @param countedDays for business days, the business days counted, in order (the last is the due day); empty
 *     otherwise
 * @param skippedDays for business days, every day from the anchor's date to the due day that is not a business day;
 *     empty otherwise
 * @param dueDay the local date of {@code due}
 * @param summary one sentence for people, e.g. "10 business days following Wednesday 3 June 2026: due at close of
 *     business (17:00) on Wednesday 17 June 2026, skipping 4 days"
 */
public record ClockExplanation(
        Instant anchor,
        ZoneId zone,
        Period period,
        ReceiptDayRule rule,
        LocalDate anchorDate,
        LocalDate startDay,
        String startReason,
        List<LocalDate> countedDays,
        List<SkippedDay> skippedDays,
        LocalDate dueDay,
        Instant due,
        String summary,
        String calendar) {

    public ClockExplanation {
        countedDays = List.copyOf(countedDays);
        skippedDays = List.copyOf(skippedDays);
    }
}
