package org.hearken.identity;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Read access to staff and departments for the other modules. */
@Service
public class StaffDirectory {

    private final JdbcClient jdbc;

    StaffDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
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

    public boolean isMember(long staffId, long departmentId) {
        return jdbc.sql("select exists (select 1 from identity_membership where staff_id = ? and department_id = ?)")
                .params(staffId, departmentId)
                .query(Boolean.class)
                .single();
    }
}
