package org.hearken.cases;

import java.util.List;
import java.util.Set;

/**
 * What a member of staff may do to a case now, as {@link CasePermissions} decides it, for the pages that offer the
 * forms. {@code byState}: the actions the case's state allows (the API's {@code allowedActions}); {@code actions}: those
 * this person may take; the rights the case page asks about by name; and {@code notOffered}, why actions the state
 * allows are not this person's (beyond working on the case at all), in words for them.
 */
public record ActorPermissions(
        Set<String> byState,
        Set<String> actions,
        boolean handles,
        boolean answersReferral,
        boolean assigns,
        boolean takesOffSubjects,
        List<String> notOffered) {

    public ActorPermissions {
        byState = Set.copyOf(byState);
        actions = Set.copyOf(actions);
        notOffered = List.copyOf(notOffered);
    }
}
