package org.hearken.calendar;

/**
 * Which day counts as day 0 of a period started at an instant.
 *
 * <ul>
 *   <li>{@link #DAY_OF_RECEIPT}: the calendar day of the instant, whatever the hour, even if it is not a business day.
 *       N business days are the N business days following that day ("by close of business on the third business day
 *       following the day of receipt"). The regulated rule packs count this way.
 *   <li>{@link #NEXT_BUSINESS_DAY_AFTER_HOURS}: the receipt business day — the day itself if it is a business day and
 *       the instant is before closing time, otherwise the next business day. N business days are the N business days
 *       after it.
 * </ul>
 *
 * Either way, 0 business days means by close of business on the first business day whose closing is after the
 * instant, and calendar days, weeks and months are counted from day 0 (31 January + 1 month = the last day of
 * February).
 */
public enum ReceiptDayRule {
    DAY_OF_RECEIPT("day-of-receipt"),
    NEXT_BUSINESS_DAY_AFTER_HOURS("next-business-day-after-hours");

    private final String key;

    ReceiptDayRule(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static ReceiptDayRule ofKey(String key) {
        for (ReceiptDayRule r : values()) {
            if (r.key.equals(key)) {
                return r;
            }
        }
        throw new IllegalArgumentException(
                "unknown receipt-day rule '" + key + "'; one of day-of-receipt, next-business-day-after-hours");
    }
}
