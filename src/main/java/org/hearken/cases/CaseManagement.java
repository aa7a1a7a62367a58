package org.hearken.cases;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hearken.identity.Actor;
import org.hearken.identity.Department;
import org.hearken.identity.Role;
import org.hearken.identity.StaffDirectory;
import org.hearken.identity.StaffMember;
import org.hearken.platform.FieldProblem;
import org.hearken.platform.InvalidRequestException;
import org.hearken.platform.NotFoundException;
import org.hearken.policy.Deadlines;
import org.hearken.policy.ServicePolicies;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The cases module's public service: open cases, find them, list them; every change is published as a {@link CaseEvent}. */
@Service
public class CaseManagement {

    static final int MAX_PAGE = 200;

    private final CaseRepository cases;
    private final CaseViews views;
    private final StaffDirectory directory;
    private final ServicePolicies policies;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final String referencePrefix;

    CaseManagement(CaseRepository cases, CaseViews views, StaffDirectory directory, ServicePolicies policies,
                   ApplicationEventPublisher events, Clock clock, @Value("${hearken.reference-prefix:HK}") String referencePrefix) {
        this.cases = cases;
        this.views = views;
        this.directory = directory;
        this.policies = policies;
        this.events = events;
        this.clock = clock;
        this.referencePrefix = referencePrefix;
    }

    @Transactional
    public CaseView open(OpenCase open, Actor actor) {
        return views.full(openRecord(open, actor), actor);
    }

    /** Opens the case and returns its row, for intake paths that act on it in the same transaction. */
    CaseRecord openRecord(OpenCase open, Actor actor) {
        Instant loggedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<FieldProblem> problems = new ArrayList<>();
        if (open.receivedAt().isAfter(loggedAt.plusSeconds(300))) {
            problems.add(new FieldProblem("receivedAt", "is in the future; give the time the customer sent or said it"));
        }
        Optional<StaffDirectory.Assignment> assignment = directory.assignment(open.departmentCode(), open.ownerUsername());
        Department department = assignment.map(StaffDirectory.Assignment::department).orElse(null);
        if (department == null) {
            problems.add(new FieldProblem("department", open.departmentCode() == null
                    ? "is required: no default department is configured"
                    : "no department has code '" + open.departmentCode() + "'"));
        } else if (!mayLogIn(department, actor)) {
            problems.add(new FieldProblem("department", "you may log cases only in your own departments; leave it out to use the default department"));
        }
        List<StaffMember> subjects = subjects(open.aboutStaff(), problems);
        StaffMember owner = assignment.map(a -> owner(open.ownerUsername(), a, actor, subjects, problems)).orElse(null);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        Instant receivedAt = open.receivedAt().truncatedTo(ChronoUnit.MICROS);
        ServicePolicies.ActivePolicy policy = policies.active();
        Deadlines due = policy.policy().deadlines(policy.versionId(), open.kind(), open.channel(), receivedAt);
        ZoneId zone = due.zone();
        int year = loggedAt.atZone(zone).getYear();
        var row = cases.insert(new CaseRepository.NewRow(referencePrefix + "-" + year + "-", open.withReceivedAt(receivedAt),
                loggedAt, department.id(), owner.id(), actor.staffId(), policy.versionId(), policy.version(),
                due.acknowledgeBy(), due.firstResponseBy(), due.respondBy(),
                subjects.stream().map(StaffMember::id).toArray(Long[]::new)));
        events.publishEvent(new CaseOpened(row.id(), row.reference(), actor.username(), loggedAt, open.kind(), open.channel(),
                receivedAt, open.subject(), open.description(), open.customer(), open.customerId(), department.code(), owner.username(),
                open.confidential(), policy.version(), due.acknowledgeBy(), due.firstResponseBy(), due.respondBy(),
                subjects.stream().map(StaffMember::username).toList()));
        // Everything the new row holds is known here, so intake does not read it back.
        CustomerContact customer = open.customer();
        return new CaseRecord(row.id(), row.reference(), open.kind(), open.channel(), CaseStatus.RECEIVED, receivedAt, loggedAt,
                open.subject(), open.description(), customer.name(), customer.email(), customer.phone(), customer.postalAddress(),
                customer.preferredReply(), open.customerId(), department.id(), department.code(), department.name(),
                owner.id(), owner.username(), owner.fullName(), open.confidential(), actor.staffId(), policy.versionId(),
                policy.version(), due.acknowledgeBy(), due.firstResponseBy(), due.respondBy(), due.respondBy(), due.respondBy(),
                null, null, null, null, null, null, null, null, false, null, 0,
                null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, 0,
                "", String.join(",", subjects.stream().map(m -> String.valueOf(m.id())).toList()));
    }

