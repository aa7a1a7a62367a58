package org.hearken.identity;

import java.time.Clock;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates departments and staff accounts (administration, first-run set-up and the demo). */
@Service
public class StaffAccounts {

    /** A new account; the password is hashed before it is stored and never kept in clear. */
    public record NewStaff(String username, String fullName, String email, String password, Set<Role> roles, Set<String> departmentCodes) {}

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final Clock clock;

    StaffAccounts(JdbcClient jdbc, PasswordEncoder passwords, Clock clock) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.clock = clock;
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

    @Transactional
    public StaffMember createStaff(NewStaff staff) {
        String username = staff.username().toLowerCase(java.util.Locale.ROOT);
        long id = jdbc.sql("""
                        insert into identity_staff (username, full_name, email, password_hash, created_at)
                        values (?, ?, ?, ?, ?) returning id""")
                .params(username, staff.fullName(), staff.email(), passwords.encode(staff.password()),
                        java.sql.Timestamp.from(clock.instant()))
                .query(Long.class)
                .single();
        for (Role role : staff.roles()) {
            jdbc.sql("insert into identity_staff_role (staff_id, role) values (?, ?)").params(id, role.name()).update();
        }
        for (String code : staff.departmentCodes()) {
            int added = jdbc.sql("insert into identity_membership (staff_id, department_id) select ?, id from identity_department where code = ?")
                    .params(id, code)
                    .update();
            if (added != 1) {
                throw new IllegalArgumentException("no department " + code);
            }
        }
        return new StaffMember(id, username, staff.fullName(), staff.email(), true);
    }

    /** Renames a department; its code, which other records and the API use, stays. False if there is no such department. */
    @Transactional
    public boolean renameDepartment(String code, String name) {
        return jdbc.sql("update identity_department set name = ? where code = ?").params(name, code).update() == 1;
    }

    /**
     * Replaces a member of staff's roles and department memberships with the given ones and ends their web sessions, so
     * the change applies from their next page. Their open cases stay theirs; a department they lead keeps them as lead
     * until another is set.
     *
     * @throws IllegalArgumentException if there is no such member of staff or a department code does not exist
     */
    @Transactional
    public void setRolesAndDepartments(String username, Set<Role> roles, Set<String> departmentCodes) {
        Long id = jdbc.sql("select id from identity_staff where username = lower(?) for update").param(username)
                .query(Long.class).optional().orElseThrow(() -> new IllegalArgumentException("no staff member " + username));
        jdbc.sql("delete from identity_staff_role where staff_id = ?").param(id).update();
        for (Role role : roles) {
            jdbc.sql("insert into identity_staff_role (staff_id, role) values (?, ?)").params(id, role.name()).update();
        }
        jdbc.sql("delete from identity_membership where staff_id = ?").param(id).update();
        for (String code : departmentCodes) {
            int added = jdbc.sql("insert into identity_membership (staff_id, department_id) select ?, id from identity_department where code = ?")
                    .params(id, code)
                    .update();
            if (added != 1) {
                throw new IllegalArgumentException("no department " + code);
            }
        }
        endSessions(username);
    }

    /** Lets a deactivated member of staff sign in again. False if they are already active or do not exist. */
    @Transactional
    public boolean reactivate(String username) {
        return jdbc.sql("update identity_staff set active = true where username = lower(?) and not active").param(username).update() == 1;
    }

    /**
     * Stops a member of staff from signing in and ends their open web sessions at once; their cases stay theirs until
     * reassigned (the watch lists them).
     */
    @Transactional
    public boolean deactivate(String username) {
        boolean changed = jdbc.sql("update identity_staff set active = false where username = lower(?) and active").param(username).update() == 1;
        endSessions(username);
        return changed;
    }

    /**
     * Signs a member of staff out everywhere: a web session carries the roles and departments it signed in with, so
     * after any change to those the next page asks them to sign in again.
     */
    @Transactional
    public void endSessions(String username) {
        jdbc.sql("delete from spring_session where lower(principal_name) = lower(?)").param(username).update();
    }

    /** Adds an existing member of staff to an existing department; nothing changes if they already belong to it. */
    @Transactional
    public void addMembership(String username, String departmentCode) {
        jdbc.sql("""
                        insert into identity_membership (staff_id, department_id)
                        select s.id, d.id from identity_staff s, identity_department d where s.username = lower(?) and d.code = ?
                        on conflict do nothing""")
                .params(username, departmentCode)
                .update();
        endSessions(username);
    }

    public boolean anyAdministrator() {
        return jdbc.sql("select exists (select 1 from identity_staff_role r join identity_staff s on s.id = r.staff_id where r.role = 'ADMIN' and s.active)")
                .query(Boolean.class)
                .single();
    }

    public boolean anyStaff() {
        return jdbc.sql("select exists (select 1 from identity_staff)").query(Boolean.class).single();
    }
}
