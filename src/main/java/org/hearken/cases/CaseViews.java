package org.hearken.cases;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.hearken.identity.Actor;
import org.hearken.identity.StaffDirectory;
import org.hearken.policy.ServicePolicies;
import org.hearken.policy.ServicePolicy;
import org.springframework.stereotype.Component;

/** Turns case rows into what the API shows, in the time zone of the policy version the case was received under. */
@Component
class CaseViews {

    private final ServicePolicies policies;
    private final CaseDetails details;
    private final StaffDirectory directory;
    private final Clock clock;

    CaseViews(ServicePolicies policies, CaseDetails details, StaffDirectory directory, Clock clock) {
        this.policies = policies;
        this.details = details;
        this.directory = directory;
        this.clock = clock;
    }

    ServicePolicy policyOf(CaseRecord c) {
        return c.policyVersionId() == null ? policies.active().policy() : policies.version(c.policyVersionId());
    }

    ZoneId zoneOf(CaseRecord c) {
        return c.policyVersionId() == null
                ? ZoneOffset.UTC
                : policyOf(c).calendar().zone();
    }

    /**
     * When the customer can expect a response: the date they were given, else the response's due date, else — under a
     * rule pack that counts the response from the acknowledgement, before it — the due date an acknowledgement at
     * {@code acknowledgedAt} gives. Null when no response is owed.
     */
    Instant expectedResponse(CaseRecord c, Instant acknowledgedAt) {
        if (c.expectedBy() != null) {
            return c.expectedBy();
        }
        if (c.respondBy() != null || c.acknowledgedAt() != null || c.policyVersionId() == null) {
            return c.respondBy();
        }
        var fromAcknowledgement = terms(c).procedure().respondFromAcknowledgement();
        return fromAcknowledgement == null ? null : fromAcknowledgement.apply(acknowledgedAt);
    }

    /** What the case's policy version says that its lifecycle rules need to know. */
    Case.Terms terms(CaseRecord c) {
        return terms(policyOf(c), c.policyVersionId() != null, c.kind(), c.channel(), c.packRoute());
    }

    /** As {@link #terms(CaseRecord)}, for a case of {@code kind} and {@code channel} under {@code policy}. */
    static Case.Terms terms(
            ServicePolicy policy,
            boolean stored,
            org.hearken.policy.FeedbackKind kind,
            org.hearken.policy.Channel channel,
            Integer packRoute) {
        boolean reviewAvailable = stored && policy.targets(kind, channel).review() != null;
        Procedure procedure = Procedure.of(policy, packRoute);
        return new Case.Terms(reviewAvailable || procedure.stage2(), policy.interimMeetsRespondTarget(), procedure);
    }

    /** What may be done to the case now under its policy version. */
    CaseState state(CaseRecord c) {
        // Remedies are added only by actions that change the version, so a new case has none to look up.
        boolean hasRemedies = c.version() > 0 && details.hasRemedies(c.id());
        return CaseState.of(c, hasRemedies, terms(c));
    }

    CaseView summary(CaseRecord c) {
        return build(c, zoneOf(c), null, null, null, null, null);
    }

    /** The remedies offered on the case and not declined, a line each in the customer's words; empty when none. */
    String remediesInWords(long caseId) {
        return String.join(
                "\n",
                details.remedies(caseId, java.time.ZoneOffset.UTC).stream()
                        .filter(r -> r.status() != RemedyStatus.DECLINED)
                        .map(r -> "- " + CustomerWording.remedy(r.type(), r.description(), r.value()))
                        .toList());
    }

