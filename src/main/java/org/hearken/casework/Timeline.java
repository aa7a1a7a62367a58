package org.hearken.casework;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.hearken.cases.AcknowledgementMethod;
import org.hearken.cases.Outcome;
import org.hearken.cases.RemedyStatus;
import org.hearken.cases.RemedyType;
import org.hearken.cases.ReviewDecision;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;
import org.hearken.register.RegisterEntry;
import tools.jackson.databind.JsonNode;

/**
 * The register's events of a case in plain words: who, when, what, and the facts that matter, never raw JSON.
 * Events this class does not know yet (a newer module's) still read well: their name in words and their fields.
 */
final class Timeline {

    /** A fact of an event: "Reason", "Waiting for a contractor". */
    record Detail(String label, String value, boolean longText) {}

    /** One line of the timeline. */
    record Entry(long id, Instant at, String when, String who, String what, List<Detail> details) {}

    /** Fields every event has, or that mean nothing to a reader. */
    private static final Set<String> HIDDEN =
            Set.of("caseId", "reference", "actor", "occurredAt", "customerId", "remedyId");

    private final Words words;
    private final Map<String, String> names;
    private final Map<String, String> departments;

    /** {@code names}: staff usernames to full names; {@code departments}: department codes to names. */
    Timeline(Words words, Map<String, String> names, Map<String, String> departments) {
        this.words = words;
        this.names = names;
        this.departments = departments;
    }

    List<Entry> of(List<RegisterEntry> events) {
        return events.stream().map(this::entry).toList();
    }

