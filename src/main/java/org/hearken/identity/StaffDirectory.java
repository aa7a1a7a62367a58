package org.hearken.identity;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Read access to staff and departments for the other modules. */
@Service
public class StaffDirectory {

    private final JdbcClient jdbc;
    private final StaffUserRepository users;

    StaffDirectory(JdbcClient jdbc, StaffUserRepository users) {
        this.jdbc = jdbc;
        this.users = users;
    }

    /**
     * Who would receive a new case: the named department (or the default one when {@code departmentCode} is null), the
     * named owner (or nobody when {@code ownerUsername} is null), the department's lead, and whether the owner is a
     * member of it, all in one query because intake asks this for every case.
     */
    public Optional<Assignment> assignment(String departmentCode, String ownerUsername) {
        return jdbc.sql("""
                        select d.id, d.code, d.name, d.lead_id, d.is_default,
                               o.id as o_id, o.username as o_username, o.full_name as o_full_name, o.email as o_email, o.active as o_active,
                               exists (select 1 from identity_membership m where m.staff_id = o.id and m.department_id = d.id) as o_member,
                               l.id as l_id, l.username as l_username, l.full_name as l_full_name, l.email as l_email, l.active as l_active
                        from identity_department d
                        left join identity_staff o on o.username = lower(:owner)
                        left join identity_staff l on l.id = d.lead_id
                        where (cast(:code as text) is null and d.is_default) or d.code = :code""")
                .param("code", departmentCode)
                .param("owner", ownerUsername)
                .query((rs, n) -> new Assignment(
                        new Department(
                                rs.getLong("id"),
                                rs.getString("code"),
                                rs.getString("name"),
                                (Long) rs.getObject("lead_id"),
                                rs.getBoolean("is_default")),
                        rs.getObject("o_id") == null
                                ? null
                                : new StaffMember(
                                        rs.getLong("o_id"),
                                        rs.getString("o_username"),
                                        rs.getString("o_full_name"),
                                        rs.getString("o_email"),
                                        rs.getBoolean("o_active")),
                        rs.getBoolean("o_member"),
                        rs.getObject("l_id") == null
                                ? null
                                : new StaffMember(
                                        rs.getLong("l_id"),
                                        rs.getString("l_username"),
                                        rs.getString("l_full_name"),
                                        rs.getString("l_email"),
                                        rs.getBoolean("l_active"))))
                .optional();
    }

    /** A department with the named owner (null if none was named or none exists) and the department's lead. */
    public record Assignment(Department department, StaffMember owner, boolean ownerIsMember, StaffMember lead) {}

    /** The actor for an active member of staff, for work done on their behalf outside a web request. */
    public Optional<Actor> actorFor(String username) {
        return users.findByUsername(username).filter(StaffUser::isEnabled).map(StaffUser::actor);
    }

    public Optional<Department> departmentByCode(String code) {
        return jdbc.sql("select id, code, name, lead_id, is_default from identity_department where code = ?")
                .param(code)
                .query(Department.class)
                .optional();
    }

    public Optional<Department> department(long id) {
        return jdbc.sql("select id, code, name, lead_id, is_default from identity_department where id = ?")
                .param(id)
                .query(Department.class)
                .optional();
    }

    public Optional<Department> defaultDepartment() {
        return jdbc.sql("select id, code, name, lead_id, is_default from identity_department where is_default")
                .query(Department.class)
                .optional();
    }

    public List<Department> departments() {
        return jdbc.sql("select id, code, name, lead_id, is_default from identity_department order by name")
                .query(Department.class)
                .list();
    }

    /** An active member of staff with their roles and the codes of their departments. */
    public record Colleague(StaffMember member, java.util.Set<Role> roles, List<String> departmentCodes) {}

    /** Every active member of staff, by name: the people a case can be referred or assigned to. */
    public List<Colleague> activeStaff() {
        return jdbc.sql("""
                        with roles as (select staff_id, string_agg(role, ',') as roles from identity_staff_role group by staff_id),
                             departments as (select m.staff_id, string_agg(d.code, ',' order by d.code) as departments
                                             from identity_membership m join identity_department d on d.id = m.department_id
                                             group by m.staff_id)
                        select s.id, s.username, s.full_name, s.email, s.active, coalesce(r.roles, '') as roles,
                               coalesce(d.departments, '') as departments
                        from identity_staff s left join roles r on r.staff_id = s.id left join departments d on d.staff_id = s.id
                        where s.active order by s.full_name, s.username""")
                .query((rs, n) -> new Colleague(
                        new StaffMember(
                                rs.getLong("id"),
                                rs.getString("username"),
                                rs.getString("full_name"),
                                rs.getString("email"),
                                true),
                        java.util.Arrays.stream(rs.getString("roles").split(","))
                                .filter(r -> !r.isEmpty())
                                .map(Role::valueOf)
                                .collect(java.util.stream.Collectors.toUnmodifiableSet()),
                        java.util.Arrays.stream(rs.getString("departments").split(","))
                                .filter(d -> !d.isEmpty())
                                .toList()))
                .list();
    }

