package org.hearken.cases;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hearken.audit.SecurityAudit;
import org.hearken.calendar.BusinessCalendar;
import org.hearken.categories.CaseCategories;
import org.hearken.identity.Actor;
import org.hearken.identity.Role;
import org.hearken.identity.StaffDirectory;
import org.hearken.identity.StaffMember;
import org.hearken.platform.ConflictException;
import org.hearken.platform.InvalidRequestException;
import org.hearken.platform.NotFoundException;
import org.hearken.platform.PreconditionFailedException;
import org.hearken.policy.Channel;
import org.hearken.policy.Deadlines;
import org.hearken.policy.FeedbackKind;
import org.hearken.policy.ServicePolicy;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The case lifecycle as a service: each action loads the case ({@link Case}), looks up what the action needs from the
 * directory, the categories and the case's policy, lets the case decide, saves the result in one statement if nobody
 * changed the case meanwhile, and publishes the events the register records, all in one transaction. The rules live
 * in {@link Case} and {@link CasePermissions}; a refusal ({@link CaseRefused}) changes nothing and is answered as the
 * API always has: 409, 403 or 400.
 */
@Service
public class CaseLifecycle {

    private final CaseRepository cases;
    private final CaseViews views;
    private final StaffDirectory directory;
    private final ApplicationEventPublisher events;
    private final CaseCategories categories;
    private final ComplaintOversight oversight;
    private final Clock clock;
    private final SecurityAudit audit;
    private final CaseManagement management;
    private final StandardWords standardWords;

    CaseLifecycle(
            CaseRepository cases,
            CaseManagement management,
            CaseViews views,
            StaffDirectory directory,
            ApplicationEventPublisher events,
            CaseCategories categories,
            ComplaintOversight oversight,
            Clock clock,
            SecurityAudit audit,
            StandardWords standardWords) {
        this.audit = audit;
        this.standardWords = standardWords;
        this.management = management;
        this.categories = categories;
        this.oversight = oversight;
        this.cases = cases;
        this.views = views;
        this.directory = directory;
        this.events = events;
        this.clock = clock;
    }

    /** A case read for a change: its row (for wording and the view) and the aggregate. */
    private record Loaded(CaseRecord row, Case state) {}

    // ---- what may be done ---------------------------------------------------------------------------------------

    /**
     * The case as {@code actor} sees it and what they may do to it now, from one reading of it: for the case page,
     * which shows the one and offers forms by the other. Empty when there is no such case or they may not see it.
     */
    @Transactional(readOnly = true)
    public Optional<CaseForActor> forActor(String reference, Actor actor) {
        return management
                .rowAndItem(reference, actor)
                .filter(l -> CaseAccess.canSee(actor, l.row()))
                .map(l -> new CaseForActor(
                        l.row().id(),
                        views.full(l.row(), actor),
                        CasePermissions.answer(loaded(l.row()).state(), actor),
                        l.item()));
    }

    // ---- acknowledge ------------------------------------------------------------------------------------------

    @Transactional
    public CaseView acknowledge(String reference, Integer ifMatch, CaseCommands.Acknowledge cmd, Actor actor) {
        Loaded c = load(reference, ifMatch, actor);
        Instant now = now();
        Instant at = cmd.at() == null ? null : cmd.at().toInstant().truncatedTo(ChronoUnit.MICROS);
        String text = CustomerTexts.acknowledgement(
                c.row(), views.expectedResponse(c.row(), at == null ? now : at), views.zoneOf(c.row()));
        return apply(c, actor, s -> s.acknowledge(actor, now, new Case.Acknowledge(cmd.via(), at, text)));
    }

    /**
     * The acknowledgement given during the call or visit in which the feedback was logged: the person taking it read
     * out the standard words (owner and expected date), which the register keeps.
     */
    @Transactional
    public CaseView acknowledgeVerballyAtIntake(String reference, Actor actor) {
        Loaded c = visible(reference, actor);
        Instant now = now();
        String text =
                CustomerTexts.acknowledgement(c.row(), views.expectedResponse(c.row(), now), views.zoneOf(c.row()));
        return apply(c, actor, s -> s.acknowledgeVerballyAtIntake(actor, now, text));
    }

