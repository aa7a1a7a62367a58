package org.hearken.identity;

/**
 * How many notices a member of staff has not read yet, for the header of every staff page. The module that keeps the
 * notices answers (the deadline watch); the header asks through this, without reading that module's tables.
 */
public interface UnreadNotices {

    /** The actor's unread notices that their notifications page lists: those about cases they may see. */
    long unread(Actor actor);
}
