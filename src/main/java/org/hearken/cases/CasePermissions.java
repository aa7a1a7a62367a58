package org.hearken.cases;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hearken.identity.Actor;
import org.hearken.identity.Role;
import org.hearken.policy.FeedbackKind;

/**
 * The one answer to "may this person do this to the case now": the case's state ({@link CaseRules}) and who the person
 * is. The aggregate refuses with it, and the pages and the API offer what it allows, so the two can never disagree.
 */
final class CasePermissions {

    private CasePermissions() {}

    /** What an action asks of the person acting, whatever the case's state. */
    enum Right {
        /** Work on the case: its owner, the agents and managers of its department, executives. */
        HANDLE,
        /** Accept or decline a referral: the person it waits for, a manager of its department, executives. */
        ANSWER_REFERRAL,
        /** Assign it directly: a manager of its department (or of the one it is referred to), executives. */
        ASSIGN,
        /** Conduct its internal review: an executive who did not handle it, the one assigned if any. */
        REVIEW,
        /** Choose who reviews it: executives. */
        ASSIGN_REVIEWER,
        /** Take someone off the staff the complaint is about: executives, managers who handle it. */
        TAKE_OFF_SUBJECT,
        /** Decide where a suggestion stands in the policy review: managers of its department, executives. */
        DECIDE_IMPROVEMENT
    }

    /** The right {@code action} needs on this case. */
    static Right rightFor(CaseAction action, Case c) {
        return switch (action) {
            case ACCEPT_REFERRAL, DECLINE_REFERRAL -> Right.ANSWER_REFERRAL;
            case ASSIGN -> Right.ASSIGN;
            case ASSIGN_REVIEWER -> Right.ASSIGN_REVIEWER;
            case DECIDE_REVIEW, ACKNOWLEDGE_REVIEW -> Right.REVIEW;
            case EXTEND -> c.extendable() == Stage.Kind.REVIEW ? Right.REVIEW : Right.HANDLE;
            default -> Right.HANDLE;
        };
    }

    /** The actions the case's state allows, whoever asks: what {@code allowedActions} has always listed. */
    static Set<CaseAction> byState(Case c) {
        return byState(c.state());
    }

    static Set<CaseAction> byState(CaseState s) {
        return CaseRules.allowed(s);
    }

    /** The actions {@code actor} may take on the case now. */
    static Set<CaseAction> allowedActions(Case c, Actor actor) {
        Set<CaseAction> allowed = EnumSet.noneOf(CaseAction.class);
        for (CaseAction action : byState(c)) {
            if (refusal(rightFor(action, c), c, actor).isEmpty()) {
                allowed.add(action);
            }
        }
        return allowed;
    }

    static boolean may(Right right, Case c, Actor actor) {
        return refusal(right, c, actor).isEmpty();
    }

    /** Why {@code actor} may not take {@code action} now, the state first (409), then who they are (403). */
    static Optional<CaseRefused> refusal(CaseAction action, Case c, Actor actor) {
        Optional<CaseRefused> state = CaseRules.refusal(action, c.state());
        return state.isPresent() ? state : refusal(rightFor(action, c), c, actor);
    }

    /** Why {@code actor} lacks {@code right} on the case, or empty if they have it. */
    static Optional<CaseRefused> refusal(Right right, Case c, Actor actor) {
        return Optional.ofNullable(
                switch (right) {
                    case HANDLE ->
                        CaseAccess.canHandle(actor, c.parties())
                                ? null
                                : CaseRefused.forbidden("Only the owner, members of "
                                        + c.department().name() + " and executives may act on this case.");
                    case ANSWER_REFERRAL -> answersReferral(c, actor);
                    case ASSIGN ->
                        assigns(c, actor)
                                ? null
                                : CaseRefused.forbidden(
                                        "Only a manager of the case's department or an executive may assign it.");
                    case REVIEW -> reviews(c, actor);
                    case ASSIGN_REVIEWER ->
                        actor.has(Role.EXECUTIVE)
                                ? null
                                : CaseRefused.forbidden("Only an executive may assign an internal review.");
                    case TAKE_OFF_SUBJECT ->
                        OversightRule.mayTakeOff(actor, CaseAccess.canHandle(actor, c.parties()))
                                ? null
                                : CaseRefused.forbidden("Only an executive or a manager of "
                                        + c.department().name()
                                        + " may take someone off the staff a complaint is about.");
                    case DECIDE_IMPROVEMENT -> decidesImprovement(c, actor);
                });
    }

