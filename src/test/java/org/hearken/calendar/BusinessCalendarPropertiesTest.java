package org.hearken.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link BusinessCalendar} against a deliberately simple day-by-day reading of the deadline rule in docs/architecture.md, across time
 * zones with daylight saving, odd offsets and a skipped day, random working weeks, hours, holidays and closures.
 *
 * <p>Each case is generated from its own seed, printed in the test name, so a failure is replayed by running the same
 * seed again. The seeds derive from a fixed base, {@code -Dhearken.propertySeed=…} explores others.
 */
class BusinessCalendarPropertiesTest {

    private static final List<String> ZONES = List.of(
            "UTC",
            "Australia/Sydney",
            "Australia/Adelaide",
            "Australia/Lord_Howe",
            "Australia/Brisbane",
            "Asia/Kathmandu",
            "Asia/Kolkata",
            "Asia/Tehran",
            "Europe/London",
            "Europe/Dublin",
            "Europe/Berlin",
            "America/New_York",
            "America/St_Johns",
            "America/Sao_Paulo",
            "America/Havana",
            "Africa/Casablanca",
            "Pacific/Chatham",
            "Pacific/Apia",
            "Pacific/Kiritimati",
            "America/Adak");

    private static final long FROM =
            LocalDate.of(2001, 1, 1).atStartOfDay(ZoneId.of("UTC")).toEpochSecond();
    private static final long TO =
            LocalDate.of(2100, 1, 1).atStartOfDay(ZoneId.of("UTC")).toEpochSecond();
    private static final int SAMPLES_PER_CALENDAR = 40;

    /** A calendar's settings; holidays and closures cluster in one year so that random instants meet them. */
    record Spec(
            ZoneId zone,
            Set<DayOfWeek> workdays,
            LocalTime opens,
            LocalTime closes,
            int focusYear,
            Set<LocalDate> closures,
            Map<LocalDate, String> holidays) {

        BusinessCalendar build() {
            HolidaySource source = new HolidaySource() {
                @Override
                public Map<LocalDate, String> holidays(int year) {
                    Map<LocalDate, String> result = new HashMap<>();
                    holidays.forEach((d, name) -> {
                        if (d.getYear() == year) {
                            result.put(d, name);
                        }
                    });
                    return result;
                }

                @Override
                public String description() {
                    return "random holidays";
                }
            };
            // One extra year, so that 60 business days after late 2099 still fit with a one-day working week.
            return BusinessCalendar.builder()
                    .zone(zone)
                    .workingDays(workdays)
                    .hours(opens, closes)
                    .holidays(source)
                    .closures(closures)
                    .years(2000, 2102)
                    .build();
        }
    }

    /** The rule of docs/architecture.md read literally, one day at a time. */
    record Reference(Spec s) {

        boolean isBusinessDay(LocalDate d) {
            return s.workdays().contains(d.getDayOfWeek())
                    && !s.closures().contains(d)
                    && !s.holidays().containsKey(d)
                    && d.atStartOfDay(s.zone()).toLocalDate().equals(d);
        }

        Instant close(LocalDate d) {
            return ZonedDateTime.of(d, s.closes(), s.zone()).toInstant();
        }

        Instant open(LocalDate d) {
            Instant o = ZonedDateTime.of(d, s.opens(), s.zone()).toInstant();
            return o.isAfter(close(d)) ? close(d) : o;
        }

        LocalDate next(LocalDate d) {
            LocalDate x = d.plusDays(1);
            while (!isBusinessDay(x)) {
                x = x.plusDays(1);
            }
            return x;
        }

        LocalDate receiptDay(Instant t) {
            LocalDate local = LocalDate.ofInstant(t, s.zone());
            return isBusinessDay(local) && t.isBefore(close(local)) ? local : next(local);
        }

        Instant due(Instant t, int n) {
            LocalDate d = receiptDay(t);
            for (int i = 0; i < n; i++) {
                d = next(d);
            }
            return close(d);
        }

