package org.hearken.correspondence;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.hearken.identity.Actor;
import org.hearken.identity.Department;
import org.hearken.identity.Role;
import org.hearken.identity.StaffDirectory;
import org.hearken.platform.ConflictException;
import org.hearken.platform.FieldProblem;
import org.hearken.platform.InvalidRequestException;
import org.hearken.platform.NotFoundException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A department's reply snippets: standard words its staff keep and start messages to customers from (in the composer
 * of a case of that department). The members of a department keep its snippets; executives keep every department's.
 */
@Service
public class Snippets {

    /** A snippet with the department it belongs to. */
    public record Kept(long id, String department, String departmentName, String title, String text) {}

    private final JdbcClient jdbc;
    private final StaffDirectory directory;
    private final Clock clock;

    Snippets(JdbcClient jdbc, StaffDirectory directory, Clock clock) {
        this.jdbc = jdbc;
        this.directory = directory;
        this.clock = clock;
    }

    /** The departments whose snippets {@code actor} keeps: their own, or all for an executive. */
    public List<Department> departments(Actor actor) {
        return directory.departments().stream()
                .filter(d -> actor.has(Role.EXECUTIVE) || actor.belongsTo(d.id()))
                .toList();
    }

    /** The snippets of the departments {@code actor} keeps, by department and title. */
    @Transactional(readOnly = true)
    public List<Kept> of(Actor actor) {
        List<Kept> kept = new ArrayList<>();
        for (Department d : departments(actor)) {
            jdbc.sql("select id, title, text from correspondence_snippet where department_id = ? order by title, id")
                    .param(d.id())
                    .query((rs, n) ->
                            kept.add(new Kept(rs.getLong(1), d.code(), d.name(), rs.getString(2), rs.getString(3))))
                    .list();
        }
        return kept;
    }

    /** Keeps a new snippet for {@code department} (its code); a title the department already uses is refused (409). */
    @Transactional
    public Kept add(String department, String title, String text, Actor actor) {
        List<FieldProblem> problems = new ArrayList<>();
        Department d = departments(actor).stream()
                .filter(x -> x.code().equals(department))
                .findFirst()
                .orElse(null);
        if (d == null) {
            problems.add(new FieldProblem("department", "must be one of your departments"));
        }
        String t = title == null ? "" : OutgoingMail.singleLine(title);
        if (t.isEmpty() || t.length() > 200) {
            problems.add(new FieldProblem("title", "is required, at most 200 characters"));
        }
        if (text == null || text.isBlank() || text.length() > Composer.MAX_TEXT) {
            problems.add(new FieldProblem("text", "is required, at most " + Composer.MAX_TEXT + " characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        try {
            long id = jdbc.sql("""
                            insert into correspondence_snippet (department_id, title, text, created_by, created_at)
                            values (?, ?, ?, ?, ?) returning id""")
                    .params(d.id(), t, text.strip(), actor.staffId(), Timestamp.from(clock.instant()))
                    .query(Long.class)
                    .single();
            return new Kept(id, d.code(), d.name(), t, text.strip());
        } catch (DuplicateKeyException e) {
            throw new ConflictException(d.name() + " already has a snippet called \"" + t + "\".");
        }
    }

    /** Removes a snippet of a department {@code actor} keeps; any other is unknown to them (404). */
    @Transactional
    public void remove(long id, Actor actor) {
        List<Long> departments = departments(actor).stream().map(Department::id).toList();
        int removed = departments.isEmpty()
                ? 0
                : jdbc.sql("delete from correspondence_snippet where id = :id and department_id in (:departments)")
                        .param("id", id)
                        .param("departments", departments)
                        .update();
        if (removed == 0) {
            throw new NotFoundException("No snippet " + id);
        }
    }
}
