package org.hearken.identity;

/** What a member of staff may do. A person may hold several roles. */
public enum Role {
    /** Handles cases of their own departments. */
    AGENT,
    /** Also runs their departments' queues; may log a complaint in any department. */
    MANAGER,
    /** Sees all cases and conducts internal reviews. */
    EXECUTIVE,
    /** Configures Hearken. */
    ADMIN
}
