package org.hearken.training;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hearken.cases.CaseManagement;
import org.hearken.identity.Actor;
import org.hearken.identity.Role;
import org.hearken.identity.StaffDirectory;
import org.hearken.identity.StaffMember;
import org.hearken.platform.FieldProblem;
import org.hearken.platform.InvalidRequestException;
import org.hearken.platform.NotFoundException;
import org.hearken.policy.PolicyVersionInfo;
import org.hearken.policy.ServicePolicies;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The training module's public service. Administrators record training for anyone, managers for the members of their
 * departments; executives may read. A member of staff's training is <em>current</em> when they have been trained on
 * the service policy version in force: a new version in force means everybody needs training on it again.
 */
@Service
public class TrainingRecords {

    /** What to record; {@code policyVersion} is the version number people see (1, 2, 3…), null for the version in force. */
    public record NewTraining(String staff, LocalDate trainedOn, Integer policyVersion, String note) {}

    static final int MAX_NOTE = 1000;

    private static final String SELECT = """
            select t.id, s.username, s.full_name, t.trained_on, t.policy_version_id, p.version, p.name, p.active, t.note,
                   t.recorded_at, t.recorded_by
            from training_record t
            join staff_directory s on s.id = t.staff_id
            join policy_version_published p on p.id = t.policy_version_id
            """;

    private final JdbcClient jdbc;
    private final StaffDirectory directory;
    private final ServicePolicies policies;
    private final Clock clock;

    TrainingRecords(JdbcClient jdbc, StaffDirectory directory, ServicePolicies policies, Clock clock) {
        this.jdbc = jdbc;
        this.directory = directory;
        this.policies = policies;
        this.clock = clock;
    }

