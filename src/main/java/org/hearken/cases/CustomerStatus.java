package org.hearken.cases;

import java.time.Instant;
import java.time.ZoneId;
import org.hearken.policy.FeedbackKind;

/**
 * What the customer may see of their own case on the public status page: where it stands, which department has it
 * and the dates promised to them, with the original date beside a moved one. Nothing staff wrote for each other
 * (notes, referral notes, the register) is in it. {@code caseId} is for the modules that add the messages sent to the
 * customer; it is never shown.
 */
public record CustomerStatus(
        long caseId,
        String reference,
        FeedbackKind kind,
        CaseStatus status,
        Instant receivedAt,
        String departmentName,
        Instant acknowledgeBy,
        Instant acknowledgedAt,
        Instant respondByOriginal,
        Instant respondBy,
        Instant expectedBy,
        Instant respondedAt,
        Instant reviewRequestedAt,
        Instant reviewByOriginal,
        Instant reviewBy,
        Instant reviewedAt,
        Instant closedAt,
        ZoneId zone,
        boolean mayEscalate,
        boolean escalationReasonRequired,
        Instant reviewAcknowledgeBy) {

    /** The response date has been moved from the one first promised (an extension). */
    public boolean responseDateMoved() {
        return respondByOriginal != null && respondBy != null && !respondByOriginal.equals(respondBy);
    }

    /** The review date has been moved from the one first promised. */
    public boolean reviewDateMoved() {
        return reviewByOriginal != null && reviewBy != null && !reviewByOriginal.equals(reviewBy);
    }

    /** An interim response told the customer to expect the response at another time than the current due date. */
    public boolean expectedDiffers() {
        return expectedBy != null && respondBy != null && !expectedBy.equals(respondBy);
    }
}
