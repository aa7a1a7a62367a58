package org.hearken.calendar;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * When an organisation is open: time zone, working days, opening hours, public holidays and its own closures.
 *
 * <p>Deadline rule (docs/architecture.md, "Deadlines"): an instant {@code t} is received on the <em>receipt
 * day</em> — the local date of {@code t} if that is a business day and {@code t} is strictly before close of
 * business, otherwise the next business day. A target of N business days is due at close of business on the N-th
 * business day after the receipt day; N = 0 means close of business on the receipt day.
 *
 * <p>The receipt day is the first business day whose closing instant is after {@code t}: if the local date of
 * {@code t} is a business day still open, its own closing is the first one after {@code t}; otherwise every earlier
 * business day has closed and the next one closes later. So {@link #due} is one binary search over a sorted array of
 * closing instants plus an index step, with no allocation besides the result.
 *
 * <p>Opening and closing instants are {@code ZonedDateTime.of(date, time, zone).toInstant()}: a time that falls in a
 * daylight-saving gap moves forward by the length of the gap (closing at 02:30 on a night when clocks jump from 02:00
 * to 03:00 means closing at 03:30); a time that occurs twice in an overlap is its earlier occurrence. A date that the
 * zone skips entirely is not a business day.
 *
 * <p>Everything is computed when the calendar is built, for a range of years (2000–2100 unless set otherwise);
 * dates and instants outside the range are rejected with {@link IllegalArgumentException}. Instances are immutable
 * and safe to share between threads.
 */
public final class BusinessCalendar {

    public static final int DEFAULT_FIRST_YEAR = 2000;
    public static final int DEFAULT_LAST_YEAR = 2100;

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM uuuu", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

    private final ZoneId zone;
    private final Set<DayOfWeek> workingDays;
    private final LocalTime opens;
    private final LocalTime closes;
    private final HolidaySource holidaySource;
    private final Map<LocalDate, String> closures;
    private final Map<LocalDate, String> holidays;
    private final int firstYear;
    private final int lastYear;
    private final long firstEpochDay;
    private final long lastEpochDay;
    private final long rangeStartSecond;

    /** Closing instant (epoch second) of each business day, strictly increasing. */
    private final long[] closing;
    /** Opening instant (epoch second) of each business day, never after its closing. */
    private final long[] opening;
    /** Epoch day of each business day. */
    private final long[] businessDay;
    /** For each day of the range (and one past it): index of the first business day on or after it. */
    private final int[] firstOnOrAfter;

    private BusinessCalendar(Builder b) {
        this.zone = Objects.requireNonNull(b.zone, "zone");
        if (b.workingDays.isEmpty()) {
            throw new IllegalArgumentException("a business calendar needs at least one working day");
        }
        this.workingDays = Collections.unmodifiableSet(EnumSet.copyOf(b.workingDays));
        this.opens = Objects.requireNonNull(b.opens, "opens");
        this.closes = Objects.requireNonNull(b.closes, "closes");
        if (!opens.isBefore(closes)) {
            throw new IllegalArgumentException("opening time " + opens + " must be before closing time " + closes);
        }
        if (b.firstYear > b.lastYear) {
            throw new IllegalArgumentException("first year " + b.firstYear + " is after last year " + b.lastYear);
        }
        this.firstYear = b.firstYear;
        this.lastYear = b.lastYear;
        LocalDate first = LocalDate.of(firstYear, 1, 1);
        LocalDate last = LocalDate.of(lastYear, 12, 31);
        this.firstEpochDay = first.toEpochDay();
        this.lastEpochDay = last.toEpochDay();
        this.rangeStartSecond = first.atStartOfDay(zone).toEpochSecond();
        this.holidaySource = Objects.requireNonNull(b.holidays, "holidays");

        for (LocalDate d : b.closures.keySet()) {
            if (d.isBefore(first) || d.isAfter(last)) {
                throw new IllegalArgumentException(
                        "closure " + d + " is outside the calendar's years " + firstYear + "–" + lastYear);
            }
        }
        this.closures = Collections.unmodifiableMap(new TreeMap<>(b.closures));

        Map<LocalDate, String> hol = new HashMap<>();
        for (int y = firstYear; y <= lastYear; y++) {
            holidaySource.holidays(y).forEach((date, name) -> {
                if (!date.isBefore(first) && !date.isAfter(last)) {
                    hol.merge(date, name, (a, c) -> a.equals(c) ? a : a + " / " + c);
                }
            });
        }
        this.holidays = Collections.unmodifiableMap(hol);

        int days = (int) (lastEpochDay - firstEpochDay + 1);
        long[] close = new long[days];
        long[] open = new long[days];
        long[] epochDay = new long[days];
        int[] index = new int[days + 1];
        int n = 0;
        for (int i = 0; i < days; i++) {
            index[i] = n;
            LocalDate d = LocalDate.ofEpochDay(firstEpochDay + i);
            if (workingDays.contains(d.getDayOfWeek())
                    && !hol.containsKey(d)
                    && !closures.containsKey(d)
                    && existsInZone(d)) {
                long c = ZonedDateTime.of(d, closes, zone).toEpochSecond();
                long o = ZonedDateTime.of(d, opens, zone).toEpochSecond();
                close[n] = c;
                open[n] = Math.min(o, c);
                epochDay[n] = d.toEpochDay();
                n++;
            }
        }
        index[days] = n;
        if (n == 0) {
            throw new IllegalArgumentException("the calendar has no business days in " + firstYear + "–" + lastYear);
        }
        this.closing = Arrays.copyOf(close, n);
        this.opening = Arrays.copyOf(open, n);
        this.businessDay = Arrays.copyOf(epochDay, n);
        this.firstOnOrAfter = index;
    }

    /** False for a date the zone skipped, e.g. Pacific/Apia jumped from 29 to 31 December 2011. */
    private boolean existsInZone(LocalDate d) {
        return ZonedDateTime.of(d, LocalTime.NOON, zone).toLocalDate().equals(d)
                && ZonedDateTime.of(d, closes, zone).toLocalDate().equals(d);
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- deadlines (hot path)

    /**
     * Close of business on the {@code n}-th business day after the receipt day of {@code received}.
     *
     * @param n business days, 0 = close of business on the receipt day
     * @throws IllegalArgumentException if {@code n} is negative or the result falls outside the calendar's years
     */
    public Instant due(Instant received, int n) {
        return Instant.ofEpochSecond(dueEpochSecond(received.getEpochSecond(), n));
    }

    /** {@link #due(Instant, int)} on epoch seconds, for callers that keep times as numbers. */
    public long dueEpochSecond(long receivedEpochSecond, int n) {
        return closing[dueIndex(receivedEpochSecond, n)];
    }

    private int dueIndex(long receivedEpochSecond, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("a target cannot be a negative number of business days: " + n);
        }
        int i = receiptIndex(receivedEpochSecond) + n;
        if (i >= closing.length) {
            throw outOfRange(
                    "the due date " + n + " business days after " + Instant.ofEpochSecond(receivedEpochSecond));
        }
        return i;
    }

    /**
     * Index of the first business day whose closing is after {@code t}. Comparing whole seconds is exact: closings
     * are whole seconds, and an instant in the closing second but after it (nanos > 0) is not before closing.
     */
    private int receiptIndex(long t) {
        if (t < rangeStartSecond) {
            throw outOfRange(Instant.ofEpochSecond(t).toString());
        }
        int i = Arrays.binarySearch(closing, t);
        i = i >= 0 ? i + 1 : -i - 1;
        if (i >= closing.length) {
            throw outOfRange(Instant.ofEpochSecond(t).toString());
        }
        return i;
    }

    /** The business day on which {@code received} counts as received (see the class comment). */
    public LocalDate receiptDay(Instant received) {
        return LocalDate.ofEpochDay(businessDay[receiptIndex(received.getEpochSecond())]);
    }

    // ---------------------------------------------------------------- periods in any unit (rule packs)

    /** The time of day at which a calendar-day, week or month period falls due on its last day. */
    public static final LocalTime END_OF_DAY = LocalTime.of(23, 59, 59);

    /**
     * When {@code period} started at {@code anchor} falls due under {@code rule}:
     *
     * <ul>
     *   <li>business days: at close of business on the last of them, counted after day 0 (see {@link ReceiptDayRule});
     *       0 business days is close of business on the first business day whose closing is after the anchor;
     *   <li>calendar days, weeks, months: at 23:59:59 local time of day 0 plus the period (a month ending on a day the
     *       month does not have ends on its last day: 31 January + 1 month = 28 or 29 February);
     *   <li>hours: exactly that many hours after the anchor, whatever the calendar says.
     * </ul>
     *
     * @throws IllegalArgumentException if the anchor or the result is outside the calendar's years
     */
    public Instant due(Instant anchor, Period period, ReceiptDayRule rule) {
        int n = period.amount();
        return switch (period.unit()) {
            case HOURS -> {
                dayIndex(anchor.atZone(zone).toLocalDate());
                yield anchor.plusSeconds(3600L * n);
            }
            case BUSINESS_DAYS -> Instant.ofEpochSecond(closing[businessDueIndex(anchor, n, rule)]);
            case CALENDAR_DAYS, WEEKS, MONTHS -> endOfDay(calendarDueDay(startDay(anchor, rule), period));
        };
    }

    private int businessDueIndex(Instant anchor, int n, ReceiptDayRule rule) {
        long t = anchor.getEpochSecond();
        if (n == 0 || rule == ReceiptDayRule.NEXT_BUSINESS_DAY_AFTER_HOURS) {
            return dueIndex(t, n);
        }
        // The business days following the calendar day of the anchor, whatever the hour.
        int i = firstOnOrAfter[dayIndex(anchor.atZone(zone).toLocalDate()) + 1] + n - 1;
        if (i >= closing.length) {
            throw outOfRange("the due date " + n + " business days after " + anchor);
        }
        return i;
    }

    /** Day 0 of a period started at {@code anchor}: its local date, or its receipt business day. */
    private LocalDate startDay(Instant anchor, ReceiptDayRule rule) {
        return rule == ReceiptDayRule.DAY_OF_RECEIPT ? localDateIn(anchor) : receiptDay(anchor);
    }

    private LocalDate localDateIn(Instant t) {
        LocalDate d = t.atZone(zone).toLocalDate();
        dayIndex(d);
        return d;
    }

    private LocalDate calendarDueDay(LocalDate start, Period period) {
        LocalDate d = switch (period.unit()) {
            case CALENDAR_DAYS -> start.plusDays(period.amount());
            case WEEKS -> start.plusWeeks(period.amount());
            case MONTHS -> start.plusMonths(period.amount());
            default -> throw new IllegalArgumentException("not a calendar unit: " + period.unit());
        };
        dayIndex(d);
        return d;
    }

    private Instant endOfDay(LocalDate d) {
        return ZonedDateTime.of(d, END_OF_DAY, zone).toInstant();
    }

    /** Why {@link #due(Instant, Period, ReceiptDayRule)} gives what it gives; walks the days, so not for bulk use. */
    public ClockExplanation explain(Instant anchor, Period period, ReceiptDayRule rule) {
        Instant due = due(anchor, period, rule);
        LocalDate anchorDate = anchor.atZone(zone).toLocalDate();
        LocalDate dueDay = due.atZone(zone).toLocalDate();
        int n = period.amount();
        return switch (period.unit()) {
            case HOURS ->
                new ClockExplanation(
                        anchor,
                        zone,
                        period,
                        rule,
                        anchorDate,
                        anchorDate,
                        "hours run from the moment itself, day and night, working day or not",
                        List.of(),
                        List.of(),
                        dueDay,
                        due,
                        period + " after " + moment(anchor) + ": due at " + moment(due),
                        describe());
            case BUSINESS_DAYS -> {
                int di = businessDueIndex(anchor, n, rule);
                LocalDate start;
                String reason;
                int firstCounted;
                if (n > 0 && rule == ReceiptDayRule.DAY_OF_RECEIPT) {
                    start = anchorDate;
                    reason = "the day of receipt is day 0, whatever the hour"
                            + (isBusinessDay(anchorDate) ? "" : " (" + reasonText(skipped(anchorDate)) + ")");
                    firstCounted = di - n + 1;
                } else {
                    int ri = di - n;
                    start = LocalDate.ofEpochDay(businessDay[ri]);
                    firstCounted = ri + 1;
                    if (start.equals(anchorDate)) {
                        reason = "received before closing time " + TIME.format(closes) + " on a business day";
                    } else if (isBusinessDay(anchorDate)) {
                        reason = "received at or after closing time " + TIME.format(closes)
                                + ", so day 0 is the next business day";
                    } else {
                        reason = reasonText(skipped(anchorDate)) + ", so day 0 is the next business day";
                    }
                }
                List<LocalDate> counted = new ArrayList<>(n);
                for (int i = firstCounted; i <= di; i++) {
                    counted.add(LocalDate.ofEpochDay(businessDay[i]));
                }
                List<SkippedDay> skippedDays = new ArrayList<>();
                for (LocalDate d = anchorDate; !d.isAfter(dueDay); d = d.plusDays(1)) {
                    if (!isBusinessDay(d)) {
                        skippedDays.add(skipped(d));
                    }
                }
                String summary = (n == 0
                                ? "by close of business on the day of receipt"
                                : period + " following " + DAY.format(start))
                        + ": due at close of business (" + TIME.format(closes) + ") on " + DAY.format(dueDay)
                        + (skippedDays.isEmpty()
                                ? ""
                                : ", not counting " + skippedDays.size()
                                        + (skippedDays.size() == 1 ? " day" : " days") + " that "
                                        + (skippedDays.size() == 1 ? "is" : "are") + " not a business day");
                yield new ClockExplanation(
                        anchor,
                        zone,
                        period,
                        rule,
                        anchorDate,
                        start,
                        reason,
                        counted,
                        skippedDays,
                        dueDay,
                        due,
                        summary,
                        describe());
            }
            case CALENDAR_DAYS, WEEKS, MONTHS -> {
                LocalDate start = startDay(anchor, rule);
                String reason = rule == ReceiptDayRule.DAY_OF_RECEIPT
                        ? "the day of receipt is day 0, whatever the hour"
                        : (start.equals(anchorDate)
                                ? "received before closing time " + TIME.format(closes) + " on a business day"
                                : "received outside business hours, so day 0 is the next business day");
                String clipped = period.unit() == PeriodUnit.MONTHS && dueDay.getDayOfMonth() != start.getDayOfMonth()
                        ? " (the month has no " + ordinal(start.getDayOfMonth()) + ", so its last day)"
                        : "";
                yield new ClockExplanation(
                        anchor,
                        zone,
                        period,
                        rule,
                        anchorDate,
                        start,
                        reason,
                        List.of(),
                        List.of(),
                        dueDay,
                        due,
                        period + " after " + DAY.format(start) + ": due at the end of " + DAY.format(dueDay) + clipped
                                + " (23:59:59, " + zone + ")",
                        describe());
            }
        };
    }

    private String moment(Instant t) {
        ZonedDateTime z = t.atZone(zone);
        return DAY.format(z) + " " + TIME.format(z) + " (" + zone + ")";
    }

    private static String ordinal(int day) {
        String suffix = day >= 11 && day <= 13
                ? "th"
                : switch (day % 10) {
                    case 1 -> "st";
                    case 2 -> "nd";
                    case 3 -> "rd";
                    default -> "th";
                };
        return day + suffix;
    }

    // ---------------------------------------------------------------- days and hours

    public boolean isBusinessDay(LocalDate date) {
        int i = firstOnOrAfter[dayIndex(date)];
        return i < businessDay.length && businessDay[i] == date.toEpochDay();
    }

    /** The first business day strictly after {@code date}. */
    public LocalDate nextBusinessDay(LocalDate date) {
        int i = firstOnOrAfter[dayIndex(date) + 1];
        if (i >= businessDay.length) {
            throw outOfRange("the business day after " + date);
        }
        return LocalDate.ofEpochDay(businessDay[i]);
    }

    /** {@code date} itself if it is a business day, else the next one. */
    public LocalDate businessDayOnOrAfter(LocalDate date) {
        int i = firstOnOrAfter[dayIndex(date)];
        if (i >= businessDay.length) {
            throw outOfRange("the business day on or after " + date);
        }
        return LocalDate.ofEpochDay(businessDay[i]);
    }

    /** The last business day strictly before {@code date}. */
    public LocalDate previousBusinessDay(LocalDate date) {
        int i = firstOnOrAfter[dayIndex(date)] - 1;
        if (i < 0) {
            throw outOfRange("the business day before " + date);
        }
        return LocalDate.ofEpochDay(businessDay[i]);
    }

    /**
     * The business day {@code n} business days after {@code date} (n ≥ 0); a non-business {@code date} first moves to
     * the next business day, as a receipt day would.
     */
    public LocalDate plusBusinessDays(LocalDate date, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be ≥ 0: " + n);
        }
        int i = firstOnOrAfter[dayIndex(date)] + n;
        if (i >= businessDay.length) {
            throw outOfRange(n + " business days after " + date);
        }
        return LocalDate.ofEpochDay(businessDay[i]);
    }

    /**
     * The number of business days in {@code [from, to)} — like {@link java.time.temporal.ChronoUnit#between}, start
     * included and end excluded; negative when {@code to} is before {@code from}.
     */
    public int businessDaysBetween(LocalDate from, LocalDate to) {
        return firstOnOrAfter[dayIndex(to)] - firstOnOrAfter[dayIndex(from)];
    }

    /** Opening time on a business day. */
    public Instant opensAt(LocalDate businessDay) {
        return Instant.ofEpochSecond(opening[indexOfBusinessDay(businessDay)]);
    }

    /** Close of business on a business day: the instant every deadline on that day falls due. */
    public Instant closesAt(LocalDate businessDay) {
        return Instant.ofEpochSecond(closing[indexOfBusinessDay(businessDay)]);
    }

    /** True if {@code t} is on a business day, at or after opening and strictly before closing. */
    public boolean isWithinBusinessHours(Instant t) {
        return opening[receiptIndex(t.getEpochSecond())] <= t.getEpochSecond();
    }

    /** {@code t} itself if the organisation is open then, else the next opening — e.g. when to send a reminder. */
    public Instant nextBusinessMoment(Instant t) {
        long open = opening[receiptIndex(t.getEpochSecond())];
        return open <= t.getEpochSecond() ? t : Instant.ofEpochSecond(open);
    }

    /**
     * The instant {@code hours} of opening time after {@code t}, counting only business hours: e.g. four business hours
     * after Friday 16:00 with 09:00–17:00 hours is Monday 12:00 (if Monday is a business day).
     */
    public Instant plusBusinessHours(Instant t, Duration hours) {
        long remaining = hours.toSeconds();
        int day = receiptIndex(t.getEpochSecond());
        long cursor = Math.max(t.getEpochSecond(), opening[day]);
        while (remaining > closing[day] - cursor) {
            remaining -= closing[day] - cursor;
            if (++day >= closing.length) {
                throw outOfRange(hours + " of business hours after " + t);
            }
            cursor = opening[day];
        }
        return Instant.ofEpochSecond(cursor + remaining);
    }

    /**
     * The instant {@code hours} of opening time before {@code t}, counting only business hours: e.g. four business
     * hours before Monday 17:00 with 09:00–17:00 hours is Monday 13:00.
     */
    public Instant minusBusinessHours(Instant t, Duration hours) {
        long remaining = hours.toSeconds();
        int day = receiptIndex(t.getEpochSecond());
        long cursor;
        if (opening[day] < t.getEpochSecond()) {
            cursor = t.getEpochSecond();
        } else {
            if (--day < 0) {
                throw outOfRange(hours + " of business hours before " + t);
            }
            cursor = closing[day];
        }
        while (remaining > cursor - opening[day]) {
            remaining -= cursor - opening[day];
            if (--day < 0) {
                throw outOfRange(hours + " of business hours before " + t);
            }
            cursor = closing[day];
        }
        return Instant.ofEpochSecond(cursor - remaining);
    }

    /** The public holiday on {@code date}, as the holiday source names it, if any (also on weekends). */
    public Optional<String> holidayName(LocalDate date) {
        dayIndex(date);
        return Optional.ofNullable(holidays.get(date));
    }

    /** True if the organisation closes on {@code date}; see {@link #closures()} for the label. */
    public boolean isClosure(LocalDate date) {
        return closures.containsKey(date);
    }

    /** Why {@code date} is not a business day, or empty if it is one. */
    public Optional<SkippedDay> whyNotBusinessDay(LocalDate date) {
        return isBusinessDay(date) ? Optional.empty() : Optional.of(skipped(date));
    }

    private int indexOfBusinessDay(LocalDate date) {
        int i = firstOnOrAfter[dayIndex(date)];
        if (i >= businessDay.length || businessDay[i] != date.toEpochDay()) {
            throw new IllegalArgumentException(
                    date + " is not a business day: " + skipped(date).description());
        }
        return i;
    }

    private int dayIndex(LocalDate date) {
        long e = date.toEpochDay();
        if (e < firstEpochDay || e > lastEpochDay) {
            throw outOfRange(date.toString());
        }
        return (int) (e - firstEpochDay);
    }

    private IllegalArgumentException outOfRange(String what) {
        return new IllegalArgumentException(
                what + " is outside the business calendar's range " + firstYear + "–" + lastYear + " (" + zone + ")");
    }

    // ---------------------------------------------------------------- explanation (not on the hot path)

    /** Why {@link #due(Instant, int)} gives what it gives: walks the days, so use it for display, not in bulk. */
    public DueDateExplanation explain(Instant received, int n) {
        int di = dueIndex(received.getEpochSecond(), n);
        int ri = di - n;
        LocalDate receivedDate = received.atZone(zone).toLocalDate();
        LocalDate receipt = LocalDate.ofEpochDay(businessDay[ri]);
        LocalDate dueDay = LocalDate.ofEpochDay(businessDay[di]);

        String reason;
        if (receipt.equals(receivedDate)) {
            reason = "received before closing time " + TIME.format(closes) + " on a business day";
        } else if (isBusinessDay(receivedDate)) {
            reason = "received at or after closing time " + TIME.format(closes);
        } else {
            reason = reasonText(skipped(receivedDate));
        }

        List<LocalDate> counted = new ArrayList<>(n);
        for (int i = ri + 1; i <= di; i++) {
            counted.add(LocalDate.ofEpochDay(businessDay[i]));
        }
        List<SkippedDay> skippedDays = new ArrayList<>();
        for (LocalDate d = receivedDate; !d.isAfter(dueDay); d = d.plusDays(1)) {
            if (!isBusinessDay(d)) {
                skippedDays.add(skipped(d));
            }
        }
        return new DueDateExplanation(
                received,
                zone,
                receivedDate,
                receipt,
                reason,
                n,
                counted,
                skippedDays,
                dueDay,
                closes,
                Instant.ofEpochSecond(closing[di]),
                describe());
    }

    private SkippedDay skipped(LocalDate d) {
        DayOfWeek dow = d.getDayOfWeek();
        String day = DAY.format(d);
        if (!workingDays.contains(dow)) {
            SkipReason r = dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY
                    ? SkipReason.WEEKEND
                    : SkipReason.NOT_A_WORKING_DAY;
            String also = holidays.containsKey(d) ? " (also " + holidays.get(d) + ")" : "";
            return new SkippedDay(d, dow, r, null, day + ": " + dayName(dow) + " is not a working day" + also);
        }
        if (holidays.containsKey(d)) {
            String name = holidays.get(d);
            return new SkippedDay(d, dow, SkipReason.PUBLIC_HOLIDAY, name, day + ": " + name + " (public holiday)");
        }
        if (closures.containsKey(d)) {
            String label = closures.get(d);
            return new SkippedDay(
                    d,
                    dow,
                    SkipReason.CLOSURE,
                    label,
                    day + ": organisation closure" + (label == null ? "" : " (" + label + ")"));
        }
        return new SkippedDay(d, dow, SkipReason.NOT_IN_TIME_ZONE, null, day + ": does not exist in " + zone);
    }

    private static String reasonText(SkippedDay s) {
        return switch (s.reason()) {
            case WEEKEND, NOT_A_WORKING_DAY -> dayName(s.dayOfWeek()) + " is not a working day";
            case PUBLIC_HOLIDAY -> s.name() + " (public holiday)";
            case CLOSURE -> "organisation closure" + (s.name() == null ? "" : " (" + s.name() + ")");
            case NOT_IN_TIME_ZONE -> "the date does not exist in the time zone";
        };
    }

    private static String dayName(DayOfWeek d) {
        return d.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }

    /** One line for people, e.g. "Australia/Sydney, Monday–Friday 09:00–17:00, public holidays of Australia / New South Wales, 2 closure days". */
    public String describe() {
        return zone + ", " + describeDays() + " " + TIME.format(opens) + "–" + TIME.format(closes) + ", "
                + holidaySource.description()
                + (closures.isEmpty()
                        ? ""
                        : ", " + closures.size() + (closures.size() == 1 ? " closure day" : " closure days"));
    }

    private String describeDays() {
        List<DayOfWeek> days = List.copyOf(EnumSet.copyOf(workingDays));
        boolean contiguous = days.getLast().getValue() - days.getFirst().getValue() == days.size() - 1;
        if (contiguous && days.size() > 2) {
            return dayName(days.getFirst()) + "–" + dayName(days.getLast());
        }
        return days.stream().map(BusinessCalendar::dayName).collect(Collectors.joining(", "));
    }

    // ---------------------------------------------------------------- configuration

    public ZoneId zone() {
        return zone;
    }

    public Set<DayOfWeek> workingDays() {
        return workingDays;
    }

    public LocalTime opens() {
        return opens;
    }

    public LocalTime closes() {
        return closes;
    }

    public HolidaySource holidaySource() {
        return holidaySource;
    }

    /** The organisation's closure dates, with their labels (null when none was given), in date order. */
    public Map<LocalDate, String> closures() {
        return closures;
    }

    public int firstYear() {
        return firstYear;
    }

    public int lastYear() {
        return lastYear;
    }

    /** Whether {@code date} is in the calendar's years: outside them nothing can be counted, so such a date is refused. */
    public boolean covers(LocalDate date) {
        return date.getYear() >= firstYear && date.getYear() <= lastYear;
    }

    /** The calendar's years in words, for telling someone why a date outside them was refused. */
    public String yearsInWords() {
        return firstYear + "–" + lastYear;
    }

    @Override
    public String toString() {
        return "BusinessCalendar[" + describe() + ", " + firstYear + "–" + lastYear + "]";
    }

    /** Builds a {@link BusinessCalendar}; zone, working days and hours are required. */
    public static final class Builder {
        private ZoneId zone;
        private final Set<DayOfWeek> workingDays = EnumSet.noneOf(DayOfWeek.class);
        private LocalTime opens;
        private LocalTime closes;
        private HolidaySource holidays = HolidaySource.none();
        private final Map<LocalDate, String> closures = new HashMap<>();
        private int firstYear = DEFAULT_FIRST_YEAR;
        private int lastYear = DEFAULT_LAST_YEAR;

        private Builder() {}

        public Builder zone(ZoneId zone) {
            this.zone = zone;
            return this;
        }

        public Builder workingDays(Collection<DayOfWeek> days) {
            workingDays.clear();
            workingDays.addAll(days);
            return this;
        }

        public Builder workingDays(DayOfWeek... days) {
            return workingDays(Arrays.asList(days));
        }

        public Builder hours(LocalTime opens, LocalTime closes) {
            this.opens = opens;
            this.closes = closes;
            return this;
        }

        public Builder holidays(HolidaySource holidays) {
            this.holidays = holidays;
            return this;
        }

        public Builder closure(LocalDate date) {
            closures.putIfAbsent(date, null);
            return this;
        }

        /** A closure with a label shown in explanations, e.g. "Office closed between Christmas and New Year". */
        public Builder closure(LocalDate date, String label) {
            closures.put(date, label == null || label.isBlank() ? null : label.strip());
            return this;
        }

        public Builder closures(Collection<LocalDate> dates) {
            dates.forEach(this::closure);
            return this;
        }

        /** The years precomputed; instants and dates outside them are rejected. Default 2000–2100. */
        public Builder years(int first, int last) {
            this.firstYear = first;
            this.lastYear = last;
            return this;
        }

        public BusinessCalendar build() {
            return new BusinessCalendar(this);
        }
    }
}
