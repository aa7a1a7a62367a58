package org.hearken.cases;

/** What was offered to put things right. */
public enum RemedyType {
    APOLOGY,
    REFUND,
    CREDIT,
    SERVICE_REDONE,
    OTHER
}
