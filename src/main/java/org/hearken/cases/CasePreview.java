package org.hearken.cases;

import java.time.OffsetDateTime;

/**
 * What logging a case would do, worked out by the same code that logs it but without saving anything: who will own
 * it, in which department, and the dates to promise the customer, in the organisation's time zone and in words.
 * {@code acknowledgementScript} is what to read out on a call or visit; the reference is given once the case is saved.
 * A stage without a target is null.
 */
public record CasePreview(
        CaseView.Ref department,
        CaseView.Ref owner,
        Integer policyVersion,
        String zone,
        OffsetDateTime receivedAt,
        OffsetDateTime acknowledgeBy,
        OffsetDateTime firstResponseBy,
        OffsetDateTime respondBy,
        String acknowledgeByInWords,
        String respondByInWords,
        String acknowledgementScript,
        AcknowledgementMethod suggestedReplyVia) {}
