package org.hearken.calendar;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.SUNDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BusinessCalendarTest {

    static final Set<DayOfWeek> MON_FRI = EnumSet.range(MONDAY, FRIDAY);

    /** Metart-like: Sydney, NSW holidays, closed 29 and 30 December 2026. */
    static final BusinessCalendar SYDNEY = BusinessCalendar.builder()
            .zone(ZoneId.of("Australia/Sydney"))
            .workingDays(MON_FRI)
            .hours(LocalTime.of(9, 0), LocalTime.of(17, 0))
            .holidays(HolidaySource.jollyday("AU", "nsw"))
            .closure(LocalDate.of(2026, 12, 29), "Office closed")
            .closure(LocalDate.of(2026, 12, 30), "Office closed")
            .build();

    static final BusinessCalendar LONDON = BusinessCalendar.builder()
            .zone(ZoneId.of("Europe/London"))
            .workingDays(MON_FRI)
            .hours(LocalTime.of(9, 0), LocalTime.of(17, 30))
            .holidays(HolidaySource.jollyday("GB", "eng"))
            .build();

    static final BusinessCalendar NEW_YORK = BusinessCalendar.builder()
            .zone(ZoneId.of("America/New_York"))
            .workingDays(MON_FRI)
            .hours(LocalTime.of(9, 0), LocalTime.of(17, 0))
            .holidays(HolidaySource.jollyday("US", null))
            .build();

    /** +05:45 all year; Saturday is the weekend, Sunday a working day. */
    static final BusinessCalendar KATHMANDU = BusinessCalendar.builder()
            .zone(ZoneId.of("Asia/Kathmandu"))
            .workingDays(SUNDAY, MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY)
            .hours(LocalTime.of(10, 0), LocalTime.of(17, 0))
            .build();

    /** +09:30 in winter, +10:30 in summer. */
    static final BusinessCalendar ADELAIDE = BusinessCalendar.builder()
            .zone(ZoneId.of("Australia/Adelaide"))
            .workingDays(MON_FRI)
            .hours(LocalTime.of(9, 0), LocalTime.of(17, 0))
            .build();

    /** Closes at 02:30 every day, inside the hour that Sydney's clocks skip in October and repeat in April. */
    static final BusinessCalendar SYDNEY_NIGHT = BusinessCalendar.builder()
            .zone(ZoneId.of("Australia/Sydney"))
            .workingDays(EnumSet.allOf(DayOfWeek.class))
            .hours(LocalTime.of(0, 0), LocalTime.of(2, 30))
            .build();

    static final Map<String, BusinessCalendar> CALENDARS = Map.of(
            "SYDNEY",
            SYDNEY,
            "LONDON",
            LONDON,
            "NEW_YORK",
            NEW_YORK,
            "KATHMANDU",
            KATHMANDU,
            "ADELAIDE",
            ADELAIDE,
            "SYDNEY_NIGHT",
            SYDNEY_NIGHT);

    @ParameterizedTest(name = "{0}: received {1}, {2} business days → {3} ({4})")
    @CsvSource(delimiter = '|', textBlock = """
            # calendar   | received                  | n | due                        | why
            SYDNEY       | 2026-06-16T10:00+10:00    | 0 | 2026-06-16T17:00+10:00     | N = 0: close of business the same working day
            SYDNEY       | 2026-06-16T07:00+10:00    | 0 | 2026-06-16T17:00+10:00     | before opening still counts as that day
            SYDNEY       | 2026-06-16T16:59+10:00    | 1 | 2026-06-17T17:00+10:00     | one minute before closing
            SYDNEY       | 2026-06-16T16:59:59.999+10:00 | 1 | 2026-06-17T17:00+10:00 | a millisecond before closing
            SYDNEY       | 2026-06-16T17:00+10:00    | 1 | 2026-06-18T17:00+10:00     | exactly at closing is the next day
            SYDNEY       | 2026-06-16T17:01+10:00    | 1 | 2026-06-18T17:00+10:00     | one minute after closing
            SYDNEY       | 2026-06-16T17:00+10:00    | 0 | 2026-06-17T17:00+10:00     | N = 0 after closing: close of the next day
            SYDNEY       | 2026-06-20T10:00+10:00    | 0 | 2026-06-22T17:00+10:00     | Saturday counts from Monday
            SYDNEY       | 2026-12-18T18:30+11:00    | 1 | 2026-12-22T17:00+11:00     | Friday evening: receipt Monday, due Tuesday
            SYDNEY       | 2026-12-24T16:30+11:00    | 1 | 2026-12-31T17:00+11:00     | Christmas, Boxing Day observed, closures
            SYDNEY       | 2026-12-23T09:00+11:00    | 2 | 2026-12-31T17:00+11:00     | the closure run counts for nothing
            SYDNEY       | 2026-12-29T10:00+11:00    | 0 | 2026-12-31T17:00+11:00     | received on a closure day
            SYDNEY       | 2026-12-31T10:00+11:00    | 0 | 2026-12-31T17:00+11:00     | year end, same day
            SYDNEY       | 2026-12-31T10:00+11:00    | 1 | 2027-01-04T17:00+11:00     | year end: New Year's Day and a weekend
            SYDNEY       | 2026-12-31T17:00+11:00    | 0 | 2027-01-04T17:00+11:00     | New Year's Eve after closing
            SYDNEY       | 2026-04-02T16:59+11:00    | 1 | 2026-04-07T17:00+10:00     | Good Friday, Easter Monday, DST ends
            SYDNEY       | 2026-04-02T17:00+11:00    | 1 | 2026-04-08T17:00+10:00     | Easter, received at closing
            SYDNEY       | 2026-04-24T12:00+10:00    | 1 | 2026-04-28T17:00+10:00     | ANZAC Day on Saturday, observed Monday in NSW
            SYDNEY       | 2026-10-02T18:00+10:00    | 0 | 2026-10-06T17:00+11:00     | DST starts Sunday, Labour Day Monday
            SYDNEY       | 2026-10-02T18:00+10:00    | 1 | 2026-10-07T17:00+11:00     | DST starts: offset of the due day
            LONDON       | 2026-03-27T17:30Z         | 1 | 2026-03-31T17:30+01:00     | BST starts on the last Sunday of March
            LONDON       | 2026-10-23T17:29+01:00    | 1 | 2026-10-26T17:30Z          | BST ends on the last Sunday of October
            LONDON       | 2026-12-24T12:00Z         | 1 | 2026-12-29T17:30Z          | Christmas Friday, Boxing Day observed Monday
            NEW_YORK     | 2026-03-06T16:59-05:00    | 1 | 2026-03-09T17:00-04:00     | DST starts on the second Sunday of March
            NEW_YORK     | 2026-10-31T10:00-04:00    | 0 | 2026-11-02T17:00-05:00     | DST ends on the first Sunday of November
            NEW_YORK     | 2026-11-25T17:00-05:00    | 1 | 2026-11-30T17:00-05:00     | Thanksgiving
            KATHMANDU    | 2026-03-06T17:00+05:45    | 1 | 2026-03-09T17:00+05:45     | Saturday off, Sunday a working day
            KATHMANDU    | 2026-03-06T16:59+05:45    | 0 | 2026-03-06T17:00+05:45     | +05:45, same day
            KATHMANDU    | 2026-03-06T11:14:59Z      | 0 | 2026-03-06T17:00+05:45     | 16:59:59 local, given in UTC
            KATHMANDU    | 2026-03-06T11:15Z         | 0 | 2026-03-08T17:00+05:45     | 17:00 local, given in UTC
            ADELAIDE     | 2026-10-02T16:59:59+09:30 | 1 | 2026-10-05T17:00+10:30     | half-hour zone, DST starts
            ADELAIDE     | 2026-04-03T17:00+10:30    | 0 | 2026-04-06T17:00+09:30     | half-hour zone, DST ends
            SYDNEY_NIGHT | 2026-10-03T12:00+10:00    | 0 | 2026-10-04T03:30+11:00     | closing 02:30 falls in the DST gap: moves to 03:30
            SYDNEY_NIGHT | 2026-10-03T12:00+10:00    | 1 | 2026-10-05T02:30+11:00     | and the next day is normal again
            SYDNEY_NIGHT | 2026-04-04T12:00+11:00    | 0 | 2026-04-05T02:30+11:00     | closing 02:30 occurs twice: the earlier counts
            SYDNEY_NIGHT | 2026-04-05T02:15+10:00    | 0 | 2026-04-06T02:30+10:00     | 02:15 the second time is after the first 02:30
            """)
    void dueDates(String calendar, String received, int n, String due, String why) {
        BusinessCalendar cal = CALENDARS.get(calendar);
        Instant result = cal.due(OffsetDateTime.parse(received).toInstant(), n);
        assertThat(result.atZone(cal.zone()).toOffsetDateTime()).as(why).isEqualTo(OffsetDateTime.parse(due));
        assertThat(cal.dueEpochSecond(OffsetDateTime.parse(received).toEpochSecond(), n))
                .isEqualTo(result.getEpochSecond());
    }

    @ParameterizedTest(name = "{0} → receipt day {1}")
    @CsvSource(delimiter = '|', textBlock = """
            2026-12-18T16:59+11:00 | 2026-12-18 | received before closing time 17:00 on a business day
            2026-12-18T17:00+11:00 | 2026-12-21 | received at or after closing time 17:00
            2026-12-19T09:30+11:00 | 2026-12-21 | Saturday is not a working day
            2026-12-25T09:30+11:00 | 2026-12-31 | Christmas (public holiday)
            2026-12-28T09:30+11:00 | 2026-12-31 | Boxing Day (observed) (public holiday)
            2026-12-29T09:30+11:00 | 2026-12-31 | organisation closure (Office closed)
            """)
    void receiptDayAndItsReason(String received, LocalDate receiptDay, String reason) {
        Instant t = OffsetDateTime.parse(received).toInstant();
        assertThat(SYDNEY.receiptDay(t)).isEqualTo(receiptDay);
        assertThat(SYDNEY.explain(t, 0).receiptDayReason()).isEqualTo(reason);
    }

    @Test
    void explanationListsEverySkippedDayWithItsReason() {
        Instant received = OffsetDateTime.parse("2026-12-24T16:30+11:00").toInstant();
        DueDateExplanation x = SYDNEY.explain(received, 2);

        assertThat(x.received()).isEqualTo(received);
        assertThat(x.zone()).isEqualTo(ZoneId.of("Australia/Sydney"));
        assertThat(x.receivedDate()).isEqualTo(LocalDate.of(2026, 12, 24));
        assertThat(x.receiptDay()).isEqualTo(LocalDate.of(2026, 12, 24));
        assertThat(x.countedDays()).containsExactly(LocalDate.of(2026, 12, 31), LocalDate.of(2027, 1, 4));
        assertThat(x.due())
                .isEqualTo(OffsetDateTime.parse("2027-01-04T17:00+11:00").toInstant());
        assertThat(x.dueDay()).isEqualTo(LocalDate.of(2027, 1, 4));
        assertThat(x.businessDays()).isEqualTo(2);
        assertThat(x.calendar())
                .isEqualTo(
                        "Australia/Sydney, Monday–Friday 09:00–17:00, public holidays of Australia / New South Wales, 2 closure days");
        assertThat(x.skippedDays())
                .extracting(SkippedDay::date, SkippedDay::reason, SkippedDay::name)
                .containsExactly(
                        tuple(LocalDate.of(2026, 12, 25), SkipReason.PUBLIC_HOLIDAY, "Christmas"),
                        tuple(LocalDate.of(2026, 12, 26), SkipReason.WEEKEND, null),
                        tuple(LocalDate.of(2026, 12, 27), SkipReason.WEEKEND, null),
                        tuple(LocalDate.of(2026, 12, 28), SkipReason.PUBLIC_HOLIDAY, "Boxing Day (observed)"),
                        tuple(LocalDate.of(2026, 12, 29), SkipReason.CLOSURE, "Office closed"),
                        tuple(LocalDate.of(2026, 12, 30), SkipReason.CLOSURE, "Office closed"),
                        tuple(LocalDate.of(2027, 1, 1), SkipReason.PUBLIC_HOLIDAY, "New Year's Day"),
                        tuple(LocalDate.of(2027, 1, 2), SkipReason.WEEKEND, null),
                        tuple(LocalDate.of(2027, 1, 3), SkipReason.WEEKEND, null));
        assertThat(x.skippedDays().get(1).description())
                .isEqualTo("Saturday 26 December 2026: Saturday is not a working day (also Boxing Day)");
        assertThat(x.skippedDays().get(3).description())
                .isEqualTo("Monday 28 December 2026: Boxing Day (observed) (public holiday)");
        assertThat(x.skippedDays().get(4).description())
                .isEqualTo("Tuesday 29 December 2026: organisation closure (Office closed)");
    }

    @Test
    void aWeekdayThatIsNotAWorkingDayIsNamedAsSuch() {
        BusinessCalendar fourDays = BusinessCalendar.builder()
                .zone(ZoneId.of("UTC"))
                .workingDays(MONDAY, TUESDAY, WEDNESDAY, THURSDAY)
                .hours(LocalTime.of(9, 0), LocalTime.of(17, 0))
                .build();
        DueDateExplanation x = fourDays.explain(Instant.parse("2026-06-19T10:00:00Z"), 0);
        assertThat(x.receiptDay()).isEqualTo(LocalDate.of(2026, 6, 22));
        assertThat(x.receiptDayReason()).isEqualTo("Friday is not a working day");
        assertThat(x.skippedDays())
                .extracting(SkippedDay::reason)
                .containsExactly(SkipReason.NOT_A_WORKING_DAY, SkipReason.WEEKEND, SkipReason.WEEKEND);
    }

    @Test
    void aDateTheZoneSkippedIsNotABusinessDay() {
        BusinessCalendar apia = BusinessCalendar.builder()
                .zone(ZoneId.of("Pacific/Apia"))
                .workingDays(EnumSet.allOf(DayOfWeek.class))
                .hours(LocalTime.of(9, 0), LocalTime.of(17, 0))
                .build();
        LocalDate skipped = LocalDate.of(2011, 12, 30);
        assertThat(apia.isBusinessDay(skipped)).isFalse();
        assertThat(apia.whyNotBusinessDay(skipped))
                .get()
                .extracting(SkippedDay::reason)
                .isEqualTo(SkipReason.NOT_IN_TIME_ZONE);
        assertThat(apia.nextBusinessDay(LocalDate.of(2011, 12, 29))).isEqualTo(LocalDate.of(2011, 12, 31));
        Instant eveningOf29th =
                LocalDate.of(2011, 12, 29).atTime(18, 0).atZone(apia.zone()).toInstant();
        assertThat(apia.due(eveningOf29th, 0))
                .isEqualTo(LocalDate.of(2011, 12, 31)
                        .atTime(17, 0)
                        .atZone(apia.zone())
                        .toInstant());
    }

    @Test
    void businessDays() {
        assertThat(SYDNEY.isBusinessDay(LocalDate.of(2026, 12, 24))).isTrue();
        assertThat(SYDNEY.isBusinessDay(LocalDate.of(2026, 12, 25))).isFalse();
        assertThat(SYDNEY.isBusinessDay(LocalDate.of(2026, 12, 26))).isFalse();
        assertThat(SYDNEY.isBusinessDay(LocalDate.of(2026, 12, 29))).isFalse();
        assertThat(SYDNEY.nextBusinessDay(LocalDate.of(2026, 12, 24))).isEqualTo(LocalDate.of(2026, 12, 31));
        assertThat(SYDNEY.nextBusinessDay(LocalDate.of(2026, 12, 31))).isEqualTo(LocalDate.of(2027, 1, 4));
        assertThat(SYDNEY.previousBusinessDay(LocalDate.of(2026, 12, 31))).isEqualTo(LocalDate.of(2026, 12, 24));
        assertThat(SYDNEY.businessDayOnOrAfter(LocalDate.of(2026, 12, 24))).isEqualTo(LocalDate.of(2026, 12, 24));
        assertThat(SYDNEY.businessDayOnOrAfter(LocalDate.of(2026, 12, 25))).isEqualTo(LocalDate.of(2026, 12, 31));
        assertThat(SYDNEY.plusBusinessDays(LocalDate.of(2026, 12, 21), 7)).isEqualTo(LocalDate.of(2027, 1, 6));
        assertThat(SYDNEY.plusBusinessDays(LocalDate.of(2026, 12, 26), 0)).isEqualTo(LocalDate.of(2026, 12, 31));
        // [from, to): 21, 22, 23, 24, 31 December and 4, 5 January
        assertThat(SYDNEY.businessDaysBetween(LocalDate.of(2026, 12, 21), LocalDate.of(2027, 1, 6)))
                .isEqualTo(7);
        assertThat(SYDNEY.businessDaysBetween(LocalDate.of(2027, 1, 6), LocalDate.of(2026, 12, 21)))
                .isEqualTo(-7);
        assertThat(SYDNEY.businessDaysBetween(LocalDate.of(2026, 12, 25), LocalDate.of(2026, 12, 31)))
                .isZero();
        assertThat(SYDNEY.holidayName(LocalDate.of(2026, 12, 26))).contains("Boxing Day");
        assertThat(SYDNEY.holidayName(LocalDate.of(2026, 12, 24))).isEmpty();
        assertThat(SYDNEY.isClosure(LocalDate.of(2026, 12, 30))).isTrue();
        assertThat(SYDNEY.whyNotBusinessDay(LocalDate.of(2026, 12, 24))).isEmpty();
    }

    @Test
    void businessHours() {
        LocalDate day = LocalDate.of(2026, 10, 6);
        assertThat(SYDNEY.opensAt(day))
                .isEqualTo(OffsetDateTime.parse("2026-10-06T09:00+11:00").toInstant());
        assertThat(SYDNEY.closesAt(day))
                .isEqualTo(OffsetDateTime.parse("2026-10-06T17:00+11:00").toInstant());
        assertThatThrownBy(() -> SYDNEY.opensAt(LocalDate.of(2026, 10, 5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2026-10-05 is not a business day")
                .hasMessageContaining("Labour day");

        assertThat(SYDNEY.isWithinBusinessHours(
                        OffsetDateTime.parse("2026-10-06T08:59:59+11:00").toInstant()))
                .isFalse();
        assertThat(SYDNEY.isWithinBusinessHours(
                        OffsetDateTime.parse("2026-10-06T09:00+11:00").toInstant()))
                .isTrue();
        assertThat(SYDNEY.isWithinBusinessHours(
                        OffsetDateTime.parse("2026-10-06T16:59:59.999+11:00").toInstant()))
                .isTrue();
        assertThat(SYDNEY.isWithinBusinessHours(
                        OffsetDateTime.parse("2026-10-06T17:00+11:00").toInstant()))
                .isFalse();
        assertThat(SYDNEY.isWithinBusinessHours(
                        OffsetDateTime.parse("2026-10-05T12:00+11:00").toInstant()))
                .isFalse();

        Instant inside = OffsetDateTime.parse("2026-10-06T12:34:56.789+11:00").toInstant();
        assertThat(SYDNEY.nextBusinessMoment(inside)).isEqualTo(inside);
        assertThat(SYDNEY.nextBusinessMoment(
                        OffsetDateTime.parse("2026-10-06T07:00+11:00").toInstant()))
                .isEqualTo(OffsetDateTime.parse("2026-10-06T09:00+11:00").toInstant());
        assertThat(SYDNEY.nextBusinessMoment(
                        OffsetDateTime.parse("2026-10-02T17:00+10:00").toInstant()))
                .isEqualTo(OffsetDateTime.parse("2026-10-06T09:00+11:00").toInstant());
    }

    @Test
    void rejectsWhatItCannotAnswer() {
        assertThatThrownBy(() -> SYDNEY.due(Instant.parse("1999-12-31T00:00:00Z"), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside the business calendar's range 2000–2100");
        assertThatThrownBy(() -> SYDNEY.due(Instant.parse("2100-12-31T05:00:00Z"), 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside");
        assertThatThrownBy(() -> SYDNEY.due(Instant.parse("2101-06-01T00:00:00Z"), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside");
        assertThatThrownBy(() -> SYDNEY.due(Instant.parse("2026-06-01T00:00:00Z"), -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> SYDNEY.isBusinessDay(LocalDate.of(2101, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2101-01-01 is outside");
    }

    @Test
    void rejectsBadConfiguration() {
        var base = BusinessCalendar.builder().zone(ZoneId.of("UTC")).workingDays(MONDAY);
        assertThatThrownBy(() ->
                        base.hours(LocalTime.of(17, 0), LocalTime.of(9, 0)).build())
                .hasMessage("opening time 17:00 must be before closing time 09:00");
        assertThatThrownBy(() -> BusinessCalendar.builder()
                        .zone(ZoneId.of("UTC"))
                        .workingDays(List.of())
                        .hours(LocalTime.of(9, 0), LocalTime.of(17, 0))
                        .build())
                .hasMessageContaining("at least one working day");
        assertThatThrownBy(() -> BusinessCalendar.builder()
                        .zone(ZoneId.of("UTC"))
                        .workingDays(MONDAY)
                        .hours(LocalTime.of(9, 0), LocalTime.of(17, 0))
                        .closure(LocalDate.of(2150, 1, 1))
                        .build())
                .hasMessageContaining("closure 2150-01-01 is outside");
    }

    @Test
    void aSmallerYearRangeIsEnforced() {
        BusinessCalendar small = BusinessCalendar.builder()
                .zone(ZoneId.of("UTC"))
                .workingDays(MONDAY, SATURDAY)
                .hours(LocalTime.of(9, 0), LocalTime.of(17, 0))
                .years(2026, 2026)
                .build();
        assertThat(small.due(Instant.parse("2026-06-01T10:00:00Z"), 1))
                .isEqualTo(Instant.parse("2026-06-06T17:00:00Z"));
        assertThatThrownBy(() -> small.due(Instant.parse("2026-12-28T10:00:00Z"), 1))
                .hasMessageContaining("outside the business calendar's range 2026–2026");
    }

    @ParameterizedTest(name = "{0} + {1}h = {2}")
    @CsvSource({
        // Sydney, Monday to Friday 09:00-17:00; 2026-11-27 is a Friday.
        "2026-11-27T16:00+11:00[Australia/Sydney], 4, 2026-11-30T12:00+11:00[Australia/Sydney]",
        "2026-11-30T09:00+11:00[Australia/Sydney], 8, 2026-11-30T17:00+11:00[Australia/Sydney]",
        "2026-11-30T17:00+11:00[Australia/Sydney], 1, 2026-12-01T10:00+11:00[Australia/Sydney]",
        "2026-11-28T10:00+11:00[Australia/Sydney], 2, 2026-11-30T11:00+11:00[Australia/Sydney]",
        "2026-12-24T15:00+11:00[Australia/Sydney], 4, 2026-12-31T11:00+11:00[Australia/Sydney]"
    })
    void businessHoursAreAddedAcrossNightsWeekendsHolidaysAndClosures(String from, int hours, String expected) {
        assertThat(SYDNEY.plusBusinessHours(
                        java.time.ZonedDateTime.parse(from).toInstant(), java.time.Duration.ofHours(hours)))
                .isEqualTo(java.time.ZonedDateTime.parse(expected).toInstant());
    }

    @ParameterizedTest(name = "{0} - {1}h = {2}")
    @CsvSource({
        "2026-11-30T17:00+11:00[Australia/Sydney], 4, 2026-11-30T13:00+11:00[Australia/Sydney]",
        "2026-11-30T10:00+11:00[Australia/Sydney], 4, 2026-11-27T14:00+11:00[Australia/Sydney]",
        "2026-11-30T09:00+11:00[Australia/Sydney], 1, 2026-11-27T16:00+11:00[Australia/Sydney]",
        "2026-12-29T10:00+11:00[Australia/Sydney], 2, 2026-12-24T15:00+11:00[Australia/Sydney]",
        "2027-01-06T17:00+11:00[Australia/Sydney], 16, 2027-01-05T09:00+11:00[Australia/Sydney]"
    })
    void businessHoursAreSubtractedTheSameWay(String from, int hours, String expected) {
        assertThat(SYDNEY.minusBusinessHours(
                        java.time.ZonedDateTime.parse(from).toInstant(), java.time.Duration.ofHours(hours)))
                .isEqualTo(java.time.ZonedDateTime.parse(expected).toInstant());
    }
}
