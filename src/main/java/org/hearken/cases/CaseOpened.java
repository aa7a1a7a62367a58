package org.hearken.cases;

import java.time.Instant;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;

/** A case was logged, with everything it was logged with. */
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
        java.util.List<String> aboutStaff)
        implements CaseEvent {

    public CaseOpened {
        aboutStaff = aboutStaff == null ? java.util.List.of() : java.util.List.copyOf(aboutStaff);
    }
}
