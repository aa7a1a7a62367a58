package org.hearken.policy;

/** How the feedback reached us. The service policy may set different targets per channel. */
public enum Channel {
    PHONE,
    IN_PERSON,
    EMAIL,
    POSTAL,
    WEB_FORM,
    API
}