    private static boolean mayLogIn(Department department, Actor actor) {
        return actor.has(Role.MANAGER) || actor.has(Role.EXECUTIVE) || actor.has(Role.ADMIN)
                || department.isDefault() || actor.belongsTo(department.id());
    }

    private List<StaffMember> subjects(List<String> usernames, List<FieldProblem> problems) {
        List<StaffMember> found = new ArrayList<>();
        for (String username : usernames) {
            directory.staffByUsername(username).ifPresentOrElse(found::add,
                    () -> problems.add(new FieldProblem("aboutStaff", "no member of staff is called '" + username + "'")));
        }
        return found;
    }

    /**
     * The named owner if valid, else the department's lead, else the actor if they belong to the department; never a
     * member of staff the complaint is about.
     */
    private static StaffMember owner(String username, StaffDirectory.Assignment a, Actor actor, List<StaffMember> subjects,
                                     List<FieldProblem> problems) {
        java.util.function.Predicate<Long> about = id -> subjects.stream().anyMatch(m -> m.id() == id);
        if (username != null) {
            if (a.owner() != null && about.test(a.owner().id())) {
                problems.add(new FieldProblem("owner", "the complaint is about " + a.owner().fullName() + ", who may not handle it"));
                return null;
            }
            if (a.owner() == null || !a.owner().active()) {
                problems.add(new FieldProblem("owner", "no active member of staff is called '" + username + "'"));
                return null;
            }
            if (!a.ownerIsMember()) {
                problems.add(new FieldProblem("owner", a.owner().fullName() + " is not a member of " + a.department().name()));
                return null;
            }
            return a.owner();
        }
        if (a.lead() != null && a.lead().active() && !about.test(a.lead().id())) {
            return a.lead();
        }
        if (actor.belongsTo(a.department().id()) && !about.test(actor.staffId())) {
            return new StaffMember(actor.staffId(), actor.username(), actor.fullName(), null, true);
        }
        problems.add(new FieldProblem("owner", a.department().name() + " has no active lead to receive new cases; name an owner"));
        return null;
    }

    /**
     * Records a further message from the customer on an existing case, such as an e-mail reply, as a register event.
     * Intake channels call this for any case, whoever handles it now: the message belongs on the customer's case, and
     * where it goes is decided by what the customer quoted, not by who may see the case. Empty when there is no such case.
     */
    @Transactional
    public Optional<CaseEvents.CustomerMessageReceived> recordCustomerMessage(String reference, String fromAddress, Instant receivedAt,
                                                                              String subject, String text, Actor actor) {
        return cases.findByReference(reference).map(c -> customerMessage(c, fromAddress, receivedAt, subject, text, actor));
    }

    /** As {@link #recordCustomerMessage(String, String, Instant, String, String, Actor)}, for a case known by its id. */
    @Transactional
    public Optional<CaseEvents.CustomerMessageReceived> recordCustomerMessage(long caseId, String fromAddress, Instant receivedAt,
                                                                              String subject, String text, Actor actor) {
        return cases.findById(caseId).map(c -> customerMessage(c, fromAddress, receivedAt, subject, text, actor));
    }

