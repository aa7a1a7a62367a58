package org.hearken.cases;

import java.time.Instant;
import java.time.ZoneId;
import org.hearken.policy.FeedbackKind;

/**
 * The standard words staff read out or send: the acknowledgement that names who has the case and when to expect a
 * response, and the notice of a new date. Dates are written for the customer in the organisation's time zone.
 */
final class CustomerTexts {

    private CustomerTexts() {}

    static String when(Instant instant, ZoneId zone) {
        return CustomerWording.when(instant, zone);
    }

    static String day(Instant instant, ZoneId zone) {
        return CustomerWording.day(instant, zone);
    }

    static String kindPhrase(CaseRecord c) {
        return CustomerWording.kind(c.kind());
    }

    /** Names the person the case is with (the referral's receiver while one is pending) and the expected response date. */
    /** {@code expected}: when the customer can expect a response (CaseViews#expectedResponse), null when none is owed. */
    static String acknowledgement(CaseRecord c, Instant expected, ZoneId zone) {
        String person = c.hasPendingReferral() ? c.pendingOwnerName() : c.ownerName();
        String department = c.hasPendingReferral() ? c.pendingDepartmentName() : c.departmentName();
        return acknowledgement(c.kind(), c.receivedAt(), c.reference(), person, department, expected, zone);
    }

    /** As above for a case not yet saved; a null {@code reference} leaves a gap for the one the case will get. */
    static String acknowledgement(
            FeedbackKind kind,
            Instant receivedAt,
            String reference,
            String person,
            String department,
            Instant expected,
            ZoneId zone) {
        String kindPhrase = CustomerWording.kind(kind);
        StringBuilder text = new StringBuilder()
                .append("Thank you for your ")
                .append(kindPhrase)
                .append(", which we received on ")
                .append(day(receivedAt, zone))
                .append(". Your reference is ")
                .append(reference == null ? "[the reference shown once the case is saved]" : reference)
                .append(". ")
                .append(person)
                .append(" (")
                .append(department)
                .append(") is looking after it");
        if (expected != null) {
            text.append(" and you can expect a response by ")
                    .append(when(expected, zone))
                    .append('.');
        } else {
            text.append(". We read every ").append(kindPhrase).append(" and use it to improve our service.");
        }
        return text.toString();
    }

    static String extensionNotice(
            CaseRecord c, Instant previousDue, Instant newDue, String reason, ZoneId zone, boolean agreed) {
        return "About your " + kindPhrase(c) + " " + c.reference() + ": "
                + (agreed ? "as agreed with you, " : "we are sorry that ")
                + "we will not be able to respond by " + when(previousDue, zone) + ". "
                + "The reason: " + reason.strip() + (reason.strip().endsWith(".") ? "" : ".")
                + " You can now expect our response by " + when(newDue, zone) + ".";
    }
}
