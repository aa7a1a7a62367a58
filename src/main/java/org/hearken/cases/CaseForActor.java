package org.hearken.cases;

/** A case as a member of staff sees it and what they may do to it now, read together for the case page. */
public record CaseForActor(CaseView view, ActorPermissions may) {}