        boolean isWithinBusinessHours(Instant t) {
            LocalDate local = LocalDate.ofInstant(t, s.zone());
            for (LocalDate d = local.minusDays(1); !d.isAfter(local.plusDays(1)); d = d.plusDays(1)) {
                if (isBusinessDay(d) && !t.isBefore(open(d)) && t.isBefore(close(d))) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final long BASE_SEED = Long.getLong("hearken.propertySeed", 20261123L);

    /** The seeds of {@code count} generated cases. */
    static Stream<Long> seeds(int count) {
        return LongStream.range(0, count).map(i -> BASE_SEED * 1_000_003L + i).boxed();
    }

    static Stream<Long> seeds300() {
        return seeds(300);
    }

    static Stream<Long> seeds150() {
        return seeds(150);
    }

    static Stream<Long> seeds100() {
        return seeds(100);
    }

    /** A random calendar: zone, a non-empty working week, opening hours, holidays and closures around one year. */
    static Spec calendar(Random r) {
        ZoneId zone = ZoneId.of(ZONES.get(r.nextInt(ZONES.size())));
        Set<DayOfWeek> workdays = new HashSet<>();
        for (DayOfWeek d : DayOfWeek.values()) {
            if (r.nextInt(7) < 5) {
                workdays.add(d);
            }
        }
        if (workdays.isEmpty()) {
            workdays.add(DayOfWeek.of(1 + r.nextInt(7)));
        }
        LocalTime opens = LocalTime.MIDNIGHT.plusMinutes(r.nextInt(12 * 60 + 1));
        LocalTime closes = opens.plusMinutes(1 + r.nextInt(10 * 60));
        int year = 2001 + r.nextInt(99);
        LocalDate start = LocalDate.of(year, 1, 1);
        Set<LocalDate> closures = new TreeSet<>();
        for (int i = r.nextInt(41); i > 0; i--) {
            closures.add(start.plusDays(r.nextInt(401)));
        }
        Map<LocalDate, String> holidays = new HashMap<>();
        for (int i = r.nextInt(21); i > 0; i--) {
            int day = r.nextInt(401);
            holidays.put(start.plusDays(day), "Holiday " + day);
        }
        return new Spec(zone, workdays, opens, closes, year, closures, holidays);
    }

    /** Uniform over 2001–2099, within the busy year, or within a minute of an opening or closing, with any nanos. */
    private static Instant sample(Random r, Spec s) {
        int mode = r.nextInt(4);
        long second;
        if (mode == 0) {
            second = FROM + (long) (r.nextDouble() * (TO - FROM));
        } else if (mode == 1) {
            long start =
                    LocalDate.of(s.focusYear(), 1, 1).atStartOfDay(s.zone()).toEpochSecond();
            second = start + r.nextInt(400 * 86_400);
        } else {
            LocalDate d = LocalDate.of(s.focusYear(), 1, 1).plusDays(r.nextInt(400));
            LocalTime time = mode == 2 ? s.closes() : s.opens();
            int[] deltas = {-3600, -60, -1, 0, 0, 1, 60, 3600};
            second = ZonedDateTime.of(d, time, s.zone()).toEpochSecond() + deltas[r.nextInt(deltas.length)];
        }
        int nanos = r.nextBoolean() ? 0 : r.nextInt(1_000_000_000);
        return Instant.ofEpochSecond(second, nanos);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds300")
    void dueAndReceiptDayMatchTheDayByDayReference(long seed) {
        Random r = new Random(seed);
        Spec spec = calendar(r);
        BusinessCalendar cal = spec.build();
        Reference ref = new Reference(spec);
        for (int i = 0; i < SAMPLES_PER_CALENDAR; i++) {
            Instant t = sample(r, spec);
            int n = r.nextInt(61);
            assertThat(cal.receiptDay(t)).as("receipt day of %s in %s", t, spec).isEqualTo(ref.receiptDay(t));
            assertThat(cal.due(t, n)).as("due %s + %d in %s", t, n, spec).isEqualTo(ref.due(t, n));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds150")
    void dueIsCloseOfBusinessOnABusinessDayAfterReceipt(long seed) {
        Random r = new Random(seed);
        Spec spec = calendar(r);
        BusinessCalendar cal = spec.build();

        for (int i = 0; i < SAMPLES_PER_CALENDAR; i++) {
            Instant t = sample(r, spec);
            int n = r.nextInt(61);
            Instant due = cal.due(t, n);
            LocalDate day = LocalDate.ofInstant(due, spec.zone());
            assertThat(cal.isBusinessDay(day)).as("%s is a business day", day).isTrue();
            assertThat(due)
                    .isEqualTo(ZonedDateTime.of(day, spec.closes(), spec.zone()).toInstant())
                    .isEqualTo(cal.closesAt(day));
            assertThat(due).as("due after receipt").isAfter(t);
            assertThat(cal.businessDaysBetween(cal.receiptDay(t), day)).isEqualTo(n);
            assertThat(cal.plusBusinessDays(cal.receiptDay(t), n)).isEqualTo(day);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds150")
    void dueIsMonotonicInReceivedInstantAndInTarget(long seed) {
        Random r = new Random(seed);
        Spec spec = calendar(r);
        BusinessCalendar cal = spec.build();

        for (int i = 0; i < SAMPLES_PER_CALENDAR; i++) {
            Instant a = sample(r, spec);
            Instant b = sample(r, spec);
            Instant earlier = a.isBefore(b) ? a : b;
            Instant later = a.isBefore(b) ? b : a;
            int n = r.nextInt(60);
            assertThat(cal.due(earlier, n)).isBeforeOrEqualTo(cal.due(later, n));
            assertThat(cal.due(earlier, n)).isBefore(cal.due(earlier, n + 1));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds100")
    void explanationAccountsForEveryDay(long seed) {
        Random r = new Random(seed);
        Spec spec = calendar(r);
        BusinessCalendar cal = spec.build();
        Reference ref = new Reference(spec);
        for (int i = 0; i < 10; i++) {
            Instant t = sample(r, spec);
            int n = r.nextInt(61);
            DueDateExplanation x = cal.explain(t, n);
            assertThat(x.due()).isEqualTo(cal.due(t, n));
            assertThat(x.receiptDay()).isEqualTo(cal.receiptDay(t));
            assertThat(x.countedDays()).hasSize(n).allMatch(ref::isBusinessDay);
            assertThat(x.dueDay())
                    .isEqualTo(n == 0 ? x.receiptDay() : x.countedDays().getLast());
            assertThat(x.skippedDays()).allMatch(s -> !ref.isBusinessDay(s.date()));

            List<LocalDate> accounted = new ArrayList<>();
            if (!x.receivedDate().equals(x.receiptDay()) && ref.isBusinessDay(x.receivedDate())) {
                accounted.add(x.receivedDate()); // a business day received after closing
            }
            accounted.add(x.receiptDay());
            accounted.addAll(x.countedDays());
            x.skippedDays().forEach(s -> accounted.add(s.date()));
            Set<LocalDate> expected = new HashSet<>();
            x.receivedDate().datesUntil(x.dueDay().plusDays(1)).forEach(expected::add);
            assertThat(accounted).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds150")
    void businessHoursMatchTheReference(long seed) {
        Random r = new Random(seed);
        Spec spec = calendar(r);
        BusinessCalendar cal = spec.build();
        Reference ref = new Reference(spec);

        for (int i = 0; i < SAMPLES_PER_CALENDAR; i++) {
            Instant t = sample(r, spec);
            boolean open = ref.isWithinBusinessHours(t);
            assertThat(cal.isWithinBusinessHours(t))
                    .as("open at %s in %s", t, spec)
                    .isEqualTo(open);
            Instant next = cal.nextBusinessMoment(t);
            if (open) {
                assertThat(next).isEqualTo(t);
            } else {
                assertThat(next).isAfter(t);
                assertThat(ref.isWithinBusinessHours(next)).isTrue();
                assertThat(ref.isWithinBusinessHours(next.minusNanos(1))).isFalse();
                LocalDate day = LocalDate.ofInstant(next, spec.zone());
                assertThat(next).isEqualTo(cal.opensAt(day));
            }
        }
    }
}