    Entry entry(RegisterEntry e) {
        JsonNode p = e.payload();
        List<Detail> d = new ArrayList<>();
        String what = switch (e.type()) {
            case "CaseOpened" -> {
                detail(d, "Received", time(p, "receivedAt"));
                if (p.hasNonNull("sentAt") && !p.get("sentAt").equals(p.get("receivedAt"))) {
                    detail(d, "Sent", time(p, "sentAt"));
                }
                detail(d, "Product", text(p, "product"));
                detail(d, "Customer", text(p.path("customer"), "name"));
                detail(d, "Department", department(text(p, "department")));
                detail(d, "Owner", person(text(p, "owner")));
                detail(d, "Acknowledge by", time(p, "acknowledgeBy"));
                detail(d, "Respond by", time(p, "respondBy"));
                if (p.path("confidential").asBoolean(false)) {
                    detail(d, "Confidential", "yes");
                }
                yield "Logged the "
                        + lower(
                                enumOf(FeedbackKind.class, p, "kind") == null
                                        ? "case"
                                        : words.kind(enumOf(FeedbackKind.class, p, "kind")))
                        + channelPhrase(enumOf(Channel.class, p, "channel"));
            }
            case "Imported" -> {
                detail(d, "Reference there", text(p, "sourceReference"));
                detail(d, "Received", time(p, "receivedAt"));
                detail(d, "Acknowledged", time(p, "acknowledgedAt"));
                detail(d, "Responded", time(p, "respondedAt"));
                detail(d, "Outcome", text(p, "outcome"));
                detail(d, "Closed", time(p, "closedAt"));
                detail(d, "Department", department(text(p, "department")));
                detail(d, "Owner", person(text(p, "owner")));
                yield "Imported from " + text(p, "source") + " (the dates above are as it recorded them)";
            }
            case "SentToCustomer" -> {
                boolean letter = "LETTER".equals(text(p, "channel"));
                detail(d, letter ? "Addressed to" : "To", text(p, "to"));
                detail(d, "Subject", text(p, "subject"));
                detail(d, "Files", String.join(", ", texts(p, "attachments")));
                longDetail(d, "Text", text(p, "text"));
                yield letter ? "Letter written to the customer" : "E-mail to the customer queued";
            }
            case "NoteAdded" -> {
                longDetail(d, "Note", text(p, "text"));
                yield "Internal note (staff only)";
            }
            case "FileAdded" -> {
                detail(d, "File", text(p, "filename"));
                detail(
                        d,
                        "Size",
                        p.hasNonNull("size") ? words.size(p.get("size").asLong()) : null);
                yield "File added";
            }
            case "CustomerMessageReceived" -> {
                detail(d, "From", text(p, "fromAddress"));
                detail(d, "Sent", time(p, "receivedAt"));
                detail(d, "Subject", text(p, "subject"));
                longDetail(d, "Message", text(p, "text"));
                yield "The customer wrote again";
            }
            case "Acknowledged" -> {
                detail(d, "Acknowledged", time(p, "acknowledgedAt"));
                detail(d, "Target", stage(p, "stageOutcome"));
                longDetail(d, "Words used", text(p, "text"));
                yield "Acknowledged " + words.method(enumOf(AcknowledgementMethod.class, p, "via"));
            }
            case "Referred" -> {
                longDetail(d, "Note", text(p, "note"));
                detail(d, "From", person(text(p, "fromOwner")) + " (" + department(text(p, "fromDepartment")) + ")");
                yield "Referred to " + person(text(p, "toOwner")) + " (" + department(text(p, "toDepartment")) + ")";
            }
            case "ReferralAccepted" ->
                "Accepted the referral: " + person(text(p, "newOwner")) + " (" + department(text(p, "newDepartment"))
                        + ") now owns the case";
            case "ReferralDeclined" -> {
                longDetail(d, "Reason", text(p, "reason"));
                yield "Declined the referral (it was for " + person(text(p, "declinedBy")) + ")";
            }
            case "Assigned" -> {
                detail(d, "Previous owner", person(text(p, "fromOwner")));
                longDetail(d, "Note", text(p, "note"));
                yield "Assigned to " + person(text(p, "toOwner")) + " (" + department(text(p, "toDepartment")) + ")";
            }
            case "InterimResponseGiven" -> {
                detail(d, "Full response expected by", time(p, "expectedBy"));
                longDetail(d, "Message", text(p, "message"));
                yield "Gave an interim response " + words.method(enumOf(AcknowledgementMethod.class, p, "channel"));
            }
            case "Responded" -> {
                longDetail(d, "Analysis", text(p, "analysis"));
                longDetail(d, "Resolution", text(p, "resolution"));
                longDetail(d, "Reasons", text(p, "reasons"));
                detail(d, "Target", stage(p, "stageOutcome"));
                detail(d, "Category", text(p, "category"));
                yield "Responded " + words.method(enumOf(AcknowledgementMethod.class, p, "channel")) + ": "
                        + lower(words.outcome(enumOf(Outcome.class, p, "outcome")));
            }
            case "RemedyOffered" -> {
                longDetail(d, "Description", text(p, "description"));
                detail(d, "Value", money(p, "value"));
                detail(d, "Status", words.remedyStatus(enumOf(RemedyStatus.class, p, "status")));
                yield "Recorded a remedy: " + lower(words.remedyType(enumOf(RemedyType.class, p, "type")));
            }
            case "RemedyUpdated" ->
                "Remedy " + lower(words.remedyStatus(enumOf(RemedyStatus.class, p, "status"))) + " by the customer";
            case "DueDateExtended" -> {
                detail(d, "Was due", time(p, "previousDue"));
                if (!text(p, "originalDue").equals(text(p, "previousDue"))) {
                    detail(d, "First due", time(p, "originalDue"));
                }
                longDetail(d, "Reason", text(p, "reason"));
                detail(d, "Customer told", words.method(enumOf(AcknowledgementMethod.class, p, "noticeChannel")));
                String agreedBy = text(p, "agreedBy");
                if (!agreedBy.isEmpty()) {
                    detail(d, "Agreed with", agreedBy + ", " + time(p, "agreedAt"));
                }
                longDetail(d, "Notice", text(p, "noticeText"));
                yield "Extended the " + ("REVIEW".equals(text(p, "stage")) ? "internal review" : "response")
                        + " date to " + time(p, "newDue");
            }
            case "Closed" -> {
                longDetail(d, "Note", text(p, "note"));
                yield "Closed the case";
            }
            case "Reopened" -> {
                longDetail(d, "Reason", text(p, "reason"));
                detail(d, "Respond by", time(p, "respondBy"));
                yield "Reopened the case";
            }
            case "Reclassified" -> {
                FeedbackKind kind = enumOf(FeedbackKind.class, p, "kind");
                Channel channel = enumOf(Channel.class, p, "channel");
                detail(d, "Was", kindAndChannel(p, "previousKind", "previousChannel"));
                longDetail(d, "Reason", text(p, "reason"));
                for (JsonNode due : p.path("dueDates")) {
                    detail(d, STAGE_DUE.getOrDefault(text(due, "stage"), label(text(due, "stage"))), moved(due));
                }
                yield kind == enumOf(FeedbackKind.class, p, "previousKind")
                        ? "Recorded that the " + lower(words.kind(kind)) + " came" + channelPhrase(channel)
                        : "Reclassified as a " + lower(words.kind(kind)) + channelPhrase(channel);
            }
            case "ReviewRequested" -> {
                detail(d, "Asked", time(p, "requestedAt"));
                longDetail(d, "Reason", text(p, "reason"));
                detail(d, "Reviewer", person(text(p, "reviewer")));
                detail(d, "Review due", time(p, "reviewBy"));
                yield "Recorded the customer's request for an internal review";
            }
            case "ProgressUpdateDue" -> {
                detail(d, "Target", stage(p, "outcome"));
                detail(d, "Next update due", time(p, "updateBy"));
                yield "Told the customer how things stand";
            }
            case "ReviewAcknowledged" -> {
                detail(d, "Acknowledged", time(p, "acknowledgedAt"));
                detail(d, "Target", stage(p, "outcome"));
                detail(d, "Stage 2 response due", time(p, "reviewBy"));
                yield "Acknowledged the request for stage 2";
            }
            case "ReviewerAssigned" -> "Assigned the internal review to " + person(text(p, "reviewer"));
            case "ReviewDecided" -> {
                detail(d, "Outcome", words.outcome(enumOf(Outcome.class, p, "outcome")));
                longDetail(d, "Analysis", text(p, "analysis"));
                longDetail(d, "Response", text(p, "response"));
                longDetail(d, "Reasons", text(p, "reasons"));
                detail(d, "Customer told", words.method(enumOf(AcknowledgementMethod.class, p, "channel")));
                detail(d, "Target", stage(p, "stageOutcome"));
                yield "Decided the internal review: "
                        + lower(words.decision(enumOf(ReviewDecision.class, p, "decision")));
            }
            case "ResolvedAtFirstContact" -> {
                longDetail(d, "Resolution", text(p, "resolution"));
                longDetail(d, "Reasons", text(p, "reasons"));
                yield "Resolved during the call or visit: " + lower(words.outcome(enumOf(Outcome.class, p, "outcome")));
            }
            case "StaffNamed" -> {
                longDetail(d, "Why", text(p, "reason"));
                yield "Let " + person(text(p, "staff")) + " see the case";
            }
            case "ComplaintAboutStaff" -> {
                longDetail(d, "Note", text(p, "note"));
                yield "Recorded that the complaint is about " + person(text(p, "staff")) + ", who may not see it";
            }
            case "ComplaintAboutStaffRemoved" -> {
                longDetail(d, "Why", text(p, "reason"));
                yield "Recorded that the complaint is not about " + person(text(p, "staff")) + ", who may see it again";
            }
            case "LetterPosted" -> {
                detail(d, "Letter", text(p, "subject"));
                yield "Marked the " + text(p, "kind").replace('_', ' ').toLowerCase(Locale.ROOT) + " letter posted";
            }
            default -> {
                for (Map.Entry<String, JsonNode> field : p.properties()) {
                    if (!HIDDEN.contains(field.getKey())
                            && field.getValue().isValueNode()
                            && !field.getValue().isNull()) {
                        String value = field.getValue().asString();
                        longDetail(
                                d,
                                label(field.getKey()),
                                looksLikeInstant(value) ? words.when(Instant.parse(value)) : value);
                    }
                }
                yield label(e.type());
            }
        };
        return new Entry(e.id(), e.occurredAt(), words.when(e.occurredAt()), person(e.actor()), what, d);
    }

