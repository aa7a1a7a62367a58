package org.hearken.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The clock engine's units and receipt-day rules, on an English calendar, by hand. */
class ClockEngineTest {

    private final BusinessCalendar london = BusinessCalendar.builder()
            .zone(ZoneId.of("Europe/London"))
            .workingDays(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY))
            .hours(LocalTime.of(9, 0), LocalTime.of(17, 0))
            .holidays(HolidaySource.jollyday("GB", "eng"))
            .build();

    private Instant due(String anchor, Period p, ReceiptDayRule rule) {
        return london.due(Instant.parse(anchor), p, rule);
    }

    @Test
    void theThirdBusinessDayFollowingTheDayOfReceiptWhateverTheHour() {
        // Monday 8 June 2026 at 20:00 BST: Monday is day 0, Thursday 11 the third business day.
        assertThat(due("2026-06-08T19:00:00Z", Period.businessDays(3), ReceiptDayRule.DAY_OF_RECEIPT))
                .isEqualTo(Instant.parse("2026-06-11T16:00:00Z"));
        // Today's rule counts from the next business day after closing time: Friday 12.
        assertThat(due("2026-06-08T19:00:00Z", Period.businessDays(3), ReceiptDayRule.NEXT_BUSINESS_DAY_AFTER_HOURS))
                .isEqualTo(Instant.parse("2026-06-12T16:00:00Z"));
        // Saturday 6 June: day 0 is Saturday; Monday 8 is the first business day following it.
        assertThat(due("2026-06-06T10:00:00Z", Period.businessDays(3), ReceiptDayRule.DAY_OF_RECEIPT))
                .isEqualTo(Instant.parse("2026-06-10T16:00:00Z"));
    }

    @Test
    void zeroBusinessDaysIsCloseOfTheFirstBusinessDayStillOpen() {
        assertThat(due("2026-06-08T10:00:00Z", Period.businessDays(0), ReceiptDayRule.DAY_OF_RECEIPT))
                .isEqualTo(Instant.parse("2026-06-08T16:00:00Z"));
        assertThat(due("2026-06-08T19:00:00Z", Period.businessDays(0), ReceiptDayRule.DAY_OF_RECEIPT))
                .isEqualTo(Instant.parse("2026-06-09T16:00:00Z"));
    }

    @Test
    void eightWeeksEndAtTheEndOfTheLastDayInLocalTime() {
        // Received 1 September 2026 (BST); eight weeks later is 27 October, after the clocks go back: 23:59:59 GMT.
        assertThat(due("2026-09-01T22:30:00Z", Period.weeks(8), ReceiptDayRule.DAY_OF_RECEIPT))
                .as("23:30 BST on 1 September is still 1 September")
                .isEqualTo(Instant.parse("2026-10-27T23:59:59Z"));
        assertThat(due("2026-09-01T23:30:00Z", Period.weeks(8), ReceiptDayRule.DAY_OF_RECEIPT))
                .as("00:30 BST on 2 September")
                .isEqualTo(Instant.parse("2026-10-28T23:59:59Z"));
    }

    @Test
    void monthsFollowTheCalendar() {
        assertThat(due("2027-01-31T12:00:00Z", Period.months(1), ReceiptDayRule.DAY_OF_RECEIPT))
                .isEqualTo(Instant.parse("2027-02-28T23:59:59Z"));
        assertThat(due("2028-01-31T12:00:00Z", Period.months(1), ReceiptDayRule.DAY_OF_RECEIPT))
                .isEqualTo(Instant.parse("2028-02-29T23:59:59Z"));
        ClockExplanation x =
                london.explain(Instant.parse("2027-01-31T12:00:00Z"), Period.months(1), ReceiptDayRule.DAY_OF_RECEIPT);
        assertThat(x.summary())
                .contains("the month has no 31st, so its last day")
                .contains("Sunday 28 February 2027");
    }

    @Test
    void calendarDaysCountEveryDay() {
        assertThat(due("2026-12-20T09:00:00Z", Period.calendarDays(30), ReceiptDayRule.DAY_OF_RECEIPT))
                .isEqualTo(Instant.parse("2027-01-19T23:59:59Z"));
    }

    @Test
    void hoursAreExactWhateverTheCalendarOrTheClocks() {
        // 24 hours from 01:30 GMT on Sunday 25 October 2026, the night the clocks go back: exactly 24 hours later.
        assertThat(due("2026-10-25T01:30:00Z", Period.hours(24), ReceiptDayRule.DAY_OF_RECEIPT))
                .isEqualTo(Instant.parse("2026-10-26T01:30:00Z"));
    }

    @Test
    void theExplanationNamesDayZeroAndTheSkippedDays() {
        ClockExplanation x = london.explain(
                Instant.parse("2026-04-02T13:00:00Z"), Period.businessDays(5), ReceiptDayRule.DAY_OF_RECEIPT);
        assertThat(x.startDay()).isEqualTo(LocalDate.of(2026, 4, 2));
        assertThat(x.startReason()).isEqualTo("the day of receipt is day 0, whatever the hour");
        assertThat(x.countedDays())
                .containsExactly(
                        LocalDate.of(2026, 4, 7),
                        LocalDate.of(2026, 4, 8),
                        LocalDate.of(2026, 4, 9),
                        LocalDate.of(2026, 4, 10),
                        LocalDate.of(2026, 4, 13));
        assertThat(x.skippedDays()).extracting(SkippedDay::name).contains("Good Friday", "Easter Monday");
        assertThat(x.summary())
                .startsWith(
                        "5 business days following Thursday 2 April 2026: due at close of business (17:00) on Monday 13 April 2026");
    }

    @Test
    void outsideTheCalendarsYearsIsRefused() {
        assertThatThrownBy(() -> due("2101-06-01T10:00:00Z", Period.weeks(1), ReceiptDayRule.DAY_OF_RECEIPT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside the business calendar's range");
        assertThatThrownBy(() -> Period.weeks(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
