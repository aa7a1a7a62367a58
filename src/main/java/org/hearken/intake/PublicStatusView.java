package org.hearken.intake;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.hearken.cases.CaseStatus;
import org.hearken.cases.CustomerStatus;
import org.hearken.cases.CustomerWording;
import org.hearken.correspondence.CustomerMessages;

/**
 * A case as its customer sees it on the public pages, already in words: where it stands, who has it, what was
 * promised and when, and the messages both ways (what we sent them and what they sent us), oldest first. Dates are
 * written in the organisation's time zone.
 */
record PublicStatusView(
        String reference,
        String kind,
        String kindTitle,
        String state,
        String stateExplained,
        String department,
        String received,
        List<Fact> dates,
        List<String> nextSteps,
        List<Message> messages,
        boolean closed,
        boolean mayEscalate,
        boolean escalationReasonRequired) {

    /** One line of the dates list: what, and when it is due or was done. */
    record Fact(String label, String value) {}

    /** One message of the conversation; {@code fromCustomer} for what the customer sent us. */
    record Message(
            String from,
            String subject,
            String when,
            String body,
            boolean letter,
            boolean delivered,
            boolean fromCustomer) {}

    static PublicStatusView of(
            CustomerStatus s, List<CustomerMessages.SentMessage> sent, List<StatusPageMessages.Received> received) {
        ZoneId zone = s.zone();
        String kind = CustomerWording.kind(s.kind());
        List<Fact> dates = new ArrayList<>();
        List<String> next = new ArrayList<>();
        if (s.acknowledgedAt() != null) {
            dates.add(new Fact("Acknowledgement", "Sent on " + day(s.acknowledgedAt(), zone)));
        } else if (s.acknowledgeBy() != null) {
            dates.add(new Fact(
                    "Acknowledgement", "We will confirm who is looking after it by " + when(s.acknowledgeBy(), zone)));
            next.add("We will confirm that we have your " + kind + ", and who is looking after it, by "
                    + when(s.acknowledgeBy(), zone) + ".");
        }
        if (s.respondedAt() != null) {
            dates.add(new Fact("Our response", "Given on " + day(s.respondedAt(), zone)));
        } else if (s.respondBy() != null) {
            Instant expected = s.expectedDiffers() ? s.expectedBy() : s.respondBy();
            String value = "Expected by " + when(expected, zone);
            if (s.responseDateMoved()) {
                value += ". We first said " + when(s.respondByOriginal(), zone) + " and have told you why it changed";
            }
            dates.add(new Fact("Our response", value));
            next.add("We will respond by " + when(expected, zone) + ".");
        } else {
            next.add("We read every " + kind + " and use it to improve our service.");
        }
        if (s.reviewRequestedAt() != null) {
            if (s.reviewedAt() != null) {
                dates.add(new Fact("Review of our response", "Finished on " + day(s.reviewedAt(), zone)));
            } else if (s.reviewBy() != null) {
                String value = "Expected by " + when(s.reviewBy(), zone);
                if (s.reviewDateMoved()) {
                    value += ". We first said " + when(s.reviewByOriginal(), zone);
                }
                dates.add(new Fact("Review of our response", value));
            } else if (s.reviewAcknowledgeBy() != null) {
                dates.add(new Fact(
                        "Stage 2 of our complaints procedure",
                        "We will confirm that we have your request, and when to expect our answer, by "
                                + when(s.reviewAcknowledgeBy(), zone)));
            }
        }
        if (s.closedAt() != null) {
            dates.add(new Fact("Closed", day(s.closedAt(), zone)));
        }
        record Dated(Instant at, Message message) {}
        List<Dated> conversation = new ArrayList<>();
        for (CustomerMessages.SentMessage m : sent) {
            conversation.add(new Dated(
                    m.at(),
                    new Message(
                            "From us",
                            m.subject(),
                            (m.via() == CustomerMessages.Via.LETTER
                                            ? "Posted on "
                                            : m.delivered() ? "Emailed on " : "Being emailed, ")
                                    + day(m.at(), zone),
                            m.body(),
                            m.via() == CustomerMessages.Via.LETTER,
                            m.delivered(),
                            false)));
        }
        for (StatusPageMessages.Received m : received) {
            conversation.add(new Dated(
                    m.at(),
                    new Message(
                            "From you",
                            m.viaStatusPage() ? "Your message" : m.subject(),
                            (m.viaStatusPage() ? "Sent from this page on " : "Emailed to us on ") + day(m.at(), zone),
                            m.text(),
                            false,
                            true,
                            true)));
        }
        // Oldest first; a stable sort keeps each side's own order where two share an instant.
        conversation.sort(java.util.Comparator.comparing(Dated::at));
        List<Message> messages = conversation.stream().map(Dated::message).toList();
        return new PublicStatusView(
                s.reference(),
                kind,
                Character.toUpperCase(kind.charAt(0)) + kind.substring(1),
                state(s),
                explained(s, kind),
                s.departmentName(),
                day(s.receivedAt(), zone),
                List.copyOf(dates),
                List.copyOf(next),
                messages,
                s.status() == CaseStatus.CLOSED,
                s.mayEscalate(),
                s.escalationReasonRequired());
    }

    private static String state(CustomerStatus s) {
        return switch (s.status()) {
            case RECEIVED -> "Received";
            case ACKNOWLEDGED -> "Being looked into";
            case RESPONDED -> "Responded";
            case UNDER_REVIEW -> "Being reviewed";
            case CLOSED -> "Closed";
        };
    }

    private static String explained(CustomerStatus s, String kind) {
        return switch (s.status()) {
            case RECEIVED -> "We have received your " + kind + ". We will let you know who is looking after it.";
            case ACKNOWLEDGED -> s.departmentName() + " is looking into your " + kind + ".";
            case RESPONDED -> "We have given you our response.";
            case UNDER_REVIEW ->
                "You asked us to review our response. A senior manager who was not involved is reviewing it.";
            case CLOSED -> "We have finished dealing with your " + kind + ". Thank you for telling us.";
        };
    }

    private static String when(Instant instant, ZoneId zone) {
        return CustomerWording.when(instant, zone);
    }

    private static String day(Instant instant, ZoneId zone) {
        return CustomerWording.day(instant, zone);
    }
}
