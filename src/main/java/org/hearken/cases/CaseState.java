package org.hearken.cases;

/** What the lifecycle rules need to know about a case. */
record CaseState(
        CaseStatus status,
        boolean pendingReferral,
        boolean hasRespondStage,
        boolean hasRemedies,
        boolean reviewAvailable,
        boolean reviewed) {

    static CaseState of(CaseRecord c, boolean hasRemedies, boolean reviewAvailable) {
        return new CaseState(
                c.status(),
                c.pendingOwnerId() != null,
                c.respondBy() != null,
                hasRemedies,
                reviewAvailable,
                c.reviewedAt() != null);
    }
}
