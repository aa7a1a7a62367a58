package org.hearken.policy;

import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.hearken.calendar.BusinessCalendar;
import org.hearken.calendar.DueDateExplanation;

/**
 * An organisation's service standard as data: its business calendar and the targets per kind of feedback, channel
 * and stage. Rules are tried top to bottom and the first that lists both the kind and the channel wins, so a
 * channel-specific rule must come before a general one. Pure: no I/O, no clock; the received instant is passed in.
 *
 * @param description free text from the document, may be null
 * @param reviewRequestWithin business days after closure within which a customer may ask for internal review; null
 *     when the policy does not say
 * @param reopenRespond response target after a case is reopened; null means the matching rule's {@code respond}
 * @param interimMeetsRespondTarget whether an interim response (with a new expected date) meets the respond target,
 *     as in "a resolution or an interim response given within 5 working days"
 */
public record ServicePolicy(
        String name,
        String description,
        BusinessCalendar calendar,
        List<TargetRule> rules,
        Integer reviewRequestWithin,
        Integer reopenRespond,
        boolean interimMeetsRespondTarget,
        Watch watch) {

    /**
     * How deadlines are watched, in business hours: a warning to the owner {@code warnBeforeHours} before a stage is
     * due, and escalation to an executive {@code escalateAfterHours} after it was missed.
     */
    public record Watch(int warnBeforeHours, int escalateAfterHours) {
        public static final Watch DEFAULT = new Watch(4, 8);
    }

    public ServicePolicy {
        Objects.requireNonNull(name, "name");
        watch = watch == null ? Watch.DEFAULT : watch;
        Objects.requireNonNull(calendar, "calendar");
        rules = List.copyOf(rules);
        if (reviewRequestWithin != null && reviewRequestWithin < 0) {
            throw new IllegalArgumentException("review.requestWithin must be ≥ 0: " + reviewRequestWithin);
        }
        if (reopenRespond != null && reopenRespond < 0) {
            throw new IllegalArgumentException("reopen.respond must be ≥ 0: " + reopenRespond);
        }
        for (FeedbackKind kind : FeedbackKind.values()) {
            for (Channel channel : Channel.values()) {
                if (rules.stream().noneMatch(r -> r.matches(kind, channel))) {
                    throw new IllegalArgumentException("no target rule covers " + kind + " received by " + channel);
                }
            }
        }
    }

    /** The rule that applies: the first that lists both {@code kind} and {@code channel}. */
    public TargetRule rule(FeedbackKind kind, Channel channel) {
        for (TargetRule r : rules) {
            if (r.matches(kind, channel)) {
                return r;
            }
        }
        throw new IllegalStateException("unreachable: coverage is checked on construction");
    }

    public Targets targets(FeedbackKind kind, Channel channel) {
        return rule(kind, channel).targets();
    }

    /** Due dates for feedback received at {@code received}, not tied to a stored version (policyVersionId 0). */
    public Deadlines deadlines(FeedbackKind kind, Channel channel, Instant received) {
        return deadlines(0, kind, channel, received);
    }

    /** Due dates for feedback received at {@code received} under the stored version {@code policyVersionId}. */
    public Deadlines deadlines(long policyVersionId, FeedbackKind kind, Channel channel, Instant received) {
        Targets t = targets(kind, channel);
        return new Deadlines(
                policyVersionId,
                calendar.zone(),
                due(received, t.acknowledge()),
                due(received, t.firstResponse()),
                due(received, t.respond()));
    }

    /** Per stage that has a target (acknowledge, first response, respond), why it falls due when it does. */
    public Map<Stage, DueDateExplanation> explain(FeedbackKind kind, Channel channel, Instant received) {
        Targets t = targets(kind, channel);
        Map<Stage, DueDateExplanation> result = new EnumMap<>(Stage.class);
        for (Stage stage : EnumSet.of(Stage.ACKNOWLEDGE, Stage.FIRST_RESPONSE, Stage.RESPOND)) {
            Integer days = t.of(stage);
            if (days != null) {
                result.put(stage, calendar.explain(received, days));
            }
        }
        return result;
    }

    /** When the answer to an internal review requested at {@code requested} is due, if the policy sets a target. */
    public Optional<Instant> reviewDue(FeedbackKind kind, Channel channel, Instant requested) {
        return Optional.ofNullable(due(requested, targets(kind, channel).review()));
    }

    /** The last moment a customer may ask for internal review of a case closed at {@code closed}, if the policy says. */
    public Optional<Instant> reviewRequestDeadline(Instant closed) {
        return Optional.ofNullable(due(closed, reviewRequestWithin));
    }

    /** When the response to a case reopened at {@code reopened} is due: {@code reopen.respond}, else the rule's respond. */
    public Optional<Instant> reopenRespondBy(FeedbackKind kind, Channel channel, Instant reopened) {
        Integer days =
                reopenRespond != null ? reopenRespond : targets(kind, channel).respond();
        return Optional.ofNullable(due(reopened, days));
    }

    private Instant due(Instant from, Integer days) {
        return days == null ? null : calendar.due(from, days);
    }
}
