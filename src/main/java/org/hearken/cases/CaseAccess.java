package org.hearken.cases;

import java.util.List;
import java.util.Map;
import org.hearken.identity.Actor;
import org.hearken.identity.Role;

/**
 * The one rule for who may see a case, as a Java predicate and as the equivalent SQL condition so that lists and
 * searches can never show what a direct look-up would refuse. A member of staff a complaint is about never sees it,
 * whatever their role. Otherwise executives see everything; the owner, the person a referral waits for, the internal
 * reviewer and people named on the case see it; a confidential case is need-to-know (those people and executives);
 * otherwise members of the case's department (or of the department it is being referred to), the person who logged it
 * and administrators may see it.
 */
final class CaseAccess {

    private CaseAccess() {}

    static boolean canSee(Actor actor, CaseRecord c) {
        long me = actor.staffId();
        if (c.isAbout(me)) {
            return false;
        }
        if (actor.has(Role.EXECUTIVE) || c.ownerId() == me || isMe(c.pendingOwnerId(), me) || isMe(c.reviewerId(), me)
                || c.isNamed(me)) {
            return true;
        }
        if (c.confidential()) {
            return false;
        }
        return actor.has(Role.ADMIN) || c.loggedBy() == me || actor.belongsTo(c.departmentId())
                || (c.pendingDepartmentId() != null && actor.belongsTo(c.pendingDepartmentId()));
    }

    /**
     * May work on the case (acknowledge, respond, refer, extend, close…): its owner, the members of its department, and
     * executives. Administrators configure Hearken; they do not handle cases unless they also hold another role.
     */
    static boolean canHandle(Actor actor, CaseRecord c) {
        if (c.isAbout(actor.staffId())) {
            return false;
        }
        return actor.has(Role.EXECUTIVE) || c.ownerId() == actor.staffId()
                || (actor.belongsTo(c.departmentId()) && (actor.has(Role.AGENT) || actor.has(Role.MANAGER)));
    }

    private static boolean isMe(Long staffId, long me) {
        return staffId != null && staffId == me;
    }

    /** SQL over alias {@code c} with named parameters added to {@code params}. */
    static String sqlCondition(Actor actor, Map<String, Object> params) {
        params.put("accessMe", actor.staffId());
        if (actor.has(Role.EXECUTIVE)) {
            return "not (:accessMe = any(c.subject_staff))";
        }
        params.put("accessAdmin", actor.has(Role.ADMIN));
        params.put("accessDepartments", actor.departmentIds().isEmpty() ? List.of(-1L) : List.copyOf(actor.departmentIds()));
        return "(not (:accessMe = any(c.subject_staff)) and (c.owner_id = :accessMe or c.pending_owner_id = :accessMe"
                + " or c.reviewer_id = :accessMe or :accessMe = any(c.named_staff)"
                + " or (not c.confidential and (:accessAdmin or c.logged_by = :accessMe"
                + " or c.department_id in (:accessDepartments) or c.pending_department_id in (:accessDepartments)))))";
    }
}