    /**
     * Records an acknowledgement that reached the customer without anyone acting, such as the automatic e-mail on
     * intake once the mail server accepted it. Does nothing if the case was acknowledged meanwhile.
     */
    @Transactional
    public void recordAutomaticAcknowledgement(long caseId, AcknowledgementMethod via, Instant at) {
        Loaded c = loaded(cases.findById(caseId).orElseThrow());
        String text =
                CustomerTexts.acknowledgement(c.row(), views.expectedResponse(c.row(), at), views.zoneOf(c.row()));
        CaseChange change = c.state().acknowledgeAutomatically(now(), via, at.truncatedTo(ChronoUnit.MICROS), text);
        if (!change.changesNothing()) {
            save(change);
        }
    }

    /** The standard acknowledgement words for the case as it stands, for staff to read out or send. */
    public String acknowledgementText(String reference, Actor actor) {
        CaseRecord c = visibleRow(reference, actor);
        return CustomerTexts.acknowledgement(c, views.expectedResponse(c, now()), views.zoneOf(c));
    }

    // ---- ownership ----------------------------------------------------------------------------------------------

    @Transactional
    public CaseView refer(String reference, Integer ifMatch, CaseCommands.Refer cmd, Actor actor) {
        Loaded c = load(reference, ifMatch, actor);
        Lookup<Case.Assignee> to = lookup(() -> receiver(cmd.department(), cmd.owner()));
        return apply(c, actor, s -> s.refer(actor, now(), new Case.Refer(to, cmd.note())));
    }

    @Transactional
    public CaseView acceptReferral(String reference, Integer ifMatch, Actor actor) {
        Loaded c = load(reference, ifMatch, actor);
        return apply(c, actor, s -> s.acceptReferral(actor, now()));
    }

    @Transactional
    public CaseView declineReferral(String reference, Integer ifMatch, CaseCommands.DeclineReferral cmd, Actor actor) {
        Loaded c = load(reference, ifMatch, actor);
        return apply(c, actor, s -> s.declineReferral(actor, now(), cmd.reason()));
    }

    @Transactional
    public CaseView assign(String reference, Integer ifMatch, CaseCommands.Assign cmd, Actor actor) {
        Loaded c = load(reference, ifMatch, actor);
        String department = cmd.department() == null ? c.row().departmentCode() : cmd.department();
        Lookup<Case.Assignee> to = lookup(() -> receiver(department, cmd.owner()));
        return apply(c, actor, s -> s.assign(actor, now(), new Case.Assign(to, cmd.note())));
    }

    // ---- responses ----------------------------------------------------------------------------------------------

    @Transactional
    public CaseView interimResponse(String reference, Integer ifMatch, CaseCommands.InterimResponse cmd, Actor actor) {
        Loaded c = load(reference, ifMatch, actor);
        Lookup<Instant> expectedBy = lookup(() -> closeOfBusiness(c.row(), cmd.expectedBy(), "expectedBy"));
        return apply(
                c,
                actor,
                s -> s.respondInterim(
                        actor,
                        now(),
                        new Case.InterimResponse(
                                cmd.channel(),
                                cmd.message(),
                                expectedBy,
                                Boolean.TRUE.equals(cmd.holdingResponse()),
                                standardWords.of(StandardWords.Answer.INTERIM_RESPONSE, cmd.channel()))));
    }

