package org.hearken.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.flywaydb.core.Flyway;
import org.hearken.identity.Actor;
import org.hearken.identity.Role;
import org.hearken.support.IntegrationTest;
import org.hearken.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The case visibility rule's two forms agree: CaseAccess.canSee in Java and the database function case_visible_to that
 * lists, searches, reports, the deadline watch and the survey results filter with. The property runs under jqwik
 * with random cases and readers over a few staff and departments, so that owners, named people, subjects and members
 * often coincide; the Spring test checks the same on the cases the other tests have stored, through the
 * case_published view other modules read.
 */
class CaseVisibilityPropertyIT extends IntegrationTest {

    private static final long STAFF = 5;
    private static final long DEPARTMENTS = 3;

    private static Connection connection;

    @BeforeContainer
    static void connect() throws SQLException {
        String user = System.getenv().getOrDefault("TEST_PG_USER", "postgres");
        String password = System.getenv().getOrDefault("TEST_PG_PASSWORD", "");
        // The schema as the application migrates it (a no-op when an application context already has).
        Flyway.configure()
                .dataSource(TestDatabase.url(), user, password)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        connection = DriverManager.getConnection(TestDatabase.url(), user, password);
    }

    @AfterContainer
    static void disconnect() throws SQLException {
        if (connection != null) {
            connection.close();
        }
    }

    @Property(tries = 2000)
    void javaAndSqlFormsAgree(@ForAll("cases") CaseAccess.Parties c, @ForAll("readers") Actor reader)
            throws SQLException {
        assertThat(sqlCanSee(connection, c, reader))
                .as("case_visible_to for %s and %s", c, reader)
                .isEqualTo(CaseAccess.canSee(reader, c));
    }

    /** Who is on a case. */
    private record People(long owner, Long pendingOwner, Long reviewer, List<Long> named, List<Long> subjects) {}

    @Provide
    Arbitrary<CaseAccess.Parties> cases() {
        Arbitrary<Long> staff = Arbitraries.longs().between(1, STAFF);
        Arbitrary<Long> someone = staff.injectNull(0.5);
        Arbitrary<Long> department = Arbitraries.longs().between(1, DEPARTMENTS);
        Arbitrary<People> people = Combinators.combine(
                        staff,
                        someone,
                        someone,
                        staff.list().ofMaxSize(3),
                        staff.list().ofMaxSize(2))
                .as(People::new);
        return Combinators.combine(people, Arbitraries.of(true, false), staff, department, department.injectNull(0.6))
                .as((p, confidential, loggedBy, dept, pendingDept) -> new CaseAccess.Parties(
                        p.owner(),
                        p.pendingOwner(),
                        p.reviewer(),
                        p.named(),
                        p.subjects(),
                        confidential,
                        loggedBy,
                        dept,
                        pendingDept));
    }

    @Provide
    Arbitrary<Actor> readers() {
        return Combinators.combine(
                        Arbitraries.longs().between(1, STAFF),
                        Arbitraries.of(Role.class).set().ofMaxSize(Role.values().length),
                        Arbitraries.longs().between(1, DEPARTMENTS).set().ofMaxSize((int) DEPARTMENTS))
                .as((id, roles, departments) -> new Actor(id, "u" + id, "User " + id, roles, departments));
    }

    static boolean sqlCanSee(Connection connection, CaseAccess.Parties c, Actor reader) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("""
                select case_visible_to(row(?, ?, ?, ?, ?, ?, ?, ?, ?)::case_parties, ?, ?, ?)""")) {
            s.setLong(1, c.ownerId());
            setLong(s, 2, c.pendingOwnerId());
            setLong(s, 3, c.reviewerId());
            s.setArray(4, longs(connection, c.named()));
            s.setArray(5, longs(connection, c.subjects()));
            s.setBoolean(6, c.confidential());
            s.setLong(7, c.loggedBy());
            s.setLong(8, c.departmentId());
            setLong(s, 9, c.pendingDepartmentId());
            Map<String, Object> params = new HashMap<>();
            CaseAccess.readerParams(reader, params);
            s.setLong(10, (Long) params.get("reader"));
            s.setArray(11, connection.createArrayOf("text", (String[]) params.get("readerRoles")));
            s.setArray(12, connection.createArrayOf("bigint", (Long[]) params.get("readerDepartments")));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                boolean visible = rs.getBoolean(1);
                assertThat(rs.wasNull()).as("case_visible_to is never null").isFalse();
                return visible;
            }
        }
    }

    private static void setLong(PreparedStatement s, int index, Long value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.BIGINT);
        } else {
            s.setLong(index, value);
        }
    }

    private static Array longs(Connection connection, List<Long> values) throws SQLException {
        return connection.createArrayOf("bigint", values.toArray(Long[]::new));
    }

    // ---- the stored cases, through what other modules read ------------------------------------------------------

    @Autowired
    CaseRepository repository;

    /**
     * Every stored case (the newest thousand) and readers made of the staff on those cases: the function over
     * case_published's parties agrees with CaseAccess over the case as the cases module loads it.
     */
    @Test
    void storedCasesAgreeThroughThePublishedView() {
        department(); // at least one case-free department and its lead exist even on an empty database
        List<Long> ids = jdbc.sql("select id from case_published order by id desc limit 1000")
                .query(Long.class)
                .list();
        List<Actor> readers = new ArrayList<>();
        jdbc.sql("""
                        select s.id, s.username, array(select r.role from staff_directory_role r where r.staff_id = s.id),
                               array(select m.department_id from staff_directory_membership m where m.staff_id = s.id)
                        from staff_directory s order by s.id desc limit 40""")
                .query((rs, n) -> {
                    Set<Role> roles = new java.util.HashSet<>();
                    for (String r : (String[]) rs.getArray(3).getArray()) {
                        roles.add(Role.valueOf(r));
                    }
                    Set<Long> departments = Set.of((Long[]) rs.getArray(4).getArray());
                    readers.add(new Actor(rs.getLong(1), rs.getString(2), rs.getString(2), roles, departments));
                    return null;
                })
                .list();
        assertThat(readers).isNotEmpty();
        Map<Long, CaseRecord> records = new HashMap<>();
        ids.forEach(id -> records.put(id, repository.findById(id).orElseThrow()));
        int checked = 0;
        for (Actor reader : readers) {
            Map<String, Object> params = new HashMap<>();
            CaseAccess.readerParams(reader, params);
            params.put("ids", ids.isEmpty() ? List.of(-1L) : ids);
            Map<Long, Boolean> sql = new HashMap<>();
            jdbc.sql("""
                            select c.id, case_visible_to(c.parties, :reader, :readerRoles, :readerDepartments)
                            from case_published c where c.id in (:ids)""")
                    .params(params)
                    .query((rs, n) -> sql.put(rs.getLong(1), rs.getBoolean(2)))
                    .list();
            for (long id : ids) {
                CaseRecord c = records.get(id);
                assertThat(sql.get(id))
                        .as("case %s for %s", c.reference(), reader.username())
                        .isEqualTo(CaseAccess.canSee(reader, c));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(ids.size() * readers.size());
    }
}