    private CaseEvents.CustomerMessageReceived customerMessage(CaseRecord c, String fromAddress, Instant receivedAt, String subject,
                                                               String text, Actor actor) {
        var event = new CaseEvents.CustomerMessageReceived(c.id(), c.reference(), actor.username(),
                clock.instant().truncatedTo(ChronoUnit.MICROS), fromAddress, receivedAt.truncatedTo(ChronoUnit.MICROS), subject, text);
        events.publishEvent(event);
        return event;
    }

    /** The case if it exists and the actor may see it; otherwise nothing, so that callers answer 404 either way. */
    public Optional<CaseView> find(String reference, Actor actor) {
        return cases.findByReference(reference).filter(c -> CaseAccess.canSee(actor, c)).map(c -> views.full(c, actor));
    }

    /** The case with this internal id, if the actor may see it. */
    public Optional<CaseView> find(long id, Actor actor) {
        return cases.findById(id).filter(c -> CaseAccess.canSee(actor, c)).map(c -> views.full(c, actor));
    }

    /** Internal id of a case the actor may see, for modules that keep their own records about cases. */
    public long idOf(String reference, Actor actor) {
        return cases.findByReference(reference)
                .filter(c -> CaseAccess.canSee(actor, c))
                .map(CaseRecord::id)
                .orElseThrow(() -> new NotFoundException("No case " + reference));
    }

    /**
     * What correspondence to the customer may say about the case, read in the caller's transaction so that it sees the
     * change being made. No access check: for modules that write to the customer on the organisation's behalf, never
     * to show a member of staff a case they could not open.
     */
    public Optional<CaseFacts> facts(long caseId) {
        return cases.findById(caseId).map(c -> new CaseFacts(c.id(), c.reference(), c.kind(), c.channel(), c.subject(),
                c.customerName(), c.customerEmail(), c.customerAddress(), c.preferredReply(),
                c.hasPendingReferral() ? c.pendingOwnerName() : c.ownerName(),
                c.hasPendingReferral() ? c.pendingDepartmentName() : c.departmentName(),
                c.receivedAt(), c.expectedBy() != null ? c.expectedBy() : c.respondBy(), views.zoneOf(c)));
    }

    public CasePage search(CaseQuery query, Actor actor) {
        int limit = Math.clamp(query.limit() <= 0 ? 50 : query.limit(), 1, MAX_PAGE);
        Long afterId = query.after() == null ? null : decodeCursor(query.after());
        var normalised = new CaseQuery(query.status(), query.kind(), query.channel(), query.department(), query.owner(),
                query.customerId(), query.receivedFrom(), query.receivedTo(), query.after(), limit);
        List<CaseRecord> rows = cases.search(normalised, afterId, actor);
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            next = encodeCursor(rows.getLast().id());
        }
        return new CasePage(rows.stream().map(views::summary).toList(), next);
    }

    /**
     * Those of the given customers that have at least one case the actor may see: the rule by which other modules
     * decide whether the actor may know of a customer at all.
     */
    public Set<Long> visibleCustomerIds(Collection<Long> customerIds, Actor actor) {
        if (customerIds.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(cases.visibleCustomerIds(customerIds, actor));
    }

    /**
     * The visibility rule as an SQL condition over a {@code cases} row aliased {@code c}, for modules that list cases
     * in their own queries (named parameters are added to {@code params}). It is the same rule as every look-up.
     */
    public static String visibleCondition(Actor actor, Map<String, Object> params) {
        return CaseAccess.sqlCondition(actor, params);
    }

    private static String encodeCursor(long id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("c" + id).getBytes(StandardCharsets.US_ASCII));
    }

    private static long decodeCursor(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (text.startsWith("c")) {
                return Long.parseLong(text.substring(1));
            }
        } catch (IllegalArgumentException e) {
            // fall through to the clear message below
        }
        throw new InvalidRequestException("after", "is not a cursor returned by this API");
    }
}
