package org.hearken.cases;

import java.time.Instant;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;

/**
 * When a case reached each stage, for replaying it under another service policy: what it was, when it was received
 * and under which policy version, and when each stage was completed (null while it is not).
 *
 * @param respondCompletedAt when the respond stage was met (a response, or an interim response where the policy
 *     counts it); after a reopening, the completion of the reopened case's response
 * @param reopenCount how often the case was reopened: a reopened case's respond stage is counted from the reopening
 */
public record CaseTiming(long caseId, String reference, FeedbackKind kind, Channel channel, CaseStatus status,
                         String departmentCode, Instant receivedAt, Long policyVersionId,
                         Instant acknowledgedAt, Instant firstResponseAt, Instant respondCompletedAt,
                         Instant reviewRequestedAt, Instant reviewedAt, int reopenCount) {}
