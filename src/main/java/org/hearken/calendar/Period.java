package org.hearken.calendar;

import java.util.Objects;

/** A length of time a rule allows: an amount of a unit, e.g. 10 business days, 8 weeks, 24 hours. */
public record Period(int amount, PeriodUnit unit) {

    /** Larger numbers than this in any unit are typing mistakes (and would leave the calendar's years). */
    public static final int MAX_AMOUNT = 1000;

    public Period {
        Objects.requireNonNull(unit, "unit");
        if (amount < 0 || amount > MAX_AMOUNT) {
            throw new IllegalArgumentException(
                    "a period must be 0 to " + MAX_AMOUNT + " " + unit.key() + ": " + amount);
        }
    }

    public static Period businessDays(int n) {
        return new Period(n, PeriodUnit.BUSINESS_DAYS);
    }

    public static Period calendarDays(int n) {
        return new Period(n, PeriodUnit.CALENDAR_DAYS);
    }

    public static Period weeks(int n) {
        return new Period(n, PeriodUnit.WEEKS);
    }

    public static Period months(int n) {
        return new Period(n, PeriodUnit.MONTHS);
    }

    public static Period hours(int n) {
        return new Period(n, PeriodUnit.HOURS);
    }

    /** "10 business days". */
    @Override
    public String toString() {
        return unit.words(amount);
    }
}
