package org.hearken.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link BusinessCalendar#due(Instant, Period, ReceiptDayRule)} in every unit and under both receipt-day rules,
 * against a literal day-by-day reading of the rule (docs/packs.md, "How clocks count"), on the random calendars of
 * {@link BusinessCalendarPropertiesTest}: zones with daylight saving and odd offsets, random working weeks, hours,
 * holidays and closures. Each case's seed is in its name.
 */
class ClockEnginePropertiesTest {

    private static final int SAMPLES = 40;

    static Stream<Long> seeds() {
        return BusinessCalendarPropertiesTest.seeds(200);
    }

    /** The rule of docs/packs.md read literally. */
    static Instant reference(BusinessCalendarPropertiesTest.Spec s, Instant t, Period p, ReceiptDayRule rule) {
        var ref = new BusinessCalendarPropertiesTest.Reference(s);
        int n = p.amount();
        LocalDate local = LocalDate.ofInstant(t, s.zone());
        LocalDate day0 = rule == ReceiptDayRule.DAY_OF_RECEIPT ? local : ref.receiptDay(t);
        return switch (p.unit()) {
            case HOURS -> t.plusSeconds(3600L * n);
            case BUSINESS_DAYS -> {
                if (n == 0) {
                    yield ref.close(ref.receiptDay(t));
                }
                LocalDate d = day0;
                for (int i = 0; i < n; i++) {
                    d = ref.next(d);
                }
                yield ref.close(d);
            }
            case CALENDAR_DAYS -> endOfDay(s, day0.plusDays(n));
            case WEEKS -> endOfDay(s, day0.plusDays(7L * n));
            case MONTHS -> endOfDay(s, day0.plusMonths(n));
        };
    }

    private static Instant endOfDay(BusinessCalendarPropertiesTest.Spec s, LocalDate d) {
        return ZonedDateTime.of(d, BusinessCalendar.END_OF_DAY, s.zone()).toInstant();
    }

    private static Instant sample(Random r, BusinessCalendarPropertiesTest.Spec s) {
        LocalDate d = LocalDate.of(s.focusYear(), 1, 1).plusDays(r.nextInt(400));
        long second = d.atStartOfDay(s.zone()).toEpochSecond() + r.nextInt(86_400);
        if (r.nextInt(4) == 0) {
            int[] deltas = {-60, -1, 0, 1, 60};
            second = ZonedDateTime.of(d, s.closes(), s.zone()).toEpochSecond() + deltas[r.nextInt(deltas.length)];
        }
        return Instant.ofEpochSecond(second, r.nextBoolean() ? 0 : r.nextInt(1_000_000_000));
    }

    private static Period period(Random r) {
        PeriodUnit unit = PeriodUnit.values()[r.nextInt(PeriodUnit.values().length)];
        int n = switch (unit) {
            case BUSINESS_DAYS -> r.nextInt(41);
            case CALENDAR_DAYS -> r.nextInt(60);
            case WEEKS -> r.nextInt(12);
            case MONTHS -> r.nextInt(13);
            case HOURS -> r.nextInt(100);
        };
        return new Period(n, unit);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void dueMatchesTheDayByDayReadingInEveryUnitAndRule(long seed) {
        Random r = new Random(seed);
        var spec = BusinessCalendarPropertiesTest.calendar(r);
        BusinessCalendar cal = spec.build();
        for (int i = 0; i < SAMPLES; i++) {
            Instant t = sample(r, spec);
            Period p = period(r);
            ReceiptDayRule rule = ReceiptDayRule.values()[r.nextInt(2)];
            Instant due = cal.due(t, p, rule);
            assertThat(due).as("%s + %s (%s) in %s", t, p, rule, spec).isEqualTo(reference(spec, t, p, rule));
            ClockExplanation x = cal.explain(t, p, rule);
            assertThat(x.due()).isEqualTo(due);
            if (p.unit() == PeriodUnit.BUSINESS_DAYS) {
                assertThat(x.countedDays()).hasSize(p.amount());
                assertThat(cal.isBusinessDay(x.dueDay())).isTrue();
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aLaterAnchorOrALongerPeriodNeverFallsDueEarlier(long seed) {
        Random r = new Random(seed);
        var spec = BusinessCalendarPropertiesTest.calendar(r);
        BusinessCalendar cal = spec.build();
        for (int i = 0; i < SAMPLES; i++) {
            Instant a = sample(r, spec);
            Instant b = sample(r, spec);
            Instant early = a.isBefore(b) ? a : b;
            Instant late = a.isBefore(b) ? b : a;
            Period p = period(r);
            ReceiptDayRule rule = ReceiptDayRule.values()[r.nextInt(2)];
            assertThat(cal.due(late, p, rule)).isAfterOrEqualTo(cal.due(early, p, rule));
            Period longer = new Period(p.amount() + 1, p.unit());
            if (p.amount() == 0 && p.unit() == PeriodUnit.BUSINESS_DAYS && rule == ReceiptDayRule.DAY_OF_RECEIPT) {
                // After closing time, "by close of the day of receipt" can only be the next business day's close,
                // which is also the first business day following the day of receipt.
                assertThat(cal.due(early, longer, rule)).isAfterOrEqualTo(cal.due(early, p, rule));
            } else {
                assertThat(cal.due(early, longer, rule)).isAfter(cal.due(early, p, rule));
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theOldRuleInBusinessDaysIsTodaysDueDate(long seed) {
        Random r = new Random(seed);
        var spec = BusinessCalendarPropertiesTest.calendar(r);
        BusinessCalendar cal = spec.build();
        for (int i = 0; i < SAMPLES; i++) {
            Instant t = sample(r, spec);
            int n = r.nextInt(41);
            assertThat(cal.due(t, Period.businessDays(n), ReceiptDayRule.NEXT_BUSINESS_DAY_AFTER_HOURS))
                    .isEqualTo(cal.due(t, n));
        }
    }
}
