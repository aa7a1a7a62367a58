package org.hearken.cases;

import java.time.Instant;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;

/**
 * Filters for listing cases; every one is optional. {@code after} is the cursor returned with the previous page. With
 * {@code updatedSince} the list holds the cases changed at or after that instant, oldest change first (for polling).
 */
public record CaseQuery(
        CaseStatus status,
        FeedbackKind kind,
        Channel channel,
        String department,
        String owner,
        Long customerId,
        Instant receivedFrom,
        Instant receivedTo,
        String after,
        int limit,
        Instant updatedSince) {

    /** All cases of one customer that the caller may see, newest first. */
    public static CaseQuery ofCustomer(long customerId, int limit) {
        return new CaseQuery(null, null, null, null, null, customerId, null, null, null, limit, null);
    }
}
