package org.hearken.policy;

/** What the customer brought us. The service policy sets targets per kind. */
public enum FeedbackKind {
    COMPLAINT,
    QUESTION,
    SERVICE_REQUEST,
    SUGGESTION,
    COMPLIMENT
}
