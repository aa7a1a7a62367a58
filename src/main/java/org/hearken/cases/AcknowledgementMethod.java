package org.hearken.cases;

/** How the customer was told (acknowledgements, responses and notices). */
public enum AcknowledgementMethod {
    /** Said during the call or visit in which the feedback was given. */
    VERBAL,
    EMAIL,
    LETTER,
    /** A call made to the customer afterwards. */
    PHONE_CALL
}
