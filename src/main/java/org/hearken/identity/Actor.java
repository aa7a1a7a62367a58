package org.hearken.identity;

import java.util.Set;

/** The member of staff on whose behalf a request runs. */
public record Actor(long staffId, String username, String fullName, Set<Role> roles, Set<Long> departmentIds)
        implements java.io.Serializable {

    public Actor {
        roles = Set.copyOf(roles);
        departmentIds = Set.copyOf(departmentIds);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean belongsTo(long departmentId) {
        return departmentIds.contains(departmentId);
    }
}
