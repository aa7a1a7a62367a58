package org.hearken.cases;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which actions a case allows in its current state. Pure: the same state always allows the same actions, so the
 * rules can be tested without a database and the API can tell a client what it may do instead.
 */
final class CaseRules {

    private CaseRules() {}

    static Set<CaseAction> allowed(CaseState s) {
        Set<CaseAction> allowed = EnumSet.noneOf(CaseAction.class);
        // Staff may keep notes on a case and write to its customer whatever its state, closed included.
        allowed.add(CaseAction.ADD_NOTE);
        allowed.add(CaseAction.WRITE_TO_CUSTOMER);
        // And file what reaches them about it (a letter, a photo, a report), closed included.
        allowed.add(CaseAction.ADD_FILE);
        boolean open = s.status() != CaseStatus.CLOSED;
        boolean awaitingResponse = s.status() == CaseStatus.RECEIVED || s.status() == CaseStatus.ACKNOWLEDGED;
        if (s.status() == CaseStatus.RECEIVED) {
            allowed.add(CaseAction.ACKNOWLEDGE);
        }
        if (open) {
            allowed.add(CaseAction.REFER);
            allowed.add(CaseAction.ASSIGN);
            allowed.add(CaseAction.ADD_REMEDY);
            // A kind or channel recorded in error is put right while the case is open; a closed case is reopened first.
            allowed.add(CaseAction.RECLASSIFY);
        }
        if (s.pendingReferral()) {
            allowed.add(CaseAction.ACCEPT_REFERRAL);
            allowed.add(CaseAction.DECLINE_REFERRAL);
        }
        if (s.hasRemedies()) {
            allowed.add(CaseAction.UPDATE_REMEDY);
        }
        if (awaitingResponse) {
            allowed.add(CaseAction.INTERIM_RESPONSE);
            allowed.add(CaseAction.RESPOND);
            if (s.hasRespondStage()) {
                allowed.add(CaseAction.EXTEND);
            }
        }
        // Feedback that needs no response (a compliment, say) can be closed once it is acknowledged.
        if (s.status() == CaseStatus.RESPONDED || (s.status() == CaseStatus.ACKNOWLEDGED && !s.hasRespondStage())) {
            allowed.add(CaseAction.CLOSE);
        }
        if (s.status() == CaseStatus.CLOSED) {
            allowed.add(CaseAction.REOPEN);
            if (s.reviewAvailable() && !s.reviewed()) {
                allowed.add(CaseAction.REQUEST_REVIEW);
            }
        }
        // Under a two-stage rule pack the customer may escalate at any time once stage 1 is acknowledged, also while
        // stage 1 is overdue, and whether or not it was answered.
        if (s.stage2()
                && !s.reviewed()
                && (s.status() == CaseStatus.ACKNOWLEDGED || s.status() == CaseStatus.RESPONDED)) {
            allowed.add(CaseAction.REQUEST_REVIEW);
        }
        if (s.status() == CaseStatus.UNDER_REVIEW) {
            allowed.add(CaseAction.ASSIGN_REVIEWER);
            allowed.add(CaseAction.EXTEND);
            allowed.add(CaseAction.DECIDE_REVIEW);
            if (s.stage2AcknowledgePending()) {
                allowed.add(CaseAction.ACKNOWLEDGE_REVIEW);
            }
        }
        return allowed;
    }

    /**
     * Why {@code action} is not allowed in state {@code s}: a conflict naming the state and the actions that are
     * allowed instead; empty when it is allowed.
     */
    static Optional<CaseRefused> refusal(CaseAction action, CaseState s) {
        Set<CaseAction> allowed = allowed(s);
        if (allowed.contains(action)) {
            return Optional.empty();
        }
        return Optional.of(CaseRefused.conflict(
                "'" + action.path() + "' is not allowed while the case is "
                        + s.status().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                        + (s.pendingReferral() ? " with a referral pending" : "") + ".",
                Map.of(
                        "status",
                        s.status(),
                        "allowedActions",
                        allowed.stream().map(CaseAction::path).toList())));
    }
}