    private static CaseRefused answersReferral(Case c, Actor actor) {
        Case.Referral r = c.referral();
        boolean receiver = r != null
                && (r.to().id() == actor.staffId()
                        || (actor.has(Role.MANAGER)
                                && actor.belongsTo(r.department().id()))
                        || actor.has(Role.EXECUTIVE));
        if (receiver) {
            return null;
        }
        return r == null
                ? CaseRefused.forbidden("No referral waits for an answer.")
                : CaseRefused.forbidden("Only " + r.to().name() + ", a manager of "
                        + r.department().name() + " or an executive may answer this referral.");
    }

    private static boolean assigns(Case c, Actor actor) {
        boolean manager = actor.has(Role.MANAGER)
                && (actor.belongsTo(c.department().id())
                        || (c.referral() != null
                                && actor.belongsTo(c.referral().department().id())));
        return manager || actor.has(Role.EXECUTIVE);
    }

    private static CaseRefused reviews(Case c, Actor actor) {
        if (!actor.has(Role.EXECUTIVE)) {
            return CaseRefused.forbidden("An internal review is conducted by an executive.");
        }
        if (c.handledBy(actor.staffId())) {
            return CaseRefused.forbidden(
                    "You handled this case, so you may not review it: an internal review is conducted"
                            + " by an executive who did not handle the case.");
        }
        Case.Person reviewer = c.review() == null ? null : c.review().reviewer();
        if (reviewer != null && reviewer.id() != actor.staffId()) {
            return CaseRefused.forbidden(
                    "This review is assigned to " + reviewer.name() + "; an executive may reassign it.");
        }
        return null;
    }

    /** Only suggestions have an improvement status (409 otherwise); then only their managers and executives decide. */
    private static CaseRefused decidesImprovement(Case c, Actor actor) {
        if (c.kind() != FeedbackKind.SUGGESTION) {
            return CaseRefused.conflict(
                    "Only suggestions have an improvement status; " + c.reference() + " is a "
                            + c.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ".",
                    Map.of("kind", c.kind()));
        }
        if (!actor.has(Role.EXECUTIVE)
                && !(actor.has(Role.MANAGER) && actor.belongsTo(c.department().id()))) {
            return CaseRefused.forbidden(
                    "Only a manager of " + c.department().name() + " or an executive may decide on a suggestion.");
        }
        return null;
    }

    /** The answer for the case page: which forms to offer this person, and why some are not offered. */
    static ActorPermissions answer(Case c, Actor actor) {
        // Why an action the case's state allows is not this person's to take, once each; not for the work on the case
        // itself, which the page explains in its own words.
        Set<CaseAction> byState = byState(c);
        List<String> notOffered = byState.stream()
                .map(action -> rightFor(action, c))
                .filter(right -> right != Right.HANDLE)
                .distinct()
                .flatMap(right -> refusal(right, c, actor).stream())
                .map(CaseRefused::getMessage)
                .distinct()
                .toList();
        return new ActorPermissions(
                byState.stream().map(CaseAction::path).collect(java.util.stream.Collectors.toUnmodifiableSet()),
                allowedActions(c, actor).stream()
                        .map(CaseAction::path)
                        .collect(java.util.stream.Collectors.toUnmodifiableSet()),
                may(Right.HANDLE, c, actor),
                c.referral() != null && may(Right.ANSWER_REFERRAL, c, actor),
                may(Right.ASSIGN, c, actor),
                may(Right.TAKE_OFF_SUBJECT, c, actor),
                notOffered);
    }
}
