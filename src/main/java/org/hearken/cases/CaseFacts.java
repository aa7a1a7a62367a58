package org.hearken.cases;

import java.time.Instant;
import java.time.ZoneId;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;

/**
 * What a message to the customer may say about their case as it stands: who it is with (the receiver of a pending
 * referral, as the acknowledgement words name them), when a response is expected (null when the kind has no response
 * target) and the organisation's time zone to write dates in.
 */
public record CaseFacts(
        long caseId,
        String reference,
        FeedbackKind kind,
        Channel channel,
        String subject,
        String customerName,
        String customerEmail,
        String customerAddress,
        PreferredReply preferredReply,
        String ownerName,
        String departmentName,
        Instant receivedAt,
        Instant expectedBy,
        ZoneId zone) {}
