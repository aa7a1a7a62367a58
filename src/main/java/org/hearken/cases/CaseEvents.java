package org.hearken.cases;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;

/** What can happen to a case after it is opened; each is recorded in the register with everything it carried. */
public final class CaseEvents {

    private CaseEvents() {}

    /** The customer wrote again about the case (a reply by e-mail, for instance); {@code text} is what they wrote. */
    public record CustomerMessageReceived(
            long caseId,
            String reference,
            String actor,
            Instant occurredAt,
            String fromAddress,
            Instant receivedAt,
            String subject,
            String text)
            implements CaseEvent {}

    /** An internal note: for staff who may see the case, never for the customer. */
    public record NoteAdded(long caseId, String reference, String actor, Instant occurredAt, String text)
            implements CaseEvent {}

    /**
     * A file kept with the case: added by a member of staff, or sent by the customer from the private status page
     * ({@code actor} then names the customer). Its content is kept beside the case, never in the register.
     */
    public record FileAdded(long caseId, String reference, String actor, Instant occurredAt, String filename, long size)
            implements CaseEvent {}

    /**
     * A member of staff's words sent to the customer (a response, an interim response, a review's outcome, a message they
     * wrote): how ({@code EMAIL} or {@code LETTER}), to whom, and the text as sent, private links left out.
     */
    public record SentToCustomer(
            long caseId,
            String reference,
            String actor,
            Instant occurredAt,
            String kind,
            String channel,
            String to,
            String subject,
            String text,
            List<String> attachments)
            implements CaseEvent {}

    public record Acknowledged(
            long caseId,
            String reference,
            String actor,
            Instant occurredAt,
            AcknowledgementMethod via,
            Instant acknowledgedAt,
            StageOutcome stageOutcome,
            String text,
            Instant respondBy,
            Instant decideBy,
            Instant updateBy)
            implements CaseEvent {

        /**
         * {@code respondBy}: the response's due date where the case's rule pack counts it from this acknowledgement,
         * else null.
         */
        public Acknowledged(
                long caseId,
                String reference,
                String actor,
                Instant occurredAt,
                AcknowledgementMethod via,
                Instant acknowledgedAt,
                StageOutcome stageOutcome,
                String text) {
            this(caseId, reference, actor, occurredAt, via, acknowledgedAt, stageOutcome, text, null, null, null);
        }
    }

    public record Referred(
            long caseId,
            String reference,
            String actor,
            Instant occurredAt,
            String fromOwner,
            String fromDepartment,
            String toOwner,
            String toDepartment,
            String note)
            implements CaseEvent {}

    public record ReferralAccepted(
            long caseId, String reference, String actor, Instant occurredAt, String newOwner, String newDepartment)
            implements CaseEvent {}

    public record ReferralDeclined(
            long caseId, String reference, String actor, Instant occurredAt, String declinedBy, String reason)
            implements CaseEvent {}

    public record Assigned(
            long caseId,
            String reference,
            String actor,
            Instant occurredAt,
            String fromOwner,
            String toOwner,
            String toDepartment,
            String note)
            implements CaseEvent {}

    public record InterimResponseGiven(
            long caseId,
            String reference,
            String actor,
            Instant occurredAt,
            AcknowledgementMethod channel,
            String message,
            Instant expectedBy)
            implements CaseEvent {}

    public record Responded(
            long caseId,
            String reference,
            String actor,
            Instant occurredAt,
            AcknowledgementMethod channel,
            String analysis,
            String resolution,
            Outcome outcome,
            String reasons,
            StageOutcome stageOutcome,
            String category)
            implements CaseEvent {}

    public record RemedyOffered(
            long caseId,
            String reference,
            String actor,
            Instant occurredAt,
            long remedyId,
            RemedyType type,
            String description,
            BigDecimal value,
            RemedyStatus status)
            implements CaseEvent {}

    public record RemedyUpdated(
            long caseId, String reference, String actor, Instant occurredAt, long remedyId, RemedyStatus status)
            implements CaseEvent {}

    public record DueDateExtended(
            long caseId,
            String reference,
            String actor,
            Instant occurredAt,
            String stage,
            Instant originalDue,
            Instant previousDue,
            Instant newDue,
            String reason,
            AcknowledgementMethod noticeChannel,
            String noticeText,
            String agreedBy,
            Instant agreedAt)
            implements CaseEvent {}

    public record Closed(long caseId, String reference, String actor, Instant occurredAt, String note)
            implements CaseEvent {}

    public record Reopened(
            long caseId, String reference, String actor, Instant occurredAt, String reason, Instant respondBy)
            implements CaseEvent {}

    /**
     * The kind or the channel was recorded in error and is now {@code kind} and {@code channel}, for {@code reason}.
     * {@code dueDates}: each stage counted again under the case's policy version, with its due date before and after
     * (either null when the stage had or has none); completed stages are left as they were and are not listed.
     */
    public record Reclassified(
            long caseId,
            String reference,
            String actor,
            Instant occurredAt,
            FeedbackKind previousKind,
            FeedbackKind kind,
            Channel previousChannel,
            Channel channel,
            String reason,
            List<DueDate> dueDates)
            implements CaseEvent {

        public Reclassified {
            dueDates = List.copyOf(dueDates);
        }

        /** A stage's due date before and after: {@code ACKNOWLEDGE}, {@code FIRST_RESPONSE}, {@code RESPOND}, {@code REVIEW}. */
        public record DueDate(String stage, Instant previousDue, Instant due) {}
    }

