package org.hearken.cases;

import java.util.List;
import java.util.Map;
import org.hearken.identity.Actor;
import org.hearken.identity.Role;

/**
 * The one rule for who may see a case, as a Java predicate and as the equivalent SQL function {@code case_visible_to}
 * (V150; CaseVisibilityPropertyIT checks that the two agree) so that lists and searches can never show what a direct
 * look-up would refuse. A member of staff a complaint is about never sees it,
 * whatever their role. Otherwise executives see everything; the owner, the person a referral waits for, the internal
 * reviewer and people named on the case see it; a confidential case is need-to-know (those people and executives);
 * otherwise members of the case's department (or of the department it is being referred to), the person who logged it,
 * the relationship manager and deputy of the customer's client organisation, and administrators may see it.
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
            Long pendingDepartmentId,
            List<Long> clientManagers) {

        Parties {
            named = List.copyOf(named);
            subjects = List.copyOf(subjects);
            clientManagers = List.copyOf(clientManagers);
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
                    c.pendingDepartmentId(),
                    c.clientManagers());
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
                    pendingDepartmentId,
                    clientManagers);
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
                || (c.pendingDepartmentId() != null && actor.belongsTo(c.pendingDepartmentId()))
                || c.clientManagers().contains(me);
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

    /**
     * The rule as SQL over a {@code cases} row aliased {@code c}: a call of the database function
     * {@code case_visible_to} (V150), the rule's one SQL form, which other modules call on {@code case_published}'s
     * {@code parties}. Adds the reader's named parameters ({@link #readerParams}) to {@code params}.
     */
    static String sqlCondition(Actor actor, Map<String, Object> params) {
        readerParams(actor, params);
        return "case_visible_to(case_parties(c), :reader, :readerRoles, :readerDepartments)";
    }

    /**
     * For searches: a necessary condition of the rule over a {@code cases} row aliased {@code c} that the GIN index
     * {@code cases_access_keys} (V220) serves, so that PostgreSQL can intersect it with the word, name and phone indexes
     * before fetching any case; empty for executives, who may see nearly every case. Never a replacement for
     * {@link #sqlCondition}, which the search still applies to each case: a reader may see a case only if the case's
     * keys and the reader's share one (V220). Uses the reader's parameters that {@link #readerParams} adds.
     */
    static String sqlIndexedNarrowing(Actor actor) {
        return actor.has(Role.EXECUTIVE)
                ? ""
                : " and case_access_keys(c.owner_id, c.pending_owner_id, c.reviewer_id, c.named_staff, c.confidential,"
                        + " c.logged_by, c.department_id, c.pending_department_id, c.client_managers)"
                        + " && case_reader_keys(:reader, :readerRoles, :readerDepartments)";
    }

    /**
     * The reader's arguments of {@code case_visible_to(parties, :reader, :readerRoles, :readerDepartments)}: their
     * staff id, role names (text[]) and department ids (bigint[]).
     */
    static void readerParams(Actor actor, Map<String, Object> params) {
        params.put("reader", actor.staffId());
        params.put(
                "readerRoles", actor.roles().stream().map(Role::name).sorted().toArray(String[]::new));
        params.put("readerDepartments", actor.departmentIds().stream().sorted().toArray(Long[]::new));
    }
}
