package org.hearken.cases;

import java.time.Instant;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;

/** A case row with the names of its department and owner. */
record CaseRecord(long id, String reference, FeedbackKind kind, Channel channel, CaseStatus status, Instant receivedAt,
                  Instant loggedAt, String subject, String description, String customerName, String customerEmail,
                  String customerPhone, String customerAddress, PreferredReply preferredReply, Long customerId, long departmentId,
                  String departmentCode, String departmentName, long ownerId, String ownerUsername, String ownerName,
                  boolean confidential, long loggedBy, Long policyVersionId, Integer policyVersion, Instant acknowledgeBy,
                  Instant respondBy, int version) {

    CustomerContact customer() {
        return new CustomerContact(customerName, customerEmail, customerPhone, customerAddress, preferredReply);
    }
}
