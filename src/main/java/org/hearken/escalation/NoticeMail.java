package org.hearken.escalation;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which notices a member of staff may also have by e-mail, and what such an e-mail says. Pure rules: no I/O, no
 * Spring, no clock. An e-mail says no more than the notice in the app: the case's reference, what happened and a link
 * to the case's page, never anything about the customer, so it is the same for a confidential case.
 */
final class NoticeMail {

    private NoticeMail() {}

    /** What a person chooses to have by e-mail; stored by name. Nothing is chosen until they choose it. */
    enum Topic {
        ASSIGNED("A case is assigned or referred to me", "Including a new case opened with me as its owner."),
        CUSTOMER_REPLIED(
                "A customer replies on one of my cases", "Or writes again about one of my cases after it was closed."),
        WARNING("A deadline of one of my cases is near", "Some business hours before it is due."),
        BREACH(
                "A deadline is missed or escalated",
                "For my cases; for managers, their departments' cases; for executives, escalations."),
        CLIENT(
                "Something happens with a client I look after",
                "A client's complaint arrives, is escalated or misses a deadline; a client rates us 1 or 2 of 5.");

        private final String label;
        private final String hint;

        Topic(String label, String hint) {
            this.label = label;
            this.hint = hint;
        }

        String label() {
            return label;
        }

        String hint() {
            return hint;
        }
    }

    /** How a case came to someone: opened with them as its owner, assigned to them, or referred to them. */
    enum Handover {
        OPENED,
        ASSIGNED,
        REFERRED
    }

    /** The subject and the plain text of one e-mail. */
    record Mail(String subject, String body) {}

    /** The topic a notice of {@code kind} (as {@code escalation_notice} stores it) is e-mailed under. */
    static Topic topicOf(String kind) {
        return switch (kind) {
            case "WARNING" -> Topic.WARNING;
            case "BREACH", "ESCALATION" -> Topic.BREACH;
            case ReplyAfterClosure.REPLIED, ReplyAfterClosure.KIND -> Topic.CUSTOMER_REPLIED;
            case ClientNotices.OPENED, ClientNotices.ESCALATED, ClientNotices.BREACH, ClientNotices.LOW_RATING ->
                Topic.CLIENT;
            default -> throw new IllegalArgumentException("No e-mail topic for notices of kind " + kind);
        };
    }

    /** A value that names no topic. */
    static final class UnknownTopic extends IllegalArgumentException {
        private final String value;

        UnknownTopic(String value) {
            super("'" + shortened(value) + "' is not one of " + List.of(Topic.values()));
            this.value = shortened(value);
        }

        /** The value as it may be quoted back: at most 60 characters of it. */
        private static String shortened(String value) {
            return value.length() > 60 ? value.substring(0, 60) + "…" : value;
        }

        String value() {
            return value;
        }
    }

    /**
     * The topics named, as a form or a request sends them (any letter case, blanks ignored).
     *
     * @throws UnknownTopic for the first value that names no topic
     */
    static Set<Topic> parse(List<String> names) {
        Set<Topic> topics = EnumSet.noneOf(Topic.class);
        for (String name : names == null ? List.<String>of() : names) {
            if (name == null || name.isBlank()) {
                continue;
            }
            String value = name.strip();
            topics.add(java.util.Arrays.stream(Topic.values())
                    .filter(t -> t.name().equals(value.toUpperCase(Locale.ROOT)))
                    .findFirst()
                    .orElseThrow(() -> new UnknownTopic(value)));
        }
        return topics;
    }

    /** A few words for the subject line: what the notice of {@code kind} about {@code stage} is about. */
    static String headline(String stage, String kind) {
        if (kind.equals(ReplyAfterClosure.REPLIED)) {
            return "the customer replied";
        }
        if (kind.equals(ReplyAfterClosure.KIND)) {
            return "the customer wrote after closure";
        }
        String client = switch (kind) {
            case ClientNotices.OPENED -> "a client's complaint";
            case ClientNotices.ESCALATED -> "a client's complaint escalated";
            case ClientNotices.BREACH -> "a client's complaint overdue";
            case ClientNotices.LOW_RATING -> "a client's low survey rating";
            default -> null;
        };
        if (client != null) {
            return client;
        }
        String what = switch (stage) {
            case "ACKNOWLEDGE" -> "acknowledgement";
            case "RESPOND" -> "response";
            case "REVIEW_ACKNOWLEDGE" -> "stage-2 acknowledgement";
            case "DECIDE" -> "decision whether more time is needed";
            case "UPDATE" -> "progress update";
            default -> "internal review";
        };
        return switch (kind) {
            case "WARNING" -> what + " due soon";
            case "BREACH" -> what + " overdue";
            default -> what + " overdue, escalated";
        };
    }

    /** The subject line's words for a case handed to someone. */
    static String headline(Handover how) {
        return switch (how) {
            case OPENED -> "a new case for you";
            case ASSIGNED -> "assigned to you";
            case REFERRED -> "referred to you";
        };
    }

    /** What happened when a case was handed to someone, by {@code by} (a name, or null when Hearken did it itself). */
    static String message(String reference, Handover how, String by) {
        String who = by == null || by.isBlank() ? "Hearken" : by.strip();
        return switch (how) {
            case OPENED -> reference + ": a new case was opened with you as its owner.";
            case ASSIGNED -> reference + ": " + who + " assigned this case to you.";
            case REFERRED ->
                reference + ": " + who
                        + " referred this case to you. Accept or decline the referral on the case's page.";
        };
    }

    /**
     * The e-mail for one notice: the reference and the headline as its subject; what happened, the link to the case's
     * page and how to stop such e-mail as its text.
     */
    static Mail compose(String reference, String headline, String message, String caseLink, String preferencesLink) {
        List<String> lines = new ArrayList<>();
        lines.add(message);
        lines.add("");
        lines.add("Open the case: " + caseLink);
        lines.add("");
        lines.add("-- ");
        lines.add("Hearken sends you this because you chose to have such notices by e-mail as well. Change that under");
        lines.add("\"E-mail me too\" on your notifications page: " + preferencesLink);
        return new Mail(reference + ": " + headline, String.join("\n", lines) + "\n");
    }
}
