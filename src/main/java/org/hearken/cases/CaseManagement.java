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
import org.hearken.audit.SecurityAudit;
import org.hearken.calendar.BusinessCalendar;
import org.hearken.identity.Actor;
import org.hearken.identity.Department;
import org.hearken.identity.Role;
import org.hearken.identity.StaffDirectory;
import org.hearken.identity.StaffMember;
import org.hearken.platform.ConflictException;
import org.hearken.platform.FieldProblem;
import org.hearken.platform.InvalidRequestException;
import org.hearken.platform.NotFoundException;
import org.hearken.policy.Deadlines;
import org.hearken.policy.ServicePolicies;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
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
    private final ComplaintOversight oversight;
    private final Clock clock;
    private final String referencePrefix;
    private final SecurityAudit audit;

    CaseManagement(
            CaseRepository cases,
            CaseViews views,
            StaffDirectory directory,
            ServicePolicies policies,
            ApplicationEventPublisher events,
            ComplaintOversight oversight,
            Clock clock,
            @Value("${hearken.reference-prefix:HK}") String referencePrefix,
            SecurityAudit audit) {
        this.oversight = oversight;
        this.audit = audit;
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
        Plan plan = plan(open, actor, loggedAt);
        Department department = plan.department();
        StaffMember owner = plan.owner();
        List<StaffMember> subjects = plan.subjects();
        Instant receivedAt = plan.receivedAt();
        ServicePolicies.ActivePolicy policy = plan.policy();
        Deadlines due = plan.due();
        var row = cases.insert(newRow(open, plan, actor, loggedAt, null));
        events.publishEvent(new CaseOpened(
                row.id(),
                row.reference(),
                actor.username(),
                loggedAt,
                open.kind(),
                open.channel(),
                receivedAt,
                open.subject(),
                open.description(),
                open.customer(),
                open.customerId(),
                department.code(),
                owner.username(),
                open.confidential(),
                policy.version(),
                due.acknowledgeBy(),
                due.firstResponseBy(),
                due.respondBy(),
                subjects.stream().map(StaffMember::username).toList(),
                plan.product(),
                plan.sentAt()));
        if (open.client() != null) {
            events.publishEvent(new ClientCaseOpened(
                    row.id(), row.reference(), actor.username(), loggedAt, open.kind(), open.client()));
        }
        if (open.confidential()) {
            audit.recordOnCase(
                    actor.username(), SecurityAudit.Action.CASE_MARKED_CONFIDENTIAL, row.reference(), Map.of());
        }
        for (StaffMember subject : subjects) {
            audit.recordOnCase(
                    actor.username(),
                    SecurityAudit.Action.STAFF_NAMED_AS_SUBJECT,
                    row.reference(),
                    Map.of("staff", subject.username()));
        }
        // Everything the new row holds is known here, so intake does not read it back.
        CustomerContact customer = open.customer();
        return new CaseRecord(
                row.id(),
                row.reference(),
                open.kind(),
                open.channel(),
                CaseStatus.RECEIVED,
                receivedAt,
                loggedAt,
                open.subject(),
                open.description(),
                customer.name(),
                customer.email(),
                customer.phone(),
                customer.postalAddress(),
                customer.preferredReply(),
                open.customerId(),
                department.id(),
                department.code(),
                department.name(),
                owner.id(),
                owner.username(),
                owner.fullName(),
                open.confidential(),
                actor.staffId(),
                policy.versionId(),
                policy.version(),
                due.acknowledgeBy(),
                due.firstResponseBy(),
                due.respondBy(),
                due.respondBy(),
                due.respondBy(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                false,
                null,
                0,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                0,
                "",
                String.join(
                        ",", subjects.stream().map(m -> String.valueOf(m.id())).toList()),
                null,
                plan.product(),
                plan.sentAt(),
                due.packRoute(),
                null,
                null,
                null,
                null,
                null,
                null,
                loggedAt,
                open.client() == null ? null : open.client().clientId(),
                open.client() == null
                        ? ""
                        : String.join(
                                ",",
                                open.client().managers().stream()
                                        .map(String::valueOf)
                                        .toList()));
    }

    /** The row of a new case as {@link #plan} decided it; {@code imported}: where an imported case came from. */
    CaseRepository.NewRow newRow(
            OpenCase open, Plan plan, Actor actor, Instant loggedAt, CaseRepository.ImportMark imported) {
        Deadlines due = plan.due();
        int year = loggedAt.atZone(due.zone()).getYear();
        return new CaseRepository.NewRow(
                referencePrefix + "-" + year + "-",
                open.asSaved(plan.receivedAt(), plan.sentAt(), plan.product()),
                loggedAt,
                plan.department().id(),
                plan.owner().id(),
                actor.staffId(),
                plan.policy().versionId(),
                plan.policy().version(),
                due.acknowledgeBy(),
                due.firstResponseBy(),
                due.respondBy(),
                plan.subjects().stream().map(StaffMember::id).toArray(Long[]::new),
                due.packRoute(),
                imported);
    }

    /**
     * What {@link #open} would do with this case, without saving anything: the same checks (a bad department or owner
     * fails the same way) and the same owner and due dates, for staff to tell the caller before they save.
     */
    public CasePreview preview(OpenCase open, Actor actor) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Plan plan = plan(open, actor, now);
        Deadlines due = plan.due();
        ZoneId zone = due.zone();
        // Under a rule pack that counts the response from the acknowledgement, the words read out now start it.
        var fromAcknowledgement =
                Procedure.of(plan.policy().policy(), due.packRoute()).respondFromAcknowledgement();
        String script = CustomerTexts.acknowledgement(
                open.kind(),
                plan.receivedAt(),
                null,
                plan.owner().fullName(),
                plan.department().name(),
                due.respondBy() != null || fromAcknowledgement == null
                        ? due.respondBy()
                        : fromAcknowledgement.apply(now),
                zone);
        return new CasePreview(
                new CaseView.Ref(plan.department().code(), plan.department().name()),
                new CaseView.Ref(plan.owner().username(), plan.owner().fullName()),
                plan.policy().version(),
                zone.getId(),
                CaseViews.at(plan.receivedAt(), zone),
                CaseViews.at(due.acknowledgeBy(), zone),
                CaseViews.at(due.firstResponseBy(), zone),
                CaseViews.at(due.respondBy(), zone),
                due.acknowledgeBy() == null ? null : CustomerTexts.when(due.acknowledgeBy(), zone),
                due.respondBy() == null ? null : CustomerTexts.when(due.respondBy(), zone),
                script,
                CaseViews.suggestedReplyVia(open.channel(), open.customer()));
    }

    /**
     * Who gets a new case and when it is due: the one decision that both saving and previewing make. {@code product}
     * is as the policy spells it; {@code sentAt} is when the customer sent it, if known.
     */
    record Plan(
            Department department,
            StaffMember owner,
            List<StaffMember> subjects,
            Instant receivedAt,
            ServicePolicies.ActivePolicy policy,
            Deadlines due,
            String product,
            Instant sentAt) {}

    Plan plan(OpenCase open, Actor actor, Instant loggedAt) {
        return plan(open, actor, loggedAt, directory::assignment);
    }

    /** As {@link #plan(OpenCase, Actor, Instant)}, with the department and owner looked up by {@code assignments}. */
    Plan plan(
            OpenCase open,
            Actor actor,
            Instant loggedAt,
            java.util.function.BiFunction<String, String, Optional<StaffDirectory.Assignment>> assignments) {
        List<FieldProblem> problems = new ArrayList<>();
        ServicePolicies.ActivePolicy policy = policies.active();
        BusinessCalendar calendar = policy.policy().calendar();
        if (open.receivedAt().isAfter(loggedAt.plusSeconds(300))) {
            problems.add(new FieldProblem("receivedAt", "is in the future; give the time it reached us"));
        } else if (!calendar.covers(open.receivedAt().atZone(calendar.zone()).toLocalDate())) {
            problems.add(new FieldProblem(
                    "receivedAt",
                    "must be in " + calendar.yearsInWords()
                            + ", the years the service policy's calendar covers; give the time it reached us"));
        }
        Instant sentAt = open.sentAt() == null ? null : open.sentAt().truncatedTo(ChronoUnit.MICROS);
        if (sentAt != null && sentAt.isAfter(open.receivedAt())) {
            problems.add(
                    new FieldProblem(
                            "sentAt",
                            "is after it was received (receivedAt); the customer cannot have sent it later than it reached us"));
        }
        String product = product(open.product(), policy.policy(), problems);
        Optional<StaffDirectory.Assignment> assignment = assignments.apply(open.departmentCode(), open.ownerUsername());
        Department department =
                assignment.map(StaffDirectory.Assignment::department).orElse(null);
        if (department == null) {
            problems.add(new FieldProblem(
                    "department",
                    open.departmentCode() == null
                            ? "is required: no default department is configured"
                            : "no department has code '" + open.departmentCode() + "'"));
        } else if (!mayLogIn(department, actor)) {
            problems.add(new FieldProblem(
                    "department",
                    "you may log cases only in your own departments; leave it out to use the default department"));
        }
        List<StaffMember> subjects = subjects(open.aboutStaff(), problems);
        StaffMember owner = assignment
                .map(a -> owner(open.ownerUsername(), a, actor, subjects, problems))
                .orElse(null);
        if (!subjects.isEmpty() && owner != null) {
            // Only a complaint about staff needs the look-up: whoever is left to oversee it.
            var parties = new CaseAccess.Parties(
                    owner.id(),
                    null,
                    null,
                    List.of(),
                    List.of(),
                    open.confidential(),
                    actor.staffId(),
                    department.id(),
                    null,
                    open.client() == null ? List.of() : open.client().managers());
            oversight
                    .refusal(parties, subjects.stream().map(StaffMember::id).toList())
                    .ifPresent(why -> problems.add(new FieldProblem("aboutStaff", why)));
        }
        Instant receivedAt = open.receivedAt().truncatedTo(ChronoUnit.MICROS);
        List<String> departmentLabels = department == null ? List.of() : List.of(department.code(), department.name());
        // The pack the case goes to decides whether its clocks start when it was received or when it was sent.
        Instant clockStart = policy.policy().clockStart(open.kind(), departmentLabels, product, receivedAt, sentAt);
        if (department != null
                && !clockStart.equals(receivedAt)
                && !calendar.covers(clockStart.atZone(calendar.zone()).toLocalDate())) {
            problems.add(new FieldProblem(
                    "sentAt",
                    "must be in " + calendar.yearsInWords()
                            + ", the years the service policy's calendar covers, as the clocks count from it"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        Deadlines due = policy.policy()
                .deadlines(policy.versionId(), open.kind(), open.channel(), departmentLabels, product, clockStart);
        return new Plan(department, owner, subjects, receivedAt, policy, due, product, sentAt);
    }

    /** Longest product name a case takes when the policy lists no products. */
    static final int MAX_PRODUCT = 100;

    /**
     * The product as the policy spells it: one of its products (ignoring case) when it lists any, else any single line
     * of at most {@link #MAX_PRODUCT} characters; null when none is given. Anything else is a problem.
     */
    private static String product(String given, org.hearken.policy.ServicePolicy policy, List<FieldProblem> problems) {
        if (given == null || given.isBlank()) {
            return null;
        }
        Optional<String> listed = policy.product(given);
        if (listed.isEmpty()) {
            problems.add(new FieldProblem(
                    "product",
                    "must be one of the service policy's products: " + String.join(", ", policy.products()) + " (not '"
                            + given.strip() + "')"));
            return null;
        }
        String p = listed.get();
        if (policy.products().isEmpty()
                && (p.length() > MAX_PRODUCT || p.chars().anyMatch(Character::isISOControl))) {
            problems.add(
                    new FieldProblem("product", "must be a single line of at most " + MAX_PRODUCT + " characters"));
            return null;
        }
        return p;
    }

    private static boolean mayLogIn(Department department, Actor actor) {
        return actor.has(Role.MANAGER)
                || actor.has(Role.EXECUTIVE)
                || actor.has(Role.ADMIN)
                || department.isDefault()
                || actor.belongsTo(department.id());
    }

    private List<StaffMember> subjects(List<String> usernames, List<FieldProblem> problems) {
        List<StaffMember> found = new ArrayList<>();
        for (String username : usernames) {
            directory
                    .staffByUsername(username)
                    .ifPresentOrElse(
                            found::add,
                            () -> problems.add(
                                    new FieldProblem("aboutStaff", "no member of staff is called '" + username + "'")));
        }
        return found;
    }

    /**
     * The named owner if valid, else the department's lead, else the actor if they belong to the department; never a
     * member of staff the complaint is about.
     */
    private static StaffMember owner(
            String username,
            StaffDirectory.Assignment a,
            Actor actor,
            List<StaffMember> subjects,
            List<FieldProblem> problems) {
        java.util.function.Predicate<Long> about = id -> subjects.stream().anyMatch(m -> m.id() == id);
        if (username != null) {
            if (a.owner() != null && about.test(a.owner().id())) {
                problems.add(new FieldProblem(
                        "owner", "the complaint is about " + a.owner().fullName() + ", who may not handle it"));
                return null;
            }
            if (a.owner() == null || !a.owner().active()) {
                problems.add(new FieldProblem("owner", "no active member of staff is called '" + username + "'"));
                return null;
            }
            if (!a.ownerIsMember()) {
                problems.add(new FieldProblem(
                        "owner",
                        a.owner().fullName() + " is not a member of "
                                + a.department().name()));
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
        problems.add(new FieldProblem(
                "owner", a.department().name() + " has no active lead to receive new cases; name an owner"));
        return null;
    }

    /**
     * Records a further message from the customer on an existing case, such as an e-mail reply, as a register event.
     * Intake channels call this for any case, whoever handles it now: the message belongs on the customer's case, and
     * where it goes is decided by what the customer quoted, not by who may see the case. Empty when there is no such case.
     */
    @Transactional
    public Optional<CaseEvents.CustomerMessageReceived> recordCustomerMessage(
            String reference, String fromAddress, Instant receivedAt, String subject, String text, Actor actor) {
        return cases.findByReference(reference)
                .map(c -> customerMessage(c, fromAddress, receivedAt, subject, text, actor.username()));
    }

    /** As {@link #recordCustomerMessage(String, String, Instant, String, String, Actor)}, for a case known by its id. */
    @Transactional
    public Optional<CaseEvents.CustomerMessageReceived> recordCustomerMessage(
            long caseId, String fromAddress, Instant receivedAt, String subject, String text, Actor actor) {
        return recordCustomerMessage(caseId, fromAddress, receivedAt, subject, text, actor.username());
    }

    /** Who the register names for what the customer sends from the private status page. */
    public static final String STATUS_PAGE_CUSTOMER_ACTOR = "customer (status page)";

    /**
     * As {@link #recordCustomerMessage(long, String, Instant, String, String, Actor)}, when no member of staff or system
     * account takes the message in: {@code actor} names who sent it, such as {@link #STATUS_PAGE_CUSTOMER_ACTOR}.
     */
    @Transactional
    public Optional<CaseEvents.CustomerMessageReceived> recordCustomerMessage(
            long caseId, String fromAddress, Instant receivedAt, String subject, String text, String actor) {
        return cases.findById(caseId).map(c -> customerMessage(c, fromAddress, receivedAt, subject, text, actor));
    }

    /**
     * Records in the register that the customer sent a file with a message from the private status page, in the
     * caller's transaction (the one that stores the file). No access check: the status link is the customer's key.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public CaseEvents.FileAdded recordCustomerFile(long caseId, String filename, long size) {
        CaseRecord c = cases.findById(caseId).orElseThrow(() -> new NotFoundException("No case has id " + caseId));
        var event = new CaseEvents.FileAdded(
                c.id(),
                c.reference(),
                STATUS_PAGE_CUSTOMER_ACTOR,
                clock.instant().truncatedTo(ChronoUnit.MICROS),
                filename,
                size);
        events.publishEvent(event);
        return event;
    }

    private CaseEvents.CustomerMessageReceived customerMessage(
            CaseRecord c, String fromAddress, Instant receivedAt, String subject, String text, String actor) {
        if (c.status() != CaseStatus.CLOSED) {
            cases.markCustomerReplied(c.id(), receivedAt.truncatedTo(ChronoUnit.MICROS));
        }
        var event = new CaseEvents.CustomerMessageReceived(
                c.id(),
                c.reference(),
                actor,
                clock.instant().truncatedTo(ChronoUnit.MICROS),
                fromAddress,
                receivedAt.truncatedTo(ChronoUnit.MICROS),
                subject,
                text);
        events.publishEvent(event);
        return event;
    }

    /**
     * Records in the register what a member of staff sent the customer ({@link CaseEvents.SentToCustomer}), in the
     * caller's transaction: the one that queues the e-mail or writes the letter.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordSentToCustomer(
            long caseId,
            String actor,
            String kind,
            String channel,
            String to,
            String subject,
            String text,
            List<String> attachments) {
        CaseRecord c = cases.findById(caseId).orElseThrow(() -> new NotFoundException("No case with id " + caseId));
        events.publishEvent(new CaseEvents.SentToCustomer(
                c.id(),
                c.reference(),
                actor,
                clock.instant().truncatedTo(ChronoUnit.MICROS),
                kind,
                channel,
                to == null ? "" : to.strip(),
                subject,
                text,
                List.copyOf(attachments)));
    }

    /** The remedies offered on the case and not declined, a line each ("- A refund of 45.00: …"); empty when none. */
    public String remediesInWords(long caseId) {
        return views.remediesInWords(caseId);
    }

    /** Who the register names for what the survey sweep and the public survey page record. */
    public static final String SURVEY_SYSTEM_ACTOR = "survey-invitations";

    public static final String SURVEY_CUSTOMER_ACTOR = "customer (satisfaction survey)";

    /**
     * Records in the register that the satisfaction survey invitation for a closed case was queued to {@code toAddress}.
     * Runs in the caller's transaction, the one that records the invitation.
     *
     * @throws ConflictException when the case is not closed (invitations are for closed cases only)
     * @throws NotFoundException when there is no such case
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public CaseEvents.SurveyInvitationSent recordSurveyInvitationSent(long caseId, String toAddress) {
        CaseRecord c = closedCase(caseId);
        var event = new CaseEvents.SurveyInvitationSent(
                c.id(), c.reference(), SURVEY_SYSTEM_ACTOR, clock.instant().truncatedTo(ChronoUnit.MICROS), toAddress);
        events.publishEvent(event);
        return event;
    }

    /** As {@link #recordSurveyInvitationSent}, when no invitation could be sent; {@code reason} says why. */
    @Transactional(propagation = Propagation.MANDATORY)
    public CaseEvents.SurveyInvitationNotSent recordSurveyInvitationNotSent(long caseId, String reason) {
        CaseRecord c = closedCase(caseId);
        var event = new CaseEvents.SurveyInvitationNotSent(
                c.id(), c.reference(), SURVEY_SYSTEM_ACTOR, clock.instant().truncatedTo(ChronoUnit.MICROS), reason);
        events.publishEvent(event);
        return event;
    }

    /**
     * Records the customer's answer to the satisfaction survey in the register, in the caller's transaction (the one that
     * stores the answer). The case may have been reopened meanwhile; the answer still belongs to it.
     *
     * @throws InvalidRequestException when the rating is not 1 to 5
     * @throws NotFoundException when there is no such case
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public CaseEvents.SurveyAnswered recordSurveyAnswer(long caseId, int rating, String comment) {
        if (rating < 1 || rating > 5) {
            throw new InvalidRequestException("rating", "must be from 1 to 5");
        }
        CaseRecord c = cases.findById(caseId).orElseThrow(() -> new NotFoundException("No case has id " + caseId));
        String text = comment == null || comment.isBlank() ? null : comment.strip();
        var event = new CaseEvents.SurveyAnswered(
                c.id(),
                c.reference(),
                SURVEY_CUSTOMER_ACTOR,
                clock.instant().truncatedTo(ChronoUnit.MICROS),
                rating,
                text);
        events.publishEvent(event);
        return event;
    }

    private CaseRecord closedCase(long caseId) {
        CaseRecord c = cases.findById(caseId).orElseThrow(() -> new NotFoundException("No case has id " + caseId));
        if (c.status() != CaseStatus.CLOSED) {
            throw new ConflictException(
                    "Case " + c.reference() + " is not closed, so no survey invitation is sent for it.",
                    Map.of("reference", c.reference()));
        }
        return c;
    }

    /** The case if it exists and the actor may see it; otherwise nothing, so that callers answer 404 either way. */
    public Optional<CaseView> find(String reference, Actor actor) {
        return cases.findByReference(reference)
                .filter(c -> CaseAccess.canSee(actor, c))
                .map(c -> views.full(c, actor));
    }

    /** Records that the actor opened the case ({@code where}: its page, the API) if it is confidential: every such reading is audited. */
    public void opened(CaseView c, Actor actor, String where) {
        if (c.confidential()) {
            audit.recordOnCase(
                    actor.username(),
                    SecurityAudit.Action.CONFIDENTIAL_CASE_OPENED,
                    c.reference(),
                    Map.of("where", where));
        }
    }

    /** The case with this internal id, if the actor may see it. */
    public Optional<CaseView> find(long id, Actor actor) {
        return cases.findById(id).filter(c -> CaseAccess.canSee(actor, c)).map(c -> views.full(c, actor));
    }

    /**
     * Internal id of a case the actor may see, for modules that show staff their own records about it (its events,
     * messages, letters, attachments): reading any of those is reading the case, so for a confidential case it is
     * recorded like opening its page ({@code where}: what was read).
     */
    public long idOfRead(String reference, Actor actor, String where) {
        CaseRecord c = cases.findByReference(reference)
                .filter(r -> CaseAccess.canSee(actor, r))
                .orElseThrow(() -> new NotFoundException("No case " + reference));
        if (c.confidential()) {
            audit.recordOnCase(
                    actor.username(),
                    SecurityAudit.Action.CONFIDENTIAL_CASE_OPENED,
                    c.reference(),
                    Map.of("where", where));
        }
        return c.id();
    }

    /**
     * Internal ids of the complaints about a member of staff, for modules that show records of every case (the
     * register's export) and must withhold these from them: nobody learns of a complaint about themselves.
     */
    public List<Long> complaintsAbout(long staffId) {
        return cases.complaintsAbout(staffId);
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
        return cases.findById(caseId).map(this::facts);
    }

    /**
     * Where the case stands as its customer may be told: for the private status page, whose link is the customer's
     * key. No access check, like {@link #facts(long)}; never to show a member of staff a case they could not open.
     */
    @Transactional(readOnly = true)
    public Optional<CustomerStatus> customerStatus(long caseId) {
        return cases.findById(caseId).map(this::customerStatus);
    }

    private CustomerStatus customerStatus(CaseRecord c) {
        boolean pending = c.hasPendingReferral();
        Case.Terms terms = views.terms(c);
        CaseState state = CaseState.of(c, false, terms);
        return new CustomerStatus(
                c.id(),
                c.reference(),
                c.kind(),
                c.status(),
                c.receivedAt(),
                pending ? c.pendingDepartmentName() : c.departmentName(),
                c.acknowledgeBy(),
                c.acknowledgedAt(),
                c.respondByOriginal(),
                c.respondBy(),
                c.expectedBy(),
                c.respondedAt(),
                c.reviewRequestedAt(),
                c.reviewByOriginal(),
                c.reviewBy(),
                c.reviewedAt(),
                c.closedAt(),
                views.zoneOf(c),
                terms.procedure().stage2() && CaseRules.allowed(state).contains(CaseAction.REQUEST_REVIEW),
                terms.procedure().escalationReasonRequired(),
                c.reviewAcknowledgeBy());
    }

    /**
     * As {@link #facts(long)}, for the case with this reference, whoever may see it: for intake to decide whether a
     * message quoting the reference comes from someone on that case. Never to show anyone the case.
     */
    public Optional<CaseFacts> facts(String reference) {
        return cases.findByReference(reference).map(this::facts);
    }

    private CaseFacts facts(CaseRecord c) {
        return new CaseFacts(
                c.id(),
                c.reference(),
                c.kind(),
                c.channel(),
                c.subject(),
                c.customerName(),
                c.customerEmail(),
                c.customerAddress(),
                c.preferredReply(),
                c.hasPendingReferral() ? c.pendingOwnerName() : c.ownerName(),
                c.hasPendingReferral() ? c.pendingDepartmentName() : c.departmentName(),
                c.receivedAt(),
                // Before the acknowledgement, the date an acknowledgement now would give (the automatic e-mail).
                views.expectedResponse(c, clock.instant()),
                views.zoneOf(c));
    }

    public CasePage search(CaseQuery query, Actor actor) {
        CasePage page = searchUnrecorded(query, actor);
        listed(page.items(), actor, "a list of cases");
        return page;
    }

    /**
     * Links every case of the customer to {@code client} (null: to no client), when the customer joins or leaves a client
     * organisation; returns how many cases changed. Who may then see them follows (the client's managers).
     */
    @Transactional
    public int linkCustomerCases(long customerId, ClientLink client) {
        return cases.linkClient("customer_id", customerId, client);
    }

    /**
     * Gives every case of client {@code clientId} the link {@code to}: the same client with other managers, or the client
     * it was merged into; returns how many cases changed.
     */
    @Transactional
    public int relinkClientCases(long clientId, ClientLink to) {
        return cases.linkClient("client_id", clientId, to);
    }

    /** The customer's other cases the actor may see, newest first, at most {@code limit}: as a case page lists them. */
    public List<CaseView> otherCasesOfCustomer(CaseView of, int limit, Actor actor) {
        if (of.customerId() == null) {
            return List.of();
        }
        List<CaseView> others =
                searchUnrecorded(CaseQuery.ofCustomer(of.customerId(), limit + 1), actor).items().stream()
                        .filter(o -> !o.reference().equals(of.reference()))
                        .limit(limit)
                        .toList();
        listed(others, actor, "the customer's other cases");
        return others;
    }

    private CasePage searchUnrecorded(CaseQuery query, Actor actor) {
        int limit = Math.clamp(query.limit() <= 0 ? 50 : query.limit(), 1, MAX_PAGE);
        if (query.updatedSince() != null) {
            return changedSince(query, limit, actor);
        }
        Long afterId = query.after() == null ? null : decodeCursor(query.after());
        var normalised = new CaseQuery(
                query.status(),
                query.kind(),
                query.channel(),
                query.department(),
                query.owner(),
                query.customerId(),
                query.receivedFrom(),
                query.receivedTo(),
                query.after(),
                limit,
                null);
        List<CaseRecord> rows = cases.search(normalised, afterId, actor);
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            next = encodeCursor(rows.getLast().id());
        }
        return new CasePage(rows.stream().map(views::summary).toList(), next);
    }

    /**
     * A list shows what a case is about (subject, description, customer): each confidential case on it is recorded as
     * read, like an opening of its page.
     */
    private CaseListPage listed(CaseListPage page, Actor actor, String where) {
        listed(page.items().stream().map(CaseListItem::view).toList(), actor, where);
        return page;
    }

    private void listed(List<CaseView> shown, Actor actor, String where) {
        audit.recordOnCases(
                actor.username(),
                SecurityAudit.Action.CONFIDENTIAL_CASE_OPENED,
                shown.stream()
                        .filter(CaseView::confidential)
                        .map(CaseView::reference)
                        .toList(),
                Map.of("where", where));
    }

    /**
     * A staff list (my cases, my departments' queue, all cases) with its filters, newest first except that the queue
     * puts new cases and referrals waiting for the reader's departments first. Only cases the actor may see.
     */
    public CaseListPage list(CaseListQuery query, Actor actor) {
        int limit = Math.clamp(query.limit() <= 0 ? 50 : query.limit(), 1, MAX_PAGE);
        ListCursor cursor = query.after() == null ? null : ListCursor.decode(query.after());
        DueWindow window = dueWindow();
        if (query.scope() == CaseListQuery.Scope.QUEUE) {
            if (actor.departmentIds().isEmpty()) {
                return new CaseListPage(List.of(), null);
            }
            // Two index-friendly walks instead of one sort: the new and incoming cases first, then the rest.
            List<CaseRepository.ListRow> rows = new ArrayList<>();
            int segment = cursor == null ? 0 : cursor.segment();
            Long afterId = cursor == null ? null : cursor.id();
            if (segment == 0) {
                rows.addAll(cases.list(query, 0, afterId, limit + 1, actor, window.now(), window.endOfToday()));
                afterId = null;
            }
            if (rows.size() <= limit) {
                rows.addAll(cases.list(
                        query, 1, afterId, limit + 1 - rows.size(), actor, window.now(), window.endOfToday()));
            }
            return listed(page(rows, limit, window.zone()), actor, "a list of cases");
        }
        if (cursor != null && cursor.segment() != 0) {
            throw new InvalidRequestException("after", "is not a cursor of this list");
        }
        return listed(
                page(
                        cases.list(
                                query,
                                -1,
                                cursor == null ? null : cursor.id(),
                                limit + 1,
                                actor,
                                window.now(),
                                window.endOfToday()),
                        limit,
                        window.zone()),
                actor,
                "a list of cases");
    }

    /**
     * Cases the actor may see whose customer's name or e-mail address contains {@code q}, whose customer's phone
     * number contains its digits, or whose subject or description contains its words; newest first.
     */
    public CaseListPage searchText(String q, String after, int limit, Actor actor) {
        String text = q == null ? "" : q.strip();
        if (text.length() < 3) {
            throw new InvalidRequestException(
                    "q", "give at least 3 characters of a reference, name, e-mail address, phone number or words");
        }
        if (text.length() > 200) {
            throw new InvalidRequestException("q", "must be at most 200 characters");
        }
        int wanted = Math.clamp(limit <= 0 ? 50 : limit, 1, MAX_PAGE);
        ListCursor cursor = after == null ? null : ListCursor.decode(after);
        DueWindow window = dueWindow();
        return listed(
                page(
                        cases.searchText(
                                text,
                                cursor == null ? null : cursor.id(),
                                wanted + 1,
                                actor,
                                window.now(),
                                window.endOfToday()),
                        wanted,
                        window.zone()),
                actor,
                "search");
    }

    /** A case's row and how lists show it (with its due-date state), read together. */
    record RowAndItem(CaseRecord row, CaseListItem item) {}

    /** The case's row and how lists show it, from one reading, if the actor may see it (for the case page). */
    Optional<RowAndItem> rowAndItem(String reference, Actor actor) {
        DueWindow window = dueWindow();
        return cases.listItem(reference, actor, window.now(), window.endOfToday())
                .map(row -> new RowAndItem(row.c(), item(row, window.zone())));
    }

    /** "Now" and the end of the organisation's day, by which due-date states are judged. */
    private record DueWindow(Instant now, Instant endOfToday, ZoneId zone) {}

    private DueWindow dueWindow() {
        Instant now = clock.instant();
        ZoneId zone = policies.active().policy().calendar().zone();
        return new DueWindow(
                now,
                now.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant(),
                zone);
    }

    private CaseListPage page(List<CaseRepository.ListRow> rows, int limit, ZoneId zone) {
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            CaseRepository.ListRow last = rows.getLast();
            next = new ListCursor(Math.max(last.segment(), 0), last.c().id()).encode();
        }
        return new CaseListPage(rows.stream().map(r -> item(r, zone)).toList(), next);
    }

    private CaseListItem item(CaseRepository.ListRow row, ZoneId zone) {
        return new CaseListItem(views.summary(row.c()), row.dueState(), CaseViews.at(row.nextDue(), zone));
    }

    /** Where a list page ends: the segment of the queue (0: new and incoming, 1: the rest) and the last case's id. */
    private record ListCursor(int segment, long id) {

        String encode() {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(("l" + segment + ":" + id).getBytes(StandardCharsets.US_ASCII));
        }

        static ListCursor decode(String cursor) {
            try {
                String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
                int colon = text.indexOf(':');
                if (text.startsWith("l") && colon > 1) {
                    int segment = Integer.parseInt(text.substring(1, colon));
                    if (segment == 0 || segment == 1) {
                        return new ListCursor(segment, Long.parseLong(text.substring(colon + 1)));
                    }
                }
            } catch (IllegalArgumentException e) {
                // fall through to the clear message below
            }
            throw new InvalidRequestException("after", "is not a cursor of this list");
        }
    }

    /**
     * Of the given customers, those with at least one case the actor may see (the rule by which other modules decide
     * whether the actor may know of a customer at all), each with the contact details given on those cases: the only
     * details of the customer the actor may be shown.
     */
    public Map<Long, CustomerCases> visibleCustomerCases(Collection<Long> customerIds, Actor actor) {
        if (customerIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, CustomerCases> visible = new java.util.LinkedHashMap<>();
        cases.visibleCustomerCases(customerIds, actor).forEach(c -> visible.put(c.customerId(), c));
        return visible;
    }

    /**
     * Adds the reader's named parameters of the case visibility rule's SQL form to {@code params}, for modules that list
     * cases in their own queries: they read the view {@code case_published} (or {@code report_case}) and write {@code
     * case_visible_to(c.parties, :reader, :readerRoles, :readerDepartments)}, the same rule ({@link CaseAccess}) as
     * every look-up.
     */
    public static void visibilityParams(Actor reader, Map<String, Object> params) {
        CaseAccess.readerParams(reader, params);
    }

    /**
     * The cases changed at or after {@code updatedSince}, by the time of their last change and then their id; the cursor
     * carries the last item's time and id, so a page never repeats or skips a case that does not change meanwhile.
     */
    private CasePage changedSince(CaseQuery query, int limit, Actor actor) {
        ChangeCursor after = query.after() == null ? null : ChangeCursor.decode(query.after());
        List<CaseRecord> rows = cases.changedSince(
                query, after == null ? null : after.at(), after == null ? null : after.id(), limit, actor);
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            CaseRecord last = rows.getLast();
            next = new ChangeCursor(last.updatedAt(), last.id()).encode();
        }
        return new CasePage(rows.stream().map(views::summary).toList(), next);
    }

    /** Where a walk by time of change stopped: the last case's time of change and id. */
    private record ChangeCursor(Instant at, long id) {

        String encode() {
            long micros = java.util.concurrent.TimeUnit.SECONDS.toMicros(at.getEpochSecond()) + at.getNano() / 1000;
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(("u" + micros + ":" + id).getBytes(StandardCharsets.US_ASCII));
        }

        static ChangeCursor decode(String cursor) {
            try {
                String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
                int colon = text.indexOf(':');
                if (text.startsWith("u") && colon > 1) {
                    long micros = Long.parseLong(text.substring(1, colon));
                    return new ChangeCursor(
                            Instant.EPOCH.plus(micros, java.time.temporal.ChronoUnit.MICROS),
                            Long.parseLong(text.substring(colon + 1)));
                }
            } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
                // fall through to the clear message below
            }
            throw new InvalidRequestException("after", "is not a cursor returned by this API for updatedSince");
        }
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
