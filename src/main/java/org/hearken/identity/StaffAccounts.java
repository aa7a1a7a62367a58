package org.hearken.identity;

import java.time.Clock;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.hearken.audit.SecurityAudit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates departments and staff accounts (administration, first-run set-up and the demo). Every change to who may do
 * or see what (account created, roles, departments, deactivated, reactivated) is recorded in the security audit log
 * under the signed-in member of staff who made it ({@value #SYSTEM} when Hearken itself does).
 *
 * <p>When a signed-in administrator gives someone the executive or administrator role (a new account, a change of
 * roles, or reactivating an account that holds one), that role is only asked for ({@link RoleGrants}) and takes effect
 * when a second administrator approves; the rest of the change applies at once. When Hearken itself acts (first-run
 * set-up, the demo) nobody is signed in and every role is given directly.
 */
@Service
public class StaffAccounts {

    /** Who changes an account when no member of staff is signed in (set-up, the demo, intake accounts); no username looks like it. */
    static final String SYSTEM = "(hearken)";

    /** A new account; the password is hashed before it is stored and never kept in clear. */
    public record NewStaff(
            String username,
            String fullName,
            String email,
            String password,
            Set<Role> roles,
            Set<String> departmentCodes) {}

    /** Nobody changes their own roles or departments: another administrator must. */
    public static final class OwnAccessRefused extends RuntimeException {
        OwnAccessRefused() {
            super("You cannot change your own roles or departments; another administrator must do it.");
        }
    }

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final Clock clock;
    private final SecurityAudit audit;
    private final ApiTokens tokens;
    private final RoleGrants grants;
    private final StaffSessions sessions;

    /** A new account, and the privileged roles asked for it (waiting, or given at once when nobody else could approve). */
    record Created(StaffMember member, List<RoleGrants.Grant> grants) {}

    StaffAccounts(
            JdbcClient jdbc,
            PasswordEncoder passwords,
            Clock clock,
            SecurityAudit audit,
            ApiTokens tokens,
            RoleGrants grants,
            StaffSessions sessions) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.clock = clock;
        this.audit = audit;
        this.tokens = tokens;
        this.grants = grants;
        this.sessions = sessions;
    }

    /** The signed-in member of staff making a change, or {@value #SYSTEM}. */
    static String acting() {
        var auth = org.springframework.security.core.context.SecurityContextHolder.getContext()
                .getAuthentication();
        return auth != null && auth.getPrincipal() instanceof StaffUser user ? user.getUsername() : SYSTEM;
    }

    @Transactional
    public Department createDepartment(String code, String name, boolean isDefault) {
        long id = jdbc.sql("insert into identity_department (code, name, is_default) values (?, ?, ?) returning id")
                .params(code, name, isDefault)
                .query(Long.class)
                .single();
        return new Department(id, code, name, null, isDefault);
    }

    @Transactional
    public void setDepartmentLead(String departmentCode, String username) {
        int updated = jdbc.sql("""
                        update identity_department set lead_id = (select id from identity_staff where username = lower(:username))
                        where code = :code""")
                .param("username", username)
                .param("code", departmentCode)
                .update();
        if (updated != 1) {
            throw new IllegalArgumentException("no department " + departmentCode);
        }
    }

    /**
     * Creates an account. Made by a signed-in administrator, the executive and administrator roles among its roles wait
     * for a second administrator; made by Hearken itself, it has every role at once.
     */
    @Transactional
    public StaffMember createStaff(NewStaff staff) {
        return create(staff).member();
    }

    @Transactional
    Created create(NewStaff staff) {
        String username = staff.username().toLowerCase(java.util.Locale.ROOT);
        String by = acting();
        Set<Role> waiting = SYSTEM.equals(by) ? Set.of() : GrantRule.needingApproval(Set.of(), staff.roles());
        Set<Role> given = EnumSet.noneOf(Role.class);
        given.addAll(staff.roles());
        given.removeAll(waiting);
        long id = jdbc.sql("""
                        insert into identity_staff (username, full_name, email, password_hash, created_at)
                        values (?, ?, ?, ?, ?) returning id""")
                .params(
                        username,
                        staff.fullName(),
                        staff.email(),
                        passwords.encode(staff.password()),
                        java.sql.Timestamp.from(clock.instant()))
                .query(Long.class)
                .single();
        for (Role role : given) {
            jdbc.sql("insert into identity_staff_role (staff_id, role) values (?, ?)")
                    .params(id, role.name())
                    .update();
        }
        for (String code : staff.departmentCodes()) {
            int added = jdbc.sql(
                            "insert into identity_membership (staff_id, department_id) select ?, id from identity_department where code = ?")
                    .params(id, code)
                    .update();
            if (added != 1) {
                throw new IllegalArgumentException("no department " + code);
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("roles", names(given));
        details.put("departments", new TreeSet<>(staff.departmentCodes()));
        if (!waiting.isEmpty()) {
            details.put("rolesAskedFor", names(waiting));
        }
        audit.record(by, SecurityAudit.Action.STAFF_CREATED, username, SecurityAudit.Outcome.SUCCESS, details);
        return new Created(
                new StaffMember(id, username, staff.fullName(), staff.email(), true),
                grants.request(id, username, waiting, by));
    }

    /**
     * Sets, changes or (null) removes a member of staff's e-mail address, recorded in the security audit log with the
     * address before and after. False when it was already that.
     */
    @Transactional
    public boolean changeEmail(String username, String email) {
        String before = jdbc.sql("select email from identity_staff where username = lower(?) for update")
                .param(username)
                .query((rs, n) -> java.util.Optional.ofNullable(rs.getString(1)))
                .optional()
                .orElseThrow(() -> new IllegalArgumentException("no staff member " + username))
                .orElse(null);
        if (java.util.Objects.equals(before, email)) {
            return false;
        }
        jdbc.sql("update identity_staff set email = ? where username = lower(?)")
                .params(email, username)
                .update();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("before", before == null ? "" : before);
        details.put("after", email == null ? "" : email);
        audit.record(
                acting(), SecurityAudit.Action.STAFF_EMAIL_CHANGED, username, SecurityAudit.Outcome.SUCCESS, details);
        return true;
    }

    /** Renames a department; its code, which other records and the API use, stays. False if there is no such department. */
    @Transactional
    public boolean renameDepartment(String code, String name) {
        return jdbc.sql("update identity_department set name = ? where code = ?")
                        .params(name, code)
                        .update()
                == 1;
    }

    /**
     * Replaces a member of staff's roles and department memberships with the given ones and ends their web sessions, so
     * the change applies from their next page. Their open cases stay theirs; a department they lead keeps them as lead
     * until another is set. Each change is recorded with what it was before and after. Made by a signed-in
     * administrator, an executive or administrator role the person does not hold yet is asked for and waits for a second
     * administrator; one that was waiting and is no longer among {@code roles} is dropped.
     *
     * @throws IllegalArgumentException if there is no such member of staff or a department code does not exist
     * @throws OwnAccessRefused         if the signed-in member of staff would change their own roles or departments
     */
    @Transactional
    public void setRolesAndDepartments(String username, Set<Role> roles, Set<String> departmentCodes) {
        changeRolesAndDepartments(username, roles, departmentCodes);
    }

    /** As {@link #setRolesAndDepartments}; the privileged roles asked for (waiting, or given when nobody else could approve). */
    @Transactional
    List<RoleGrants.Grant> changeRolesAndDepartments(String username, Set<Role> roles, Set<String> departmentCodes) {
        Long id = jdbc.sql("select id from identity_staff where username = lower(?) for update")
                .param(username)
                .query(Long.class)
                .optional()
                .orElseThrow(() -> new IllegalArgumentException("no staff member " + username));
        Set<String> rolesBefore = new TreeSet<>(jdbc.sql("select role from identity_staff_role where staff_id = ?")
                .param(id)
                .query(String.class)
                .list());
        Set<String> departmentsBefore = departmentCodes(id);
        Set<String> departmentsAfter = new TreeSet<>(departmentCodes);
        boolean departmentsChange = !departmentsBefore.equals(departmentsAfter);
        String by = acting();
        if (by.equalsIgnoreCase(username) && (!rolesBefore.equals(names(roles)) || departmentsChange)) {
            boolean rolesAsked = !rolesBefore.equals(names(roles));
            audit.record(
                    by,
                    rolesAsked ? SecurityAudit.Action.ROLES_CHANGED : SecurityAudit.Action.DEPARTMENTS_CHANGED,
                    username,
                    SecurityAudit.Outcome.REFUSED,
                    Map.of(
                            "reason",
                            "own account: another administrator must change it",
                            "asked",
                            rolesAsked ? names(roles) : departmentsAfter));
            throw new OwnAccessRefused();
        }
        Set<Role> waiting = SYSTEM.equals(by) ? Set.of() : GrantRule.needingApproval(roles(rolesBefore), roles);
        Set<Role> given = EnumSet.noneOf(Role.class);
        given.addAll(roles);
        given.removeAll(waiting);
        Set<String> rolesAfter = names(given);
        boolean rolesChange = !rolesBefore.equals(rolesAfter);
        jdbc.sql("delete from identity_staff_role where staff_id = ?").param(id).update();
        for (Role role : given) {
            jdbc.sql("insert into identity_staff_role (staff_id, role) values (?, ?)")
                    .params(id, role.name())
                    .update();
        }
        jdbc.sql("delete from identity_membership where staff_id = ?").param(id).update();
        for (String code : departmentCodes) {
            int added = jdbc.sql(
                            "insert into identity_membership (staff_id, department_id) select ?, id from identity_department where code = ?")
                    .params(id, code)
                    .update();
            if (added != 1) {
                throw new IllegalArgumentException("no department " + code);
            }
        }
        if (rolesChange) {
            audit.record(
                    by,
                    SecurityAudit.Action.ROLES_CHANGED,
                    username,
                    SecurityAudit.Outcome.SUCCESS,
                    Map.of("before", rolesBefore, "after", rolesAfter));
        }
        if (departmentsChange) {
            audit.record(
                    by,
                    SecurityAudit.Action.DEPARTMENTS_CHANGED,
                    username,
                    SecurityAudit.Outcome.SUCCESS,
                    Map.of("before", departmentsBefore, "after", departmentsAfter));
        }
        grants.dropUnasked(id, roles, by);
        if (rolesBefore.contains(Role.ADMIN.name()) && !rolesAfter.contains(Role.ADMIN.name())) {
            jdbc.sql("update identity_staff set admin_ended_at = ? where id = ?")
                    .params(java.sql.Timestamp.from(clock.instant()), id)
                    .update();
            grants.dropAskedBy(username, "the administrator who asked is no longer an administrator", by);
        }
        List<RoleGrants.Grant> asked = grants.request(id, username.toLowerCase(java.util.Locale.ROOT), waiting, by);
        endSessions(username);
        tokens.forgetCached();
        return asked;
    }

    private Set<String> departmentCodes(long staffId) {
        return new TreeSet<>(jdbc.sql("""
                        select d.code from identity_membership m join identity_department d on d.id = m.department_id
                        where m.staff_id = ?""").param(staffId).query(String.class).list());
    }

    private static Set<Role> roles(Set<String> names) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        names.forEach(n -> roles.add(Role.valueOf(n)));
        return roles;
    }

    private static Set<String> names(Set<Role> roles) {
        Set<String> names = new TreeSet<>();
        roles.forEach(r -> names.add(r.name()));
        return names;
    }

    /** Lets a deactivated member of staff sign in again (their API tokens stay revoked). False if they are already active or do not exist. */
    @Transactional
    public boolean reactivate(String username) {
        return reactivateAsking(username).isPresent();
    }

    /**
     * As {@link #reactivate}. Reactivated by a signed-in administrator, an account holding the executive or administrator
     * role comes back without it and the role is asked for again: otherwise one administrator could keep a dormant
     * privileged account whose password they know and wake it up alone.
     *
     * @return the privileged roles asked for again, or empty if nobody was reactivated
     */
    @Transactional
    Optional<List<RoleGrants.Grant>> reactivateAsking(String username) {
        String name = username.toLowerCase(java.util.Locale.ROOT);
        Optional<Long> id = jdbc.sql(
                        "update identity_staff set active = true where username = ? and not active returning id")
                .param(name)
                .query(Long.class)
                .optional();
        if (id.isEmpty()) {
            return Optional.empty();
        }
        String by = acting();
        Set<String> rolesBefore = new TreeSet<>(jdbc.sql("select role from identity_staff_role where staff_id = ?")
                .param(id.get())
                .query(String.class)
                .list());
        Set<Role> privileged = SYSTEM.equals(by) ? Set.of() : GrantRule.needingApproval(Set.of(), roles(rolesBefore));
        audit.record(
                by,
                SecurityAudit.Action.STAFF_REACTIVATED,
                name,
                SecurityAudit.Outcome.SUCCESS,
                privileged.isEmpty() ? Map.of() : Map.of("rolesAskedFor", names(privileged)));
        if (privileged.isEmpty()) {
            return Optional.of(List.of());
        }
        jdbc.sql("delete from identity_staff_role where staff_id = :id and role in (:roles)")
                .param("id", id.get())
                .param("roles", privileged.stream().map(Role::name).toList())
                .update();
        Set<String> rolesAfter = new TreeSet<>(rolesBefore);
        rolesAfter.removeAll(names(privileged));
        audit.record(
                by,
                SecurityAudit.Action.ROLES_CHANGED,
                name,
                SecurityAudit.Outcome.SUCCESS,
                Map.of(
                        "before",
                        rolesBefore,
                        "after",
                        rolesAfter,
                        "reason",
                        "reactivated: these roles wait for a second administrator"));
        tokens.forgetCached();
        return Optional.of(grants.request(id.get(), name, privileged, by));
    }

    /**
     * Stops a member of staff from signing in, ends their open web sessions and revokes their API tokens at once; their
     * cases stay theirs until reassigned (the watch lists them). The executive and administrator roles waiting for them,
     * or asked for by them, are dropped.
     */
    @Transactional
    public boolean deactivate(String username) {
        // A deactivated administrator counts as lately one for a while: see GrantRule.givenAlone.
        boolean changed = jdbc.sql("""
                        update identity_staff s set active = false,
                               admin_ended_at = case when exists (select 1 from identity_staff_role r where r.staff_id = s.id and r.role = 'ADMIN')
                                                     then ? else admin_ended_at end
                        where username = lower(?) and active""")
                        .params(java.sql.Timestamp.from(clock.instant()), username)
                        .update()
                == 1;
        endSessions(username);
        List<Long> revoked = tokens.revokeAllOf(username, "owner deactivated");
        String by = acting();
        if (changed) {
            audit.record(
                    by,
                    SecurityAudit.Action.STAFF_DEACTIVATED,
                    username.toLowerCase(java.util.Locale.ROOT),
                    SecurityAudit.Outcome.SUCCESS,
                    Map.of("apiTokensRevoked", revoked.size()));
        }
        grants.dropFor(username, "the account was deactivated", by);
        grants.dropAskedBy(username, "the administrator who asked was deactivated", by);
        return changed;
    }

    /**
     * Signs a member of staff out everywhere: a web session carries the roles and departments it signed in with, so
     * after any change to those the next page asks them to sign in again.
     */
    @Transactional
    public void endSessions(String username) {
        sessions.end(username);
    }

    /** Adds an existing member of staff to an existing department; nothing changes if they already belong to it. */
    @Transactional
    public void addMembership(String username, String departmentCode) {
        int added = jdbc.sql("""
                        insert into identity_membership (staff_id, department_id)
                        select s.id, d.id from identity_staff s, identity_department d where s.username = lower(?) and d.code = ?
                        on conflict do nothing""").params(username, departmentCode).update();
        if (added == 1) {
            audit.record(
                    acting(),
                    SecurityAudit.Action.DEPARTMENTS_CHANGED,
                    username.toLowerCase(java.util.Locale.ROOT),
                    SecurityAudit.Outcome.SUCCESS,
                    Map.of("added", departmentCode));
        }
        endSessions(username);
        tokens.forgetCached();
    }

    public boolean anyAdministrator() {
        return jdbc.sql(
                        "select exists (select 1 from identity_staff_role r join identity_staff s on s.id = r.staff_id where r.role = 'ADMIN' and s.active)")
                .query(Boolean.class)
                .single();
    }

    /**
     * Of these usernames, the active accounts that still sign in with {@code password}: for start-up checks that no
     * well-known account (the demo's) is left open.
     */
    public List<String> signingInWith(java.util.Collection<String> usernames, String password) {
        if (usernames.isEmpty()) {
            return List.of();
        }
        record Account(String username, String passwordHash) {}
        return jdbc
                .sql("select username, password_hash from identity_staff where active and username in (:names)"
                        + " order by username")
                .param(
                        "names",
                        usernames.stream()
                                .map(u -> u.toLowerCase(java.util.Locale.ROOT))
                                .toList())
                .query(Account.class)
                .list()
                .stream()
                .filter(a -> a.passwordHash() != null && passwords.matches(password, a.passwordHash()))
                .map(Account::username)
                .toList();
    }

    public boolean anyStaff() {
        return jdbc.sql("select exists (select 1 from identity_staff)")
                .query(Boolean.class)
                .single();
    }
}
