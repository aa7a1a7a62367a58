package org.hearken.whatif;

import java.time.Instant;
import org.hearken.cases.CaseStatus;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;

/**
 * When a case reached each stage, for replaying it under another service policy: what it was, when it was received
 * and under which policy version, and when each stage was completed (null while it is not).
 *
 * @param firstResponseAt the first reply of any kind (acknowledgement, interim or substantive response)
 * @param respondedAt the substantive response (after a reopening, the reopened case's response)
 * @param firstInterimAt the first interim response, which meets the respond target under policies that say so
 * @param respondCompletedAt when the respond stage was met under the case's own policy version
 * @param reopenCount how often the case was reopened: a reopened case's respond stage is counted from the reopening
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
        int reopenCount) {}
