package org.hearken.cases;

import java.time.Instant;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;

/**
 * A new case as intake hands it over. {@code receivedAt} is when the organisation received it (the mailbox's arrival
 * time, the date stamp on a letter, the time of the call); {@code sentAt}, when known, is when the customer sent it
 * (the e-mail's Date, the date on the letter). The case's {@code loggedAt} is taken from the clock. Department and
 * owner are optional: the default department and the department's lead are used when absent. {@code customerId} is
 * the customer record the case belongs to, if any. {@code product} is one of the service policy's products (any short
 * text when it lists none), or null.
 */
public record OpenCase(
        FeedbackKind kind,
        Channel channel,
        Instant receivedAt,
        String subject,
        String description,
        CustomerContact customer,
        String departmentCode,
        String ownerUsername,
        boolean confidential,
        Long customerId,
        java.util.List<String> aboutStaff,
        String product,
        Instant sentAt,
        ClientLink client) {

    /**
     * {@code aboutStaff}: usernames of staff members the complaint is about; they will never see the case. {@code
     * client}: the client organisation of the customer, null when none.
     */
    public OpenCase {
        aboutStaff = aboutStaff == null ? java.util.List.of() : java.util.List.copyOf(aboutStaff);
        product = product == null || product.isBlank() ? null : product.strip();
    }

    public OpenCase(
            FeedbackKind kind,
            Channel channel,
            Instant receivedAt,
            String subject,
            String description,
            CustomerContact customer,
            String departmentCode,
            String ownerUsername,
            boolean confidential,
            Long customerId,
            java.util.List<String> aboutStaff,
            String product,
            Instant sentAt) {
        this(
                kind,
                channel,
                receivedAt,
                subject,
                description,
                customer,
                departmentCode,
                ownerUsername,
                confidential,
                customerId,
                aboutStaff,
                product,
                sentAt,
                null);
    }

    public OpenCase(
            FeedbackKind kind,
            Channel channel,
            Instant receivedAt,
            String subject,
            String description,
            CustomerContact customer,
            String departmentCode,
            String ownerUsername,
            boolean confidential,
            Long customerId,
            java.util.List<String> aboutStaff) {
        this(
                kind,
                channel,
                receivedAt,
                subject,
                description,
                customer,
                departmentCode,
                ownerUsername,
                confidential,
                customerId,
                aboutStaff,
                null,
                null);
    }

    public OpenCase(
            FeedbackKind kind,
            Channel channel,
            Instant receivedAt,
            String subject,
            String description,
            CustomerContact customer,
            String departmentCode,
            String ownerUsername,
            boolean confidential,
            Long customerId) {
        this(
                kind,
                channel,
                receivedAt,
                subject,
                description,
                customer,
                departmentCode,
                ownerUsername,
                confidential,
                customerId,
                java.util.List.of());
    }

    OpenCase withReceivedAt(Instant instant) {
        return new OpenCase(
                kind,
                channel,
                instant,
                subject,
                description,
                customer,
                departmentCode,
                ownerUsername,
                confidential,
                customerId,
                aboutStaff,
                product,
                sentAt,
                client);
    }

    /** The same case for the customer's client organisation. */
    public OpenCase withClient(ClientLink link) {
        return new OpenCase(
                kind,
                channel,
                receivedAt,
                subject,
                description,
                customer,
                departmentCode,
                ownerUsername,
                confidential,
                customerId,
                aboutStaff,
                product,
                sentAt,
                link);
    }

    /** As saved: the times as stored (to the microsecond) and the product as the service policy spells it. */
    OpenCase asSaved(Instant received, Instant sent, String listedProduct) {
        return new OpenCase(
                kind,
                channel,
                received,
                subject,
                description,
                customer,
                departmentCode,
                ownerUsername,
                confidential,
                customerId,
                aboutStaff,
                listedProduct,
                sent,
                client);
    }
}
