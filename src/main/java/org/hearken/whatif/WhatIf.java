package org.hearken.whatif;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hearken.identity.Actor;
import org.hearken.identity.Role;
import org.hearken.identity.StaffDirectory;
import org.hearken.platform.FieldProblem;
import org.hearken.platform.InvalidRequestException;
import org.hearken.policy.PolicyParser;
import org.hearken.policy.PolicyVersionInfo;
import org.hearken.policy.ServicePolicies;
import org.hearken.policy.ServicePolicy;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

/**
 * Runs a what-if for managers and executives over the cases they may see: reads the period's cases through the cases
 * module, parses an uploaded policy without storing or activating it, and replays.
 */
@Service
class WhatIf {

    /** What to replay: received from/to (both days included, in the zone of the policy in force) and one alternative. */
    record Request(
            LocalDate receivedFrom, LocalDate receivedTo, Long policyVersionId, String policyYaml, String department) {}

    /**
     * The policy replayed against the actual one.
     *
     * @param packs the rule packs it routes feedback to (e.g. "ho-code-2024"), in the order of its routes; empty for
     *     a policy of its own targets only
     */
    record Alternative(
            String name, Long versionId, Integer version, boolean uploaded, String zone, List<String> packs) {}

    record Response(
            LocalDate receivedFrom,
            LocalDate receivedTo,
            String zone,
            String department,
            List<Integer> actualVersions,
            Alternative alternative,
            Instant replayedAt,
            int cases,
            int reopenedRespondLeftOut,
            List<PolicyReplay.StageSummary> stages,
            int flipCount,
            boolean flipsTruncated,
            List<PolicyReplay.Flip> flips) {}

    static final int MAX_DAYS = 366;
    static final int MAX_FLIPS = 1000;

    private final CaseTimings cases;
    private final ServicePolicies policies;
    private final StaffDirectory directory;
    private final Clock clock;

    WhatIf(CaseTimings cases, ServicePolicies policies, StaffDirectory directory, Clock clock) {
        this.cases = cases;
        this.policies = policies;
        this.directory = directory;
        this.clock = clock;
    }

    /**
     * @throws AccessDeniedException unless the actor is a manager or an executive
     * @throws InvalidRequestException for a missing or wrong period, department or alternative
     * @throws org.hearken.policy.PolicyValidationException when the uploaded policy is not valid (nothing is stored either way)
     */
    Response run(Request r, Actor actor) {
        if (!actor.has(Role.MANAGER) && !actor.has(Role.EXECUTIVE)) {
            throw new AccessDeniedException("The policy what-if is for managers and executives.");
        }
        List<FieldProblem> problems = new ArrayList<>();
        if (r.receivedFrom() == null) {
            problems.add(new FieldProblem("receivedFrom", "is required"));
        }
        if (r.receivedTo() == null) {
            problems.add(new FieldProblem("receivedTo", "is required"));
        }
        if (r.receivedFrom() != null && r.receivedTo() != null) {
            if (r.receivedTo().isBefore(r.receivedFrom())) {
                problems.add(new FieldProblem("receivedTo", "is before receivedFrom"));
            } else if (ChronoUnit.DAYS.between(r.receivedFrom(), r.receivedTo()) >= MAX_DAYS) {
                problems.add(new FieldProblem(
                        "receivedTo", "the period is longer than " + MAX_DAYS + " days; choose a shorter one"));
            }
        }
        boolean hasYaml = r.policyYaml() != null && !r.policyYaml().isBlank();
        if (hasYaml == (r.policyVersionId() != null)) {
            problems.add(new FieldProblem(
                    "policyVersionId",
                    "give either policyVersionId (a stored version) or policyYaml (a policy document), not both"));
        }
        String department = r.department() == null || r.department().isBlank()
                ? null
                : r.department().strip();
        if (department != null && directory.departmentByCode(department).isEmpty()) {
            problems.add(new FieldProblem("department", "no department has code '" + department + "'"));
        }
        Map<Long, Integer> versionNumbers = policies.versions().stream()
                .collect(Collectors.toMap(PolicyVersionInfo::id, PolicyVersionInfo::version));
        if (r.policyVersionId() != null && !versionNumbers.containsKey(r.policyVersionId())) {
            problems.add(new FieldProblem(
                    "policyVersionId", "there is no service policy version with id " + r.policyVersionId()));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        ServicePolicy alternative;
        Alternative described;
        if (hasYaml) {
            alternative = PolicyParser.parse(r.policyYaml());
            described = new Alternative(
                    alternative.name(),
                    null,
                    null,
                    true,
                    alternative.calendar().zone().getId(),
                    packs(alternative));
        } else {
            alternative = policies.version(r.policyVersionId());
            described = new Alternative(
                    alternative.name(),
                    r.policyVersionId(),
                    versionNumbers.get(r.policyVersionId()),
                    false,
                    alternative.calendar().zone().getId(),
                    packs(alternative));
        }
        ServicePolicies.ActivePolicy active = policies.active();
        ZoneId zone = active.policy().calendar().zone();
        Instant from = r.receivedFrom().atStartOfDay(zone).toInstant();
        Instant to = r.receivedTo().plusDays(1).atStartOfDay(zone).toInstant();
        List<CaseTiming> timings = cases.receivedBetween(from, to, department, actor);
        Function<Long, ServicePolicy> actual = id -> {
            if (id == null) {
                return active.policy();
            }
            try {
                return policies.version(id);
            } catch (NoSuchElementException e) {
                return active.policy();
            }
        };
        Instant now = clock.instant();
        PolicyReplay.Result result = PolicyReplay.replay(timings, actual, alternative, now, zone, MAX_FLIPS);
        List<Integer> actualVersions = new ArrayList<>(timings.stream()
                .map(t -> t.policyVersionId() == null
                        ? active.version()
                        : versionNumbers.getOrDefault(t.policyVersionId(), active.version()))
                .filter(Objects::nonNull)
                .collect(Collectors.toCollection(TreeSet::new)));
        return new Response(
                r.receivedFrom(),
                r.receivedTo(),
                zone.getId(),
                department,
                actualVersions,
                described,
                now,
                result.cases(),
                result.reopenedRespondLeftOut(),
                result.stages(),
                result.flipCount(),
                result.flipsTruncated(),
                result.flips());
    }

    private static List<String> packs(ServicePolicy policy) {
        return policy.packs().stream().map(r -> r.pack().id()).distinct().toList();
    }
}
