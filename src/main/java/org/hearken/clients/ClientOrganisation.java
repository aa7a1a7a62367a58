package org.hearken.clients;

import java.time.Instant;
import java.util.List;
import org.hearken.identity.StaffMember;

/**
 * A client organisation: its name, the member of staff who manages the relationship and their deputy (either may be
 * absent), the e-mail domains it claims, how many contacts it has, and the organisation it was merged into (null while
 * it is in use).
 */
public record ClientOrganisation(
        long id,
        String name,
        StaffMember manager,
        StaffMember deputy,
        List<String> domains,
        long contacts,
        Long mergedInto,
        Instant createdAt,
        Instant updatedAt,
        int version) {

    public ClientOrganisation {
        domains = List.copyOf(domains);
    }

    /** The staff who look after the client and so may see its cases that are not confidential. */
    public List<Long> managerIds() {
        return java.util.stream.Stream.of(manager, deputy)
                .filter(java.util.Objects::nonNull)
                .map(StaffMember::id)
                .distinct()
                .toList();
    }

    /** Whether {@code staffId} is its relationship manager or deputy. */
    public boolean isManagedBy(long staffId) {
        return managerIds().contains(staffId);
    }
}
