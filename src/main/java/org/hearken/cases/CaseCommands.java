package org.hearken.cases;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;

/** What staff send to act on a case; each is the body of {@code POST /api/cases/{reference}/{action}}. */
public final class CaseCommands {

    private CaseCommands() {}

    /** {@code at}: when the customer was told (e.g. during the call); defaults to now. */
    public record Acknowledge(
            @NotNull AcknowledgementMethod via,
            OffsetDateTime at,
            @Size(max = 2000) String note) {}

    /** {@code owner} defaults to the receiving department's lead. */
    public record Refer(
            @NotBlank @Size(max = 32) String department,
            @Size(max = 64) String owner,

            @NotBlank(message = "is required: say what the receiver needs to know") @Size(max = 5000)
            String note) {}

    public record DeclineReferral(
            @NotBlank @Size(max = 2000) String reason) {}

    /** A manager's direct assignment; {@code department} defaults to the case's current one. */
    public record Assign(
            @Size(max = 32) String department,
            @NotBlank @Size(max = 64) String owner,
            @Size(max = 2000) String note) {}

    /** {@code expectedBy}: the business day by which the customer can now expect the substantive response. */
    /**
     * {@code holdingResponse}: under a rule pack with an exceptional response period (payment services, DISP 1.6.2AR),
     * this is the holding response that moves the final response to that period.
     */
    public record InterimResponse(
            @NotNull AcknowledgementMethod channel,
            @NotBlank @Size(max = 20000) String message,
            @NotNull LocalDate expectedBy,
            Boolean holdingResponse) {

        public InterimResponse(AcknowledgementMethod channel, String message, LocalDate expectedBy) {
            this(channel, message, expectedBy, null);
        }
    }

    public record RemedyInput(
            @NotNull RemedyType type,
            @Size(max = 2000) String description,

            @DecimalMin("0.00") @Digits(integer = 10, fraction = 2)
            BigDecimal value,

            RemedyStatus status) {}

    /** {@code category}: the root cause, the code of an active category ({@code GET /api/categories}); optional. */
    public record Respond(
            @NotNull AcknowledgementMethod channel,
            @Size(max = 20000) String analysis,
            @NotBlank @Size(max = 20000) String resolution,
            @NotNull Outcome outcome,
            @Size(max = 20000) String reasons,
            List<@Valid RemedyInput> remedies,
            @Size(max = 40) String category,
            Boolean summaryResolution) {

        /** A response filed under a category, or none. */
        public Respond(
                AcknowledgementMethod channel,
                String analysis,
                String resolution,
                Outcome outcome,
                String reasons,
                List<RemedyInput> remedies,
                String category) {
            this(channel, analysis, resolution, outcome, reasons, remedies, category, null);
        }

        /** A response filed under no category. */
        public Respond(
                AcknowledgementMethod channel,
                String analysis,
                String resolution,
                Outcome outcome,
                String reasons,
                List<RemedyInput> remedies) {
            this(channel, analysis, resolution, outcome, reasons, remedies, null, null);
        }
    }

    public record UpdateRemedy(long remedyId, @NotNull RemedyStatus status) {}

    /** Recorded agreement with the customer to a later date ("unless otherwise agreed"). */
    public record Agreement(
            @NotBlank @Size(max = 200) String agreedBy,
            @NotNull OffsetDateTime agreedAt) {}

    /** The customer notice is part of the extension: {@code noticeChannel} says how they were told. */
    public record Extend(
            @NotNull LocalDate newDueDate,
            @NotBlank @Size(max = 2000) String reason,

            @NotNull(message = "is required: the customer must be told of the new date")
            AcknowledgementMethod noticeChannel,

            @Valid Agreement agreement) {}

    public record Close(@Size(max = 2000) String note) {}

    /** An internal note for staff who may see the case. */
    public record AddNote(@NotBlank @Size(max = 20000) String text) {}

    public record Reopen(@NotBlank @Size(max = 2000) String reason) {}

    /**
     * The kind or channel was recorded in error: {@code kind} and {@code channel} are what it should have been (either
     * left out stays as it is); the due dates are worked out again under the case's policy version.
     */
    public record Reclassify(
            FeedbackKind kind,
            Channel channel,

            @NotBlank(message = "is required: say why the kind or channel was wrong") @Size(max = 2000)
            String reason) {}

    /** {@code requestedAt}: when the customer asked; defaults to now. {@code reviewer}: an executive; default chosen. */
    /** {@code reason}: required unless the case's rule pack says the customer need not give one. */
    public record RequestReview(
            @Size(max = 5000) String reason,
            OffsetDateTime requestedAt,
            @Size(max = 64) String reviewer) {}

    /** {@code at}: when the stage-2 request was acknowledged, if not now. */
    public record AcknowledgeReview(OffsetDateTime at) {}

    public record AssignReviewer(@NotBlank @Size(max = 64) String reviewer) {}

    /** {@code outcome} is the new outcome when the decision is CHANGED. */
    public record DecideReview(
            @NotNull ReviewDecision decision,
            @Size(max = 20000) String analysis,
            @NotBlank @Size(max = 20000) String response,
            @NotNull AcknowledgementMethod channel,
            Outcome outcome,
            @Size(max = 20000) String reasons) {}

    /** Answered on the spot during a phone call or visit: the case is acknowledged, responded to and closed at once. */
    public record FirstContactResolution(
            @Size(max = 20000) String analysis,
            @NotBlank @Size(max = 20000) String resolution,
            @NotNull Outcome outcome,
            @Size(max = 20000) String reasons,
            @Size(max = 40) String category) {

        /** A resolution filed under no category. */
        public FirstContactResolution(String analysis, String resolution, Outcome outcome, String reasons) {
            this(analysis, resolution, outcome, reasons, null);
        }
    }

    /** A manager's or executive's decision on a suggestion for the policy review, with a note saying why or what next. */
    public record RecordImprovement(
            @NotNull ImprovementStatus status,
            @Size(max = 2000) String note) {}

    /** Gives a member of staff sight of the case by name (the way into a confidential case on need-to-know). */
    public record NameStaff(
            @NotBlank @Size(max = 64) String username,

            @NotBlank(message = "is required: say why they need to know") @Size(max = 2000)
            String reason) {}

    /** Records that the complaint is about a member of staff, who from then on never sees the case. */
    public record AboutStaff(
            @NotBlank @Size(max = 64) String username,
            @Size(max = 2000) String note) {}

    /** Takes a member of staff off the staff a complaint is about; the reason goes in the register. */
    public record RemoveAboutStaff(
            @NotBlank @Size(max = 64) String username,

            @NotBlank(message = "is required: say why the complaint is not about them") @Size(max = 2000)
            String reason) {}
}
