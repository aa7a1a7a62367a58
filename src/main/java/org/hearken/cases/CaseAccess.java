package org.hearken.cases;

import java.util.List;
import java.util.Map;
import org.hearken.identity.Actor;
import org.hearken.identity.Role;

/**
 * The one rule for who may see a case, as a Java predicate and as the equivalent SQL condition so that lists and
 * searches can never show what a direct look-up would refuse. Executives see everything; the owner sees their case;
 * a confidential case is need-to-know (owner and executives); otherwise members of the case's department, the person
 * who logged it and administrators may see it.
 */
final class CaseAccess {

    private CaseAccess() {}

    static boolean canSee(Actor actor, CaseRecord c) {
        if (actor.has(Role.EXECUTIVE) || c.ownerId() == actor.staffId()) {
            return true;
        }
        if (c.confidential()) {
            return false;
        }
        return actor.has(Role.ADMIN) || c.loggedBy() == actor.staffId() || actor.belongsTo(c.departmentId());
    }

    /** SQL over alias {@code c} with named parameters added to {@code params}. */
    static String sqlCondition(Actor actor, Map<String, Object> params) {
        if (actor.has(Role.EXECUTIVE)) {
            return "true";
        }
        params.put("accessMe", actor.staffId());
        params.put("accessAdmin", actor.has(Role.ADMIN));
        params.put("accessDepartments", actor.departmentIds().isEmpty() ? List.of(-1L) : List.copyOf(actor.departmentIds()));
        return "(c.owner_id = :accessMe or (not c.confidential and (:accessAdmin or c.logged_by = :accessMe"
                + " or c.department_id in (:accessDepartments))))";
    }
}