    @Transactional
    public CaseView respond(String reference, Integer ifMatch, CaseCommands.Respond cmd, Actor actor) {
        Loaded c = load(reference, ifMatch, actor);
        Lookup<String> category = lookup(() -> categories.requireActive(cmd.category(), "category"));
        List<CaseCommands.RemedyInput> inputs = cmd.remedies() == null ? List.of() : cmd.remedies();
        List<Case.RemedyOffer> remedies = offers(inputs);
        ZoneId zone = views.zoneOf(c.row());
        return apply(
                c,
                actor,
                s -> s.respond(
                        actor,
                        now(),
                        new Case.Respond(
                                cmd.channel(),
                                cmd.analysis(),
                                cmd.resolution(),
                                cmd.outcome(),
                                cmd.reasons(),
                                category,
                                remedies,
                                Boolean.TRUE.equals(cmd.summaryResolution()),
                                t -> CustomerTexts.when(t, zone),
                                standardWords.of(StandardWords.Answer.SUBSTANTIVE_RESPONSE, cmd.channel()))));
    }

    @Transactional
    public CaseView addRemedy(String reference, Integer ifMatch, CaseCommands.RemedyInput cmd, Actor actor) {
        Loaded c = load(reference, ifMatch, actor);
        Case.RemedyOffer offer = offers(List.of(cmd)).getFirst();
        return apply(c, actor, s -> s.addRemedy(actor, now(), offer));
    }

    @Transactional
    public CaseView updateRemedy(String reference, Integer ifMatch, CaseCommands.UpdateRemedy cmd, Actor actor) {
        Loaded c = load(reference, ifMatch, actor);
        return apply(c, actor, s -> s.updateRemedy(actor, now(), cmd.remedyId(), cmd.status()));
    }

    /** The remedies to offer, each with the identifier reserved for it. */
    private List<Case.RemedyOffer> offers(List<CaseCommands.RemedyInput> inputs) {
        List<Long> ids = cases.reserveRemedyIds(inputs.size());
        return java.util.stream.IntStream.range(0, inputs.size())
                .mapToObj(i -> {
                    CaseCommands.RemedyInput r = inputs.get(i);
                    return new Case.RemedyOffer(ids.get(i), r.type(), r.description(), r.value(), r.status());
                })
                .toList();
    }

    // ---- extension ----------------------------------------------------------------------------------------------

    @Transactional
    public CaseView extend(String reference, Integer ifMatch, CaseCommands.Extend cmd, Actor actor) {
        Loaded c = load(reference, ifMatch, actor);
        ZoneId zone = views.zoneOf(c.row());
        Instant current = c.state().stage(c.state().extendable()).due();
        Lookup<Instant> newDue = lookup(() -> closeOfBusiness(c.row(), cmd.newDueDate(), "newDueDate"));
        boolean agreed = cmd.agreement() != null;
        // The customer's notice is worded here, from the case as it stands; the case decides whether it is sent.
        String notice = current == null || newDue.value() == null
                ? null
                : CustomerTexts.extensionNotice(
                                c.row(), current, newDue.value(), cmd.reason().strip(), zone, agreed)
                        + requiredNoticeWords(c);
        Case.Extend extend = new Case.Extend(
                newDue,
                cmd.reason(),
                cmd.noticeChannel(),
                agreed ? cmd.agreement().agreedBy() : null,
                agreed ? cmd.agreement().agreedAt().toInstant() : null,
                current == null ? null : CustomerTexts.when(current, zone),
                notice,
                t -> CustomerTexts.when(t, zone),
                c.state().terms().procedure().governed()
                        ? cases.extensions(c.row().id(), c.state().extendable().name())
                        : 0);
        return apply(c, actor, s -> s.extend(actor, now(), extend));
    }

    /**
     * The pack's standard wording of each block a notice moving the case's extendable stage must contain (the
     * ombudsman's contact details, say), each as a paragraph after the notice; "" when it requires none or gives no
     * wording.
     */
    private static String requiredNoticeWords(Loaded c) {
        StringBuilder words = new StringBuilder();
        for (var b : c.state().terms().procedure().noticeBlocks(c.state().extendable())) {
            if (b.text() != null) {
                words.append("\n\n").append(b.text().strip());
            }
        }
        return words.toString();
    }

    // ---- closure, reopening -------------------------------------------------------------------------------------

