package org.hearken.whatif;

import java.time.Instant;
import org.hearken.cases.CaseStatus;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;

/**
 * When a case reached each stage, for replaying it under another service policy: what it was, when it was received
 * and under which policy version, and when each stage was completed (null while it is not).
 *
 * @param departmentCode with {@code departmentName}, the labels a policy's pack routes may name the department by
 * @param firstResponseAt the first reply of any kind (acknowledgement, interim or substantive response)
 * @param respondedAt the substantive response (after a reopening, the reopened case's response); a resolution at first
 *     contact is one too
 * @param firstInterimAt the first interim response, which meets the respond target under policies that say so
 * @param respondCompletedAt when the respond stage was met under the case's own policy version
 * @param reviewRequestedAt when the customer asked for internal review: the escalation request of a two-stage regime
 * @param reviewedAt when the review was decided: the stage-2 response
 * @param reopenCount how often the case was reopened: a reopened case's respond stage is counted from the reopening
 * @param product the product the case is about, which pack routes and variants may select by; null when none
 * @param stage2AcknowledgedAt when the request for internal review was acknowledged; null when not recorded
 */
record CaseTiming(
        long caseId,
        String reference,
        FeedbackKind kind,
        Channel channel,
        CaseStatus status,
        String departmentCode,
        Instant receivedAt,
        Long policyVersionId,
        Instant acknowledgedAt,
        Instant firstResponseAt,
        Instant respondedAt,
        Instant firstInterimAt,
        Instant respondCompletedAt,
        Instant reviewRequestedAt,
        Instant reviewedAt,
        int reopenCount,
        String departmentName,
        String product,
        Instant stage2AcknowledgedAt) {

    /** A case of a department known by its code only, with no product and no stage-2 acknowledgement recorded. */
    CaseTiming(
            long caseId,
            String reference,
            FeedbackKind kind,
            Channel channel,
            CaseStatus status,
            String departmentCode,
            Instant receivedAt,
            Long policyVersionId,
            Instant acknowledgedAt,
            Instant firstResponseAt,
            Instant respondedAt,
            Instant firstInterimAt,
            Instant respondCompletedAt,
            Instant reviewRequestedAt,
            Instant reviewedAt,
            int reopenCount) {
        this(
                caseId,
                reference,
                kind,
                channel,
                status,
                departmentCode,
                receivedAt,
                policyVersionId,
                acknowledgedAt,
                firstResponseAt,
                respondedAt,
                firstInterimAt,
                respondCompletedAt,
                reviewRequestedAt,
                reviewedAt,
                reopenCount,
                null,
                null,
                null);
    }
}
