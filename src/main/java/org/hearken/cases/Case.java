package org.hearken.cases;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.hearken.identity.Actor;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;

/**
 * A case as the lifecycle sees it, and everything that may happen to it. Immutable: each action takes who acts, when,
 * and what they asked (with anything that needs a look-up already looked up), and returns the new state together
 * with the events it causes, or throws {@link CaseRefused}. Who may do what is {@link CasePermissions}, the one rule
 * that both refuses here and tells the pages and the API what is on offer.
 *
 * <p>No database, clock or framework in here: the service loads the case, resolves the inputs, calls the action and
 * saves what it returns.
 */
record Case(
        long id,
        String reference,
        FeedbackKind kind,
        Channel channel,
        Instant receivedAt,
        boolean confidential,
        long loggedBy,
        Terms terms,
        int version,
        CaseStatus status,
        Person owner,
        Team department,
        Referral referral,
        List<Stage> stages,
        AcknowledgementMethod acknowledgedVia,
        Instant respondedAt,
        Outcome outcome,
        boolean firstContactResolution,
        String category,
        Instant expectedBy,
        Instant closedAt,
        int reopenCount,
        Review review,
        Improvement improvement,
        List<Long> named,
        List<Long> subjects,
        Set<Long> handlers,
        Map<Long, RemedyStatus> remedies,
        List<Long> clientManagers) {

    /**
     * What the case's policy version says that the lifecycle needs to know; {@code procedure} is its rule pack's, or
     * {@link Procedure#NONE} under the policy's own targets.
     */
    record Terms(boolean reviewAvailable, boolean interimMeetsRespondTarget, Procedure procedure) {
        Terms(boolean reviewAvailable, boolean interimMeetsRespondTarget) {
            this(reviewAvailable, interimMeetsRespondTarget, Procedure.NONE);
        }
    }

    record Person(long id, String username, String name) {}

    record Team(long id, String code, String name) {}

    /** Who is being offered the case, by whom and why. */
    record Referral(Person to, Team department, String note, Instant at, Long byId, String byUsername) {}

    record Review(Instant requestedAt, String reason, Person reviewer, ReviewDecision decision) {}

    /** Where a suggestion stands in the policy review. */
    record Improvement(ImprovementStatus status, String note, Instant changedAt, Long changedBy) {
        static final Improvement NONE = new Improvement(null, null, null, null);
    }

    /** A new owner, looked up: the member of staff and the department they will own it for. */
    record Assignee(Person owner, Team department) {}

    /** A remedy to offer, with the identifier reserved for it. */
    record RemedyOffer(long id, RemedyType type, String description, BigDecimal value, RemedyStatus status) {}

    Case {
        stages = stages.stream().filter(s -> !s.isEmpty()).toList();
        named = List.copyOf(named);
        subjects = List.copyOf(subjects);
        handlers = Set.copyOf(handlers);
        remedies = Map.copyOf(remedies);
        clientManagers = List.copyOf(clientManagers);
        improvement = improvement == null ? Improvement.NONE : improvement;
    }

    // ---- what the rules read ----------------------------------------------------------------------------------------

    Stage stage(Stage.Kind kind) {
        return stages.stream().filter(s -> s.kind() == kind).findFirst().orElse(Stage.empty(kind));
    }

    /** What the state rules ({@link CaseRules}) need to know. */
    CaseState state() {
        return new CaseState(
                status,
                referral != null,
                stage(Stage.Kind.RESPOND).hasTarget(),
                !remedies.isEmpty(),
                terms.reviewAvailable(),
                stage(Stage.Kind.REVIEW).completed(),
                terms.procedure().stage2(),
                status == CaseStatus.UNDER_REVIEW
                        && stage(Stage.Kind.REVIEW_ACKNOWLEDGE).hasTarget()
                        && !stage(Stage.Kind.REVIEW_ACKNOWLEDGE).completed());
    }

    CaseAccess.Parties parties() {
        return new CaseAccess.Parties(
                owner.id(),
                referral == null ? null : referral.to().id(),
                review == null || review.reviewer() == null
                        ? null
                        : review.reviewer().id(),
                named,
                subjects,
                confidential,
                loggedBy,
                department.id(),
                referral == null ? null : referral.department().id(),
                clientManagers);
    }

    boolean isAbout(long staffId) {
        return subjects.contains(staffId);
    }

    boolean isNamed(long staffId) {
        return named.contains(staffId);
    }

    boolean handledBy(long staffId) {
        return handlers.contains(staffId);
    }

    boolean acknowledged() {
        return stage(Stage.Kind.ACKNOWLEDGE).completed();
    }

    boolean spoken() {
        return channel == Channel.PHONE || channel == Channel.IN_PERSON;
    }

    // ---- acknowledgement --------------------------------------------------------------------------------------------

    record Acknowledge(AcknowledgementMethod via, Instant at, String text) {}

    /** {@code at}: when the customer was told, if not now; {@code text}: the standard words, for the register. */
    CaseChange acknowledge(Actor actor, Instant now, Acknowledge cmd) {
        require(CaseAction.ACKNOWLEDGE, actor);
        Instant at = cmd.at() == null ? now : cmd.at();
        if (at.isAfter(now.plusSeconds(300))) {
            throw CaseRefused.invalid("at", "is in the future");
        }
        if (at.isBefore(receivedAt)) {
            throw CaseRefused.invalid("at", "is before the feedback was received");
        }
        if (cmd.via() == AcknowledgementMethod.VERBAL && !spoken()) {
            throw CaseRefused.invalid(
                    "via", "VERBAL is for feedback given by phone or in person; use PHONE_CALL, EMAIL or LETTER");
        }
        Next next = next().acknowledge(at, cmd.via()).firstResponse(at).handler(actor.staffId());
        next.status = CaseStatus.ACKNOWLEDGED;
        StageOutcome outcome = stage(Stage.Kind.ACKNOWLEDGE).judge(at);
        return next.change(new CaseEvents.Acknowledged(
                id,
                reference,
                actor.username(),
                now,
                cmd.via(),
                at,
                outcome,
                cmd.text(),
                next.respondFromAcknowledgement,
                next.decideBy,
                next.updateBy));
    }

    /** Acknowledged in the call or visit in which the feedback was logged: the words were read out there and then. */
    CaseChange acknowledgeVerballyAtIntake(Actor actor, Instant now, String text) {
        if (!spoken()) {
            throw CaseRefused.invalid(
                    "acknowledgedVerbally",
                    "only feedback given by phone or in person is acknowledged during the contact");
        }
        requireState(CaseAction.ACKNOWLEDGE);
        Next next = next().acknowledge(now, AcknowledgementMethod.VERBAL).firstResponse(now);
        next.status = CaseStatus.ACKNOWLEDGED;
        StageOutcome outcome = stage(Stage.Kind.ACKNOWLEDGE).judge(now);
        return next.change(new CaseEvents.Acknowledged(
                id,
                reference,
                actor.username(),
                now,
                AcknowledgementMethod.VERBAL,
                now,
                outcome,
                text,
                next.respondFromAcknowledgement,
                next.decideBy,
                next.updateBy));
    }

    /**
     * An acknowledgement that reached the customer without anyone acting (the automatic e-mail on intake, say); changes
     * nothing if the case was acknowledged meanwhile.
     */
    CaseChange acknowledgeAutomatically(Instant now, AcknowledgementMethod via, Instant at, String text) {
        if (acknowledged() || status != CaseStatus.RECEIVED) {
            return CaseChange.none(this);
        }
        Next next = next().acknowledge(at, via).firstResponse(at);
        next.status = CaseStatus.ACKNOWLEDGED;
        StageOutcome outcome = stage(Stage.Kind.ACKNOWLEDGE).judge(at);
        return next.change(new CaseEvents.Acknowledged(
                id,
                reference,
                "hearken (automatic " + via.name().toLowerCase(Locale.ROOT) + ")",
                now,
                via,
                at,
                outcome,
                text,
                next.respondFromAcknowledgement,
                next.decideBy,
                next.updateBy));
    }

    // ---- ownership --------------------------------------------------------------------------------------------------

    record Refer(Lookup<Assignee> to, String note) {}

    CaseChange refer(Actor actor, Instant now, Refer cmd) {
        require(CaseAction.REFER, actor);
        Assignee to = cmd.to().get();
        requireNotAbout(to.owner(), "owner");
        if (to.owner().id() == owner.id() && to.department().id() == department.id()) {
            throw CaseRefused.invalid("owner", to.owner().name() + " already owns this case");
        }
        String note = cmd.note().strip();
        Next next = next().handler(actor.staffId());
        next.referral = new Referral(to.owner(), to.department(), note, now, actor.staffId(), actor.username());
        return next.change(new CaseEvents.Referred(
                id,
                reference,
                actor.username(),
                now,
                owner.username(),
                department.code(),
                to.owner().username(),
                to.department().code(),
                note));
    }

    CaseChange acceptReferral(Actor actor, Instant now) {
        require(CaseAction.ACCEPT_REFERRAL, actor);
        return next().handTo(referral.to(), referral.department())
                .change(new CaseEvents.ReferralAccepted(
                        id,
                        reference,
                        actor.username(),
                        now,
                        referral.to().username(),
                        referral.department().code()));
    }

    CaseChange declineReferral(Actor actor, Instant now, String reason) {
        require(CaseAction.DECLINE_REFERRAL, actor);
        Next next = next();
        next.referral = null;
        return next.change(new CaseEvents.ReferralDeclined(
                id, reference, actor.username(), now, referral.to().username(), reason.strip()));
    }

    record Assign(Lookup<Assignee> to, String note) {}

    /** A manager's direct assignment: the new owner takes the case at once, and a pending referral lapses. */
    CaseChange assign(Actor actor, Instant now, Assign cmd) {
        require(CaseAction.ASSIGN, actor);
        Assignee to = cmd.to().get();
        requireNotAbout(to.owner(), "owner");
        return next().handTo(to.owner(), to.department())
                .change(new CaseEvents.Assigned(
                        id,
                        reference,
                        actor.username(),
                        now,
                        owner.username(),
                        to.owner().username(),
                        to.department().code(),
                        cmd.note()));
    }

    // ---- responses --------------------------------------------------------------------------------------------------

    /** {@code expectedBy}: close of business on the day the customer was given, under the case's calendar. */
    /**
     * {@code holding}: the holding response of a rule pack with an exceptional response period, which moves the
     * response's due date to that period; {@code standardWords}: the template's words around the message.
     */
    record InterimResponse(
            AcknowledgementMethod channel,
            String message,
            Lookup<Instant> expectedBy,
            boolean holding,
            String standardWords) {

        InterimResponse(AcknowledgementMethod channel, String message, Lookup<Instant> expectedBy) {
            this(channel, message, expectedBy, false, "");
        }
    }

    CaseChange respondInterim(Actor actor, Instant now, InterimResponse cmd) {
        require(CaseAction.INTERIM_RESPONSE, actor);
        Instant expected = cmd.expectedBy().get();
        if (!expected.isAfter(now)) {
            throw CaseRefused.invalid("expectedBy", "must be a business day that has not yet closed");
        }
        String message = cmd.message().strip();
        Next next = next().firstResponse(now)
                .acknowledgeIfNeeded(now, cmd.channel(), true)
                .handler(actor.staffId());
        next.expectedBy = expected;
        next.toldOfProgress(now, actor.username(), now);
        Stage respond = stage(Stage.Kind.RESPOND);
        if (cmd.holding()) {
            next.stage(holdingResponse(respond, now, expected, cmd));
        }
        if (respond.hasTarget() && !respond.completed() && terms.interimMeetsRespondTarget()) {
            // The policy counts "a resolution or an interim response" as meeting the respond target.
            next.stage(respond.completedAt(now, respond.judge(now)));
        }
        next.details.add(new CaseChange.NewResponse(
                "INTERIM", now, actor.staffId(), cmd.channel(), null, message, null, null, expected, null));
        return next.change(new CaseEvents.InterimResponseGiven(
                id, reference, actor.username(), now, cmd.channel(), message, expected));
    }

    /** {@code category}: the active category the response is filed under, or null. */
    record Respond(
            AcknowledgementMethod channel,
            String analysis,
            String resolution,
            Outcome outcome,
            String reasons,
            Lookup<String> category,
            List<RemedyOffer> remedies,
            boolean summaryResolution,
            java.util.function.Function<Instant, String> inWords,
            String standardWords) {

        Respond(
                AcknowledgementMethod channel,
                String analysis,
                String resolution,
                Outcome outcome,
                String reasons,
                Lookup<String> category,
                List<RemedyOffer> remedies) {
            this(channel, analysis, resolution, outcome, reasons, category, remedies, false, Instant::toString, "");
        }
    }

    CaseChange respond(Actor actor, Instant now, Respond cmd) {
        require(CaseAction.RESPOND, actor);
        requireReasons(cmd.outcome(), cmd.reasons(), "reasons");
        Procedure procedure = terms.procedure();
        if (cmd.summaryResolution()) {
            if (procedure.quickResolutionBy() == null) {
                throw CaseRefused.invalid(
                        "summaryResolution", "the case's policy has no quick-resolution window; send a full response");
            }
            Instant window = procedure.quickResolutionBy().apply(receivedAt);
            if (now.isAfter(window)) {
                throw CaseRefused.conflict(
                        "The window for a summary resolution ended "
                                + cmd.inWords().apply(window) + " (" + procedure.quickResolutionClause()
                                + "). Send a full response.",
                        Map.of("quickResolutionBy", window.toString()));
            }
        }
        requireLetterBlocks(
                cmd.summaryResolution()
                        ? "summary-resolution"
                        : cmd.outcome() == Outcome.NOT_ACCEPTED
                                ? procedure.letterKind("not-accepted")
                                : procedure.letterKind("final-response", "stage1-response"),
                String.join(
                        "\n",
                        cmd.analysis() == null ? "" : cmd.analysis(),
                        cmd.resolution(),
                        cmd.reasons() == null ? "" : cmd.reasons(),
                        cmd.standardWords() == null ? "" : cmd.standardWords()),
                "resolution");
        String filedUnder = cmd.category().get();
        Stage respond = stage(Stage.Kind.RESPOND);
        StageOutcome stageOutcome =
                !respond.hasTarget() || respond.completed() ? respond.outcome() : respond.judge(now);
        Next next = next().firstResponse(now)
                .acknowledgeIfNeeded(now, cmd.channel(), false)
                .decided(now)
                .handler(actor.staffId());
        next.status = CaseStatus.RESPONDED;
        next.respondedAt = now;
        next.outcome = cmd.outcome();
        next.category = filedUnder == null ? category : filedUnder;
        next.stage(respond.completedAt(respond.completed() ? respond.completedAt() : now, stageOutcome));
        next.details.add(new CaseChange.NewResponse(
                "SUBSTANTIVE",
                now,
                actor.staffId(),
                cmd.channel(),
                blankToNull(cmd.analysis()),
                cmd.resolution().strip(),
                cmd.outcome(),
                blankToNull(cmd.reasons()),
                null,
                filedUnder));
        next.events.add(new CaseEvents.Responded(
                id,
                reference,
                actor.username(),
                now,
                cmd.channel(),
                blankToNull(cmd.analysis()),
                cmd.resolution().strip(),
                cmd.outcome(),
                blankToNull(cmd.reasons()),
                stageOutcome,
                filedUnder));
        for (RemedyOffer remedy : cmd.remedies()) {
            next.offer(remedy, actor, now);
        }
        return next.change();
    }

    /**
     * Refuses a letter of {@code kind} whose {@code text} lacks a block the case's rule pack requires in it, naming
     * each missing block and its clause; nothing to check when {@code kind} is null.
     */
    private void requireLetterBlocks(String kind, String text, String field) {
        if (kind == null) {
            return;
        }
        List<org.hearken.policy.RulePack.LetterBlock> missing =
                terms.procedure().missing(kind, text);
        if (!missing.isEmpty()) {
            throw CaseRefused.invalid(
                    field,
                    "lacks what " + terms.procedure().pack() + " requires in a " + kind.replace('-', ' ') + ": "
                            + String.join(
                                    "; ",
                                    missing.stream()
                                            .map(b -> b.title() + " (" + b.clause() + "; it must say "
                                                    + String.join(
                                                            ", ",
                                                            b.mustContain().stream()
                                                                    .map(x -> "\"" + x + "\"")
                                                                    .toList())
                                                    + ")")
                                            .toList()));
        }
    }

    /**
     * A message to the customer from the case (the composer) told them how things stand: where the case's pack asks for
     * progress updates, the next one is due from now. Nothing changes otherwise.
     */
    CaseChange progressMessage(Actor actor, Instant now) {
        require(CaseAction.WRITE_TO_CUSTOMER, actor);
        Stage update = stage(Stage.Kind.UPDATE);
        Stage decide = stage(Stage.Kind.DECIDE);
        boolean running = status == CaseStatus.RECEIVED || status == CaseStatus.ACKNOWLEDGED;
        if (!running || (!update.hasTarget() && (!decide.hasTarget() || decide.completed()))) {
            return CaseChange.none(this);
        }
        return next().toldOfProgress(now, actor.username(), now).change();
    }

    CaseChange addRemedy(Actor actor, Instant now, RemedyOffer remedy) {
        require(CaseAction.ADD_REMEDY, actor);
        return next().offer(remedy, actor, now).change();
    }

    CaseChange updateRemedy(Actor actor, Instant now, long remedyId, RemedyStatus status) {
        require(CaseAction.UPDATE_REMEDY, actor);
        if (!remedies.containsKey(remedyId)) {
            throw CaseRefused.invalid("remedyId", "this case has no remedy " + remedyId);
        }
        Next next = next();
        next.remedies.put(remedyId, status);
        next.details.add(new CaseChange.RemedyDecided(remedyId, status, now));
        return next.change(new CaseEvents.RemedyUpdated(id, reference, actor.username(), now, remedyId, status));
    }

    /** Resolves a respond stage as {@link #respond} does, and acknowledges, all in the call or visit itself. */
    record FirstContactResolution(
            String analysis, String resolution, Outcome outcome, String reasons, Lookup<String> category) {}

    CaseChange resolveAtFirstContact(Actor actor, Instant now, FirstContactResolution cmd) {
        if (!spoken()) {
            throw CaseRefused.invalid(
                    "resolvedAtFirstContact",
                    "only feedback given by phone or in person can be resolved at first contact");
        }
        requireState(CaseAction.RESPOND);
        requireReasons(cmd.outcome(), cmd.reasons(), "resolvedAtFirstContact.reasons");
        String filedUnder = cmd.category().get();
        Stage acknowledge = stage(Stage.Kind.ACKNOWLEDGE);
        Stage respond = stage(Stage.Kind.RESPOND);
        Next next = next().handler(actor.staffId());
        next.status = CaseStatus.CLOSED;
        next.acknowledgedVia = AcknowledgementMethod.VERBAL;
        next.stage(acknowledge.completedAt(now, acknowledge.judge(now)));
        next.stage(stage(Stage.Kind.FIRST_RESPONSE).completedAt(now, null));
        next.stage(respond.completedAt(now, respond.judge(now)));
        next.respondedAt = now;
        next.outcome = cmd.outcome();
        next.closedAt = now;
        next.category = filedUnder;
        next.firstContactResolution = true;
        next.details.add(new CaseChange.NewResponse(
                "SUBSTANTIVE",
                now,
                actor.staffId(),
                AcknowledgementMethod.VERBAL,
                blankToNull(cmd.analysis()),
                cmd.resolution().strip(),
                cmd.outcome(),
                blankToNull(cmd.reasons()),
                null,
                filedUnder));
        return next.change(new CaseEvents.ResolvedAtFirstContact(
                id,
                reference,
                actor.username(),
                now,
                cmd.resolution().strip(),
                cmd.outcome(),
                blankToNull(cmd.reasons()),
                filedUnder));
    }

    // ---- extension --------------------------------------------------------------------------------------------------

    /**
     * {@code newDue}: close of business on the new date under the case's calendar; {@code currentDueInWords} and
     * {@code noticeText} are the service's wording of the current due date and of the customer's notice.
     */
    record Extend(
            Lookup<Instant> newDue,
            String reason,
            AcknowledgementMethod noticeChannel,
            String agreedBy,
            Instant agreedAt,
            String currentDueInWords,
            String noticeText,
            java.util.function.Function<Instant, String> inWords,
            int extendedSoFar) {

        Extend(
                Lookup<Instant> newDue,
                String reason,
                AcknowledgementMethod noticeChannel,
                String agreedBy,
                Instant agreedAt,
                String currentDueInWords,
                String noticeText) {
            this(
                    newDue,
                    reason,
                    noticeChannel,
                    agreedBy,
                    agreedAt,
                    currentDueInWords,
                    noticeText,
                    Instant::toString,
                    0);
        }
    }

    /** The stage an extension moves: the review while the case is under review, else the response. */
    Stage.Kind extendable() {
        return status == CaseStatus.UNDER_REVIEW ? Stage.Kind.REVIEW : Stage.Kind.RESPOND;
    }

    CaseChange extend(Actor actor, Instant now, Extend cmd) {
        require(CaseAction.EXTEND, actor);
        Stage stage = stage(extendable());
        Instant current = stage.due();
        Instant newDue = cmd.newDue().get();
        if (!newDue.isAfter(current)) {
            throw CaseRefused.invalid(
                    "newDueDate", "must be later than the current due date, " + cmd.currentDueInWords());
        }
        if (cmd.agreedAt() != null && cmd.agreedAt().isAfter(now.plusSeconds(300))) {
            throw CaseRefused.invalid("agreement.agreedAt", "is in the future");
        }
        if (terms.procedure().governed()) {
            requireExtensionAllowed(stage, newDue, now, cmd);
        }
        String reason = cmd.reason().strip();
        String agreedBy = cmd.agreedBy() == null ? null : cmd.agreedBy().strip();
        Next next = next();
        next.stage(stage.dueAt(newDue));
        if (stage.kind() == Stage.Kind.RESPOND) {
            next.expectedBy = newDue;
        }
        // The notice tells the customer how things stand (and that more time is needed).
        next.toldOfProgress(now, actor.username(), now);
        next.details.add(new CaseChange.NewExtension(
                stage.kind().name(),
                current,
                newDue,
                reason,
                cmd.noticeChannel(),
                cmd.noticeText(),
                agreedBy,
                cmd.agreedAt(),
                now,
                actor.staffId()));
        return next.change(new CaseEvents.DueDateExtended(
                id,
                reference,
                actor.username(),
                now,
                stage.kind().name(),
                stage.originalDue(),
                current,
                newDue,
                reason,
                cmd.noticeChannel(),
                cmd.noticeText(),
                agreedBy,
                cmd.agreedAt()));
    }

    /**
     * The rule pack's extension rules: only before the due date (after it the stage is late and stays late), within
     * the pack's cap and number, with the notice content it requires; a stage the pack gives no extension may move only
     * by agreement with the customer.
     */
    private void requireExtensionAllowed(Stage stage, Instant newDue, Instant now, Extend cmd) {
        Procedure procedure = terms.procedure();
        String what = stage.kind() == Stage.Kind.REVIEW ? "The stage-2 response" : "The response";
        if (!now.isBefore(stage.due())) {
            throw CaseRefused.conflict(
                    what + " was due " + cmd.currentDueInWords()
                            + ". An extension is only possible before the due date: the stage is late, and stays late"
                            + " in every report.",
                    Map.of("dueAt", stage.due().toString()));
        }
        Procedure.Extension cap = procedure.extensions().get(stage.kind());
        List<String> missing = procedure.noticeBlocks(stage.kind()).stream()
                .filter(b -> !b.presentIn(cmd.noticeText()))
                .map(b -> b.title() + " (" + b.clause() + ")")
                .toList();
        if (cap == null) {
            if (procedure.letters().containsKey("delay-notice")) {
                // The regime lets the firm take longer with a written delay notice before the deadline (RG 271).
                if (!missing.isEmpty()) {
                    throw CaseRefused.invalid(
                            "noticeChannel",
                            "the delay notice lacks what " + procedure.pack() + " requires: "
                                    + String.join("; ", missing));
                }
                return;
            }
            if (cmd.agreedBy() == null) {
                throw CaseRefused.conflict(
                        procedure.pack() + " sets no extension of this stage. Record the customer's agreement to"
                                + " the new date, or answer by the due date.",
                        Map.of("pack", procedure.pack()));
            }
            return;
        }
        int sofar = Math.max(cmd.extendedSoFar(), stage.due().equals(stage.originalDue()) ? 0 : 1);
        if (sofar >= cap.times()) {
            throw CaseRefused.conflict(
                    what + " was already extended; " + procedure.pack() + " allows "
                            + (cap.times() == 1 ? "one extension" : cap.times() + " extensions") + " (" + cap.clause()
                            + ").",
                    Map.of("pack", procedure.pack()));
        }
        Instant latest = cap.latest().apply(stage.originalDue());
        if (newDue.isAfter(latest)) {
            throw CaseRefused.invalid(
                    "newDueDate",
                    "may be at most " + cap.max() + " after the original due date (" + cap.clause() + "): "
                            + cmd.inWords().apply(latest) + " at the latest");
        }
        if (!missing.isEmpty()) {
            throw CaseRefused.invalid(
                    "noticeChannel",
                    "the notice to the customer lacks what " + procedure.pack() + " requires: "
                            + String.join("; ", missing));
        }
    }

    /**
     * The holding response of a rule pack with an exceptional response period (DISP 1.6.2AR): given before the
     * response is due, with the blocks the pack requires of it, it moves the response's due date to the exceptional
     * period, counted from receipt, as an extension the customer was told of; the final response is expected by then.
     */
    private Stage holdingResponse(Stage respond, Instant now, Instant expected, InterimResponse cmd) {
        Procedure procedure = terms.procedure();
        if (procedure.respondExceptionalBy() == null) {
            throw CaseRefused.invalid(
                    "holdingResponse",
                    "the case's policy has no exceptional response period a holding response moves to");
        }
        if (!respond.hasTarget() || respond.completed()) {
            throw CaseRefused.conflict("The response has no running due date for a holding response to move.");
        }
        if (!now.isBefore(respond.due())) {
            throw CaseRefused.conflict("A holding response is only possible before the response's due date: the"
                    + " response is late, and stays late in every report.");
        }
        requireLetterBlocks(
                "holding-response",
                String.join("\n", cmd.message(), cmd.standardWords() == null ? "" : cmd.standardWords()),
                "message");
        Instant exceptional = procedure.respondExceptionalBy().apply(receivedAt);
        if (expected.isAfter(exceptional)) {
            throw CaseRefused.invalid(
                    "expectedBy", "must be no later than the end of the exceptional period the pack allows");
        }
        return respond.dueAt(exceptional);
    }

    // ---- closure, reopening -----------------------------------------------------------------------------------------

    CaseChange close(Actor actor, Instant now, String note) {
        require(CaseAction.CLOSE, actor);
        Next next = next();
        next.status = CaseStatus.CLOSED;
        next.closedAt = now;
        return next.change(new CaseEvents.Closed(id, reference, actor.username(), now, blankToNull(note)));
    }

    /** An internal note: the register keeps it; the case itself does not change. */
    CaseChange addNote(Actor actor, Instant now, String text) {
        require(CaseAction.ADD_NOTE, actor);
        return new CaseChange(
                this,
                this,
                List.of(new CaseEvents.NoteAdded(id, reference, actor.username(), now, text.strip())),
                List.of());
    }

    /** A file kept with the case: the register records its name and size; the case itself does not change. */
    CaseChange addFile(Actor actor, Instant now, String filename, long size) {
        require(CaseAction.ADD_FILE, actor);
        return new CaseChange(
                this,
                this,
                List.of(new CaseEvents.FileAdded(id, reference, actor.username(), now, filename, size)),
                List.of());
    }

    /** {@code respondBy}: the new respond target the policy sets from now, or null if it sets none. */
    CaseChange reopen(Actor actor, Instant now, String reason, Instant respondBy) {
        require(CaseAction.REOPEN, actor);
        Next next = next().handler(actor.staffId());
        next.status = acknowledged() ? CaseStatus.ACKNOWLEDGED : CaseStatus.RECEIVED;
        next.closedAt = null;
        next.respondedAt = null;
        next.outcome = null;
        next.expectedBy = respondBy;
        next.reopenCount = reopenCount + 1;
        next.stage(stage(Stage.Kind.RESPOND).restarted(now, respondBy));
        return next.change(new CaseEvents.Reopened(id, reference, actor.username(), now, reason.strip(), respondBy));
    }

    // ---- import ---------------------------------------------------------------------------------------------------

    /**
     * A case just opened as another system recorded it: received, with the stages its policy sets counted from when it
     * was received (acknowledging, first response, response), owned by {@code owner} in {@code department}; as
     * {@link CaseRepository#aggregate} reads a new row, without reading it.
     */
    static Case received(
            long id,
            String reference,
            FeedbackKind kind,
            Channel channel,
            Instant receivedAt,
            long loggedBy,
            Terms terms,
            Person owner,
            Team department,
            Instant acknowledgeBy,
            Instant firstResponseBy,
            Instant respondBy) {
        return new Case(
                id,
                reference,
                kind,
                channel,
                receivedAt,
                false,
                loggedBy,
                terms,
                0,
                CaseStatus.RECEIVED,
                owner,
                department,
                null,
                List.of(
                        new Stage(Stage.Kind.ACKNOWLEDGE, receivedAt, acknowledgeBy, acknowledgeBy, null, null),
                        new Stage(Stage.Kind.FIRST_RESPONSE, receivedAt, firstResponseBy, firstResponseBy, null, null),
                        new Stage(Stage.Kind.RESPOND, receivedAt, respondBy, respondBy, null, null)),
                null,
                null,
                null,
                false,
                null,
                respondBy,
                null,
                0,
                null,
                Improvement.NONE,
                List.of(),
                List.of(),
                Set.of(owner.id(), loggedBy),
                Map.of(),
                List.of());
    }

    /** What an import brings: the history as told, and the import it belongs to. */
    record ImportHistory(ImportedCase history, long importJob, Integer policyVersion) {}

    /**
     * Gives a case just opened by an import the history the old system recorded, exactly as if each step had been
     * taken on its date: acknowledged (under a rule pack that counts the response from the acknowledgement, the
     * response's due date is counted from it), responded to with its outcome, closed. Each stage done is judged
     * against its due date (met or missed); a stage still running keeps the due date the policy gives, past or not.
     * Its one event, {@link CaseEvents.Imported}, records who imported it and when, and the old dates as data.
     */
    CaseChange importHistory(Actor actor, Instant now, ImportHistory cmd) {
        if (status != CaseStatus.RECEIVED || version != 0) {
            throw CaseRefused.conflict("Only a case just opened by an import takes an imported history.", Map.of());
        }
        ImportedCase h = cmd.history();
        List<ImportedCase.Problem> problems = h.problems(now);
        if (!problems.isEmpty()) {
            throw CaseRefused.invalid(
                    problems.getFirst().field(), problems.getFirst().message());
        }
        Next next = next();
        if (h.acknowledgedAt() != null) {
            next.acknowledge(h.acknowledgedAt(), null).firstResponse(h.acknowledgedAt());
            next.status = CaseStatus.ACKNOWLEDGED;
        }
        if (h.respondedAt() != null) {
            Instant at = h.respondedAt();
            next.firstResponse(at).acknowledgeIfNeeded(at, null, false).decided(at);
            Stage respond = next.stages.get(Stage.Kind.RESPOND);
            next.stage(respond.completedAt(at, respond.judge(at)));
            next.status = CaseStatus.RESPONDED;
            next.respondedAt = at;
            next.outcome = h.outcome();
        }
        next.category = h.category();
        if (h.closedAt() != null) {
            next.status = CaseStatus.CLOSED;
            next.closedAt = h.closedAt();
        }
        List<CaseEvents.Imported.RunningStage> running = new ArrayList<>();
        if (next.status != CaseStatus.CLOSED) {
            for (Stage s : next.stages.values()) {
                boolean runs = switch (s.kind()) {
                    case ACKNOWLEDGE -> true;
                    case RESPOND, DECIDE, UPDATE -> next.status != CaseStatus.RESPONDED;
                    default -> false;
                };
                if (runs && s.hasTarget() && !s.completed()) {
                    running.add(new CaseEvents.Imported.RunningStage(s.kind().name(), s.due()));
                }
            }
        }
        return next.change(new CaseEvents.Imported(
                id,
                reference,
                actor.username(),
                now,
                cmd.importJob(),
                h.source(),
                h.sourceReference(),
                kind,
                channel,
                receivedAt,
                department.code(),
                owner.username(),
                next.status,
                h.acknowledgedAt(),
                h.respondedAt(),
                h.closedAt(),
                h.outcome(),
                h.category(),
                cmd.policyVersion(),
                running));
    }

    // ---- reclassification -------------------------------------------------------------------------------------------

    /**
     * The due dates the case's policy version sets for the new kind and channel, null where it sets none: acknowledging,
     * the first response and the response counted from the receipt, the review from its request (null when none runs).
     */
    record Targets(Instant acknowledgeBy, Instant firstResponseBy, Instant respondBy, Instant reviewBy) {
        Instant of(Stage.Kind stage) {
            return switch (stage) {
                case ACKNOWLEDGE -> acknowledgeBy;
                case FIRST_RESPONSE -> firstResponseBy;
                case RESPOND -> respondBy;
                case REVIEW -> reviewBy;
                case REVIEW_ACKNOWLEDGE, DECIDE, UPDATE -> null;
            };
        }
    }

    record Reclassify(FeedbackKind kind, Channel channel, String reason, Targets due) {}

    /**
     * The kind or channel was recorded in error. Every stage still to be completed is counted again to the new targets
     * ({@link Stage#recounted}): from the receipt, the review from its request; a reopened case's response, counted from
     * the reopening, keeps its due date. Completed stages keep their dates, completion and outcome. The date the
     * customer was given follows the response's while it was that date.
     */
    CaseChange reclassify(Actor actor, Instant now, Reclassify cmd) {
        require(CaseAction.RECLASSIFY, actor);
        if (cmd.kind() == kind && cmd.channel() == channel) {
            throw CaseRefused.invalid(
                    "kind", "the case is already recorded as " + kind + " by " + channel + "; change one of them");
        }
        Next next = next();
        next.kind = cmd.kind();
        next.channel = cmd.channel();
        List<CaseEvents.Reclassified.DueDate> dueDates = new ArrayList<>();
        for (Stage.Kind k : Stage.Kind.values()) {
            Stage before = stage(k);
            Instant anchor = recountedFrom(k);
            if (before.completed() || anchor == null) {
                continue;
            }
            Stage after = before.recounted(anchor, cmd.due().of(k));
            next.stage(after);
            if (before.due() != null || after.due() != null) {
                dueDates.add(new CaseEvents.Reclassified.DueDate(k.name(), before.due(), after.due()));
            }
        }
        Stage respond = stage(Stage.Kind.RESPOND);
        if (Objects.equals(expectedBy, respond.due())) {
            next.expectedBy = next.stages.get(Stage.Kind.RESPOND).due();
        }
        return next.change(new CaseEvents.Reclassified(
                id,
                reference,
                actor.username(),
                now,
                kind,
                cmd.kind(),
                channel,
                cmd.channel(),
                cmd.reason().strip(),
                dueDates));
    }

    /** Where a stage's clock starts when it is counted again, or null when it is not counted from the receipt or a request. */
    private Instant recountedFrom(Stage.Kind k) {
        return switch (k) {
            case ACKNOWLEDGE, FIRST_RESPONSE -> receivedAt;
            case RESPOND -> reopenCount == 0 ? receivedAt : null;
            case REVIEW ->
                status == CaseStatus.UNDER_REVIEW && !terms.procedure().stage2RespondCountsFromItsAcknowledgement()
                        ? review.requestedAt()
                        : null;
            // Counted from the escalation request or the acknowledgement by the case's pack, which reclassification
            // does not change.
            case REVIEW_ACKNOWLEDGE, DECIDE, UPDATE -> null;
        };
    }

    // ---- internal review --------------------------------------------------------------------------------------------

    /**
     * {@code requestedAt}: when the customer asked; {@code deadline}: the end of the time to ask, if the policy sets
     * one, with {@code deadlineInWords} for the customer; {@code reviewBy}: the review's due date counted from the
     * request; {@code reviewer}: the executive named, or the one picked.
     */
    record RequestReview(
            String reason,
            Instant requestedAt,
            Instant deadline,
            String deadlineInWords,
            Instant reviewBy,
            Lookup<Person> reviewer) {}

    CaseChange requestReview(Actor actor, Instant now, RequestReview cmd) {
        require(CaseAction.REQUEST_REVIEW, actor);
        return requested(actor.username(), now, cmd);
    }

    /**
     * The customer asks for stage 2 themselves (from the private status page): the case's state must allow it and its
     * pack must have a stage 2; nobody on the staff acts, so no right is needed, and {@code by} names the customer.
     */
    CaseChange customerEscalates(String by, Instant now, RequestReview cmd) {
        if (!terms.procedure().stage2()) {
            throw CaseRefused.conflict("This case has no stage 2 the customer can ask for.");
        }
        requireState(CaseAction.REQUEST_REVIEW);
        return requested(by, now, cmd);
    }

    private CaseChange requested(String by, Instant now, RequestReview cmd) {
        Instant requestedAt = cmd.requestedAt();
        Procedure procedure = terms.procedure();
        boolean stage2 = procedure.stage2() && status != CaseStatus.CLOSED;
        if (stage2) {
            Instant acknowledgedAt = stage(Stage.Kind.ACKNOWLEDGE).completedAt();
            if (requestedAt.isAfter(now.plusSeconds(300))
                    || (acknowledgedAt != null && requestedAt.isBefore(acknowledgedAt))) {
                throw CaseRefused.invalid("requestedAt", "must lie between the acknowledgement and now");
            }
        } else if (requestedAt.isAfter(now.plusSeconds(300)) || requestedAt.isBefore(closedAt)) {
            throw CaseRefused.invalid("requestedAt", "must lie between the closure of the case and now");
        }
        if ((cmd.reason() == null || cmd.reason().isBlank())
                && (!procedure.stage2() || procedure.escalationReasonRequired())) {
            throw CaseRefused.invalid(
                    "reason", "is required: say why the customer asks for the case to be looked at again");
        }
        if (cmd.deadline() != null && requestedAt.isAfter(cmd.deadline())) {
            throw CaseRefused.conflict(
                    "The time to ask for an internal review ended at " + cmd.deadlineInWords() + ".",
                    Map.of("reviewRequestDeadline", cmd.deadline().toString()));
        }
        Person reviewer = requireEligibleReviewer(cmd.reviewer().get(), "reviewer");
        String reason = blankToNull(cmd.reason());
        Next next = next();
        if (stage2) {
            // Stage 1 is over: a response it never gave, and whose due date had passed, stays missed.
            next.stage(stage(Stage.Kind.RESPOND).abandonedAt(requestedAt));
        }
        next.status = CaseStatus.UNDER_REVIEW;
        next.review = new Review(requestedAt, reason, reviewer, review == null ? null : review.decision());
        if (procedure.stage2AcknowledgeBy() != null) {
            next.stage(stage(Stage.Kind.REVIEW_ACKNOWLEDGE)
                    .restarted(requestedAt, procedure.stage2AcknowledgeBy().apply(requestedAt)));
        }
        // Under a pack whose stage-2 response counts from its acknowledgement, it has no due date until then.
        next.stage(stage(Stage.Kind.REVIEW)
                .restarted(requestedAt, procedure.stage2RespondCountsFromItsAcknowledgement() ? null : cmd.reviewBy()));
        return next.change(new CaseEvents.ReviewRequested(
                id,
                reference,
                by,
                now,
                requestedAt,
                reason,
                reviewer.username(),
                next.stages.get(Stage.Kind.REVIEW).due(),
                next.stages.get(Stage.Kind.REVIEW_ACKNOWLEDGE).due()));
    }

    /**
     * The stage-2 request is acknowledged at {@code at} (now when null): its acknowledgement stage is done, and the
     * stage-2 response's clock starts where the case's pack counts it from the acknowledgement.
     */
    CaseChange acknowledgeReview(Actor actor, Instant now, Instant at) {
        require(CaseAction.ACKNOWLEDGE_REVIEW, actor);
        Instant when = at == null ? now : at;
        if (when.isAfter(now.plusSeconds(300)) || when.isBefore(review.requestedAt())) {
            throw CaseRefused.invalid("at", "must lie between the stage-2 request and now");
        }
        Stage acknowledge = stage(Stage.Kind.REVIEW_ACKNOWLEDGE);
        StageOutcome outcome = acknowledge.judge(when);
        Next next = next();
        next.stage(acknowledge.completedAt(when, outcome));
        Instant reviewBy = stage(Stage.Kind.REVIEW).due();
        if (terms.procedure().stage2RespondCountsFromItsAcknowledgement()) {
            reviewBy = terms.procedure().stage2RespondBy().apply(when);
            next.stage(stage(Stage.Kind.REVIEW).restarted(when, reviewBy));
        }
        return next.change(
                new CaseEvents.ReviewAcknowledged(id, reference, actor.username(), now, when, outcome, reviewBy));
    }

    /** {@code reviewer}: an active executive, looked up. */
    CaseChange assignReviewer(Actor actor, Instant now, Lookup<Person> reviewer) {
        require(CaseAction.ASSIGN_REVIEWER, actor);
        Person chosen = requireEligibleReviewer(reviewer.get(), "reviewer");
        Next next = next();
        next.review = new Review(review.requestedAt(), review.reason(), chosen, review.decision());
        return next.change(new CaseEvents.ReviewerAssigned(id, reference, actor.username(), now, chosen.username()));
    }

    /** {@code outcome}: the new outcome, required when the decision is CHANGED. */
    record DecideReview(
            ReviewDecision decision,
            String analysis,
            String response,
            AcknowledgementMethod channel,
            Outcome outcome,
            String reasons,
            String standardWords) {

        DecideReview(
                ReviewDecision decision,
                String analysis,
                String response,
                AcknowledgementMethod channel,
                Outcome outcome,
                String reasons) {
            this(decision, analysis, response, channel, outcome, reasons, "");
        }
    }

    CaseChange decideReview(Actor actor, Instant now, DecideReview cmd) {
        require(CaseAction.DECIDE_REVIEW, actor);
        Outcome decided = outcome;
        if (cmd.decision() == ReviewDecision.CHANGED) {
            if (cmd.outcome() == null) {
                throw CaseRefused.invalid("outcome", "is required when the decision is CHANGED: give the new outcome");
            }
            decided = cmd.outcome();
        }
        requireReasons(decided, cmd.reasons(), "reasons");
        if (terms.procedure().stage2()) {
            requireLetterBlocks(
                    terms.procedure().letterKind("stage2-response", "final-response"),
                    String.join(
                            "\n",
                            cmd.analysis() == null ? "" : cmd.analysis(),
                            cmd.response(),
                            cmd.reasons() == null ? "" : cmd.reasons(),
                            cmd.standardWords() == null ? "" : cmd.standardWords()),
                    "response");
        }
        Stage stage = stage(Stage.Kind.REVIEW);
        StageOutcome stageOutcome =
                stage.due() == null ? null : StageOutcome.judge(now, stage.originalDue(), stage.due());
        Next next = next();
        Stage reviewAcknowledge = stage(Stage.Kind.REVIEW_ACKNOWLEDGE);
        if (reviewAcknowledge.hasTarget() && !reviewAcknowledge.completed()) {
            // Answering the stage-2 request acknowledges it too.
            next.stage(reviewAcknowledge.completedAt(now, reviewAcknowledge.judge(now)));
        }
        next.status = CaseStatus.RESPONDED;
        next.outcome = decided;
        next.review = new Review(review.requestedAt(), review.reason(), review.reviewer(), cmd.decision());
        next.stage(stage.completedAt(now, stageOutcome));
        next.details.add(new CaseChange.NewResponse(
                "REVIEW",
                now,
                actor.staffId(),
                cmd.channel(),
                blankToNull(cmd.analysis()),
                cmd.response().strip(),
                decided,
                blankToNull(cmd.reasons()),
                null,
                null));
        return next.change(new CaseEvents.ReviewDecided(
                id,
                reference,
                actor.username(),
                now,
                cmd.decision(),
                blankToNull(cmd.analysis()),
                cmd.response().strip(),
                decided,
                blankToNull(cmd.reasons()),
                cmd.channel(),
                stageOutcome));
    }

    // ---- suggestions ------------------------------------------------------------------------------------------------

    /** Where a suggestion stands in the policy review; the case may be in any state. */
    CaseChange recordImprovement(Actor actor, Instant now, ImprovementStatus status, String note) {
        CasePermissions.refusal(CasePermissions.Right.DECIDE_IMPROVEMENT, this, actor)
                .ifPresent(r -> {
                    throw r;
                });
        String why = blankToNull(note);
        Next next = next();
        next.improvement = new Improvement(status, why, now, actor.staffId());
        return next.change(new CaseEvents.ImprovementStatusChanged(
                id, reference, actor.username(), now, improvement.status(), status, why));
    }

    // ---- need-to-know -----------------------------------------------------------------------------------------------

    /** Gives {@code person} (an active member of staff, looked up) sight of the case by name. */
    CaseChange nameStaff(Actor actor, Instant now, Lookup<Person> person, String reason) {
        requireRight(CasePermissions.Right.HANDLE, actor);
        Person p = person.get();
        requireNotAbout(p, "username");
        if (isNamed(p.id())) {
            throw CaseRefused.invalid("username", p.name() + " is already named on this case");
        }
        Next next = next();
        next.named.add(p.id());
        return next.change(
                new CaseEvents.StaffNamed(id, reference, actor.username(), now, p.username(), reason.strip()));
    }

    /**
     * The complaint is about {@code person}, who from now on never sees it. They must first be taken off the case if
     * they own it, it waits for them or they review it; and one of the {@code overseers} must be left to oversee it.
     */
    CaseChange markAboutStaff(
            Actor actor, Instant now, Lookup<Person> person, String note, List<OversightRule.Overseer> overseers) {
        requireRight(CasePermissions.Right.HANDLE, actor);
        Person p = person.get();
        if (isAbout(p.id())) {
            throw CaseRefused.invalid("username", "this case is already recorded as being about " + p.name());
        }
        CaseAccess.Parties parties = parties();
        if (parties.ownerId() == p.id() || is(parties.pendingOwnerId(), p.id()) || is(parties.reviewerId(), p.id())) {
            throw CaseRefused.conflict(p.name() + " owns, is being referred or reviews this case: assign it to"
                    + " someone else first, then record that it is about them.");
        }
        List<Long> about = new ArrayList<>(subjects);
        about.add(p.id());
        OversightRule.refusal(about, overseers).ifPresent(why -> {
            throw CaseRefused.invalid("username", why);
        });
        Next next = next();
        next.subjects.add(p.id());
        next.named.remove(p.id());
        return next.change(new CaseEvents.ComplaintAboutStaff(
                id, reference, actor.username(), now, p.username(), blankToNull(note)));
    }

    /** Takes {@code person} (looked up by {@code username}) off the staff the complaint is about, for {@code reason}. */
    CaseChange removeAboutStaff(Actor actor, Instant now, String username, Lookup<Person> person, String reason) {
        requireRight(CasePermissions.Right.TAKE_OFF_SUBJECT, actor);
        Person p = person.get();
        if (!isAbout(p.id())) {
            throw CaseRefused.invalid("username", "this case is not recorded as being about '" + username + "'");
        }
        Next next = next();
        next.subjects.remove(p.id());
        return next.change(new CaseEvents.ComplaintAboutStaffRemoved(
                id, reference, actor.username(), now, p.username(), reason.strip()));
    }

    // ---- guards -----------------------------------------------------------------------------------------------------

    /** Refuses unless {@link CasePermissions} allows {@code action} to {@code actor} now: the state first, then who. */
    private void require(CaseAction action, Actor actor) {
        CasePermissions.refusal(action, this, actor).ifPresent(r -> {
            throw r;
        });
    }

    private void requireState(CaseAction action) {
        CaseRules.refusal(action, state()).ifPresent(r -> {
            throw r;
        });
    }

    private void requireRight(CasePermissions.Right right, Actor actor) {
        CasePermissions.refusal(right, this, actor).ifPresent(r -> {
            throw r;
        });
    }

    /** Nobody is handed a complaint about themselves. */
    private void requireNotAbout(Person person, String field) {
        if (isAbout(person.id())) {
            throw CaseRefused.invalid(
                    field, "the complaint is about " + person.name() + ", who may not see or handle it");
        }
    }

    /** An internal review is conducted by someone who did not handle the case and whom it is not about. */
    private Person requireEligibleReviewer(Person reviewer, String field) {
        if (handledBy(reviewer.id())) {
            throw CaseRefused.invalid(field, reviewer.name() + " handled this case and may not review it");
        }
        requireNotAbout(reviewer, field);
        return reviewer;
    }

    private static void requireReasons(Outcome outcome, String reasons, String field) {
        if (outcome != null && outcome.needsReasons() && (reasons == null || reasons.isBlank())) {
            throw CaseRefused.invalid(
                    field, "are required when the outcome is " + outcome + ": give the customer clear reasons");
        }
    }

    private static boolean is(Long staffId, long id) {
        return staffId != null && staffId == id;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    // ---- the next state ---------------------------------------------------------------------------------------------

    private Next next() {
        return new Next(this);
    }

    /** The state an action is building, with the events and records it causes; never leaves this class. */
    private static final class Next {
        private final Case from;
        FeedbackKind kind;
        Channel channel;
        CaseStatus status;
        Person owner;
        Team department;
        Referral referral;
        final Map<Stage.Kind, Stage> stages = new LinkedHashMap<>();
        AcknowledgementMethod acknowledgedVia;
        Instant respondedAt;
        Outcome outcome;
        boolean firstContactResolution;
        String category;
        Instant expectedBy;
        Instant closedAt;
        int reopenCount;
        Review review;
        Improvement improvement;
        final List<Long> named;
        final List<Long> subjects;
        final Set<Long> handlers;
        final Map<Long, RemedyStatus> remedies;
        final List<CaseEvent> events = new ArrayList<>();
        final List<CaseChange.Detail> details = new ArrayList<>();
        /** The response's due date where it was counted from this acknowledgement, else null. */
        Instant respondFromAcknowledgement;
        /** The decision's and the next progress update's due dates where this acknowledgement started them. */
        Instant decideBy;

        Instant updateBy;

        Next(Case c) {
            from = c;
            kind = c.kind;
            channel = c.channel;
            status = c.status;
            owner = c.owner;
            department = c.department;
            referral = c.referral;
            for (Stage.Kind kind : Stage.Kind.values()) {
                stages.put(kind, c.stage(kind));
            }
            acknowledgedVia = c.acknowledgedVia;
            respondedAt = c.respondedAt;
            outcome = c.outcome;
            firstContactResolution = c.firstContactResolution;
            category = c.category;
            expectedBy = c.expectedBy;
            closedAt = c.closedAt;
            reopenCount = c.reopenCount;
            review = c.review;
            improvement = c.improvement;
            named = new ArrayList<>(c.named);
            subjects = new ArrayList<>(c.subjects);
            handlers = new LinkedHashSet<>(c.handlers);
            remedies = new LinkedHashMap<>(c.remedies);
        }

        Next stage(Stage stage) {
            stages.put(stage.kind(), stage);
            return this;
        }

        /** The case goes to {@code to} in {@code in}, who becomes one of its handlers; a waiting referral lapses. */
        Next handTo(Person to, Team in) {
            handler(to.id());
            owner = to;
            department = in;
            referral = null;
            return this;
        }

        /** Whoever does the work on a case becomes one of its handlers, who may not later review it. */
        Next handler(long staffId) {
            handlers.add(staffId);
            return this;
        }

        /**
         * Acknowledged at {@code at}; where the case's pack counts the response from the acknowledgement, its clock
         * starts now.
         */
        Next acknowledge(Instant at, AcknowledgementMethod via) {
            Stage acknowledge = stages.get(Stage.Kind.ACKNOWLEDGE);
            stage(acknowledge.completedAt(at, acknowledge.judge(at)));
            acknowledgedVia = via;
            var fromAcknowledgement = from.terms.procedure().respondFromAcknowledgement();
            Stage respond = stages.get(Stage.Kind.RESPOND);
            if (fromAcknowledgement != null && !respond.completed() && from.reopenCount == 0) {
                Instant due = fromAcknowledgement.apply(at);
                stage(respond.restarted(at, due));
                expectedBy = due;
                respondFromAcknowledgement = due;
            }
            Procedure procedure = from.terms.procedure();
            if (procedure.decideBy() != null && !stages.get(Stage.Kind.DECIDE).completed()) {
                decideBy = procedure.decideBy().apply(at);
                stage(stages.get(Stage.Kind.DECIDE).restarted(at, decideBy));
            }
            if (procedure.nextUpdateBy() != null) {
                updateBy = procedure.nextUpdateBy().apply(at);
                stage(stages.get(Stage.Kind.UPDATE).restarted(at, updateBy));
            }
            return this;
        }

        /**
         * The customer was told how things stand at {@code at} (an interim response, an extension notice, a message
         * from the case): where the case's pack asks for progress updates, the next one is due from now, and the
         * decision whether more time is needed is made.
         */
        Next toldOfProgress(Instant at, String actor, Instant now) {
            decided(at);
            Stage update = stages.get(Stage.Kind.UPDATE);
            Procedure procedure = from.terms.procedure();
            if (update.hasTarget() && procedure.nextUpdateBy() != null) {
                Instant next = procedure.nextUpdateBy().apply(at);
                stage(update.restarted(at, next));
                events.add(new CaseEvents.ProgressUpdateDue(
                        from.id, from.reference, actor, now, at, update.judge(at), next));
            }
            return this;
        }

        /** The response made the decision too (it needed no more time). */
        Next decided(Instant at) {
            Stage decide = stages.get(Stage.Kind.DECIDE);
            if (decide.hasTarget() && !decide.completed()) {
                stage(decide.completedAt(at, decide.judge(at)));
            }
            return this;
        }

        /** The first reply of any kind: the earliest one counts. */
        Next firstResponse(Instant at) {
            Stage first = stages.get(Stage.Kind.FIRST_RESPONSE);
            if (!first.completed() || at.isBefore(first.completedAt())) {
                stage(first.completedAt(at, first.outcome()));
            }
            return this;
        }

        /** A reply that reaches the customer before any acknowledgement acknowledges the case too. */
        Next acknowledgeIfNeeded(Instant at, AcknowledgementMethod via, boolean setsStatus) {
            if (stages.get(Stage.Kind.ACKNOWLEDGE).completed()) {
                return this;
            }
            acknowledge(at, via);
            if (setsStatus && status == CaseStatus.RECEIVED) {
                status = CaseStatus.ACKNOWLEDGED;
            }
            return this;
        }

        Next offer(RemedyOffer remedy, Actor actor, Instant now) {
            RemedyStatus status = remedy.status() == null ? RemedyStatus.OFFERED : remedy.status();
            String description = blankToNull(remedy.description());
            remedies.put(remedy.id(), status);
            details.add(new CaseChange.NewRemedy(
                    remedy.id(), remedy.type(), description, remedy.value(), status, now, actor.staffId()));
            events.add(new CaseEvents.RemedyOffered(
                    from.id,
                    from.reference,
                    actor.username(),
                    now,
                    remedy.id(),
                    remedy.type(),
                    description,
                    remedy.value(),
                    status));
            return this;
        }

        CaseChange change(CaseEvent event) {
            events.addFirst(event);
            return change();
        }

        CaseChange change() {
            Case after = new Case(
                    from.id,
                    from.reference,
                    kind,
                    channel,
                    from.receivedAt,
                    from.confidential,
                    from.loggedBy,
                    from.terms,
                    from.version,
                    status,
                    owner,
                    department,
                    referral,
                    List.copyOf(stages.values()),
                    acknowledgedVia,
                    respondedAt,
                    outcome,
                    firstContactResolution,
                    category,
                    expectedBy,
                    closedAt,
                    reopenCount,
                    review,
                    improvement,
                    named,
                    subjects,
                    handlers,
                    remedies,
                    from.clientManagers);
            return new CaseChange(from, after, events, details);
        }
    }
}
