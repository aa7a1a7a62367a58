package org.hearken.calendar;

/** Why a day is not a business day. */
public enum SkipReason {
    /** Saturday or Sunday, and not one of the calendar's working days. */
    WEEKEND,
    /** A weekday that is not one of the calendar's working days. */
    NOT_A_WORKING_DAY,
    PUBLIC_HOLIDAY,
    /** The organisation's own closure, e.g. a shutdown between Christmas and New Year. */
    CLOSURE,
    /** The date does not exist in the time zone, e.g. 30 December 2011 in Pacific/Apia, which skipped it. */
    NOT_IN_TIME_ZONE
}
