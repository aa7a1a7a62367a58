package org.hearken.cases;

import java.time.Instant;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;

/**
 * A new case as intake hands it over. {@code receivedAt} is when the customer sent or said it; the case's
 * {@code loggedAt} is taken from the clock. Department and owner are optional: the default department and the
 * department's lead are used when absent. {@code customerId} is the customer record the case belongs to, if any.
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
        java.util.List<String> aboutStaff) {

    /** {@code aboutStaff}: usernames of staff members the complaint is about; they will never see the case. */
    public OpenCase {
        aboutStaff = aboutStaff == null ? java.util.List.of() : java.util.List.copyOf(aboutStaff);
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
                aboutStaff);
    }
}
