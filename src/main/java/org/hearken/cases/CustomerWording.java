package org.hearken.cases;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.hearken.policy.FeedbackKind;

/**
 * How dates and kinds of feedback are written for customers, in every text Hearken gives them: dates in the
 * organisation's time zone, in words ("5:00 pm on Wednesday 6 January 2027"), never as ISO timestamps.
 */
public final class CustomerWording {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("h:mm a", Locale.ENGLISH);

    private CustomerWording() {}

    /** The time and day, e.g. "5:00 pm on Wednesday 6 January 2027". */
    public static String when(Instant instant, ZoneId zone) {
        var local = instant.atZone(zone);
        return TIME.format(local).toLowerCase(Locale.ENGLISH) + " on " + DAY.format(local);
    }

    /** The day, e.g. "Wednesday 6 January 2027". */
    public static String day(Instant instant, ZoneId zone) {
        return DAY.format(instant.atZone(zone));
    }

    /** The kind in plain words, e.g. "request for service". */
    /** A remedy offered, as the customer reads it: "A refund of 45.00: the second instalment". */
    public static String remedy(RemedyType type, String description, java.math.BigDecimal value) {
        String what = switch (type) {
            case APOLOGY -> "An apology";
            case REFUND -> "A refund";
            case CREDIT -> "A credit";
            case SERVICE_REDONE -> "The service done again";
            case OTHER -> "Something else";
        };
        if (value != null) {
            what += " of " + value.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
        }
        return description == null || description.isBlank() ? what : what + ": " + description.strip();
    }

    public static String kind(FeedbackKind kind) {
        return switch (kind) {
            case COMPLAINT -> "complaint";
            case QUESTION -> "question";
            case SERVICE_REQUEST -> "request for service";
            case SUGGESTION -> "suggestion";
            case COMPLIMENT -> "compliment";
        };
    }
}