    /** A stage's due date in the register, by the name of its stage. */
    private static final Map<String, String> STAGE_DUE = Map.of(
            "ACKNOWLEDGE", "Acknowledge by",
            "FIRST_RESPONSE", "First response by",
            "RESPOND", "Respond by",
            "REVIEW", "Internal review by");

    /** "Complaint from a phone call". */
    private String kindAndChannel(JsonNode p, String kind, String channel) {
        return words.kind(enumOf(FeedbackKind.class, p, kind)) + channelPhrase(enumOf(Channel.class, p, channel));
    }

    /** A due date counted again, in words: "Tue 8 Dec 2026, 5:00 pm (was Mon 7 Dec 2026, 5:00 pm)". */
    private String moved(JsonNode due) {
        String now = time(due, "due");
        String was = time(due, "previousDue");
        if (now.equals(was)) {
            return now + " (unchanged)";
        }
        return (now.isEmpty() ? "No due date" : now) + " (was " + (was.isEmpty() ? "no due date" : was) + ")";
    }

    private String person(String username) {
        if (username == null || username.isEmpty()) {
            return "";
        }
        return names.getOrDefault(username, username);
    }

    private String department(String code) {
        return departments.getOrDefault(code, code);
    }

    private String time(JsonNode p, String field) {
        String v = text(p, field);
        return looksLikeInstant(v) ? words.when(Instant.parse(v)) : v;
    }