    CaseView full(CaseRecord c, Actor actor) {
        ZoneId zone = zoneOf(c);
        // What the case's state allows, whoever asks: the actions a client may offer, each still refused to those
        // who may not take it (CasePermissions).
        List<String> allowed =
                CasePermissions.byState(state(c)).stream().map(CaseAction::path).toList();
        List<CaseView.Ref> about = c.subjectStaff().stream()
                .map(directory::staff)
                .flatMap(java.util.Optional::stream)
                .map(s -> new CaseView.Ref(s.username(), s.fullName()))
                .toList();
        if (c.version() == 0) {
            return build(c, zone, allowed, List.of(), List.of(), List.of(), about);
        }
        return build(
                c,
                zone,
                allowed,
                details.responses(c.id(), zone),
                details.remedies(c.id(), zone),
                details.extensions(c.id(), zone),
                about);
    }

    private CaseView build(
            CaseRecord c,
            ZoneId zone,
            List<String> allowed,
            List<CaseView.Response> responses,
            List<CaseView.Remedy> remedies,
            List<CaseView.Extension> extensions,
            List<CaseView.Ref> aboutStaff) {
        Instant now = clock.instant();
        CaseView.Stages stages = new CaseView.Stages(
                stage(c.acknowledgeBy(), c.acknowledgeBy(), c.acknowledgedAt(), c.acknowledgeOutcome(), now, zone),
                stage(
                        c.firstResponseBy(),
                        c.firstResponseBy(),
                        c.firstResponseAt(),
                        c.firstResponseAt() == null
                                ? null
                                : StageOutcome.judge(c.firstResponseAt(), c.firstResponseBy(), c.firstResponseBy()),
                        now,
                        zone),
                stage(c.respondBy(), c.respondByOriginal(), c.respondCompletedAt(), c.respondOutcome(), now, zone),
                stage(c.reviewBy(), c.reviewByOriginal(), c.reviewedAt(), c.reviewOutcome(), now, zone),
                stage(
                        c.reviewAcknowledgeBy(),
                        c.reviewAcknowledgeBy(),
                        c.reviewAcknowledgedAt(),
                        c.reviewAcknowledgedAt() == null
                                ? null
                                : StageOutcome.judge(
                                        c.reviewAcknowledgedAt(), c.reviewAcknowledgeBy(), c.reviewAcknowledgeBy()),
                        now,
                        zone),
                stage(
                        c.decideBy(),
                        c.decideBy(),
                        c.decidedAt(),
                        c.decidedAt() == null ? null : StageOutcome.judge(c.decidedAt(), c.decideBy(), c.decideBy()),
                        now,
                        zone),
                // Recurring: it runs until the response, and is never "done"; completedAt shows the latest update.
                CaseState.open(c.status()) ? stage(c.updateBy(), c.updateBy(), null, null, now, zone) : null);
        CaseView.Referral referral = c.hasPendingReferral()
                ? new CaseView.Referral(
                        new CaseView.Ref(c.pendingOwnerUsername(), c.pendingOwnerName()),
                        new CaseView.Ref(c.pendingDepartmentCode(), c.pendingDepartmentName()),
                        c.referralNote(),
                        at(c.referredAt(), zone),
                        c.referredByUsername())
                : null;
        CaseView.Review review = c.reviewRequestedAt() == null
                ? null
                : new CaseView.Review(
                        at(c.reviewRequestedAt(), zone),
                        c.reviewReason(),
                        c.reviewerId() == null ? null : new CaseView.Ref(c.reviewerUsername(), c.reviewerName()),
                        c.reviewDecision(),
                        at(c.reviewedAt(), zone));
        Procedure procedure = c.policyVersionId() == null ? Procedure.NONE : Procedure.of(policyOf(c), c.packRoute());
        Instant quick = procedure.quickResolutionBy() == null
                ? null
                : procedure.quickResolutionBy().apply(c.receivedAt());
        Instant holding = procedure.respondExceptionalBy() == null
                        || c.respondBy() == null
                        || c.respondCompletedAt() != null
                        || !c.respondBy().isAfter(now)
                        || !c.respondBy().equals(c.respondByOriginal())
                        || !CaseState.open(c.status())
                ? null
                : procedure.respondExceptionalBy().apply(c.receivedAt());
        CaseView.Acknowledgement ack = c.acknowledgedAt() == null
                ? null
                : new CaseView.Acknowledgement(at(c.acknowledgedAt(), zone), c.acknowledgedVia());
        return new CaseView(
                c.reference(),
                c.kind(),
                c.channel(),
                c.status(),
                at(c.receivedAt(), zone),
                at(c.loggedAt(), zone),
                c.subject(),
                c.description(),
                c.customer(),
                c.customerId(),
                new CaseView.Ref(c.departmentCode(), c.departmentName()),
                new CaseView.Ref(c.ownerUsername(), c.ownerName()),
                c.confidential(),
                c.policyVersion(),
                at(c.acknowledgeBy(), zone),
                at(c.respondBy(), zone),
                stages,
                ack,
                referral,
                c.outcome(),
                c.firstContactResolution(),
                at(c.closedAt(), zone),
                c.reopenCount(),
                review,
                suggestedReplyVia(c),
                allowed,
                responses,
                remedies,
                extensions,
                aboutStaff,
                at(c.customerRepliedAt(), zone),
                c.version(),
                c.product(),
                at(c.sentAt(), zone),
                procedure.pack(),
                quick == null || quick.isBefore(now) || !CaseState.open(c.status()) ? null : at(quick, zone),
                procedure.escalationReasonRequired(),
                holding == null ? null : at(holding, zone),
                at(c.updatedAt(), zone),
                c.clientId());
    }