    @Transactional
    public CaseView close(String reference, Integer ifMatch, CaseCommands.Close cmd, Actor actor) {
        Loaded c = load(reference, ifMatch, actor);
        return apply(c, actor, s -> s.close(actor, now(), cmd == null ? null : cmd.note()));
    }

    @Transactional
    public CaseView reopen(String reference, Integer ifMatch, CaseCommands.Reopen cmd, Actor actor) {
        Loaded c = load(reference, ifMatch, actor);
        Instant now = now();
        Instant respondBy = views.policyOf(c.row())
                .reopenRespondBy(c.row().kind(), c.row().channel(), now)
                .orElse(null);
        return apply(c, actor, s -> s.reopen(actor, now, cmd.reason(), respondBy));
    }

    // ---- reclassification ---------------------------------------------------------------------------------------

    /**
     * The kind or channel was recorded in error. The due dates of the new kind and channel are worked out from the
     * original receipt (a running review's from its request) under the case's own policy version, never the one in
     * force now; the case decides which stages take them.
     */
    @Transactional
    public CaseView reclassify(String reference, Integer ifMatch, CaseCommands.Reclassify cmd, Actor actor) {
        Loaded c = load(reference, ifMatch, actor);
        CaseRecord row = c.row();
        FeedbackKind kind = cmd.kind() == null ? row.kind() : cmd.kind();
        Channel channel = cmd.channel() == null ? row.channel() : cmd.channel();
        ServicePolicy policy = views.policyOf(row);
        // The new kind may be governed by another rule pack (a question reclassified as a complaint comes under the
        // complaints pack), routed by the case's department and product as at intake.
        List<String> department = List.of(row.departmentCode(), row.departmentName());
        Instant start = policy.clockStart(kind, department, row.product(), row.receivedAt(), row.sentAt());
        Deadlines due = policy.deadlines(0, kind, channel, department, row.product(), start);
        Procedure procedure = Procedure.of(policy, due.packRoute());
        Instant respondBy = procedure.respondFromAcknowledgement() != null && row.acknowledgedAt() != null
                ? procedure.respondFromAcknowledgement().apply(row.acknowledgedAt())
                : due.respondBy();
        Instant reviewBy = null;
        if (row.status() == CaseStatus.UNDER_REVIEW) {
            if (!procedure.governed()) {
                reviewBy =
                        policy.reviewDue(kind, channel, row.reviewRequestedAt()).orElse(null);
            } else if (procedure.stage2RespondFromRequest() != null) {
                reviewBy = procedure.stage2RespondFromRequest().apply(row.reviewRequestedAt());
            } else if (procedure.stage2RespondBy() != null && row.reviewAcknowledgedAt() != null) {
                reviewBy = procedure.stage2RespondBy().apply(row.reviewAcknowledgedAt());
            }
        }
        if (!java.util.Objects.equals(due.packRoute(), row.packRoute())) {
            cases.setPackRoute(row.id(), due.packRoute());
        }
        Case.Reclassify reclassify = new Case.Reclassify(
                kind,
                channel,
                cmd.reason(),
                new Case.Targets(due.acknowledgeBy(), due.firstResponseBy(), respondBy, reviewBy));
        return apply(c, actor, s -> s.reclassify(actor, now(), reclassify));
    }

    // ---- internal review ----------------------------------------------------------------------------------------

    @Transactional
    public CaseView requestReview(String reference, Integer ifMatch, CaseCommands.RequestReview cmd, Actor actor) {
        Loaded c = load(reference, ifMatch, actor);
        Instant now = now();
        Case.RequestReview request = reviewRequest(c, cmd, now);
        return apply(c, actor, s -> s.requestReview(actor, now, request));
    }

    /**
     * The customer asks for stage 2 themselves, from the private status page (whose link is their key): under a rule
     * pack with a stage 2, whenever the case allows it; {@code reason} only where the pack requires one.
     */
    @Transactional
    public void customerEscalates(long caseId, String reason) {
        Loaded c = loaded(cases.findById(caseId).orElseThrow());
        Instant now = now();
        Case.RequestReview request = reviewRequest(c, new CaseCommands.RequestReview(reason, null, null), now);
        save(decide(c, s -> s.customerEscalates(CaseManagement.STATUS_PAGE_CUSTOMER_ACTOR, now, request)));
    }