    public Optional<StaffMember> staffByUsername(String username) {
        return jdbc.sql("select id, username, full_name, email, active from identity_staff where username = lower(?)")
                .param(username)
                .query(StaffMember.class)
                .optional();
    }

    public Optional<StaffMember> staff(long id) {
        return jdbc.sql("select id, username, full_name, email, active from identity_staff where id = ?")
                .param(id)
                .query(StaffMember.class)
                .optional();
    }

    /** A member of staff with their roles and departments, for the administration pages. */
    public record StaffDetails(
            long id,
            String username,
            String fullName,
            String email,
            boolean active,
            java.util.Set<Role> roles,
            List<Department> departments) {

        public boolean has(Role role) {
            return roles.contains(role);
        }

        public boolean belongsTo(String departmentCode) {
            return departments.stream().anyMatch(d -> d.code().equals(departmentCode));
        }
    }

    /** A department with how many active members it has and the name of its lead. */
    public record DepartmentSummary(Department department, String leadName, long activeMembers) {}

    /** Every member of staff, active first, then by name. */
    public List<StaffDetails> allStaff() {
        return withRolesAndDepartments(jdbc.sql(
                        "select id, username, full_name, email, active from identity_staff order by active desc, full_name, username")
                .query(StaffMember.class)
                .list());
    }

    public Optional<StaffDetails> details(String username) {
        return staffByUsername(username)
                .map(m -> withRolesAndDepartments(List.of(m)).getFirst());
    }

    private List<StaffDetails> withRolesAndDepartments(List<StaffMember> members) {
        if (members.isEmpty()) {
            return List.of();
        }
        List<Long> ids = members.stream().map(StaffMember::id).toList();
        java.util.Map<Long, java.util.Set<Role>> roles = new java.util.HashMap<>();
        jdbc.sql("select staff_id, role from identity_staff_role where staff_id in (:ids)")
                .param("ids", ids)
                .query((rs, n) -> {
                    roles.computeIfAbsent(rs.getLong(1), k -> java.util.EnumSet.noneOf(Role.class))
                            .add(Role.valueOf(rs.getString(2)));
                    return null;
                })
                .list();
        java.util.Map<Long, List<Department>> departments = new java.util.HashMap<>();
        jdbc.sql("""
                        select m.staff_id, d.id, d.code, d.name, d.lead_id, d.is_default from identity_membership m
                        join identity_department d on d.id = m.department_id where m.staff_id in (:ids) order by d.name""")
                .param("ids", ids)
                .query((rs, n) -> {
                    departments
                            .computeIfAbsent(rs.getLong(1), k -> new java.util.ArrayList<>())
                            .add(new Department(
                                    rs.getLong(2),
                                    rs.getString(3),
                                    rs.getString(4),
                                    (Long) rs.getObject(5),
                                    rs.getBoolean(6)));
                    return null;
                })
                .list();
        return members.stream()
                .map(m -> new StaffDetails(
                        m.id(),
                        m.username(),
                        m.fullName(),
                        m.email(),
                        m.active(),
                        java.util.Set.copyOf(roles.getOrDefault(m.id(), java.util.Set.of())),
                        List.copyOf(departments.getOrDefault(m.id(), List.of()))))
                .toList();
    }

    /** Every department by name, with its lead's name and its number of active members. */
    public List<DepartmentSummary> departmentSummaries() {
        return jdbc.sql("""
                        select d.id, d.code, d.name, d.lead_id, d.is_default, l.full_name as lead_name,
                               (select count(*) from identity_membership m join identity_staff s on s.id = m.staff_id
                                where m.department_id = d.id and s.active) as members
                        from identity_department d left join identity_staff l on l.id = d.lead_id
                        order by d.name, d.code""")
                .query((rs, n) -> new DepartmentSummary(
                        new Department(
                                rs.getLong("id"),
                                rs.getString("code"),
                                rs.getString("name"),
                                (Long) rs.getObject("lead_id"),
                                rs.getBoolean("is_default")),
                        rs.getString("lead_name"),
                        rs.getLong("members")))
                .list();
    }

    public boolean isMember(long staffId, long departmentId) {
        return jdbc.sql("select exists (select 1 from identity_membership where staff_id = ? and department_id = ?)")
                .params(staffId, departmentId)
                .query(Boolean.class)
                .single();
    }
}
