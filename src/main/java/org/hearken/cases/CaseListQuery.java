package org.hearken.cases;

import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;

/**
 * A staff list of cases: whose cases ({@link Scope}) and optional filters, always within what the reader may see.
 * {@code after} is the cursor returned with the previous page; {@code clientId} and {@code customerId}, when given, keep
 * the cases of one client organisation or one customer.
 */
public record CaseListQuery(
        Scope scope,
        StatusFilter status,
        FeedbackKind kind,
        Channel channel,
        String department,
        String owner,
        DueState due,
        String after,
        int limit,
        Long clientId,
        Long customerId) {

    /** Every case of client organisation {@code clientId} the reader may see, of {@code status}, newest first. */
    public static CaseListQuery ofClient(long clientId, StatusFilter status, String after, int limit) {
        return new CaseListQuery(Scope.ALL, status, null, null, null, null, null, after, limit, clientId, null);
    }

    /** Every case of customer {@code customerId} the reader may see, of {@code status}, newest first. */
    public static CaseListQuery ofCustomer(long customerId, StatusFilter status, String after, int limit) {
        return new CaseListQuery(Scope.ALL, status, null, null, null, null, null, after, limit, null, customerId);
    }

    /** A list not limited to one client organisation or one customer. */
    public CaseListQuery(
            Scope scope,
            StatusFilter status,
            FeedbackKind kind,
            Channel channel,
            String department,
            String owner,
            DueState due,
            String after,
            int limit) {
        this(scope, status, kind, channel, department, owner, due, after, limit, null, null);
    }

    public enum Scope {
        /** Cases I own, and referrals waiting for me to accept them. */
        MINE,
        /** Cases of my departments, and referrals waiting for one of them; new ones and incoming referrals first. */
        QUEUE,
        /** Every case I may see. */
        ALL
    }

    /** A status, or the open or closed ones, or any. */
    public enum StatusFilter {
        OPEN,
        CLOSED,
        ANY,
        RECEIVED,
        ACKNOWLEDGED,
        RESPONDED,
        UNDER_REVIEW;

        /**
         * The status named by {@code text} in any letter case, or {@code otherwise} when there is no text.
         *
         * @throws org.hearken.platform.InvalidRequestException naming {@code status} when it names none
         */
        public static StatusFilter named(String text, StatusFilter otherwise) {
            if (text == null || text.isBlank()) {
                return otherwise;
            }
            return java.util.Arrays.stream(values())
                    .filter(s -> s.name().equalsIgnoreCase(text.strip()))
                    .findFirst()
                    .orElseThrow(() ->
                            new org.hearken.platform.InvalidRequestException("status", "is not one of the statuses"));
        }

        /** In plain words, for filter menus. */
        public String label() {
            return switch (this) {
                case OPEN -> "open";
                case CLOSED -> "closed";
                case ANY -> "any";
                case RECEIVED -> "new (not acknowledged)";
                case ACKNOWLEDGED -> "acknowledged";
                case RESPONDED -> "responded";
                case UNDER_REVIEW -> "under review";
            };
        }
    }
}