    /** The request as the case's policy version words and dates it, with its reviewer looked up. */
    private Case.RequestReview reviewRequest(Loaded c, CaseCommands.RequestReview cmd, Instant now) {
        CaseRecord row = c.row();
        Instant requestedAt =
                cmd.requestedAt() == null ? now : cmd.requestedAt().toInstant().truncatedTo(ChronoUnit.MICROS);
        ServicePolicy policy = views.policyOf(row);
        Instant deadline = row.closedAt() == null
                ? null
                : policy.reviewRequestDeadline(row.closedAt()).orElse(null);
        Procedure procedure = c.state().terms().procedure();
        Instant reviewBy = procedure.governed()
                ? (procedure.stage2RespondFromRequest() == null
                        ? null
                        : procedure.stage2RespondFromRequest().apply(requestedAt))
                : policy.reviewDue(row.kind(), row.channel(), requestedAt).orElse(null);
        Lookup<Case.Person> reviewer = lookup(() -> person(
                cmd.reviewer() == null
                        ? cases.leastBusyReviewer(row.id())
                                .orElseThrow(() -> new ConflictException(
                                        "No executive who has not handled this case is available to review it."))
                        : executive(cmd.reviewer(), "reviewer")));
        return new Case.RequestReview(
                cmd.reason(),
                requestedAt,
                deadline,
                deadline == null ? null : CustomerTexts.when(deadline, views.zoneOf(row)),
                reviewBy,
                reviewer);
    }

    @Transactional
    public CaseView assignReviewer(String reference, Integer ifMatch, CaseCommands.AssignReviewer cmd, Actor actor) {
        Loaded c = load(reference, ifMatch, actor);
        Lookup<Case.Person> reviewer = lookup(() -> person(executive(cmd.reviewer(), "reviewer")));
        return apply(c, actor, s -> s.assignReviewer(actor, now(), reviewer));
    }

    @Transactional
    public CaseView decideReview(String reference, Integer ifMatch, CaseCommands.DecideReview cmd, Actor actor) {
        Loaded c = load(reference, ifMatch, actor);
        Case.DecideReview decision = new Case.DecideReview(
                cmd.decision(),
                cmd.analysis(),
                cmd.response(),
                cmd.channel(),
                cmd.outcome(),
                cmd.reasons(),
                standardWords.of(StandardWords.Answer.REVIEW_OUTCOME, cmd.channel()));
        return apply(c, actor, s -> s.decideReview(actor, now(), decision));
    }

    /** The stage-2 request is acknowledged ({@code at}, now when null), under a rule pack that sets a target for it. */
    @Transactional
    public CaseView acknowledgeReview(
            String reference, Integer ifMatch, CaseCommands.AcknowledgeReview cmd, Actor actor) {
        Loaded c = load(reference, ifMatch, actor);
        Instant at =
                cmd == null || cmd.at() == null ? null : cmd.at().toInstant().truncatedTo(ChronoUnit.MICROS);
        return apply(c, actor, s -> s.acknowledgeReview(actor, now(), at));
    }

    // ---- first contact ------------------------------------------------------------------------------------------

    /** Acknowledges, answers and closes a phone or visit case that was resolved during the contact itself. */
    @Transactional
    public CaseView resolveAtFirstContact(String reference, CaseCommands.FirstContactResolution cmd, Actor actor) {
        Loaded c = visible(reference, actor);
        Lookup<String> category =
                lookup(() -> categories.requireActive(cmd.category(), "resolvedAtFirstContact.category"));
        Case.FirstContactResolution resolution = new Case.FirstContactResolution(
                cmd.analysis(), cmd.resolution(), cmd.outcome(), cmd.reasons(), category);
        return apply(c, actor, s -> s.resolveAtFirstContact(actor, now(), resolution));
    }

