package org.hearken.cases;

/**
 * Where a case stands against its next due date, as lists show it at a glance. The next due date is the earliest
 * stage still running (acknowledge, respond, internal review); "today" is the organisation's day in its time zone.
 */
public enum DueState {
    /** The next stage is due after today. */
    ON_TRACK,
    /** The next stage is due before the end of today. */
    DUE_TODAY,
    /** A running stage is past its due date. */
    OVERDUE,
    /** On track, against a due date that was extended (the customer was told of the new date). */
    EXTENDED,
    /** Open with no stage running, e.g. answered and waiting to be closed. */
    NO_DEADLINE,
    CLOSED;

    /** Lower case with dashes, as the stylesheet's badge classes and URLs spell it: {@code due-today}. */
    public String css() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** In plain words: "due today". */
    public String label() {
        return switch (this) {
            case ON_TRACK -> "on track";
            case DUE_TODAY -> "due today";
            case OVERDUE -> "overdue";
            case EXTENDED -> "extended";
            case NO_DEADLINE -> "no deadline running";
            case CLOSED -> "closed";
        };
    }
}
