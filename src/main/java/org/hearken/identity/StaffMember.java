package org.hearken.identity;

/** A member of staff as other modules see them: never with credentials. */
public record StaffMember(long id, String username, String fullName, String email, boolean active) {}
