package org.hearken.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
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
 * The access keys that let a search narrow its cases in an index (V220) never hide a case the visibility rule shows: on
 * random cases and readers, every case a reader who is not an executive may see shares a key with them; and searches
 * through both of their ways (the newest cases one by one, the older ones through the indexes) find exactly the cases,
 * in the same order, that the plain rule finds among those matching the text. Random draws come from a fixed seed,
 * printed with a failure ({@code -Dhearken.propertySeed=…} draws others).
 */
class SearchAccessKeysIT extends IntegrationTest {

    private static final long SEED = Long.getLong("hearken.propertySeed", 20261206L);

    @Autowired
    DataSource dataSource;

    @Autowired
    CaseRepository repository;

    @Test
    void everyCaseAReaderMaySeeSharesAKeyWithThem() throws SQLException {
        Random random = new Random(SEED);
        int narrowed = 0;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement s = connection.prepareStatement("""
                        select case_visible_to(row(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)::case_parties, ?, ?, ?),
                               case_access_keys(?, ?, ?, ?, ?, ?, ?, ?, ?) && case_reader_keys(?, ?, ?)""")) {
            for (int i = 0; i < 3000; i++) {
                CaseAccess.Parties c = CaseVisibilityPropertyIT.randomCase(random);
                Actor reader = CaseVisibilityPropertyIT.randomReader(random);
                Map<String, Object> params = new HashMap<>();
                CaseAccess.readerParams(reader, params);
                int n = 1;
                n = parties(connection, s, n, c, true);
                n = reader(connection, s, n, params);
                n = parties(connection, s, n, c, false);
                reader(connection, s, n, params);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    boolean visible = rs.getBoolean(1);
                    boolean shareAKey = rs.getBoolean(2);
                    assertThat(rs.wasNull())
                            .as("the keys' overlap is never null")
                            .isFalse();
                    assertThat(visible && !shareAKey && !reader.has(Role.EXECUTIVE))
                            .as("%s visible to %s without a shared key (seed %d, try %d)", c, reader, SEED, i)
                            .isFalse();
                    assertThat(visible).as("CaseAccess and the SQL rule").isEqualTo(CaseAccess.canSee(reader, c));
                    if (!visible && !shareAKey) {
                        narrowed++;
                    }
                }
            }
        }
        // The keys are worth an index only if they rule out cases: here many a case shares no key with its reader.
        assertThat(narrowed).as("cases ruled out by the keys alone").isGreaterThan(300);
    }

    @Test
    void searchesFindExactlyWhatThePlainRuleFinds() {
        Random random = new Random(SEED);
        List<Long> departments = new ArrayList<>();
        List<Long> staff = new ArrayList<>();
        for (int d = 0; d < 3; d++) {
            Dept dept = department();
            departments.add(jdbc.sql("select id from department_directory where code = ?")
                    .param(dept.code)
                    .query(Long.class)
                    .single());
            for (String username : List.of(dept.lead, dept.staff(Role.AGENT), dept.staff(Role.AGENT))) {
                staff.add(staffId(username));
            }
        }
        staff.add(staffId(staffWithoutDepartment(Role.ADMIN)));
        String word = "zq" + unique().toLowerCase();
        String name = "Qx" + unique().toLowerCase();
        // Cases in one burst of ids: the word in about a third, the customer's name in a tenth, most in neither.
        for (int i = 0; i < 400; i++) {
            double r = random.nextDouble();
            insertCase(
                    random,
                    departments,
                    staff,
                    "Case " + i + (r < 0.33 ? " about " + word : ""),
                    (r > 0.9 ? name + " " : "Someone ") + i);
        }
        Instant now = clock.instant();
        int compared = 0;
        for (int i = 0; i < 40; i++) {
            Actor reader = reader(random, staff, departments);
            for (String text : List.of(word, name.toUpperCase().substring(1))) {
                List<Long> expected = plainRule(text, reader);
                for (int window : List.of(1, 3, 17, 5000)) {
                    int limit = 1 + random.nextInt(9);
                    assertThat(everyPage(text, limit, window, reader, now))
                            .as("'%s' for %s, pages of %d, window %d (seed %d)", text, reader, limit, window, SEED)
                            .containsExactlyElementsOf(expected);
                    compared += expected.size();
                }
            }
        }
        assertThat(compared).as("cases found and compared").isGreaterThan(1000);
    }

    /** Every page of a search, following the cursor: the ids, newest first. */
    private List<Long> everyPage(String text, int limit, int window, Actor reader, Instant now) {
        List<Long> ids = new ArrayList<>();
        Long after = null;
        while (true) {
            List<CaseRepository.ListRow> page =
                    repository.searchText(text, after, limit + 1, window, reader, now, now.plusSeconds(3600));
            page.stream().limit(limit).forEach(row -> ids.add(row.c().id()));
            if (page.size() <= limit) {
                return ids;
            }
            after = ids.getLast();
        }
    }

    /** The cases matching the text that the plain rule lets the reader see, newest first, without keys or windows. */
    private List<Long> plainRule(String text, Actor reader) {
        Map<String, Object> params = new HashMap<>();
        String visible = CaseAccess.sqlCondition(reader, params);
        params.put("words", text);
        params.put("pattern", "%" + text + "%");
        return jdbc.sql("select c.id from cases c where " + visible
                        + " and (c.customer_name ilike :pattern or c.customer_email ilike :pattern"
                        + " or c.search_words @@ websearch_to_tsquery('english', :words)) order by c.id desc")
                .params(params)
                .query(Long.class)
                .list();
    }

    private void insertCase(Random random, List<Long> departments, List<Long> staff, String subject, String customer) {
        long department = pick(random, departments);
        // A referral waits for a person and a department together.
        boolean referred = random.nextDouble() < 0.2;
        Instant at = clock.instant();
        jdbc.sql("""
                        insert into cases (reference, kind, channel, status, received_at, logged_at, updated_at, subject,
                            description, customer_name, preferred_reply, department_id, owner_id, logged_by,
                            pending_owner_id, pending_department_id, reviewer_id, named_staff, subject_staff,
                            confidential, client_managers)
                        values (:reference, 'COMPLAINT', 'API', 'RECEIVED', :at, :at, :at, :subject, 'Details.',
                            :customer, 'EMAIL', :department, :owner, :loggedBy, :pendingOwner, :pendingDepartment,
                            :reviewer, :named, :subjects, :confidential, :clientManagers)""")
                .param("reference", "SK-" + unique())
                .param("at", Timestamp.from(at))
                .param("subject", subject)
                .param("customer", customer)
                .param("department", department)
                .param("owner", pick(random, staff))
                .param("loggedBy", pick(random, staff))
                .param("pendingOwner", referred ? pick(random, staff) : null)
                .param("pendingDepartment", referred ? pick(random, departments) : null)
                .param("reviewer", random.nextDouble() < 0.15 ? pick(random, staff) : null)
                .param("named", some(random, staff, 0.3))
                .param("subjects", some(random, staff, 0.2))
                .param("confidential", random.nextDouble() < 0.3)
                .param("clientManagers", some(random, staff, 0.3))
                .update();
    }

    /** A reader among the test's staff, with random roles (executives and administrators rarer) and departments. */
    private static Actor reader(Random random, List<Long> staff, List<Long> departments) {
        Set<Role> roles = new HashSet<>();
        for (Role role : Role.values()) {
            if (random.nextDouble() < (role == Role.EXECUTIVE || role == Role.ADMIN ? 0.15 : 0.5)) {
                roles.add(role);
            }
        }
        Set<Long> in = new HashSet<>();
        departments.stream().filter(d -> random.nextDouble() < 0.4).forEach(in::add);
        long id = pick(random, staff);
        return new Actor(id, "reader" + id, "Reader " + id, roles, in);
    }

    private long staffId(String username) {
        return jdbc.sql("select id from staff_directory where username = ?")
                .param(username)
                .query(Long.class)
                .single();
    }

    private static long pick(Random random, List<Long> from) {
        return from.get(random.nextInt(from.size()));
    }

    private static Long[] some(Random random, List<Long> from, double chance) {
        return from.stream().filter(s -> random.nextDouble() < chance / 3).toArray(Long[]::new);
    }

    private static int parties(
            Connection connection, PreparedStatement s, int n, CaseAccess.Parties c, boolean asComposite)
            throws SQLException {
        s.setLong(n++, c.ownerId());
        s.setObject(n++, c.pendingOwnerId(), java.sql.Types.BIGINT);
        s.setObject(n++, c.reviewerId(), java.sql.Types.BIGINT);
        s.setArray(n++, connection.createArrayOf("bigint", c.named().toArray(Long[]::new)));
        if (asComposite) {
            s.setArray(n++, connection.createArrayOf("bigint", c.subjects().toArray(Long[]::new)));
        }
        s.setBoolean(n++, c.confidential());
        s.setLong(n++, c.loggedBy());
        s.setLong(n++, c.departmentId());
        s.setObject(n++, c.pendingDepartmentId(), java.sql.Types.BIGINT);
        s.setArray(n++, connection.createArrayOf("bigint", c.clientManagers().toArray(Long[]::new)));
        return n;
    }

    private static int reader(Connection connection, PreparedStatement s, int n, Map<String, Object> params)
            throws SQLException {
        s.setLong(n++, (Long) params.get("reader"));
        s.setArray(n++, connection.createArrayOf("text", (String[]) params.get("readerRoles")));
        s.setArray(n++, connection.createArrayOf("bigint", (Long[]) params.get("readerDepartments")));
        return n;
    }
}
