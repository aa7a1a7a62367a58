package org.hearken.cases;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hearken.audit.SecurityAudit;
import org.hearken.calendar.BusinessCalendar;
import org.hearken.identity.Actor;
import org.hearken.identity.Role;
import org.hearken.identity.StaffDirectory;
import org.hearken.identity.StaffMember;
import org.hearken.platform.ConflictException;
import org.hearken.platform.InvalidRequestException;
import org.hearken.platform.NotFoundException;
import org.hearken.platform.PreconditionFailedException;
import org.hearken.policy.Channel;
import org.hearken.policy.ServicePolicy;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The case lifecycle: every action is a guarded method that checks the state ({@link CaseRules}), who is acting, and
 * the input, then changes the case only if nobody changed it meanwhile, and publishes the event the register records.
 * A refused action changes nothing.
 */
@Service
public class CaseLifecycle {

    private final CaseRepository cases;
    private final CaseDetails details;
    private final CaseViews views;
    private final StaffDirectory directory;
    private final ApplicationEventPublisher events;
    private final JdbcClient jdbc;
    private final CaseCategories categories;
    private final ComplaintOversight oversight;
    private final Clock clock;
    private final SecurityAudit audit;

    CaseLifecycle(
            CaseRepository cases,
            CaseDetails details,
            CaseViews views,
            StaffDirectory directory,
            ApplicationEventPublisher events,
            JdbcClient jdbc,
            CaseCategories categories,
            ComplaintOversight oversight,
            Clock clock,
            SecurityAudit audit) {
        this.audit = audit;
        this.categories = categories;
        this.oversight = oversight;
        this.cases = cases;
        this.details = details;
        this.views = views;
        this.directory = directory;
        this.events = events;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    // ---- acknowledge ------------------------------------------------------------------------------------------

    @Transactional
    public CaseView acknowledge(String reference, Integer ifMatch, CaseCommands.Acknowledge cmd, Actor actor) {
        CaseRecord c = loadForHandler(reference, ifMatch, actor, CaseAction.ACKNOWLEDGE);
        Instant now = now();
        Instant at = cmd.at() == null ? now : cmd.at().toInstant().truncatedTo(ChronoUnit.MICROS);
        if (at.isAfter(now.plusSeconds(300))) {
            throw new InvalidRequestException("at", "is in the future");
        }
        if (at.isBefore(c.receivedAt())) {
            throw new InvalidRequestException("at", "is before the feedback was received");
        }
        if (cmd.via() == AcknowledgementMethod.VERBAL && !spokenChannel(c.channel())) {
            throw new InvalidRequestException(
                    "via", "VERBAL is for feedback given by phone or in person; use PHONE_CALL, EMAIL or LETTER");
        }
        StageOutcome outcome =
                c.acknowledgeBy() == null ? null : StageOutcome.judge(at, c.acknowledgeBy(), c.acknowledgeBy());
        String text = CustomerTexts.acknowledgement(c, views.zoneOf(c));
        cases.update(
                c,
                "status = 'ACKNOWLEDGED', acknowledged_at = :at, acknowledged_via = :via, acknowledge_outcome = :outcome,"
                        + " first_response_at = least(first_response_at, :at)",
                params("at", ts(at), "via", cmd.via().name(), "outcome", name(outcome)));
        cases.addHandler(c.id(), actor.staffId());
        events.publishEvent(new CaseEvents.Acknowledged(
                c.id(), c.reference(), actor.username(), now, cmd.via(), at, outcome, text));
        return reload(c, actor);
    }

    /**
     * The acknowledgement given during the call or visit in which the feedback was logged: the person taking it read
     * out the standard words (owner and expected date), which the register keeps.
     */
    @Transactional
    public CaseView acknowledgeVerballyAtIntake(String reference, Actor actor) {
        CaseRecord c = visible(reference, actor);
        if (!spokenChannel(c.channel())) {
            throw new InvalidRequestException(
                    "acknowledgedVerbally",
                    "only feedback given by phone or in person is acknowledged during the contact");
        }
        CaseRules.require(CaseAction.ACKNOWLEDGE, views.state(c));
        Instant now = now();
        StageOutcome outcome =
                c.acknowledgeBy() == null ? null : StageOutcome.judge(now, c.acknowledgeBy(), c.acknowledgeBy());
        String text = CustomerTexts.acknowledgement(c, views.zoneOf(c));
        cases.update(
                c,
                "status = 'ACKNOWLEDGED', acknowledged_at = :at, acknowledged_via = 'VERBAL', acknowledge_outcome = :outcome,"
                        + " first_response_at = least(first_response_at, :at)",
                params("at", ts(now), "outcome", name(outcome)));
        events.publishEvent(new CaseEvents.Acknowledged(
                c.id(), c.reference(), actor.username(), now, AcknowledgementMethod.VERBAL, now, outcome, text));
        return reload(c, actor);
    }

    /**
     * Records an acknowledgement that reached the customer without anyone acting, such as the automatic e-mail on
     * intake once the mail server accepted it. Does nothing if the case was acknowledged meanwhile.
     */
    @Transactional
    public void recordAutomaticAcknowledgement(long caseId, AcknowledgementMethod via, Instant at) {
        CaseRecord c = cases.findById(caseId).orElseThrow();
        if (c.acknowledgedAt() != null || c.status() != CaseStatus.RECEIVED) {
            return;
        }
        Instant when = at.truncatedTo(ChronoUnit.MICROS);
        StageOutcome outcome =
                c.acknowledgeBy() == null ? null : StageOutcome.judge(when, c.acknowledgeBy(), c.acknowledgeBy());
        cases.update(
                c,
                "status = 'ACKNOWLEDGED', acknowledged_at = :at, acknowledged_via = :via, acknowledge_outcome = :outcome,"
                        + " first_response_at = least(first_response_at, :at)",
                params("at", ts(when), "via", via.name(), "outcome", name(outcome)));
        events.publishEvent(new CaseEvents.Acknowledged(
                c.id(),
                c.reference(),
                "hearken (automatic " + via.name().toLowerCase(java.util.Locale.ROOT) + ")",
                now(),
                via,
                when,
                outcome,
                CustomerTexts.acknowledgement(c, views.zoneOf(c))));
    }

    /** The standard acknowledgement words for the case as it stands, for staff to read out or send. */
    public String acknowledgementText(String reference, Actor actor) {
        CaseRecord c = visible(reference, actor);
        return CustomerTexts.acknowledgement(c, views.zoneOf(c));
    }

    // ---- ownership ----------------------------------------------------------------------------------------------

    @Transactional
    public CaseView refer(String reference, Integer ifMatch, CaseCommands.Refer cmd, Actor actor) {
        CaseRecord c = loadForHandler(reference, ifMatch, actor, CaseAction.REFER);
        StaffDirectory.Assignment target = receiver(cmd.department(), cmd.owner());
        StaffMember to = target.owner();
        requireNotAbout(c, to, "owner");
        if (to.id() == c.ownerId() && target.department().id() == c.departmentId()) {
            throw new InvalidRequestException("owner", to.fullName() + " already owns this case");
        }
        cases.update(
                c,
                "pending_owner_id = :to, pending_department_id = :dept, referral_note = :note, referred_by = :by, referred_at = :at",
                params(
                        "to",
                        to.id(),
                        "dept",
                        target.department().id(),
                        "note",
                        cmd.note().strip(),
                        "by",
                        actor.staffId(),
                        "at",
                        ts(now())));
        cases.addHandler(c.id(), actor.staffId());
        events.publishEvent(new CaseEvents.Referred(
                c.id(),
                c.reference(),
                actor.username(),
                now(),
                c.ownerUsername(),
                c.departmentCode(),
                to.username(),
                target.department().code(),
                cmd.note().strip()));
        return reload(c, actor);
    }

    @Transactional
    public CaseView acceptReferral(String reference, Integer ifMatch, Actor actor) {
        CaseRecord c = load(reference, ifMatch, actor, CaseAction.ACCEPT_REFERRAL);
        requireReferralReceiver(actor, c);
        cases.update(
                c,
                "owner_id = pending_owner_id, department_id = pending_department_id, pending_owner_id = null,"
                        + " pending_department_id = null, referral_note = null, referred_by = null, referred_at = null",
                Map.of());
        cases.addHandler(c.id(), c.pendingOwnerId());
        events.publishEvent(new CaseEvents.ReferralAccepted(
                c.id(), c.reference(), actor.username(), now(), c.pendingOwnerUsername(), c.pendingDepartmentCode()));
        return reload(c, actor);
    }

    @Transactional
    public CaseView declineReferral(String reference, Integer ifMatch, CaseCommands.DeclineReferral cmd, Actor actor) {
        CaseRecord c = load(reference, ifMatch, actor, CaseAction.DECLINE_REFERRAL);
        requireReferralReceiver(actor, c);
        cases.update(
                c,
                "pending_owner_id = null, pending_department_id = null, referral_note = null, referred_by = null,"
                        + " referred_at = null",
                Map.of());
        events.publishEvent(new CaseEvents.ReferralDeclined(
                c.id(),
                c.reference(),
                actor.username(),
                now(),
                c.pendingOwnerUsername(),
                cmd.reason().strip()));
        return reload(c, actor);
    }

    @Transactional
    public CaseView assign(String reference, Integer ifMatch, CaseCommands.Assign cmd, Actor actor) {
        CaseRecord c = load(reference, ifMatch, actor, CaseAction.ASSIGN);
        boolean manager = actor.has(Role.MANAGER)
                && (actor.belongsTo(c.departmentId())
                        || (c.pendingDepartmentId() != null && actor.belongsTo(c.pendingDepartmentId())));
        if (!manager && !actor.has(Role.EXECUTIVE)) {
            throw new AccessDeniedException("Only a manager of the case's department or an executive may assign it.");
        }
        StaffDirectory.Assignment target =
                receiver(cmd.department() == null ? c.departmentCode() : cmd.department(), cmd.owner());
        requireNotAbout(c, target.owner(), "owner");
        cases.update(
                c,
                "owner_id = :owner, department_id = :dept, pending_owner_id = null, pending_department_id = null,"
                        + " referral_note = null, referred_by = null, referred_at = null",
                params("owner", target.owner().id(), "dept", target.department().id()));
        cases.addHandler(c.id(), target.owner().id());
        events.publishEvent(new CaseEvents.Assigned(
                c.id(),
                c.reference(),
                actor.username(),
                now(),
                c.ownerUsername(),
                target.owner().username(),
                target.department().code(),
                cmd.note()));
        return reload(c, actor);
    }

    // ---- responses ----------------------------------------------------------------------------------------------

    @Transactional
    public CaseView interimResponse(String reference, Integer ifMatch, CaseCommands.InterimResponse cmd, Actor actor) {
        CaseRecord c = loadForHandler(reference, ifMatch, actor, CaseAction.INTERIM_RESPONSE);
        Instant now = now();
        Instant expectedBy = closeOfBusiness(c, cmd.expectedBy(), "expectedBy");
        if (!expectedBy.isAfter(now)) {
            throw new InvalidRequestException("expectedBy", "must be a business day that has not yet closed");
        }
        details.addResponse(
                c.id(),
                "INTERIM",
                now,
                actor.staffId(),
                cmd.channel(),
                null,
                cmd.message().strip(),
                null,
                null,
                expectedBy);
        Map<String, Object> p = params("at", ts(now), "expected", ts(expectedBy));
        String set = "expected_by = :expected, first_response_at = least(first_response_at, :at)";
        if (c.respondBy() != null
                && c.respondCompletedAt() == null
                && views.policyOf(c).interimMeetsRespondTarget()) {
            // The policy counts "a resolution or an interim response" as meeting the respond target.
            p.put(
                    "stage",
                    StageOutcome.judge(now, c.respondByOriginal(), c.respondBy())
                            .name());
            set += ", respond_completed_at = :at, respond_outcome = :stage";
        }
        cases.update(c, set + acknowledgeIfNeeded(c, now, cmd.channel(), p, true), p);
        cases.addHandler(c.id(), actor.staffId());
        events.publishEvent(new CaseEvents.InterimResponseGiven(
                c.id(),
                c.reference(),
                actor.username(),
                now,
                cmd.channel(),
                cmd.message().strip(),
                expectedBy));
        return reload(c, actor);
    }

    @Transactional
    public CaseView respond(String reference, Integer ifMatch, CaseCommands.Respond cmd, Actor actor) {
        CaseRecord c = loadForHandler(reference, ifMatch, actor, CaseAction.RESPOND);
        requireReasons(cmd.outcome(), cmd.reasons(), "reasons");
        String category = categories.requireActive(cmd.category(), "category");
        Instant now = now();
        details.addResponse(
                c.id(),
                "SUBSTANTIVE",
                now,
                actor.staffId(),
                cmd.channel(),
                blankToNull(cmd.analysis()),
                cmd.resolution().strip(),
                cmd.outcome(),
                blankToNull(cmd.reasons()),
                null,
                category);
        StageOutcome stage = c.respondBy() == null || c.respondCompletedAt() != null
                ? c.respondOutcome()
                : StageOutcome.judge(now, c.respondByOriginal(), c.respondBy());
        Map<String, Object> p =
                params("at", ts(now), "outcome", cmd.outcome().name(), "stage", name(stage), "category", category);
        cases.update(
                c,
                "status = 'RESPONDED', responded_at = :at, outcome = :outcome, respond_outcome = :stage,"
                        + " category = coalesce(:category, category), respond_completed_at = coalesce(respond_completed_at, :at),"
                        + " first_response_at = least(first_response_at, :at)"
                        + acknowledgeIfNeeded(c, now, cmd.channel(), p, false),
                p);
        cases.addHandler(c.id(), actor.staffId());
        events.publishEvent(new CaseEvents.Responded(
                c.id(),
                c.reference(),
                actor.username(),
                now,
                cmd.channel(),
                blankToNull(cmd.analysis()),
                cmd.resolution().strip(),
                cmd.outcome(),
                blankToNull(cmd.reasons()),
                stage,
                category));
        if (cmd.remedies() != null) {
            for (CaseCommands.RemedyInput remedy : cmd.remedies()) {
                offer(c, remedy, actor, now);
            }
        }
        return reload(c, actor);
    }

    @Transactional
    public CaseView addRemedy(String reference, Integer ifMatch, CaseCommands.RemedyInput cmd, Actor actor) {
        CaseRecord c = loadForHandler(reference, ifMatch, actor, CaseAction.ADD_REMEDY);
        cases.update(c, "", Map.of());
        offer(c, cmd, actor, now());
        return reload(c, actor);
    }

    private void offer(CaseRecord c, CaseCommands.RemedyInput remedy, Actor actor, Instant now) {
        RemedyStatus status = remedy.status() == null ? RemedyStatus.OFFERED : remedy.status();
        long id = details.addRemedy(
                c.id(), remedy.type(), blankToNull(remedy.description()), remedy.value(), status, now, actor.staffId());
        events.publishEvent(new CaseEvents.RemedyOffered(
                c.id(),
                c.reference(),
                actor.username(),
                now,
                id,
                remedy.type(),
                blankToNull(remedy.description()),
                remedy.value(),
                status));
    }

    @Transactional
    public CaseView updateRemedy(String reference, Integer ifMatch, CaseCommands.UpdateRemedy cmd, Actor actor) {
        CaseRecord c = loadForHandler(reference, ifMatch, actor, CaseAction.UPDATE_REMEDY);
        cases.update(c, "", Map.of());
        if (!details.updateRemedy(c.id(), cmd.remedyId(), cmd.status(), now())) {
            throw new InvalidRequestException("remedyId", "this case has no remedy " + cmd.remedyId());
        }
        events.publishEvent(new CaseEvents.RemedyUpdated(
                c.id(), c.reference(), actor.username(), now(), cmd.remedyId(), cmd.status()));
        return reload(c, actor);
    }

    // ---- extension ----------------------------------------------------------------------------------------------

    @Transactional
    public CaseView extend(String reference, Integer ifMatch, CaseCommands.Extend cmd, Actor actor) {
        CaseRecord c = load(reference, ifMatch, actor, CaseAction.EXTEND);
        boolean review = c.status() == CaseStatus.UNDER_REVIEW;
        if (review) {
            requireReviewer(actor, c);
        } else {
            requireHandler(actor, c);
        }
        Instant now = now();
        Instant current = review ? c.reviewBy() : c.respondBy();
        Instant original = review ? c.reviewByOriginal() : c.respondByOriginal();
        Instant newDue = closeOfBusiness(c, cmd.newDueDate(), "newDueDate");
        ZoneId zone = views.zoneOf(c);
        if (!newDue.isAfter(current)) {
            throw new InvalidRequestException(
                    "newDueDate", "must be later than the current due date, " + CustomerTexts.when(current, zone));
        }
        if (cmd.agreement() != null && cmd.agreement().agreedAt().toInstant().isAfter(now.plusSeconds(300))) {
            throw new InvalidRequestException("agreement.agreedAt", "is in the future");
        }
        String reason = cmd.reason().strip();
        String notice = CustomerTexts.extensionNotice(c, current, newDue, reason, zone, cmd.agreement() != null);
        String agreedBy =
                cmd.agreement() == null ? null : cmd.agreement().agreedBy().strip();
        Instant agreedAt =
                cmd.agreement() == null ? null : cmd.agreement().agreedAt().toInstant();
        details.addExtension(
                c.id(),
                review ? "REVIEW" : "RESPOND",
                current,
                newDue,
                reason,
                cmd.noticeChannel(),
                notice,
                agreedBy,
                agreedAt,
                now,
                actor.staffId());
        cases.update(
                c, review ? "review_by = :due" : "respond_by = :due, expected_by = :due", params("due", ts(newDue)));
        events.publishEvent(new CaseEvents.DueDateExtended(
                c.id(),
                c.reference(),
                actor.username(),
                now,
                review ? "REVIEW" : "RESPOND",
                original,
                current,
                newDue,
                reason,
                cmd.noticeChannel(),
                notice,
                agreedBy,
                agreedAt));
        return reload(c, actor);
    }

    // ---- closure, reopening -------------------------------------------------------------------------------------

    @Transactional
    public CaseView close(String reference, Integer ifMatch, CaseCommands.Close cmd, Actor actor) {
        CaseRecord c = loadForHandler(reference, ifMatch, actor, CaseAction.CLOSE);
        Instant now = now();
        cases.update(c, "status = 'CLOSED', closed_at = :at", params("at", ts(now)));
        events.publishEvent(new CaseEvents.Closed(
                c.id(), c.reference(), actor.username(), now, cmd == null ? null : blankToNull(cmd.note())));
        return reload(c, actor);
    }

    @Transactional
    public CaseView reopen(String reference, Integer ifMatch, CaseCommands.Reopen cmd, Actor actor) {
        CaseRecord c = loadForHandler(reference, ifMatch, actor, CaseAction.REOPEN);
        Instant now = now();
        Instant respondBy =
                views.policyOf(c).reopenRespondBy(c.kind(), c.channel(), now).orElse(null);
        cases.update(
                c,
                "status = :status, closed_at = null, responded_at = null, respond_completed_at = null,"
                        + " respond_outcome = null, outcome = null,"
                        + " respond_by = :due, respond_by_original = :due, expected_by = :due, reopen_count = reopen_count + 1",
                params("status", c.acknowledgedAt() == null ? "RECEIVED" : "ACKNOWLEDGED", "due", ts(respondBy)));
        cases.addHandler(c.id(), actor.staffId());
        events.publishEvent(new CaseEvents.Reopened(
                c.id(), c.reference(), actor.username(), now, cmd.reason().strip(), respondBy));
        return reload(c, actor);
    }

    // ---- internal review ----------------------------------------------------------------------------------------

    @Transactional
    public CaseView requestReview(String reference, Integer ifMatch, CaseCommands.RequestReview cmd, Actor actor) {
        CaseRecord c = loadForHandler(reference, ifMatch, actor, CaseAction.REQUEST_REVIEW);
        Instant now = now();
        Instant requestedAt =
                cmd.requestedAt() == null ? now : cmd.requestedAt().toInstant().truncatedTo(ChronoUnit.MICROS);
        if (requestedAt.isAfter(now.plusSeconds(300)) || requestedAt.isBefore(c.closedAt())) {
            throw new InvalidRequestException("requestedAt", "must lie between the closure of the case and now");
        }
        ServicePolicy policy = views.policyOf(c);
        Optional<Instant> window = policy.reviewRequestDeadline(c.closedAt());
        if (window.isPresent() && requestedAt.isAfter(window.get())) {
            throw new ConflictException(
                    "The time to ask for an internal review ended at "
                            + CustomerTexts.when(window.get(), views.zoneOf(c)) + ".",
                    Map.of("reviewRequestDeadline", window.get().toString()));
        }
        StaffMember reviewer =
                cmd.reviewer() == null ? pickReviewer(c) : eligibleReviewer(c, cmd.reviewer(), "reviewer");
        Instant reviewBy = policy.reviewDue(c.kind(), c.channel(), requestedAt).orElseThrow();
        cases.update(
                c,
                "status = 'UNDER_REVIEW', review_requested_at = :at, review_reason = :reason, reviewer_id = :reviewer,"
                        + " review_by = :due, review_by_original = :due",
                params(
                        "at",
                        ts(requestedAt),
                        "reason",
                        cmd.reason().strip(),
                        "reviewer",
                        reviewer.id(),
                        "due",
                        ts(reviewBy)));
        events.publishEvent(new CaseEvents.ReviewRequested(
                c.id(),
                c.reference(),
                actor.username(),
                now,
                requestedAt,
                cmd.reason().strip(),
                reviewer.username(),
                reviewBy));
        return reload(c, actor);
    }

    @Transactional
    public CaseView assignReviewer(String reference, Integer ifMatch, CaseCommands.AssignReviewer cmd, Actor actor) {
        CaseRecord c = load(reference, ifMatch, actor, CaseAction.ASSIGN_REVIEWER);
        if (!actor.has(Role.EXECUTIVE)) {
            throw new AccessDeniedException("Only an executive may assign an internal review.");
        }
        StaffMember reviewer = eligibleReviewer(c, cmd.reviewer(), "reviewer");
        cases.update(c, "reviewer_id = :reviewer", params("reviewer", reviewer.id()));
        events.publishEvent(
                new CaseEvents.ReviewerAssigned(c.id(), c.reference(), actor.username(), now(), reviewer.username()));
        return reload(c, actor);
    }

    @Transactional
    public CaseView decideReview(String reference, Integer ifMatch, CaseCommands.DecideReview cmd, Actor actor) {
        CaseRecord c = load(reference, ifMatch, actor, CaseAction.DECIDE_REVIEW);
        requireReviewer(actor, c);
        Outcome outcome = c.outcome();
        if (cmd.decision() == ReviewDecision.CHANGED) {
            if (cmd.outcome() == null) {
                throw new InvalidRequestException(
                        "outcome", "is required when the decision is CHANGED: give the new outcome");
            }
            outcome = cmd.outcome();
        }
        requireReasons(outcome, cmd.reasons(), "reasons");
        Instant now = now();
        details.addResponse(
                c.id(),
                "REVIEW",
                now,
                actor.staffId(),
                cmd.channel(),
                blankToNull(cmd.analysis()),
                cmd.response().strip(),
                outcome,
                blankToNull(cmd.reasons()),
                null);
        StageOutcome stage = StageOutcome.judge(now, c.reviewByOriginal(), c.reviewBy());
        cases.update(
                c,
                "status = 'RESPONDED', reviewed_at = :at, review_decision = :decision, review_outcome = :stage, outcome = :outcome",
                params(
                        "at",
                        ts(now),
                        "decision",
                        cmd.decision().name(),
                        "stage",
                        stage.name(),
                        "outcome",
                        name(outcome)));
        events.publishEvent(new CaseEvents.ReviewDecided(
                c.id(),
                c.reference(),
                actor.username(),
                now,
                cmd.decision(),
                blankToNull(cmd.analysis()),
                cmd.response().strip(),
                outcome,
                blankToNull(cmd.reasons()),
                cmd.channel(),
                stage));
        return reload(c, actor);
    }

    // ---- first contact ------------------------------------------------------------------------------------------

    /** Acknowledges, answers and closes a phone or visit case that was resolved during the contact itself. */
    @Transactional
    public CaseView resolveAtFirstContact(String reference, CaseCommands.FirstContactResolution cmd, Actor actor) {
        CaseRecord c = visible(reference, actor);
        if (!spokenChannel(c.channel())) {
            throw new InvalidRequestException(
                    "resolvedAtFirstContact",
                    "only feedback given by phone or in person can be resolved at first contact");
        }
        CaseRules.require(CaseAction.RESPOND, views.state(c));
        requireReasons(cmd.outcome(), cmd.reasons(), "resolvedAtFirstContact.reasons");
        String category = categories.requireActive(cmd.category(), "resolvedAtFirstContact.category");
        Instant now = now();
        details.addResponse(
                c.id(),
                "SUBSTANTIVE",
                now,
                actor.staffId(),
                AcknowledgementMethod.VERBAL,
                blankToNull(cmd.analysis()),
                cmd.resolution().strip(),
                cmd.outcome(),
                blankToNull(cmd.reasons()),
                null,
                category);
        StageOutcome ack =
                c.acknowledgeBy() == null ? null : StageOutcome.judge(now, c.acknowledgeBy(), c.acknowledgeBy());
        StageOutcome respond =
                c.respondBy() == null ? null : StageOutcome.judge(now, c.respondByOriginal(), c.respondBy());
        cases.update(
                c,
                "status = 'CLOSED', acknowledged_at = :at, acknowledged_via = 'VERBAL', acknowledge_outcome = :ack,"
                        + " first_response_at = :at, responded_at = :at, respond_completed_at = :at, respond_outcome = :respond,"
                        + " outcome = :outcome, closed_at = :at, category = :category,"
                        + " first_contact_resolution = true",
                params(
                        "at",
                        ts(now),
                        "ack",
                        name(ack),
                        "respond",
                        name(respond),
                        "outcome",
                        cmd.outcome().name(),
                        "category",
                        category));
        cases.addHandler(c.id(), actor.staffId());
        events.publishEvent(new CaseEvents.ResolvedAtFirstContact(
                c.id(),
                c.reference(),
                actor.username(),
                now,
                cmd.resolution().strip(),
                cmd.outcome(),
                blankToNull(cmd.reasons()),
                category));
        return reload(c, actor);
    }

    // ---- suggestions log ----------------------------------------------------------------------------------------

    /**
     * Records where a suggestion stands in the policy review. Managers of the case's department and executives decide;
     * the case may be in any state, since policy review often happens after a suggestion was acknowledged and closed.
     */
    @Transactional
    public CaseView recordImprovement(
            String reference, Integer ifMatch, CaseCommands.RecordImprovement cmd, Actor actor) {
        CaseRecord c = visible(reference, actor);
        if (ifMatch != null && ifMatch != c.version()) {
            throw new PreconditionFailedException(
                    "The case has changed since version " + ifMatch + " (it is now at version " + c.version()
                            + "). Reload it and try again.",
                    c.version());
        }
        if (c.kind() != org.hearken.policy.FeedbackKind.SUGGESTION) {
            throw new ConflictException(
                    "Only suggestions have an improvement status; " + c.reference() + " is a "
                            + c.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ".",
                    Map.of("kind", c.kind()));
        }
        if (!actor.has(Role.EXECUTIVE) && !(actor.has(Role.MANAGER) && actor.belongsTo(c.departmentId()))) {
            throw new AccessDeniedException(
                    "Only a manager of " + c.departmentName() + " or an executive may decide on a suggestion.");
        }
        ImprovementStatus previous = cases.improvementStatus(c.id());
        String note = blankToNull(cmd.note());
        Instant now = now();
        cases.update(
                c,
                "improvement_status = :status, improvement_note = :note, improvement_changed_at = :at, improvement_changed_by = :by",
                params("status", cmd.status().name(), "note", note, "at", ts(now), "by", actor.staffId()));
        events.publishEvent(new CaseEvents.ImprovementStatusChanged(
                c.id(), c.reference(), actor.username(), now, previous, cmd.status(), note));
        return reload(c, actor);
    }

    // ---- need-to-know -------------------------------------------------------------------------------------------

    @Transactional
    public CaseView nameStaff(String reference, Integer ifMatch, CaseCommands.NameStaff cmd, Actor actor) {
        CaseRecord c = visible(reference, actor);
        requireVersion(c, ifMatch);
        requireHandler(actor, c);
        StaffMember person = activeStaff(cmd.username(), "username");
        requireNotAbout(c, person, "username");
        if (c.isNamed(person.id())) {
            throw new InvalidRequestException("username", person.fullName() + " is already named on this case");
        }
        cases.update(c, "named_staff = array_append(named_staff, :person)", params("person", person.id()));
        events.publishEvent(new CaseEvents.StaffNamed(
                c.id(),
                c.reference(),
                actor.username(),
                now(),
                person.username(),
                cmd.reason().strip()));
        audit.recordOnCase(
                actor.username(),
                SecurityAudit.Action.STAFF_NAMED_ON_CASE,
                c.reference(),
                Map.of("staff", person.username()));
        return reload(c, actor);
    }

    /**
     * The complaint is about this member of staff: from now on they never see the case. The case must first be taken
     * away from them if they own it, it waits for them, or they review it; and someone must be left to oversee it
     * ({@link ComplaintOversight}).
     */
    @Transactional
    public CaseView markAboutStaff(String reference, Integer ifMatch, CaseCommands.AboutStaff cmd, Actor actor) {
        CaseRecord c = visible(reference, actor);
        requireVersion(c, ifMatch);
        requireHandler(actor, c);
        StaffMember person = directory
                .staffByUsername(cmd.username())
                .orElseThrow(() -> new InvalidRequestException(
                        "username", "no member of staff is called '" + cmd.username() + "'"));
        if (c.isAbout(person.id())) {
            throw new InvalidRequestException(
                    "username", "this case is already recorded as being about " + person.fullName());
        }
        if (c.ownerId() == person.id() || isMe(c.pendingOwnerId(), person.id()) || isMe(c.reviewerId(), person.id())) {
            throw new ConflictException(
                    person.fullName() + " owns, is being referred or reviews this case: assign it to"
                            + " someone else first, then record that it is about them.");
        }
        List<Long> subjects = new ArrayList<>(c.subjectStaff());
        subjects.add(person.id());
        oversight.refusal(CaseAccess.Parties.of(c), subjects).ifPresent(why -> {
            throw new InvalidRequestException("username", why);
        });
        cases.update(
                c,
                "subject_staff = array_append(subject_staff, :person), named_staff = array_remove(named_staff, :person)",
                params("person", person.id()));
        events.publishEvent(new CaseEvents.ComplaintAboutStaff(
                c.id(), c.reference(), actor.username(), now(), person.username(), blankToNull(cmd.note())));
        audit.recordOnCase(
                actor.username(),
                SecurityAudit.Action.STAFF_NAMED_AS_SUBJECT,
                c.reference(),
                Map.of("staff", person.username()));
        return reload(c, actor);
    }

    /**
     * Takes a member of staff off the complaint's subjects, with the reason, so that they may see the case again as
     * anyone else would: recording who a complaint is about is reversible, by an executive or a manager who handles
     * the case ({@link ComplaintOversight#mayTakeOff}).
     */
    @Transactional
    public CaseView removeAboutStaff(
            String reference, Integer ifMatch, CaseCommands.RemoveAboutStaff cmd, Actor actor) {
        CaseRecord c = visible(reference, actor);
        requireVersion(c, ifMatch);
        if (!ComplaintOversight.mayTakeOff(actor, CaseAccess.canHandle(actor, c))) {
            throw new AccessDeniedException("Only an executive or a manager of " + c.departmentName()
                    + " may take someone off the staff a complaint is about.");
        }
        StaffMember person = directory
                .staffByUsername(cmd.username())
                .filter(p -> c.isAbout(p.id()))
                .orElseThrow(() -> new InvalidRequestException(
                        "username", "this case is not recorded as being about '" + cmd.username() + "'"));
        cases.update(c, "subject_staff = array_remove(subject_staff, :person)", params("person", person.id()));
        events.publishEvent(new CaseEvents.ComplaintAboutStaffRemoved(
                c.id(),
                c.reference(),
                actor.username(),
                now(),
                person.username(),
                cmd.reason().strip()));
        audit.recordOnCase(
                actor.username(),
                SecurityAudit.Action.STAFF_REMOVED_AS_SUBJECT,
                c.reference(),
                Map.of("staff", person.username(), "reason", cmd.reason().strip()));
        return reload(c, actor);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static boolean isMe(Long staffId, long id) {
        return staffId != null && staffId == id;
    }

    private void requireVersion(CaseRecord c, Integer ifMatch) {
        if (ifMatch != null && ifMatch != c.version()) {
            throw new PreconditionFailedException(
                    "The case has changed since version " + ifMatch + " (it is now at version " + c.version()
                            + "). Reload it and try again.",
                    c.version());
        }
    }

    private StaffMember activeStaff(String username, String field) {
        return directory
                .staffByUsername(username)
                .filter(StaffMember::active)
                .orElseThrow(() ->
                        new InvalidRequestException(field, "no active member of staff is called '" + username + "'"));
    }

    /** Nobody is handed a complaint about themselves. */
    private static void requireNotAbout(CaseRecord c, StaffMember person, String field) {
        if (c.isAbout(person.id())) {
            throw new InvalidRequestException(
                    field, "the complaint is about " + person.fullName() + ", who may not see or handle it");
        }
    }

    private CaseRecord visible(String reference, Actor actor) {
        return cases.findByReference(reference)
                .filter(c -> CaseAccess.canSee(actor, c))
                .orElseThrow(() -> new NotFoundException("No case " + reference));
    }

    private CaseRecord load(String reference, Integer ifMatch, Actor actor, CaseAction action) {
        CaseRecord c = visible(reference, actor);
        requireVersion(c, ifMatch);
        CaseRules.require(action, views.state(c));
        return c;
    }

    /** As {@link #load}, for actions that only the case's handlers may take. */
    private CaseRecord loadForHandler(String reference, Integer ifMatch, Actor actor, CaseAction action) {
        CaseRecord c = load(reference, ifMatch, actor, action);
        requireHandler(actor, c);
        return c;
    }

    private CaseView reload(CaseRecord c, Actor actor) {
        return views.full(cases.findById(c.id()).orElseThrow(), actor);
    }

    private static void requireHandler(Actor actor, CaseRecord c) {
        if (!CaseAccess.canHandle(actor, c)) {
            throw new AccessDeniedException(
                    "Only the owner, members of " + c.departmentName() + " and executives may act on this case.");
        }
    }

    private static void requireReferralReceiver(Actor actor, CaseRecord c) {
        boolean receiver = c.pendingOwnerId() == actor.staffId()
                || (actor.has(Role.MANAGER) && actor.belongsTo(c.pendingDepartmentId()))
                || actor.has(Role.EXECUTIVE);
        if (!receiver) {
            throw new AccessDeniedException("Only " + c.pendingOwnerName() + ", a manager of "
                    + c.pendingDepartmentName() + " or an executive may answer this referral.");
        }
    }

    private void requireReviewer(Actor actor, CaseRecord c) {
        if (!actor.has(Role.EXECUTIVE)) {
            throw new AccessDeniedException("An internal review is conducted by an executive.");
        }
        if (cases.isHandler(c.id(), actor.staffId())) {
            throw new AccessDeniedException(
                    "You handled this case, so you may not review it: an internal review is conducted"
                            + " by an executive who did not handle the case.");
        }
        if (c.reviewerId() != null && c.reviewerId() != actor.staffId()) {
            throw new AccessDeniedException(
                    "This review is assigned to " + c.reviewerName() + "; an executive may reassign it.");
        }
    }

    private StaffMember eligibleReviewer(CaseRecord c, String username, String field) {
        StaffMember reviewer = directory
                .staffByUsername(username)
                .filter(StaffMember::active)
                .orElseThrow(() ->
                        new InvalidRequestException(field, "no active member of staff is called '" + username + "'"));
        if (!directory
                .actorFor(reviewer.username())
                .map(a -> a.has(Role.EXECUTIVE))
                .orElse(false)) {
            throw new InvalidRequestException(field, reviewer.fullName() + " is not an executive");
        }
        if (cases.isHandler(c.id(), reviewer.id())) {
            throw new InvalidRequestException(field, reviewer.fullName() + " handled this case and may not review it");
        }
        requireNotAbout(c, reviewer, field);
        return reviewer;
    }

    /** The active executive who has not handled the case and has the fewest reviews in hand. */
    private StaffMember pickReviewer(CaseRecord c) {
        return jdbc.sql("""
                        select s.id, s.username, s.full_name, s.email, s.active
                        from identity_staff s
                        join identity_staff_role r on r.staff_id = s.id and r.role = 'EXECUTIVE'
                        where s.active and not exists (select 1 from case_handler h where h.case_id = ? and h.staff_id = s.id)
                          and not s.id = any(select unnest(subject_staff) from cases where id = ?)
                        order by (select count(*) from cases x where x.reviewer_id = s.id and x.status = 'UNDER_REVIEW'), s.id
                        limit 1""")
                .param(c.id())
                .param(c.id())
                .query(StaffMember.class)
                .optional()
                .orElseThrow(() ->
                        new ConflictException("No executive who has not handled this case is available to review it."));
    }

    private StaffDirectory.Assignment receiver(String departmentCode, String ownerUsername) {
        StaffDirectory.Assignment a = directory
                .assignment(departmentCode, ownerUsername)
                .orElseThrow(() ->
                        new InvalidRequestException("department", "no department has code '" + departmentCode + "'"));
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
            return a;
        }
        if (a.lead() == null || !a.lead().active()) {
            throw new InvalidRequestException(
                    "owner", a.department().name() + " has no active lead; name the person to receive it");
        }
        return new StaffDirectory.Assignment(a.department(), a.lead(), true, a.lead());
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

    /** SQL assignments that also acknowledge the case when a reply reaches the customer before any acknowledgement. */
    private static String acknowledgeIfNeeded(
            CaseRecord c, Instant now, AcknowledgementMethod via, Map<String, Object> params, boolean setsStatus) {
        if (c.acknowledgedAt() != null) {
            return "";
        }
        StageOutcome outcome =
                c.acknowledgeBy() == null ? null : StageOutcome.judge(now, c.acknowledgeBy(), c.acknowledgeBy());
        params.put("ackVia", via.name());
        params.put("ackOutcome", name(outcome));
        return (c.status() == CaseStatus.RECEIVED && setsStatus ? ", status = 'ACKNOWLEDGED'" : "")
                + ", acknowledged_at = :at, acknowledged_via = :ackVia, acknowledge_outcome = :ackOutcome";
    }

    private static void requireReasons(Outcome outcome, String reasons, String field) {
        if (outcome != null && outcome.needsReasons() && (reasons == null || reasons.isBlank())) {
            throw new InvalidRequestException(
                    field, "are required when the outcome is " + outcome + ": give the customer clear reasons");
        }
    }

    private static boolean spokenChannel(Channel channel) {
        return channel == Channel.PHONE || channel == Channel.IN_PERSON;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static Map<String, Object> params(Object... keyValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private static java.sql.Timestamp ts(Instant instant) {
        return CaseRepository.ts(instant);
    }

    private static String name(Enum<?> e) {
        return e == null ? null : e.name();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
