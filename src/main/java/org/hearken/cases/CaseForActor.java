package org.hearken.cases;

/**
 * A case as a member of staff sees it and what they may do to it now, read together for the case page; {@code id} is
 * its internal id, for reading what is kept beside it (its register entries, messages, attachments); {@code item} the
 * case as lists show it, with its due-date state.
 */
public record CaseForActor(long id, CaseView view, ActorPermissions may, CaseListItem item) {}
