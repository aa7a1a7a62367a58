package org.hearken.cases;

/**
 * What the lifecycle rules need to know about a case.
 *
 * @param stage2 the case's rule pack lets the customer escalate to stage 2 at any time after the acknowledgement
 * @param stage2AcknowledgePending an escalation request waits for its stage-2 acknowledgement
 */
record CaseState(
        CaseStatus status,
        boolean pendingReferral,
        boolean hasRespondStage,
        boolean hasRemedies,
        boolean reviewAvailable,
        boolean reviewed,
        boolean stage2,
        boolean stage2AcknowledgePending) {

    CaseState(
            CaseStatus status,
            boolean pendingReferral,
            boolean hasRespondStage,
            boolean hasRemedies,
            boolean reviewAvailable,
            boolean reviewed) {
        this(status, pendingReferral, hasRespondStage, hasRemedies, reviewAvailable, reviewed, false, false);
    }

    /** Whether a case in {@code status} still awaits its response. */
    static boolean open(CaseStatus status) {
        return status == CaseStatus.RECEIVED || status == CaseStatus.ACKNOWLEDGED;
    }

    static CaseState of(CaseRecord c, boolean hasRemedies, Case.Terms terms) {
        return new CaseState(
                c.status(),
                c.pendingOwnerId() != null,
                c.respondBy() != null,
                hasRemedies,
                terms.reviewAvailable(),
                c.reviewedAt() != null,
                terms.procedure().stage2(),
                c.status() == CaseStatus.UNDER_REVIEW
                        && c.reviewAcknowledgeBy() != null
                        && c.reviewAcknowledgedAt() == null);
    }
}
