package org.hearken.calendar;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Due-date throughput on a Metart-like calendar (docs/architecture.md asks for at least 5 million per second per core). Inputs
 * are random instants across 2001–2098 and targets of 0–10 business days, precomputed so that only {@code due} is
 * measured; the array is larger than the CPU caches' sweet spot so that the binary search sees realistic misses.
 * Run with bench/deadline-jmh.sh.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DueDateBenchmark {

    private static final int INPUTS = 1 << 16;

    private BusinessCalendar calendar;
    private Instant[] received;
    private int[] targets;
    private int i;

    @Setup
    public void setUp() {
        calendar = BusinessCalendar.builder()
                .zone(ZoneId.of("Australia/Sydney"))
                .workingDays(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY))
                .hours(LocalTime.of(9, 0), LocalTime.of(17, 0))
                .holidays(HolidaySource.jollyday("AU", "nsw", java.util.List.of("Bank Holiday")))
                .closure(LocalDate.of(2026, 12, 29), "Office closed")
                .closure(LocalDate.of(2026, 12, 30), "Office closed")
                .build();
        SplittableRandom random = new SplittableRandom(20261218);
        long from = Instant.parse("2001-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2099-01-01T00:00:00Z").getEpochSecond();
        received = new Instant[INPUTS];
        targets = new int[INPUTS];
        for (int k = 0; k < INPUTS; k++) {
            received[k] = Instant.ofEpochSecond(random.nextLong(from, to), random.nextInt(1_000_000_000));
            targets[k] = random.nextInt(11);
        }
    }

    private static final Period[] BUSINESS_DAYS = new Period[11];
    private static final Period[] MONTHS = new Period[11];
    private static final Period[] WEEKS = new Period[11];

    static {
        for (int n = 0; n <= 10; n++) {
            BUSINESS_DAYS[n] = Period.businessDays(n);
            MONTHS[n] = Period.months(n);
            WEEKS[n] = Period.weeks(n);
        }
    }

    /** Today's rule: business days from the receipt business day. */
    @Benchmark
    public Instant due() {
        int k = i++ & (INPUTS - 1);
        return calendar.due(received[k], targets[k]);
    }

    /** The rule packs' rule: business days following the calendar day of receipt. */
    @Benchmark
    public Instant dueBusinessDaysFollowingTheDayOfReceipt() {
        int k = i++ & (INPUTS - 1);
        return calendar.due(received[k], BUSINESS_DAYS[targets[k]], ReceiptDayRule.DAY_OF_RECEIPT);
    }

    /** Weeks, due at the end of the last day in local time. */
    @Benchmark
    public Instant dueWeeks() {
        int k = i++ & (INPUTS - 1);
        return calendar.due(received[k], WEEKS[targets[k]], ReceiptDayRule.DAY_OF_RECEIPT);
    }

    /** Calendar months. */
    @Benchmark
    public Instant dueMonths() {
        int k = i++ & (INPUTS - 1);
        return calendar.due(received[k], MONTHS[targets[k]], ReceiptDayRule.DAY_OF_RECEIPT);
    }
}
