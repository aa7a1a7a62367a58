package org.hearken.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.hearken.audit.SecurityAudit;
import org.hearken.platform.NotFoundException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Requests for the executive and administrator roles ({@link GrantRule#PRIVILEGED}), which take effect only when an
 * active administrator other than the one who asked (and other than the one receiving it) approves. A request lapses
 * after {@code hearken.admin.grant-expires-after} (7 days unless configured), and is dropped when the account or the
 * one who asked is deactivated. Every request, approval, refusal and drop is in the security audit log.
 *
 * <p>When nobody could approve (no active administrator besides the one asking and the one receiving: a sole
 * administrator setting Hearken up), the role is given at once and the request is marked as granted without a second
 * administrator, in the audit log and on the staff page; but not while another administrator's access ended less than
 * that same 7 days ago ({@link GrantRule#givenAlone}).
 */
@Service
class RoleGrants {

    /** What the audit log says about a grant that nobody else could approve. */
    static final Map<String, String> ALONE = Map.of("secondAdministrator", "none available");

    /** A request for a privileged role and what became of it. Times are instants; names are for the pages. */
    record Grant(
            long id,
            String username,
            String fullName,
            Role role,
            String requestedBy,
            String requestedByName,
            Instant requestedAt,
            Instant expiresAt,
            GrantRule.Status status,
            String decidedBy,
            Instant decidedAt,
            boolean withoutSecondAdministrator,
            String reason) {

        GrantRule.Request facts() {
            return new GrantRule.Request(requestedBy, username, status, expiresAt);
        }
    }

    /** A decision that is not allowed; nothing was changed. */
    static final class Undecidable extends RuntimeException {
        private final transient GrantRule.Refusal refusal;

        Undecidable(GrantRule.Refusal refusal) {
            super(refusal.message());
            this.refusal = refusal;
        }

        GrantRule.Refusal refusal() {
            return refusal;
        }
    }

    private static final String SELECT = """
            select g.id, s.username, s.full_name, g.role, r.username as requested_by, r.full_name as requested_by_name,
                   g.requested_at, g.expires_at, g.status, d.username as decided_by, g.decided_at, g.alone, g.reason
            from identity_role_grant g
            join identity_staff s on s.id = g.staff_id
            join identity_staff r on r.id = g.requested_by
            left join identity_staff d on d.id = g.decided_by
            """;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SecurityAudit audit;
    private final ApiTokens tokens;
    private final StaffSessions sessions;
    private final Duration validFor;

    RoleGrants(
            JdbcClient jdbc,
            Clock clock,
            SecurityAudit audit,
            ApiTokens tokens,
            StaffSessions sessions,
            @Value("${hearken.admin.grant-expires-after:P7D}") Duration validFor) {
        if (validFor.isNegative() || validFor.isZero()) {
            throw new IllegalStateException("hearken.admin.grant-expires-after must be positive, not " + validFor);
        }
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.tokens = tokens;
        this.sessions = sessions;
        this.validFor = validFor;
    }

    Duration validFor() {
        return validFor;
    }

    /**
     * Asks, on behalf of administrator {@code requester}, for each of {@code roles} for the member of staff. A role already
     * asked for and still waiting is not asked again. Runs in the caller's transaction, which holds the account.
     *
     * @return the requests, waiting or (when no second administrator is available) already approved
     */
    @Transactional
    List<Grant> request(long staffId, String username, Set<Role> roles, String requester) {
        if (roles.isEmpty()) {
            return List.of();
        }
        expireDue();
        long requesterId = jdbc.sql("select id from identity_staff where username = lower(?)")
                .param(requester)
                .query(Long.class)
                .optional()
                .orElseThrow(() -> new IllegalStateException("no staff member " + requester));
        // Three are enough to know whether one is neither the one asking nor the one receiving.
        List<String> administrators = jdbc.sql("""
                        select s.username from identity_staff s join identity_staff_role r on r.staff_id = s.id
                        where r.role = 'ADMIN' and s.active order by s.id limit 3""").query(String.class).list();
        boolean leftLately = jdbc.sql(
                        "select exists (select 1 from identity_staff where username <> lower(?) and admin_ended_at > ?)")
                .params(requester, Timestamp.from(clock.instant().minus(validFor)))
                .query(Boolean.class)
                .single();
        boolean alone = GrantRule.givenAlone(administrators, requester, username, leftLately);
        List<Grant> grants = new ArrayList<>();
        Instant now = clock.instant();
        for (Role role : EnumSet.copyOf(roles)) {
            Optional<Long> waiting = jdbc.sql(
                            "select id from identity_role_grant where staff_id = ? and role = ? and status = 'PENDING'")
                    .params(staffId, role.name())
                    .query(Long.class)
                    .optional();
            if (waiting.isPresent()) {
                grants.add(grant(waiting.get()));
                continue;
            }
            long id = jdbc.sql("""
                            insert into identity_role_grant (staff_id, role, requested_by, requested_at, expires_at, status)
                            values (?, ?, ?, ?, ?, 'PENDING') returning id""")
                    .params(staffId, role.name(), requesterId, Timestamp.from(now), Timestamp.from(now.plus(validFor)))
                    .query(Long.class)
                    .single();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("role", role.name());
            details.put("grant", id);
            details.put("expiresAt", now.plus(validFor).toString());
            if (alone) {
                details.putAll(ALONE);
            }
            audit.record(
                    requester,
                    SecurityAudit.Action.ROLE_GRANT_REQUESTED,
                    username,
                    SecurityAudit.Outcome.SUCCESS,
                    details);
            if (alone) {
                give(grant(id), requesterId, requester, true);
            }
            grants.add(grant(id));
        }
        return grants;
    }

    /**
     * Approves a waiting request: the role is given and the person is signed out everywhere, so it applies from their
     * next page.
     *
     * @throws NotFoundException if there is no such request
     * @throws Undecidable       if {@code decider} may not approve it (it is recorded as refused); requests that lapsed
     *                           meanwhile stay dropped
     */
    @Transactional(noRollbackFor = Undecidable.class)
    Grant approve(long id, Actor decider) {
        expireDue();
        Grant grant = locked(id);
        Optional<GrantRule.Refusal> refusal = GrantRule.whyNotApprove(
                decider.username(), activeAdministrator(decider.staffId()), grant.facts(), clock.instant());
        if (refusal.isPresent()) {
            refused(decider, SecurityAudit.Action.ROLE_GRANT_APPROVED, grant, refusal.get());
        }
        give(grant, decider.staffId(), decider.username(), false);
        return grant(id);
    }

    /**
     * Refuses a waiting request (the one who asked withdraws it this way); nothing else changes.
     *
     * @throws NotFoundException if there is no such request
     * @throws Undecidable       if it is no longer waiting or {@code decider} is not an active administrator
     */
    @Transactional(noRollbackFor = Undecidable.class)
    Grant refuse(long id, Actor decider) {
        expireDue();
        Grant grant = locked(id);
        Optional<GrantRule.Refusal> refusal =
                GrantRule.whyNotRefuse(activeAdministrator(decider.staffId()), grant.facts(), clock.instant());
        if (refusal.isPresent()) {
            refused(decider, SecurityAudit.Action.ROLE_GRANT_REFUSED, grant, refusal.get());
        }
        decide(id, "REFUSED", decider.staffId(), null);
        Map<String, Object> details = facts(grant);
        if (decider.username().equals(grant.requestedBy())) {
            details.put("withdrawn", true);
        }
        audit.record(
                decider.username(),
                SecurityAudit.Action.ROLE_GRANT_REFUSED,
                grant.username(),
                SecurityAudit.Outcome.SUCCESS,
                details);
        return grant(id);
    }

    /** Records a decision that is not allowed as refused (kept whatever happens next) and stops it. */
    private void refused(Actor decider, SecurityAudit.Action action, Grant grant, GrantRule.Refusal refusal) {
        Map<String, Object> details = facts(grant);
        details.put("reason", refusal.message());
        audit.record(decider.username(), action, grant.username(), SecurityAudit.Outcome.REFUSED, details);
        throw new Undecidable(refusal);
    }

    /** Gives the role of a waiting request, closes it as approved, and records both. */
    private void give(Grant grant, long deciderId, String decider, boolean alone) {
        long staffId = jdbc.sql("select staff_id from identity_role_grant where id = ?")
                .param(grant.id())
                .query(Long.class)
                .single();
        Set<String> before = roleNames(staffId);
        jdbc.sql("insert into identity_staff_role (staff_id, role) values (?, ?) on conflict do nothing")
                .params(staffId, grant.role().name())
                .update();
        decide(grant.id(), "APPROVED", deciderId, null);
        if (alone) {
            jdbc.sql("update identity_role_grant set alone = true where id = ?")
                    .param(grant.id())
                    .update();
        }
        Map<String, Object> details = facts(grant);
        if (alone) {
            details.putAll(ALONE);
        }
        audit.record(
                decider,
                SecurityAudit.Action.ROLE_GRANT_APPROVED,
                grant.username(),
                SecurityAudit.Outcome.SUCCESS,
                details);
        Set<String> after = roleNames(staffId);
        if (!after.equals(before)) {
            audit.record(
                    decider,
                    SecurityAudit.Action.ROLES_CHANGED,
                    grant.username(),
                    SecurityAudit.Outcome.SUCCESS,
                    Map.of("before", before, "after", after, "grant", grant.id()));
        }
        sessions.end(grant.username());
        tokens.forgetCached();
    }

    /** Drops the waiting requests for the account (it is being deactivated), recorded under {@code by}. */
    @Transactional
    void dropFor(String username, String reason, String by) {
        drop(
                "staff_id = (select id from identity_staff where username = lower(:username))",
                Map.of("username", username),
                reason,
                by);
    }

    /** Drops the waiting requests the administrator asked for (they are deactivated, or no longer an administrator). */
    @Transactional
    void dropAskedBy(String username, String reason, String by) {
        drop(
                "requested_by = (select id from identity_staff where username = lower(:username))",
                Map.of("username", username),
                reason,
                by);
    }

    /** Drops the waiting requests for the account whose role is no longer among {@code asked}. */
    @Transactional
    void dropUnasked(long staffId, Set<Role> asked, String by) {
        List<String> names = asked.stream().map(Role::name).toList();
        drop(
                "staff_id = :staff" + (names.isEmpty() ? "" : " and role not in (:asked)"),
                names.isEmpty() ? Map.of("staff", staffId) : Map.of("staff", staffId, "asked", names),
                "the role was no longer asked for",
                by);
    }

    /** Drops the waiting requests that have lapsed; Hearken records it, the next time anyone works with requests. */
    @Transactional
    void expireDue() {
        Map<String, Object> params = Map.of("now", Timestamp.from(clock.instant()));
        drop("expires_at <= :now", params, "lapsed: no second administrator approved it in time", StaffAccounts.SYSTEM);
    }

    private void drop(String where, Map<String, ?> params, String reason, String by) {
        List<Long> ids = jdbc.sql("select id from identity_role_grant where status = 'PENDING' and " + where
                        + " order by id for update")
                .params(params)
                .query(Long.class)
                .list();
        for (long id : ids) {
            decide(id, "DROPPED", null, reason);
            Grant grant = grant(id);
            Map<String, Object> details = facts(grant);
            details.put("reason", reason);
            details.put("expiresAt", grant.expiresAt().toString());
            audit.record(
                    by,
                    SecurityAudit.Action.ROLE_GRANT_DROPPED,
                    grant.username(),
                    SecurityAudit.Outcome.SUCCESS,
                    details);
        }
    }

    private void decide(long id, String status, Long deciderId, String reason) {
        jdbc.sql("update identity_role_grant set status = ?, decided_by = ?, decided_at = ?, reason = ? where id = ?")
                .params(status, deciderId, Timestamp.from(clock.instant()), reason, id)
                .update();
    }

    /** Every request still waiting, oldest first (lapsed ones are dropped first). */
    @Transactional
    List<Grant> pending() {
        expireDue();
        return jdbc.sql(SELECT + " where g.status = 'PENDING' order by g.requested_at, g.id")
                .query(RoleGrants::row)
                .list();
    }

    /** The requests waiting for one member of staff. */
    @Transactional
    List<Grant> pendingFor(String username) {
        expireDue();
        return jdbc.sql(SELECT + " where g.status = 'PENDING' and s.username = lower(?) order by g.role")
                .param(username)
                .query(RoleGrants::row)
                .list();
    }

    /** The latest roles given with no second administrator available, newest first. */
    List<Grant> grantedAlone(int limit) {
        return jdbc.sql(SELECT + " where g.alone order by g.decided_at desc, g.id desc limit ?")
                .param(limit)
                .query(RoleGrants::row)
                .list();
    }

    Grant grant(long id) {
        return jdbc.sql(SELECT + " where g.id = ?")
                .param(id)
                .query(RoleGrants::row)
                .optional()
                .orElseThrow(() -> new NotFoundException("No role request " + id));
    }

    /** Whether an active administrator other than the one who asked and the one it is for exists to approve it. */
    boolean anyoneCouldApprove(Grant grant) {
        return jdbc.sql("""
                        select exists (select 1 from identity_staff s join identity_staff_role r on r.staff_id = s.id
                                       where r.role = 'ADMIN' and s.active and s.username not in (?, ?))""")
                .params(grant.requestedBy(), grant.username())
                .query(Boolean.class)
                .single();
    }

    /** Whether {@code decider} may approve the request now (for showing the button). */
    Optional<GrantRule.Refusal> whyNotApprove(Grant grant, Actor decider) {
        return GrantRule.whyNotApprove(decider.username(), decider.has(Role.ADMIN), grant.facts(), clock.instant());
    }

    private Grant locked(long id) {
        jdbc.sql("select id from identity_role_grant where id = ? for update")
                .param(id)
                .query(Long.class)
                .optional()
                .orElseThrow(() -> new NotFoundException("No role request " + id));
        return grant(id);
    }

    private boolean activeAdministrator(long staffId) {
        return jdbc.sql("""
                        select exists (select 1 from identity_staff s join identity_staff_role r on r.staff_id = s.id
                                       where s.id = ? and s.active and r.role = 'ADMIN')""").param(staffId).query(Boolean.class).single();
    }

    private Set<String> roleNames(long staffId) {
        return new TreeSet<>(jdbc.sql("select role from identity_staff_role where staff_id = ?")
                .param(staffId)
                .query(String.class)
                .list());
    }

    private static Map<String, Object> facts(Grant grant) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("role", grant.role().name());
        details.put("grant", grant.id());
        details.put("requestedBy", grant.requestedBy());
        return details;
    }

    private static Grant row(ResultSet rs, int n) throws SQLException {
        Timestamp decided = rs.getTimestamp("decided_at");
        return new Grant(
                rs.getLong("id"),
                rs.getString("username"),
                rs.getString("full_name"),
                Role.valueOf(rs.getString("role")),
                rs.getString("requested_by"),
                rs.getString("requested_by_name"),
                rs.getTimestamp("requested_at").toInstant(),
                rs.getTimestamp("expires_at").toInstant(),
                GrantRule.Status.valueOf(rs.getString("status")),
                rs.getString("decided_by"),
                decided == null ? null : decided.toInstant(),
                rs.getBoolean("alone"),
                rs.getString("reason"));
    }
}
