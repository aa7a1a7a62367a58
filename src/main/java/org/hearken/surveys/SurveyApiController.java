package org.hearken.surveys;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.hearken.identity.Actor;
import org.hearken.identity.Department;
import org.hearken.identity.Role;
import org.hearken.identity.StaffDirectory;
import org.hearken.platform.InvalidRequestException;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;
import org.hearken.policy.ServicePolicies;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Satisfaction survey results for managers (their own departments) and executives (all). */
@RestController
class SurveyApiController {

    record Results(
            SurveyFilter.DateBasis basis,
            LocalDate from,
            LocalDate to,
            String department,
            FeedbackKind kind,
            Channel channel,
            long invited,
            long notSent,
            long scheduled,
            long answered,
            BigDecimal responseRate,
            BigDecimal averageRating,
            List<Long> distribution,
            long comments,
            List<Comment> recentComments) {}

    record Comment(String reference, int rating, String comment, Instant answeredAt) {}

    private final SurveyResults results;
    private final StaffDirectory directory;
    private final ServicePolicies policies;

    SurveyApiController(SurveyResults results, StaffDirectory directory, ServicePolicies policies) {
        this.results = results;
        this.directory = directory;
        this.policies = policies;
    }

    /**
     * Figures for cases received or closed ({@code basis}) from {@code from} to {@code to}, both days included, in the
     * time zone of the policy in force; optionally one department (code), kind and channel; with the latest
     * {@code comments} comments (at most 50).
     */
    @GetMapping("/api/surveys/results")
    Results results(
            @RequestParam(defaultValue = "CLOSED") SurveyFilter.DateBasis basis,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) String department,
            @RequestParam(required = false) FeedbackKind kind,
            @RequestParam(required = false) Channel channel,
            @RequestParam(defaultValue = "10") int comments,
            Actor actor) {
        if (!actor.has(Role.MANAGER) && !actor.has(Role.EXECUTIVE)) {
            throw new AccessDeniedException("Survey results are for managers and executives.");
        }
        if (from != null && to != null && to.isBefore(from)) {
            throw new InvalidRequestException("to", "is before from");
        }
        if (comments < 0 || comments > 50) {
            throw new InvalidRequestException("comments", "must be from 0 to 50");
        }
        Set<Long> departments = null;
        if (department != null && !department.isBlank()) {
            Department d = directory
                    .departmentByCode(department.strip())
                    .orElseThrow(() -> new InvalidRequestException(
                            "department", "no department has code '" + department.strip() + "'"));
            if (!actor.has(Role.EXECUTIVE) && !actor.belongsTo(d.id())) {
                throw new AccessDeniedException("You may see the survey results of your own departments only.");
            }
            departments = Set.of(d.id());
        }
        ZoneId zone = policies.active().policy().calendar().zone();
        Instant start = from == null ? null : from.atStartOfDay(zone).toInstant();
        Instant end = to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant();
        SurveyFilter filter = new SurveyFilter(basis, start, end, departments, kind, channel);
        SatisfactionFigures f = results.figures(actor, filter);
        List<Comment> recent = comments == 0
                ? List.of()
                : results.recentComments(actor, filter, comments).stream()
                        .map(c -> new Comment(c.reference(), c.rating(), c.comment(), c.answeredAt()))
                        .toList();
        return new Results(
                basis,
                from,
                to,
                department,
                kind,
                channel,
                f.invited(),
                f.notSent(),
                f.scheduled(),
                f.answered(),
                f.responseRate(),
                f.averageRating(),
                f.distribution(),
                f.comments(),
                recent);
    }
}