    /**
     * How to answer this customer: in the call or visit itself for spoken feedback, by e-mail for e-mail, and for
     * letters and forms the customer's preferred way if we have the details for it, else the best one we have.
     */
    static AcknowledgementMethod suggestedReplyVia(CaseRecord c) {
        return suggestedReplyVia(c.channel(), c.customer());
    }

    static AcknowledgementMethod suggestedReplyVia(org.hearken.policy.Channel channel, CustomerContact customer) {
        switch (channel) {
            case PHONE, IN_PERSON:
                return AcknowledgementMethod.VERBAL;
            case EMAIL:
                return AcknowledgementMethod.EMAIL;
            default:
                break;
        }
        boolean email = customer.email() != null;
        boolean phone = customer.phone() != null;
        boolean post = customer.postalAddress() != null;
        return switch (customer.preferredReply()) {
            case EMAIL ->
                email
                        ? AcknowledgementMethod.EMAIL
                        : phone ? AcknowledgementMethod.PHONE_CALL : AcknowledgementMethod.LETTER;
            case PHONE ->
                phone
                        ? AcknowledgementMethod.PHONE_CALL
                        : email ? AcknowledgementMethod.EMAIL : AcknowledgementMethod.LETTER;
            case POST ->
                post
                        ? AcknowledgementMethod.LETTER
                        : email ? AcknowledgementMethod.EMAIL : AcknowledgementMethod.PHONE_CALL;
        };
    }

    private static CaseView.StageView stage(
            Instant due, Instant originalDue, Instant completedAt, StageOutcome outcome, Instant now, ZoneId zone) {
        if (due == null) {
            return null;
        }
        String state;
        if (completedAt != null) {
            state = (outcome != null ? outcome : StageOutcome.judge(completedAt, originalDue, due)).name();
        } else if (outcome != null) {
            // Never done, and over: a stage-1 response left unanswered when the case went to stage 2.
            state = outcome.name();
        } else {
            state = now.isAfter(due) ? "OVERDUE" : "ON_TRACK";
        }
        boolean extended = originalDue != null && !originalDue.equals(due);
        return new CaseView.StageView(at(due, zone), at(originalDue, zone), extended, at(completedAt, zone), state);
    }

    static OffsetDateTime at(Instant instant, ZoneId zone) {
        return instant == null ? null : instant.atZone(zone).toOffsetDateTime();
    }
}
