package org.hearken.customers;

import java.time.Instant;
import org.hearken.cases.PreferredReply;

/** A person or organisation who has given feedback, with the contact details gathered from all their cases. */
public record Customer(long id, String name, String email, String phone, String postalAddress, PreferredReply preferredReply,
                       Instant createdAt) {}
