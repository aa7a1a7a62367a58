package org.hearken.cases;

import java.time.Instant;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;

/**
 * A case was logged, with everything it was logged with. {@code product} and {@code sentAt} (when the customer sent
 * it) are null when not given.
 */
public record CaseOpened(
        long caseId,
        String reference,
        String actor,
        Instant occurredAt,
        FeedbackKind kind,
        Channel channel,
        Instant receivedAt,
        String subject,
        String description,
        CustomerContact customer,
        Long customerId,
        String department,
        String owner,
        boolean confidential,
        Integer policyVersion,
        Instant acknowledgeBy,
        Instant firstResponseBy,
        Instant respondBy,
        java.util.List<String> aboutStaff,
        String product,
        Instant sentAt)
        implements CaseEvent {

    public CaseOpened {
        aboutStaff = aboutStaff == null ? java.util.List.of() : java.util.List.copyOf(aboutStaff);
    }

    /** A case logged without a product or the time the customer sent it. */
    public CaseOpened(
            long caseId,
            String reference,
            String actor,
            Instant occurredAt,
            FeedbackKind kind,
            Channel channel,
            Instant receivedAt,
            String subject,
            String description,
            CustomerContact customer,
            Long customerId,
            String department,
            String owner,
            boolean confidential,
            Integer policyVersion,
            Instant acknowledgeBy,
            Instant firstResponseBy,
            Instant respondBy,
            java.util.List<String> aboutStaff) {
        this(
                caseId,
                reference,
                actor,
                occurredAt,
                kind,
                channel,
                receivedAt,
                subject,
                description,
                customer,
                customerId,
                department,
                owner,
                confidential,
                policyVersion,
                acknowledgeBy,
                firstResponseBy,
                respondBy,
                aboutStaff,
                null,
                null);
    }
}