    // ---- suggestions log ----------------------------------------------------------------------------------------

    /**
     * Records where a suggestion stands in the policy review. Managers of the case's department and executives decide;
     * the case may be in any state, since policy review often happens after a suggestion was acknowledged and closed.
     */
    @Transactional
    public CaseView recordImprovement(
            String reference, Integer ifMatch, CaseCommands.RecordImprovement cmd, Actor actor) {
        Loaded c = load(reference, ifMatch, actor);
        return apply(c, actor, s -> s.recordImprovement(actor, now(), cmd.status(), cmd.note()));
    }

    // ---- need-to-know -------------------------------------------------------------------------------------------

    @Transactional
    public CaseView nameStaff(String reference, Integer ifMatch, CaseCommands.NameStaff cmd, Actor actor) {
        Loaded c = load(reference, ifMatch, actor);
        Lookup<Case.Person> person = lookup(() -> person(activeStaff(cmd.username(), "username")));
        CaseView view = apply(c, actor, s -> s.nameStaff(actor, now(), person, cmd.reason()));
        audit.recordOnCase(
                actor.username(),
                SecurityAudit.Action.STAFF_NAMED_ON_CASE,
                c.row().reference(),
                Map.of("staff", person.value().username()));
        return view;
    }

    /**
     * The complaint is about this member of staff: from now on they never see the case. The case must first be taken
     * away from them if they own it, it waits for them, or they review it; and someone must be left to oversee it
     * ({@link ComplaintOversight}).
     */
    @Transactional
    public CaseView markAboutStaff(String reference, Integer ifMatch, CaseCommands.AboutStaff cmd, Actor actor) {
        Loaded c = load(reference, ifMatch, actor);
        Lookup<Case.Person> person = lookup(() -> person(directory
                .staffByUsername(cmd.username())
                .orElseThrow(() -> new InvalidRequestException(
                        "username", "no member of staff is called '" + cmd.username() + "'"))));
        List<OversightRule.Overseer> overseers = oversight.overseers(CaseAccess.Parties.of(c.row()));
        CaseView view = apply(c, actor, s -> s.markAboutStaff(actor, now(), person, cmd.note(), overseers));
        audit.recordOnCase(
                actor.username(),
                SecurityAudit.Action.STAFF_NAMED_AS_SUBJECT,
                c.row().reference(),
                Map.of("staff", person.value().username()));
        return view;
    }

    /**
     * Takes a member of staff off the complaint's subjects, with the reason, so that they may see the case again as
     * anyone else would: recording who a complaint is about is reversible, by an executive or a manager who handles
     * the case ({@link OversightRule#mayTakeOff}).
     */
    @Transactional
    public CaseView removeAboutStaff(
            String reference, Integer ifMatch, CaseCommands.RemoveAboutStaff cmd, Actor actor) {
        Loaded c = load(reference, ifMatch, actor);
        Lookup<Case.Person> person = lookup(() -> person(directory
                .staffByUsername(cmd.username())
                .orElseThrow(() -> new InvalidRequestException(
                        "username", "this case is not recorded as being about '" + cmd.username() + "'"))));
        CaseView view = apply(c, actor, s -> s.removeAboutStaff(actor, now(), cmd.username(), person, cmd.reason()));
        audit.recordOnCase(
                actor.username(),
                SecurityAudit.Action.STAFF_REMOVED_AS_SUBJECT,
                c.row().reference(),
                Map.of(
                        "staff",
                        person.value().username(),
                        "reason",
                        cmd.reason().strip()));
        return view;
    }

    // ---- the customer's replies --------------------------------------------------------------------------------

    /**
     * {@code actor} has the case before them: if they may act on it, the customer's replies are read and the lists stop
     * showing "customer replied". Changes nothing else, and not the case's version.
     */
    @Transactional
    public void markRepliesRead(String reference, Actor actor) {
        Loaded c = visible(reference, actor);
        if (c.row().customerRepliedAt() != null
                && CasePermissions.may(CasePermissions.Right.HANDLE, c.state(), actor)) {
            cases.markRepliesRead(c.row().id());
        }
    }