    public record ReviewRequested(
            long caseId,
            String reference,
            String actor,
            Instant occurredAt,
            Instant requestedAt,
            String reason,
            String reviewer,
            Instant reviewBy,
            Instant acknowledgeBy)
            implements CaseEvent {}

    /**
     * The customer was told how things stand at {@code toldAt} ({@code outcome}: against the progress update that was
     * due, null when none was); under the case's rule pack the next progress update is due by {@code updateBy}.
     */
    public record ProgressUpdateDue(
            long caseId,
            String reference,
            String actor,
            Instant occurredAt,
            Instant toldAt,
            StageOutcome outcome,
            Instant updateBy)
            implements CaseEvent {}

    /**
     * A request to escalate to stage 2 was acknowledged at {@code acknowledgedAt}; {@code reviewBy} is when the
     * stage-2 response is due, counted from it where the case's rule pack says so.
     */
    public record ReviewAcknowledged(
            long caseId,
            String reference,
            String actor,
            Instant occurredAt,
            Instant acknowledgedAt,
            StageOutcome outcome,
            Instant reviewBy)
            implements CaseEvent {}

    public record ReviewerAssigned(long caseId, String reference, String actor, Instant occurredAt, String reviewer)
            implements CaseEvent {}

    public record ReviewDecided(
            long caseId,
            String reference,
            String actor,
            Instant occurredAt,
            ReviewDecision decision,
            String analysis,
            String response,
            Outcome outcome,
            String reasons,
            AcknowledgementMethod channel,
            StageOutcome stageOutcome)
            implements CaseEvent {}

    public record ResolvedAtFirstContact(
            long caseId,
            String reference,
            String actor,
            Instant occurredAt,
            String resolution,
            Outcome outcome,
            String reasons,
            String category)
            implements CaseEvent {}

    /** A suggestion's place in the policy review changed: under consideration, adopted or declined. */
    public record ImprovementStatusChanged(
            long caseId,
            String reference,
            String actor,
            Instant occurredAt,
            ImprovementStatus previous,
            ImprovementStatus status,
            String note)
            implements CaseEvent {}

    public record StaffNamed(
            long caseId, String reference, String actor, Instant occurredAt, String staff, String reason)
            implements CaseEvent {}

    public record ComplaintAboutStaff(
            long caseId, String reference, String actor, Instant occurredAt, String staff, String note)
            implements CaseEvent {}

    /** {@code staff} is no longer recorded as someone the complaint is about, for {@code reason}; they may see it again. */
    public record ComplaintAboutStaffRemoved(
            long caseId, String reference, String actor, Instant occurredAt, String staff, String reason)
            implements CaseEvent {}

    /**
     * The satisfaction survey invitation for the closed case was written to the outbox, addressed to {@code toAddress};
     * the link in it carries a private token that is not recorded.
     */
    public record SurveyInvitationSent(
            long caseId, String reference, String actor, Instant occurredAt, String toAddress) implements CaseEvent {}

    /** No satisfaction survey invitation could be sent for the closed case; {@code reason} says why. */
    public record SurveyInvitationNotSent(
            long caseId, String reference, String actor, Instant occurredAt, String reason) implements CaseEvent {}

    /** The customer answered the satisfaction survey: a rating from 1 (very dissatisfied) to 5 (very satisfied), and a comment or null. */
    public record SurveyAnswered(
            long caseId, String reference, String actor, Instant occurredAt, int rating, String comment)
            implements CaseEvent {}

    /**
     * The case was brought in from another system's register by an import ({@code importJob}), run by {@code actor}:
     * {@code occurredAt} is when it was imported; the dates it was received, acknowledged, responded to and closed are
     * those the old system recorded, kept here as data. {@code running}: the stages still running when it was imported,
     * with their due dates counted by the policy as if the case had been opened then. No customer or member of staff is
     * told of an imported case: nothing that sends mail or notices listens to this event.
     */
    public record Imported(
            long caseId,
            String reference,
            String actor,
            Instant occurredAt,
            long importJob,
            String source,
            String sourceReference,
            FeedbackKind kind,
            Channel channel,
            Instant receivedAt,
            String department,
            String owner,
            CaseStatus status,
            Instant acknowledgedAt,
            Instant respondedAt,
            Instant closedAt,
            Outcome outcome,
            String category,
            Integer policyVersion,
            List<RunningStage> running)
            implements CaseEvent {

        /** A stage running when the case was imported, and when it is due. */
        public record RunningStage(String stage, Instant due) {}
    }

    /**
     * The cases of one batch of an import, published once for the batch so that the register and the deadline watch
     * write theirs in one statement each: every {@link Imported} in it is recorded in the register like any other
     * event.
     */
    public record ImportedBatch(List<Imported> cases) {
        public ImportedBatch {
            cases = List.copyOf(cases);
        }
    }
}
