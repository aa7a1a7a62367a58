package org.hearken.reporting;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.hearken.identity.Actor;
import org.hearken.identity.Department;
import org.hearken.identity.Role;
import org.hearken.identity.StaffDirectory;
import org.hearken.platform.FieldProblem;
import org.hearken.platform.InvalidRequestException;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;
import org.hearken.policy.ServicePolicies;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/**
 * Who may see which figures, decided on the server for every request: executives see every department; managers see
 * their own departments only (asking for another is refused with 403); agents and administrators see no reports.
 */
@Component
class ReportScope {

    static final int MAX_DAYS = 3700;

    private final StaffDirectory directory;
    private final ServicePolicies policies;
    private final Clock clock;

    ReportScope(StaffDirectory directory, ServicePolicies policies, Clock clock) {
        this.directory = directory;
        this.policies = policies;
        this.clock = clock;
    }

    static boolean maySeeReports(Actor actor) {
        return actor.has(Role.EXECUTIVE) || actor.has(Role.MANAGER);
    }

    static void requireReports(Actor actor) {
        if (!maySeeReports(actor)) {
            throw new AccessDeniedException("Reports are for managers and executives.");
        }
    }

    ZoneId zone() {
        return policies.active().policy().calendar().zone();
    }

    LocalDate today() {
        return clock.instant().atZone(zone()).toLocalDate();
    }

    /** The departments the actor may report on, for the filter's choices. */
    List<Department> departments(Actor actor) {
        requireReports(actor);
        return directory.departments().stream()
                .filter(d -> actor.has(Role.EXECUTIVE) || actor.belongsTo(d.id()))
                .toList();
    }

    /**
     * The filter for the actor's request. Defaults: the twelve months up to today; all the departments the actor may
     * see; periods sized to the range.
     */
    ReportFilter filter(
            Actor actor,
            LocalDate from,
            LocalDate to,
            String department,
            FeedbackKind kind,
            Channel channel,
            ReportFilter.Period period) {
        requireReports(actor);
        LocalDate today = today();
        LocalDate end = to != null ? to : today;
        LocalDate start = from != null ? from : end.minusYears(1).plusDays(1);
        List<FieldProblem> problems = new ArrayList<>();
        if (start.isAfter(end)) {
            problems.add(new FieldProblem("from", "must be on or before 'to' (" + end + ")"));
        } else if (ChronoUnit.DAYS.between(start, end) > MAX_DAYS) {
            problems.add(new FieldProblem("from", "the range may span at most ten years"));
        }
        List<Long> departmentIds = null;
        String code = department == null || department.isBlank() ? null : department.strip();
        if (code != null) {
            Department d = directory.departmentByCode(code).orElse(null);
            if (d == null) {
                problems.add(new FieldProblem("department", "no department has code '" + code + "'"));
            } else {
                if (!actor.has(Role.EXECUTIVE) && !actor.belongsTo(d.id())) {
                    throw new AccessDeniedException("You may see the reports of your own departments only.");
                }
                departmentIds = List.of(d.id());
            }
        } else if (!actor.has(Role.EXECUTIVE)) {
            departmentIds = actor.departmentIds().isEmpty() ? List.of(-1L) : List.copyOf(actor.departmentIds());
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return new ReportFilter(
                start,
                end,
                code,
                kind,
                channel,
                departmentIds,
                period != null ? period : ReportFilter.Period.auto(start, end),
                zone());
    }
}