    /**
     * A message to the customer was sent from the case: it told them how things stand, so under a rule pack that asks
     * for progress updates the next one is due from now. Changes nothing otherwise.
     */
    @Transactional
    public void recordProgressMessage(String reference, Actor actor) {
        Loaded c = visible(reference, actor);
        CaseChange change = decide(c, s -> s.progressMessage(actor, now()));
        if (!change.changesNothing()) {
            save(change);
        }
    }

    /**
     * The case's id, if {@code actor} may see it and take {@code action} on it now, for work another module does on
     * the case's behalf (writing to its customer); otherwise the refusal every action answers with (404, 409, 403).
     */
    @Transactional(readOnly = true)
    public long authorise(String reference, CaseAction action, Actor actor) {
        Loaded c = visible(reference, actor);
        CasePermissions.refusal(action, c.state(), actor).ifPresent(r -> {
            throw answer(r);
        });
        return c.row().id();
    }

    // ---- internal notes -----------------------------------------------------------------------------------------

    /**
     * Adds an internal note. The case's row does not change (nor its version, so nobody's form goes stale): the note is
     * an entry of the register, in the timeline of those who may see the case, and in nothing the customer sees.
     */
    @Transactional
    public CaseView addNote(String reference, CaseCommands.AddNote cmd, Actor actor) {
        Loaded c = visible(reference, actor);
        recordOnly(c, s -> s.addNote(actor, now(), cmd.text()));
        return views.full(c.row(), actor);
    }

    // ---- files ------------------------------------------------------------------------------------------------------

    /**
     * Records that a member of staff adds a file to the case, in the caller's transaction, the one that stores the
     * file: refused like any action to someone who may not act on the case (and unknown to someone who may not see
     * it). The case's row and version do not change; the register names the file.
     */
    @Transactional
    public CaseEvents.FileAdded addFile(String reference, String filename, long size, Actor actor) {
        Loaded c = visible(reference, actor);
        return (CaseEvents.FileAdded) recordOnly(c, s -> s.addFile(actor, now(), filename, size))
                .events()
                .getFirst();
    }

    // ---- loading, deciding, saving ------------------------------------------------------------------------------

    /** Lets the case decide, saves what it decided and publishes its events; answers with the case as it now is. */
    private CaseView apply(Loaded c, Actor actor, Function<Case, CaseChange> action) {
        save(decide(c, action));
        return views.full(cases.findById(c.row().id()).orElseThrow(), actor);
    }

    /** Lets the case decide an action that changes only the register (a note, a file) and publishes its events. */
    private CaseChange recordOnly(Loaded c, Function<Case, CaseChange> action) {
        CaseChange change = decide(c, action);
        change.events().forEach(events::publishEvent);
        return change;
    }

    private static CaseChange decide(Loaded c, Function<Case, CaseChange> action) {
        try {
            return action.apply(c.state());
        } catch (CaseRefused refused) {
            throw answer(refused);
        }
    }

    private void save(CaseChange change) {
        cases.save(change);
        change.events().forEach(events::publishEvent);
    }

    /** The refusal as the API has always answered it: 409 with its properties, 403, or 400 naming the field. */
    static RuntimeException answer(CaseRefused refused) {
        return switch (refused.kind()) {
            case CONFLICT -> new ConflictException(refused.getMessage(), refused.properties());
            case FORBIDDEN -> new AccessDeniedException(refused.getMessage());
            case INVALID -> new InvalidRequestException(refused.field(), refused.getMessage());
        };
    }

