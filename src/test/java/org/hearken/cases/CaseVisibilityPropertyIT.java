package org.hearken.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.sql.DataSource;
import org.hearken.identity.Actor;
import org.hearken.identity.Role;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The case visibility rule's two forms agree: CaseAccess.canSee in Java and the database function case_visible_to that
 * lists, searches, reports, the deadline watch and the survey results filter with. The property is checked on random
 * cases and readers over a few staff and departments, so that owners, named people, subjects and members often
 * coincide; they are drawn from a fixed seed, printed with a failure so that it can be replayed
 * ({@code -Dhearken.propertySeed=…} draws others). The second test checks the same on the cases the other tests have
 * stored, through the case_published view other modules read.
 */
class CaseVisibilityPropertyIT extends IntegrationTest {

    private static final long STAFF = 5;
    private static final long DEPARTMENTS = 3;

    private static final int TRIES = 3000;
    private static final long SEED = Long.getLong("hearken.propertySeed", 20261205L);

    @Autowired
    DataSource dataSource;

    /** Each way the rule can decide is drawn at least this often, the rare ones included. */
    private static final int AT_LEAST = 30;

    @Test
    void javaAndSqlFormsAgree() throws SQLException {
        Random random = new Random(SEED);
        Map<String, Integer> drawn = new HashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            for (int i = 0; i < TRIES; i++) {
                CaseAccess.Parties c = randomCase(random);
                Actor reader = randomReader(random);
                boolean visible = CaseAccess.canSee(reader, c);
                assertThat(sqlCanSee(connection, c, reader))
                        .as("case_visible_to for %s and %s (seed %d, try %d)", c, reader, SEED, i)
                        .isEqualTo(visible);
                drawn.merge(situation(c, reader) + (visible ? " (sees)" : " (does not)"), 1, Integer::sum);
            }
        }
        // The property says little unless the rare situations were drawn: a reader who sees the case only because it
        // is being referred to their department, an executive the complaint is about, a confidential case a member of
        // its department may not see.
        assertThat(drawn)
                .as("situations drawn (seed %d)", SEED)
                .allSatisfy((situation, n) -> assertThat(n).as(situation).isGreaterThanOrEqualTo(AT_LEAST))
                .containsKeys(
                        "subject (does not)",
                        "executive (sees)",
                        "a party (sees)",
                        "administrator (sees)",
                        "logged it (sees)",
                        "department (sees)",
                        "pending department (sees)",
                        "client's manager (sees)",
                        "confidential, not a party (does not)",
                        "none (does not)");
    }

    /**
     * The first reason the case is, or is not, the reader's to see, in the rule's order; only to show that each was
     * drawn often enough, the rule itself is CaseAccess's.
     */
    private static String situation(CaseAccess.Parties c, Actor reader) {
        long me = reader.staffId();
        if (c.subjects().contains(me)) {
            return "subject";
        }
        if (reader.has(Role.EXECUTIVE)) {
            return "executive";
        }
        if (c.ownerId() == me
                || Long.valueOf(me).equals(c.pendingOwnerId())
                || Long.valueOf(me).equals(c.reviewerId())
                || c.named().contains(me)) {
            return "a party";
        }
        if (c.confidential()) {
            return "confidential, not a party";
        }
        if (reader.has(Role.ADMIN)) {
            return "administrator";
        }
        if (c.loggedBy() == me) {
            return "logged it";
        }
        if (reader.belongsTo(c.departmentId())) {
            return "department";
        }
        if (c.pendingDepartmentId() != null && reader.belongsTo(c.pendingDepartmentId())) {
            return "pending department";
        }
        if (c.clientManagers().contains(me)) {
            return "client's manager";
        }
        return "none";
    }

    /**
     * A case whose people are a few of a handful of staff, so that owners, named people and subjects coincide. The
     * optional parties are drawn less often than not, so that the readers who see the case only as a member of its
     * department, or of the department it is being referred to (always another one), are drawn as often as those
     * it names.
     */
    static CaseAccess.Parties randomCase(Random random) {
        long department = aDepartment(random);
        return new CaseAccess.Parties(
                aStaffMember(random),
                random.nextDouble() < 0.25 ? aStaffMember(random) : null,
                random.nextDouble() < 0.25 ? aStaffMember(random) : null,
                random.nextBoolean() ? List.of() : staffList(random, 2),
                random.nextDouble() < 0.7 ? List.of() : staffList(random, 2),
                random.nextDouble() < 0.3,
                aStaffMember(random),
                department,
                random.nextDouble() < 0.4 ? null : anotherDepartment(random, department),
                // Seen only when no earlier reason applies: drawn often, and up to three (more than a client has) so
                // that
                // the reader is among them often enough.
                random.nextDouble() < 0.25 ? List.of() : staffList(random, 3));
    }

    /**
     * A reader of a handful of staff with any set of roles and departments. Executives and administrators see nearly
     * everything, so they are drawn less often than the other roles, leaving the rarer paths of the rule enough tries.
     */
    static Actor randomReader(Random random) {
        long id = aStaffMember(random);
        Set<Role> roles = new HashSet<>();
        for (Role role : Role.values()) {
            double chance = role == Role.EXECUTIVE || role == Role.ADMIN ? 0.2 : 0.5;
            if (random.nextDouble() < chance) {
                roles.add(role);
            }
        }
        Set<Long> departments = new HashSet<>();
        for (long d = 1; d <= DEPARTMENTS; d++) {
            if (random.nextBoolean()) {
                departments.add(d);
            }
        }
        return new Actor(id, "u" + id, "User " + id, roles, departments);
    }

    private static long aStaffMember(Random random) {
        return 1 + random.nextLong(STAFF);
    }

    private static long aDepartment(Random random) {
        return 1 + random.nextLong(DEPARTMENTS);
    }

    /** A department other than {@code department}: a referral goes somewhere else. */
    private static long anotherDepartment(Random random, long department) {
        return 1 + (department + random.nextLong(DEPARTMENTS - 1)) % DEPARTMENTS;
    }

    private static List<Long> staffList(Random random, int maxSize) {
        List<Long> list = new ArrayList<>();
        for (int n = random.nextInt(maxSize + 1); n > 0; n--) {
            list.add(aStaffMember(random));
        }
        return list;
    }

    static boolean sqlCanSee(Connection connection, CaseAccess.Parties c, Actor reader) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("""
                select case_visible_to(row(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)::case_parties, ?, ?, ?)""")) {
            s.setLong(1, c.ownerId());
            setLong(s, 2, c.pendingOwnerId());
            setLong(s, 3, c.reviewerId());
            s.setArray(4, longs(connection, c.named()));
            s.setArray(5, longs(connection, c.subjects()));
            s.setBoolean(6, c.confidential());
            s.setLong(7, c.loggedBy());
            s.setLong(8, c.departmentId());
            setLong(s, 9, c.pendingDepartmentId());
            s.setArray(10, longs(connection, c.clientManagers()));
            Map<String, Object> params = new HashMap<>();
            CaseAccess.readerParams(reader, params);
            s.setLong(11, (Long) params.get("reader"));
            s.setArray(12, connection.createArrayOf("text", (String[]) params.get("readerRoles")));
            s.setArray(13, connection.createArrayOf("bigint", (Long[]) params.get("readerDepartments")));
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
                    Set<Role> roles = new HashSet<>();
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
