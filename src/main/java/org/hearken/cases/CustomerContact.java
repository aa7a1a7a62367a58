package org.hearken.cases;

/** Who the feedback is from and how to reach them. */
public record CustomerContact(
        String name, String email, String phone, String postalAddress, PreferredReply preferredReply) {}
