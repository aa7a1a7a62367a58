package org.hearken.cases;

import java.time.OffsetDateTime;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;

/** A case as staff and API clients see it; times carry the offset of the organisation's time zone. */
public record CaseView(String reference, FeedbackKind kind, Channel channel, CaseStatus status, OffsetDateTime receivedAt,
                       OffsetDateTime loggedAt, String subject, String description, CustomerContact customer, Long customerId, Ref department,
                       Ref owner, boolean confidential, Integer policyVersion, OffsetDateTime acknowledgeBy,
                       OffsetDateTime respondBy, int version) {

    /** A department (code, name) or a member of staff (username, full name). */
    public record Ref(String id, String name) {}
}
