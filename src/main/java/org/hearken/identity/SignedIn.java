package org.hearken.identity;

/** What every staff page knows about who is signed in: the name to show and which parts of the menu apply. */
public record SignedIn(
        String username, String fullName, boolean agent, boolean manager, boolean executive, boolean admin) {

    static SignedIn of(Actor actor) {
        return new SignedIn(
                actor.username(),
                actor.fullName(),
                actor.has(Role.AGENT),
                actor.has(Role.MANAGER),
                actor.has(Role.EXECUTIVE),
                actor.has(Role.ADMIN));
    }

    /** Managers and executives see queues beyond their own cases. */
    public boolean seesAllCases() {
        return manager || executive;
    }

    /**
     * Managers, executives and administrators watch the deadlines: administrators see the exceptions their changes
     * cause (a deactivated owner) so that they can have them put right.
     */
    public boolean watchesDeadlines() {
        return manager || executive || admin;
    }

    /** Executives and administrators read the security audit log. */
    public boolean readsAuditLog() {
        return executive || admin;
    }

    /**
     * Whoever may see cases may print and post their letters: the print queue lists the letters of the cases each
     * reader may see.
     */
    public boolean postsLetters() {
        return handlesCases() || admin;
    }

    /** Anyone who handles cases (everyone but a pure administrator). */
    public boolean handlesCases() {
        return agent || manager || executive;
    }
}
