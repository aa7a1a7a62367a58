package org.hearken.casework;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.hearken.cases.AcknowledgementMethod;
import org.hearken.cases.CaseStatus;
import org.hearken.cases.CustomerWording;
import org.hearken.cases.Outcome;
import org.hearken.cases.PreferredReply;
import org.hearken.cases.RemedyStatus;
import org.hearken.cases.RemedyType;
import org.hearken.cases.ReviewDecision;
import org.hearken.intake.CaseAttachments;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;

/** Plain words for the values pages show, and dates as staff read them ("Tue 8 Dec 2026, 3:05 pm"). */
final class Words {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM yyyy, h:mm a", Locale.ENGLISH);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("d MMM, h:mm a", Locale.ENGLISH);

    private final ZoneId zone;

    Words(ZoneId zone) {
        this.zone = zone;
    }

    ZoneId zone() {
        return zone;
    }

    public String when(OffsetDateTime t) {
        return t == null ? "" : fix(WHEN.format(t));
    }

    public String when(Instant t) {
        return t == null ? "" : fix(WHEN.format(t.atZone(zone)));
    }

    public String day(OffsetDateTime t) {
        return t == null ? "" : DAY.format(t);
    }

    /**
     * As {@link #when(OffsetDateTime)}, but only the day for the very start of a day: a date given without a time, such
     * as the date on a letter.
     */
    public String dayOrWhen(OffsetDateTime t) {
        return t != null && t.toLocalTime().equals(java.time.LocalTime.MIDNIGHT) ? day(t) : when(t);
    }

    /** Day and time without the year, for tables. */
    public String brief(OffsetDateTime t) {
        return t == null ? "" : fix(SHORT.format(t));
    }

    /** ISO form for {@code <time datetime>}. */
    public String iso(OffsetDateTime t) {
        return t == null ? "" : t.toString();
    }

    public String iso(Instant t) {
        return t == null ? "" : t.toString();
    }

    private static String fix(String s) {
        return s.replace("AM", "am").replace("PM", "pm");
    }

    public String kind(FeedbackKind kind) {
        return kind == null ? "" : capital(CustomerWording.kind(kind));
    }

    public String channel(Channel channel) {
        if (channel == null) {
            return "";
        }
        return switch (channel) {
            case PHONE -> "Phone";
            case IN_PERSON -> "In person";
            case EMAIL -> "E-mail";
            case POSTAL -> "Post";
            case WEB_FORM -> "Web form";
            case API -> "API";
        };
    }

    public String status(CaseStatus status) {
        if (status == null) {
            return "";
        }
        return switch (status) {
            case RECEIVED -> "New";
            case ACKNOWLEDGED -> "Acknowledged";
            case RESPONDED -> "Responded";
            case CLOSED -> "Closed";
            case UNDER_REVIEW -> "Under review";
        };
    }

    /** Where a file of the case came from: "from the customer's e-mail". */
    public String fileSource(CaseAttachments.Source source) {
        return switch (source) {
            case EMAIL -> "from the customer's e-mail";
            case WEB_FORM -> "sent with the feedback form";
            case STATUS_PAGE -> "sent by the customer from the status page";
            case STAFF -> "added by staff";
        };
    }

    /** How the customer was (or is to be) told. */
    public String method(AcknowledgementMethod method) {
        if (method == null) {
            return "";
        }
        return switch (method) {
            case VERBAL -> "in the call or visit";
            case EMAIL -> "by e-mail";
            case LETTER -> "by letter";
            case PHONE_CALL -> "by a phone call";
        };
    }

    public String outcome(Outcome outcome) {
        if (outcome == null) {
            return "";
        }
        return switch (outcome) {
            case RESOLVED -> "Resolved";
            case UPHELD -> "Upheld";
            case PARTLY_UPHELD -> "Partly upheld";
            case NOT_UPHELD -> "Not upheld";
            case CANNOT_ACCOMMODATE -> "Cannot accommodate";
            case NOT_ACCEPTED -> "Not accepted";
        };
    }

    public String remedyType(RemedyType type) {
        if (type == null) {
            return "";
        }
        return switch (type) {
            case APOLOGY -> "Apology";
            case REFUND -> "Refund";
            case CREDIT -> "Credit";
            case SERVICE_REDONE -> "Service redone";
            case OTHER -> "Other";
        };
    }

    public String remedyStatus(RemedyStatus status) {
        return status == null ? "" : capital(status.name().toLowerCase(Locale.ROOT));
    }

    public String decision(ReviewDecision decision) {
        if (decision == null) {
            return "";
        }
        return switch (decision) {
            case UPHELD -> "Original decision upheld";
            case CHANGED -> "Original decision changed";
        };
    }

    public String preferredReply(PreferredReply reply) {
        if (reply == null) {
            return "";
        }
        return switch (reply) {
            case EMAIL -> "E-mail";
            case PHONE -> "Phone";
            case POST -> "Post";
        };
    }

    /** A stage's state as the case view gives it (ON_TRACK, OVERDUE, MET, MET_AFTER_EXTENSION, MISSED). */
    public String stageState(String state) {
        return state == null ? "" : state.toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** The badge class for a stage's state. */
    public String stageCss(String state) {
        return state == null ? "none" : state.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A problem with a field of the new-case form, as a sentence that names the field in words. */
    public String problem(org.hearken.platform.FieldProblem p) {
        String label = switch (p.field()) {
            case "customer" -> "Contact details";
            case "customer.email" -> "E-mail";
            case "customer.phone" -> "Phone";
            case "customer.postalAddress" -> "Postal address";
            case "customer.name" -> "Name";
            case "department" -> "Department";
            case "owner" -> "Owner";
            case "receivedAt" -> "Received";
            case "sentAt" -> "Sent";
            default -> Timeline.label(p.field());
        };
        String m = p.field().equals("customer") ? NewCasePage.CONTACT_NEEDED : p.message();
        return label + ": " + m + (m.endsWith(".") ? "" : ".");
    }

    public String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        if (bytes < 1024 * 1024) {
            return (bytes + 512) / 1024 + " KB";
        }
        return String.format(Locale.ENGLISH, "%.1f MB", bytes / (1024.0 * 1024.0));
    }

    static String capital(String s) {
        return s == null || s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
