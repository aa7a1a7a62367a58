package org.hearken.identity;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Repository;

/** Loads staff with their roles and departments, by username (password login) or by id (API tokens). */
@Repository
class StaffUserRepository implements UserDetailsService {

    private record Row(long id, String username, String fullName, String passwordHash, boolean active) {}

    private final JdbcClient jdbc;

    StaffUserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return findByUsername(username).orElseThrow(() -> new UsernameNotFoundException("no such staff member"));
    }

    Optional<StaffUser> findByUsername(String username) {
        return jdbc.sql(
                        "select id, username, full_name, password_hash, active from identity_staff where username = lower(?)")
                .param(username)
                .query(Row.class)
                .optional()
                .map(this::toUser);
    }

    Optional<StaffUser> findById(long id) {
        return jdbc.sql("select id, username, full_name, password_hash, active from identity_staff where id = ?")
                .param(id)
                .query(Row.class)
                .optional()
                .map(this::toUser);
    }

    private StaffUser toUser(Row row) {
        List<String> roleNames = jdbc.sql("select role from identity_staff_role where staff_id = ?")
                .param(row.id())
                .query(String.class)
                .list();
        Set<Role> roles = EnumSet.noneOf(Role.class);
        roleNames.forEach(r -> roles.add(Role.valueOf(r)));
        Set<Long> departments =
                new HashSet<>(jdbc.sql("select department_id from identity_membership where staff_id = ?")
                        .param(row.id())
                        .query(Long.class)
                        .list());
        return new StaffUser(
                new Actor(row.id(), row.username(), row.fullName(), roles, departments),
                row.passwordHash(),
                row.active());
    }
}
