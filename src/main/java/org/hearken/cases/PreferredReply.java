package org.hearken.cases;

/** How the customer wants to hear from us. */
public enum PreferredReply {
    EMAIL,
    PHONE,
    POST
}
