package org.hearken.calendar;

/**
 * What a period is counted in. A business-day period falls due at the calendar's closing time of its last day; a
 * calendar-day, week or month period at 23:59:59 local time of its last day; an hour period exactly that many hours
 * after its anchor.
 */
public enum PeriodUnit {
    BUSINESS_DAYS("business-days", "business day", "business days"),
    CALENDAR_DAYS("calendar-days", "calendar day", "calendar days"),
    WEEKS("weeks", "week", "weeks"),
    MONTHS("months", "month", "months"),
    HOURS("hours", "hour", "hours");

    private final String key;
    private final String one;
    private final String many;

    PeriodUnit(String key, String one, String many) {
        this.key = key;
        this.one = one;
        this.many = many;
    }

    /** The unit as rule packs and the API write it, e.g. "business-days". */
    public String key() {
        return key;
    }

    /** "1 business day", "8 weeks". */
    public String words(int amount) {
        return amount + " " + (amount == 1 ? one : many);
    }

    /** The unit written {@code key}, e.g. "calendar-days"; empty-handed callers get an exception naming the choices. */
    public static PeriodUnit ofKey(String key) {
        for (PeriodUnit u : values()) {
            if (u.key.equals(key)) {
                return u;
            }
        }
        throw new IllegalArgumentException("unknown unit '" + key + "'; one of " + keys());
    }

    public static String keys() {
        StringBuilder b = new StringBuilder();
        for (PeriodUnit u : values()) {
            b.append(b.isEmpty() ? "" : ", ").append(u.key);
        }
        return b.toString();
    }
}