    /**
     * Records a training.
     *
     * @throws AccessDeniedException unless the actor is an administrator, or a manager of a department the person belongs to
     * @throws InvalidRequestException for an unknown person or policy version, a date in the future or a note too long
     */
    @Transactional
    public TrainingRecord record(NewTraining t, Actor actor) {
        requireRecorder(actor);
        List<FieldProblem> problems = new ArrayList<>();
        StaffMember staff = null;
        if (t.staff() == null || t.staff().isBlank()) {
            problems.add(new FieldProblem("staff", "is required: give the username of the person trained"));
        } else {
            staff = directory.staffByUsername(t.staff().strip()).orElse(null);
            if (staff == null) {
                problems.add(new FieldProblem(
                        "staff", "no member of staff is called '" + t.staff().strip() + "'"));
            }
        }
        ZoneId zone = policies.active().policy().calendar().zone();
        LocalDate today = clock.instant().atZone(zone).toLocalDate();
        if (t.trainedOn() == null) {
            problems.add(new FieldProblem("trainedOn", "is required"));
        } else if (t.trainedOn().isAfter(today)) {
            problems.add(new FieldProblem("trainedOn", "is in the future; record a training once it has taken place"));
        }
        Long versionId = null;
        if (t.policyVersion() == null) {
            versionId = policies.active().versionId();
        } else {
            versionId =
                    policies.document(t.policyVersion()).map(d -> d.info().id()).orElse(null);
            if (versionId == null) {
                problems.add(
                        new FieldProblem("policyVersion", "there is no service policy version " + t.policyVersion()));
            }
        }
        String note = t.note() == null || t.note().isBlank() ? null : t.note().strip();
        if (note != null && note.length() > MAX_NOTE) {
            problems.add(new FieldProblem("note", "is longer than " + MAX_NOTE + " characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        if (!mayRecordFor(actor, staff.id())) {
            throw new AccessDeniedException("Managers record training for the members of their own departments only.");
        }
        long id = jdbc.sql("""
                        insert into training_record (staff_id, trained_on, policy_version_id, note, recorded_at, recorded_by)
                        values (?, ?, ?, ?, ?, ?) returning id""")
                .params(
                        staff.id(),
                        Date.valueOf(t.trainedOn()),
                        versionId,
                        note,
                        Timestamp.from(clock.instant()),
                        actor.username())
                .query(Long.class)
                .single();
        return jdbc.sql(SELECT + " where t.id = ?")
                .param(id)
                .query(TrainingRecords::row)
                .single();
    }

    /** Removes a record made by mistake, under the same rule as recording it. */
    @Transactional
    public void delete(long id, Actor actor) {
        requireRecorder(actor);
        Long staffId = jdbc.sql("select staff_id from training_record where id = ? for update")
                .param(id)
                .query(Long.class)
                .optional()
                .orElseThrow(() -> new NotFoundException("No training record " + id));
        if (!mayRecordFor(actor, staffId)) {
            throw new AccessDeniedException(
                    "Managers change the training records of the members of their own departments only.");
        }
        jdbc.sql("delete from training_record where id = ?").param(id).update();
    }

    /**
     * Training records the actor may read, newest first, optionally of one person: administrators and executives read
     * all, managers those of the members of their departments.
     */
    @Transactional(readOnly = true)
    public List<TrainingRecord> list(String staff, Actor actor) {
        requireReader(actor);
        Map<String, Object> params = new HashMap<>();
        List<String> where = new ArrayList<>();
        if (!actor.has(Role.ADMIN) && !actor.has(Role.EXECUTIVE)) {
            where.add(
                    "t.staff_id in (select m.staff_id from staff_directory_membership m where m.department_id in (:departments))");
            params.put("departments", departments(actor));
        }
        if (staff != null && !staff.isBlank()) {
            where.add("s.username = lower(:staff)");
            params.put("staff", staff.strip());
        }
        params.put("limit", 1000);
        return jdbc.sql(SELECT + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                        + " order by t.trained_on desc, t.id desc limit :limit")
                .params(params)
                .query(TrainingRecords::row)
                .list();
    }

    /**
     * Staff who hold open cases (among those the actor may see) without training on the policy version in force, most
     * open cases first.
     */
    @Transactional(readOnly = true)
    public List<UntrainedHolder> untrainedHolders(Actor actor) {
        requireReader(actor);
        Map<Long, Long> open = openCasesByOwner(actor);
        if (open.isEmpty()) {
            return List.of();
        }
        long current = policies.active().versionId();
        List<UntrainedHolder> holders = jdbc.sql("""
                        select s.id, s.username, s.full_name, s.active,
                               (select string_agg(d.code, ',' order by d.code) from staff_directory_membership m
                                join department_directory d on d.id = m.department_id where m.staff_id = s.id) as departments,
                               last.trained_on, last.version
                        from staff_directory s
                        left join lateral (select t.trained_on, p.version from training_record t join policy_version_published p on p.id = t.policy_version_id
                                           where t.staff_id = s.id order by t.trained_on desc, t.id desc limit 1) last on true
                        where s.id in (:owners)
                          and not exists (select 1 from training_record t where t.staff_id = s.id and t.policy_version_id = :current)""")
                .param("owners", List.copyOf(open.keySet()))
                .param("current", current)
                .query((rs, n) -> new UntrainedHolder(
                        rs.getString("username"),
                        rs.getString("full_name"),
                        rs.getString("departments") == null
                                ? List.of()
                                : Arrays.asList(rs.getString("departments").split(",")),
                        rs.getBoolean("active"),
                        open.get(rs.getLong("id")),
                        rs.getDate("trained_on") == null
                                ? null
                                : rs.getDate("trained_on").toLocalDate(),
                        (Integer) rs.getObject("version")))
                .list();
        return holders.stream()
                .sorted(java.util.Comparator.comparingLong(UntrainedHolder::openCases)
                        .reversed()
                        .thenComparing(UntrainedHolder::staff))
                .toList();
    }

    /** The active staff the actor may record training for, by name. */
    @Transactional(readOnly = true)
    public List<StaffMember> recordable(Actor actor) {
        if (actor.has(Role.ADMIN)) {
            return jdbc.sql(
                            "select id, username, full_name, email, active from staff_directory where active order by full_name, username")
                    .query(StaffMember.class)
                    .list();
        }
        if (!actor.has(Role.MANAGER)) {
            return List.of();
        }
        return jdbc.sql("""
                        select s.id, s.username, s.full_name, s.email, s.active from staff_directory s
                        where s.active and exists (select 1 from staff_directory_membership m where m.staff_id = s.id and m.department_id in (:departments))
                        order by s.full_name, s.username""")
                .param("departments", departments(actor))
                .query(StaffMember.class)
                .list();
    }

    /** The policy versions training can be recorded on, newest first. */
    public List<PolicyVersionInfo> policyVersions() {
        return policies.versions();
    }

    private boolean mayRecordFor(Actor actor, long staffId) {
        return actor.has(Role.ADMIN) || actor.departmentIds().stream().anyMatch(d -> directory.isMember(staffId, d));
    }

    private static void requireRecorder(Actor actor) {
        if (!actor.has(Role.ADMIN) && !actor.has(Role.MANAGER)) {
            throw new AccessDeniedException("Training is recorded by managers and administrators.");
        }
    }

    private static void requireReader(Actor actor) {
        if (!actor.has(Role.ADMIN) && !actor.has(Role.MANAGER) && !actor.has(Role.EXECUTIVE)) {
            throw new AccessDeniedException("Training records are for managers, executives and administrators.");
        }
    }

    private static List<Long> departments(Actor actor) {
        return actor.departmentIds().isEmpty() ? List.of(-1L) : List.copyOf(actor.departmentIds());
    }

    private static TrainingRecord row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new TrainingRecord(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getDate(4).toLocalDate(),
                rs.getLong(5),
                rs.getInt(6),
                rs.getString(7),
                rs.getBoolean(8),
                rs.getString(9),
                rs.getTimestamp(10).toInstant(),
                rs.getString(11));
    }

    /**
     * How many open (not closed) cases each member of staff owns, counting only the cases the actor may see (the cases
     * module's published cases and visibility rule); staff who own none are absent.
     */
    private Map<Long, Long> openCasesByOwner(Actor actor) {
        Map<String, Object> params = new HashMap<>();
        CaseManagement.visibilityParams(actor, params);
        Map<Long, Long> counts = new LinkedHashMap<>();
        jdbc.sql("""
                        select c.owner_id, count(*) from case_published c
                        where c.status <> 'CLOSED' and case_visible_to(c.parties, :reader, :readerRoles, :readerDepartments)
                        group by c.owner_id order by c.owner_id""")
                .params(params)
                .query((rs, n) -> counts.put(rs.getLong(1), rs.getLong(2)))
                .list();
        return counts;
    }
}
