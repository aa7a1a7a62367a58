package org.hearken.cases;

import java.util.List;

/**
 * The client organisation a case belongs to through its customer, and the staff who look after that client (its
 * relationship manager and deputy): they may see the client's cases that are not confidential.
 */
public record ClientLink(long clientId, List<Long> managers) {

    public ClientLink {
        managers = managers.stream().distinct().toList();
    }
}
