package org.hearken.cases;

/** Where a case stands in its lifecycle. */
public enum CaseStatus {
    /** Logged; the customer has not yet been acknowledged. */
    RECEIVED,
    /** The customer has been told who owns it and when to expect a response. */
    ACKNOWLEDGED,
    /** A substantive response has been given; the case can be closed. */
    RESPONDED,
    CLOSED,
    /** The customer was not satisfied and asked for an internal review. */
    UNDER_REVIEW;

    public boolean isOpen() {
        return this != CLOSED;
    }
}