    /**
     * Runs a look-up whose failure the case reports in its turn: after refusing for its state or the person acting,
     * as when the look-up happened inside the action.
     */
    private static <T> Lookup<T> lookup(Supplier<T> find) {
        try {
            return Lookup.of(find.get());
        } catch (InvalidRequestException e) {
            var problem = e.problems().getFirst();
            return Lookup.refused(CaseRefused.invalid(problem.field(), problem.message()));
        } catch (ConflictException e) {
            return Lookup.refused(CaseRefused.conflict(e.getMessage(), e.properties()));
        }
    }

    private Loaded loaded(CaseRecord row) {
        return new Loaded(row, cases.aggregate(row, views.terms(row)));
    }

    private CaseRecord visibleRow(String reference, Actor actor) {
        return cases.findByReference(reference)
                .filter(c -> CaseAccess.canSee(actor, c))
                .orElseThrow(() -> new NotFoundException("No case " + reference));
    }

    private Loaded visible(String reference, Actor actor) {
        return loaded(visibleRow(reference, actor));
    }

    /** The case, if the actor may see it and it is still at the version they saw ({@code If-Match}). */
    private Loaded load(String reference, Integer ifMatch, Actor actor) {
        CaseRecord c = visibleRow(reference, actor);
        if (ifMatch != null && ifMatch != c.version()) {
            throw new PreconditionFailedException(
                    "The case has changed since version " + ifMatch + " (it is now at version " + c.version()
                            + "). Reload it and try again.",
                    c.version());
        }
        return loaded(c);
    }

    // ---- look-ups -----------------------------------------------------------------------------------------------

    private static Case.Person person(StaffMember s) {
        return new Case.Person(s.id(), s.username(), s.fullName());
    }

    private StaffMember activeStaff(String username, String field) {
        return directory
                .staffByUsername(username)
                .filter(StaffMember::active)
                .orElseThrow(() ->
                        new InvalidRequestException(field, "no active member of staff is called '" + username + "'"));
    }

    /** An active executive; whether they may review this case is the case's to say. */
    private StaffMember executive(String username, String field) {
        StaffMember reviewer = activeStaff(username, field);
        if (!directory
                .actorFor(reviewer.username())
                .map(a -> a.has(Role.EXECUTIVE))
                .orElse(false)) {
            throw new InvalidRequestException(field, reviewer.fullName() + " is not an executive");
        }
        return reviewer;
    }

    private Case.Assignee receiver(String departmentCode, String ownerUsername) {
        StaffDirectory.Assignment a = directory
                .assignment(departmentCode, ownerUsername)
                .orElseThrow(() ->
                        new InvalidRequestException("department", "no department has code '" + departmentCode + "'"));
        Case.Team team = new Case.Team(
                a.department().id(), a.department().code(), a.department().name());
        if (ownerUsername != null) {
            if (a.owner() == null || !a.owner().active()) {
                throw new InvalidRequestException(
                        "owner", "no active member of staff is called '" + ownerUsername + "'");
            }
            if (!a.ownerIsMember()) {
                throw new InvalidRequestException(
                        "owner",
                        a.owner().fullName() + " is not a member of "
                                + a.department().name());
            }
            return new Case.Assignee(person(a.owner()), team);
        }
        if (a.lead() == null || !a.lead().active()) {
            throw new InvalidRequestException(
                    "owner", a.department().name() + " has no active lead; name the person to receive it");
        }
        return new Case.Assignee(person(a.lead()), team);
    }

    /** Close of business on {@code date} under the case's calendar; the date must be a business day. */
    private Instant closeOfBusiness(CaseRecord c, LocalDate date, String field) {
        BusinessCalendar calendar = views.policyOf(c).calendar();
        if (!calendar.covers(date)) {
            throw new InvalidRequestException(
                    field,
                    "must be in " + calendar.yearsInWords() + ", the years the service policy's calendar covers");
        }
        if (!calendar.isBusinessDay(date)) {
            String why =
                    calendar.whyNotBusinessDay(date).map(s -> s.description()).orElse(date + " is not a business day");
            throw new InvalidRequestException(
                    field, why + "; the next business day is " + calendar.nextBusinessDay(date));
        }
        return calendar.closesAt(date);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
