package org.hearken.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/**
 * Why a due date is what it is: the receipt business day and why, every day that was skipped and why, and the
 * business days that were counted.
 *
 * @param received the instant the customer sent the feedback
 * @param receivedDate the local date of {@code received} in {@code zone}
 * @param receiptDay the business day the count starts from
 * @param receiptDayReason e.g. "received before closing time 17:00 on a business day", "received at or after closing
 *     time 17:00", "Saturday is not a working day", "Christmas (public holiday)", "organisation closure"
 * @param businessDays the target N
 * @param countedDays the N business days after the receipt day, in order; the last is the due day
 * @param skippedDays every non-business day from the received date to the due day, in order
 * @param dueDay the local date of {@code due}
 * @param closes close of business, the time of day of {@code due}
 * @param due close of business on the due day
 * @param calendar which calendar was used, e.g. "Australia/Sydney, Monday–Friday 09:00–17:00, public holidays of
 *     Australia / New South Wales, 2 closure days"
 */
public record DueDateExplanation(
        Instant received,
        ZoneId zone,
        LocalDate receivedDate,
        LocalDate receiptDay,
        String receiptDayReason,
        int businessDays,
        List<LocalDate> countedDays,
        List<SkippedDay> skippedDays,
        LocalDate dueDay,
        LocalTime closes,
        Instant due,
        String calendar) {

    public DueDateExplanation {
        countedDays = List.copyOf(countedDays);
        skippedDays = List.copyOf(skippedDays);
    }
}
