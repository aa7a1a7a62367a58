package org.hearken.cases;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;

/**
 * A case as staff and API clients see it; times carry the offset of the organisation's time zone. Lists leave out
 * the parts of a single case only: allowed actions, responses, remedies, extensions and {@code aboutStaff}, the staff
 * the complaint is about (who never see it).
 */
public record CaseView(
        String reference,
        FeedbackKind kind,
        Channel channel,
        CaseStatus status,
        OffsetDateTime receivedAt,
        OffsetDateTime loggedAt,
        String subject,
        String description,
        CustomerContact customer,
        Long customerId,
        Ref department,
        Ref owner,
        boolean confidential,
        Integer policyVersion,
        OffsetDateTime acknowledgeBy,
        OffsetDateTime respondBy,
        Stages stages,
        Acknowledgement acknowledgement,
        Referral referral,
        Outcome outcome,
        boolean firstContactResolution,
        OffsetDateTime closedAt,
        int reopenCount,
        Review review,
        AcknowledgementMethod suggestedReplyVia,
        List<String> allowedActions,
        List<Response> responses,
        List<Remedy> remedies,
        List<Extension> extensions,
        List<Ref> aboutStaff,
        /** When the customer last wrote, while nobody who may act on the case has opened it since; else null. */
        OffsetDateTime customerRepliedAt,
        int version,
        /** The product it is about, as the service policy spells it; null when none was given. */
        String product,
        /** When the customer sent it (the e-mail's Date, the date on the letter); null when not known. */
        OffsetDateTime sentAt,
        /** The rule pack the case runs under (docs/packs.md), null under the policy's own targets. */
        String pack,
        /** The end of the pack's quick-resolution window, while the case may still be resolved so; else null. */
        OffsetDateTime quickResolutionBy,
        /** Whether a request for stage 2 or an internal review needs the customer's reason. */
        boolean escalationReasonRequired,
        /**
         * Where a holding response would move the response's due date (the pack's exceptional period), while one may
         * still be given; else null.
         */
        OffsetDateTime holdingResponseMovesTo,
        /**
         * When the case last changed: logged, or changed by an action that gives it a new version (notes and files do
         * not). {@code GET /api/cases?updatedSince=} lists by it.
         */
        OffsetDateTime updatedAt,
        /** The client organisation of its customer ({@code GET /api/clients/{id}}); null when none. */
        Long clientId) {

    /** A department (code, name) or a member of staff (username, full name). */
    public record Ref(String id, String name) {}

    /** Each stage that has a target under the case's policy version. */
    /**
     * {@code reviewAcknowledge}: acknowledging a stage-2 request; {@code decide}: deciding whether more time is needed;
     * {@code update}: the next progress update (its {@code completedAt} the latest one) — each where the case's rule
     * pack sets a target for it.
     */
    public record Stages(
            StageView acknowledge,
            StageView firstResponse,
            StageView respond,
            StageView review,
            StageView reviewAcknowledge,
            StageView decide,
            StageView update) {}

    /**
     * One stage: when it is due now, when it was first due (they differ after an extension), when it was done and its
     * state: ON_TRACK or OVERDUE while it runs, then MET, MET_AFTER_EXTENSION or MISSED.
     */
    public record StageView(
            OffsetDateTime dueBy,
            OffsetDateTime originalDueBy,
            boolean extended,
            OffsetDateTime completedAt,
            String state) {}

    public record Acknowledgement(OffsetDateTime at, AcknowledgementMethod via) {}

    /** A referral waiting for the receiver to accept it; until then the current owner stays accountable. */
    public record Referral(Ref to, Ref department, String note, OffsetDateTime at, String by) {}

    public record Review(
            OffsetDateTime requestedAt,
            String reason,
            Ref reviewer,
            ReviewDecision decision,
            OffsetDateTime decidedAt) {}

    public record Response(
            long id,
            String kind,
            OffsetDateTime givenAt,
            Ref givenBy,
            AcknowledgementMethod channel,
            String analysis,
            String resolution,
            Outcome outcome,
            String reasons,
            OffsetDateTime expectedBy,
            String category) {}

    public record Remedy(
            long id,
            RemedyType type,
            String description,
            BigDecimal value,
            RemedyStatus status,
            OffsetDateTime offeredAt,
            OffsetDateTime decidedAt) {}

    public record Extension(
            long id,
            String stage,
            OffsetDateTime previousDue,
            OffsetDateTime newDue,
            String reason,
            AcknowledgementMethod noticeChannel,
            String noticeText,
            String agreedBy,
            OffsetDateTime agreedAt,
            OffsetDateTime extendedAt,
            Ref extendedBy) {}
}
