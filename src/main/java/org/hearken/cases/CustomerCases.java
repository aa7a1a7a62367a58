package org.hearken.cases;

import java.time.Instant;
import java.util.List;

/**
 * What the cases a reader may see say about one customer: the contact details given on them (each different set once,
 * newest case first) and when the first of them was logged. Customer records are shown from this, never from details
 * that only a case hidden from the reader gave.
 */
public record CustomerCases(long customerId, List<CustomerContact> contacts, Instant firstLoggedAt) {

    public CustomerCases {
        contacts = List.copyOf(contacts);
    }
}
