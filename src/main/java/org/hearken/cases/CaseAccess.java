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

    /** What the rule reads of a case: who is on it, where it is, whether it is confidential. */
    record Parties(
            long ownerId,
            Long pendingOwnerId,
            Long reviewerId,
            List<Long> named,
            List<Long> subjects,
            boolean confidential,
            long loggedBy,
            long departmentId,
            Long pendingDepartmentId) {

        Parties {
            named = List.copyOf(named);
            subjects = List.copyOf(subjects);
        }

        static Parties of(CaseRecord c) {
            return new Parties(
                    c.ownerId(),
                    c.pendingOwnerId(),
                    c.reviewerId(),
                    c.namedStaff(),
                    c.subjectStaff(),
                    c.confidential(),
                    c.loggedBy(),
                    c.departmentId(),
                    c.pendingDepartmentId());
        }

        /** The same case with other staff as the subjects of the complaint. */
        Parties withSubjects(List<Long> others) {
            return new Parties(
                    ownerId,
                    pendingOwnerId,
                    reviewerId,
                    named,
                    others,
                    confidential,
                    loggedBy,
                    departmentId,
                    pendingDepartmentId);
        }
    }

    static boolean canSee(Actor actor, CaseRecord c) {
        return canSee(actor, Parties.of(c));
    }

    static boolean canSee(Actor actor, Parties c) {
        long me = actor.staffId();
        if (c.subjects().contains(me)) {
            return false;
        }
        if (actor.has(Role.EXECUTIVE)
                || c.ownerId() == me
                || isMe(c.pendingOwnerId(), me)
                || isMe(c.reviewerId(), me)
                || c.named().contains(me)) {
            return true;
        }
        if (c.confidential()) {
            return false;
        }
        return actor.has(Role.ADMIN)
                || c.loggedBy() == me
                || actor.belongsTo(c.departmentId())
                || (c.pendingDepartmentId() != null && actor.belongsTo(c.pendingDepartmentId()));
    }

    static boolean canHandle(Actor actor, CaseRecord c) {
        return canHandle(actor, Parties.of(c));
    }

    /**
     * May work on the case (acknowledge, respond, refer, extend, close…): its owner, the members of its department, and
     * executives. Administrators configure Hearken; they do not handle cases unless they also hold another role.
     */
    static boolean canHandle(Actor actor, Parties c) {
        if (c.subjects().contains(actor.staffId())) {
            return false;
        }
        return actor.has(Role.EXECUTIVE)
                || c.ownerId() == actor.staffId()
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
        params.put(
                "accessDepartments",
                actor.departmentIds().isEmpty() ? List.of(-1L) : List.copyOf(actor.departmentIds()));
        return "(not (:accessMe = any(c.subject_staff)) and (c.owner_id = :accessMe or c.pending_owner_id = :accessMe"
                + " or c.reviewer_id = :accessMe or :accessMe = any(c.named_staff)"
                + " or (not c.confidential and (:accessAdmin or c.logged_by = :accessMe"
                + " or c.department_id in (:accessDepartments) or c.pending_department_id in (:accessDepartments)))))";
    }
}