    private String stage(JsonNode p, String field) {
        String v = text(p, field);
        return v.isEmpty() ? "" : words.stageState(v);
    }

    private static String money(JsonNode p, String field) {
        String v = text(p, field);
        if (v.isEmpty()) {
            return "";
        }
        try {
            return new BigDecimal(v).setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
        } catch (NumberFormatException e) {
            return v;
        }
    }

    private static boolean looksLikeInstant(String v) {
        if (v == null || v.length() < 20 || !Character.isDigit(v.charAt(0)) || !v.endsWith("Z")) {
            return false;
        }
        try {
            Instant.parse(v);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "";
        }
        return v.isValueNode() ? v.asString() : v.toString();
    }

    /** The strings of an array field, in order; none when it is missing. */
    private static List<String> texts(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        List<String> out = new java.util.ArrayList<>();
        if (v != null && v.isArray()) {
            v.forEach(e -> out.add(e.asString()));
        }
        return out;
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, JsonNode p, String field) {
        String v = text(p, field);
        try {
            return v.isEmpty() ? null : Enum.valueOf(type, v);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private String channelPhrase(Channel channel) {
        if (channel == null) {
            return "";
        }
        return switch (channel) {
            case PHONE -> " from a phone call";
            case IN_PERSON -> " from a visit";
            case EMAIL -> " from an e-mail";
            case POSTAL -> " from a letter";
            case WEB_FORM -> " from the web form";
            case API -> " through the API";
        };
    }

    private static void detail(List<Detail> details, String label, String value) {
        if (value != null && !value.isBlank()) {
            details.add(new Detail(label, value, false));
        }
    }

    private static void longDetail(List<Detail> details, String label, String value) {
        if (value != null && !value.isBlank()) {
            details.add(new Detail(label, value, value.length() > 60 || value.contains("\n")));
        }
    }

    private static String lower(String s) {
        return s == null || s.isEmpty() ? "" : s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
    }

    /** {@code "SuggestionStatusChanged"} → "Suggestion status changed"; {@code "agreedAt"} → "Agreed at". */
    static String label(String camel) {
        String spaced = camel.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        return Words.capital(spaced);
    }
}
