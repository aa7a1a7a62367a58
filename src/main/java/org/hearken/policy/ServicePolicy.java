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
import org.hearken.calendar.Period;
import org.hearken.calendar.ReceiptDayRule;

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
 * @param packs the rule packs that govern some feedback (docs/packs.md), tried before {@code rules}; empty for a
 *     policy of its own targets only
 * @param products the organisation's products, a free list cases may name and packs may route by
 */
public record ServicePolicy(
        String name,
        String description,
        BusinessCalendar calendar,
        List<TargetRule> rules,
        Integer reviewRequestWithin,
        Integer reopenRespond,
        boolean interimMeetsRespondTarget,
        Watch watch,
        List<PackRoute> packs,
        List<String> products) {

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
        packs = packs == null ? List.of() : List.copyOf(packs);
        products = products == null ? List.of() : List.copyOf(products);
        if (reviewRequestWithin != null && reviewRequestWithin < 0) {
            throw new IllegalArgumentException("review.requestWithin must be ≥ 0: " + reviewRequestWithin);
        }
        if (reopenRespond != null && reopenRespond < 0) {
            throw new IllegalArgumentException("reopen.respond must be ≥ 0: " + reopenRespond);
        }
        for (FeedbackKind kind : FeedbackKind.values()) {
            for (Channel channel : Channel.values()) {
                if (packs.isEmpty() && rules.stream().noneMatch(r -> r.matches(kind, channel))) {
                    throw new IllegalArgumentException("no target rule covers " + kind + " received by " + channel);
                }
            }
        }
    }

    /** Targets of feedback that no rule covers: none (only possible in a policy with packs). */
    private static final Targets NO_TARGETS = new Targets(null, null, null, null);

    /**
     * The rule that applies: the first that lists both {@code kind} and {@code channel}; null when none does, which
     * only a policy with packs allows.
     */
    public TargetRule rule(FeedbackKind kind, Channel channel) {
        for (TargetRule r : rules) {
            if (r.matches(kind, channel)) {
                return r;
            }
        }
        return null;
    }

    public Targets targets(FeedbackKind kind, Channel channel) {
        TargetRule r = rule(kind, channel);
        return r == null ? NO_TARGETS : r.targets();
    }

    /** The pack route that governs feedback of {@code kind} for {@code department} and {@code product}, if any. */
    public Optional<PackRoute> route(FeedbackKind kind, String department, String product) {
        return route(kind, department == null ? List.of() : List.of(department), product);
    }

    /**
     * As {@link #route(FeedbackKind, String, String)}, for a department known by several labels (its code and its
     * name).
     */
    public Optional<PackRoute> route(FeedbackKind kind, java.util.Collection<String> department, String product) {
        for (PackRoute r : packs) {
            if (r.matches(kind, department, product)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /**
     * {@code given} as this policy spells it: the listed product it names, ignoring case and surrounding spaces; when
     * the policy lists no products, {@code given} itself, stripped. Empty when {@code given} is null or blank, or when
     * the policy lists products and {@code given} is none of them.
     */
    public Optional<String> product(String given) {
        if (given == null || given.isBlank()) {
            return Optional.empty();
        }
        String wanted = given.strip();
        if (products.isEmpty()) {
            return Optional.of(wanted);
        }
        return products.stream().filter(p -> p.equalsIgnoreCase(wanted)).findFirst();
    }

    /**
     * The moment the receipt clocks of feedback start, the one place that decides it: under a rule pack that counts
     * from when the customer sent it ({@link RulePack.ClockBasis#SENT}), {@code sent} if it is known; otherwise, and
     * always under the policy's own targets, {@code received}.
     *
     * @param received when the organisation received the feedback (the mailbox's arrival time, the date stamp)
     * @param sent when the customer sent it (the e-mail's Date, the date on the letter); null when not known
     */
    public Instant clockStart(
            FeedbackKind kind,
            java.util.Collection<String> department,
            String product,
            Instant received,
            Instant sent) {
        return route(kind, department, product)
                .map(r -> r.clockStart(received, sent))
                .orElse(received);
    }

    /**
     * When each stage falls due, and why, for feedback of {@code kind} by {@code channel} for {@code department} and
     * {@code product} (both may be null), given the moments known so far (receipt at least). A stage whose anchor is
     * not among {@code moments} is left out. Under a pack the stages are the pack's; under the policy's own targets
     * they are acknowledge, firstResponse and respond counted from receipt and review from the escalation request,
     * in business days with the next-business-day-after-hours rule.
     */
    public Map<String, RulePack.StageDue> stagesDue(
            FeedbackKind kind, Channel channel, String department, String product, Map<Anchor, Instant> moments) {
        return stagesDue(kind, channel, department == null ? List.of() : List.of(department), product, moments);
    }

    /** As above, for a department known by several labels (its code and its name). */
    public Map<String, RulePack.StageDue> stagesDue(
            FeedbackKind kind,
            Channel channel,
            java.util.Collection<String> department,
            String product,
            Map<Anchor, Instant> moments) {
        Optional<PackRoute> route = route(kind, department, product);
        if (route.isPresent()) {
            return route.get().pack().due(calendar, route.get().overrides(), product, moments);
        }
        TargetRule r = rule(kind, channel);
        if (r == null) {
            return Map.of();
        }
        return ownTargetsPack(r).due(calendar, Map.of(), product, moments);
    }

    /**
     * The stages that govern feedback of {@code kind} by {@code channel} for a department known by {@code department}
     * (its code and name) and {@code product} (may be null), in order, whether or not their clocks have started: the
     * routed pack's, else the policy's own targets as {@link #stagesDue} names them (those the matching rule sets);
     * empty when nothing governs it.
     */
    public List<RulePack.PackStage> stages(
            FeedbackKind kind, Channel channel, java.util.Collection<String> department, String product) {
        Optional<PackRoute> route = route(kind, department, product);
        if (route.isPresent()) {
            return route.get().pack().stages();
        }
        TargetRule r = rule(kind, channel);
        return r == null ? List.of() : ownTargetsPack(r).stages();
    }

    /** The policy's own targets for one rule, written as a pack, so that one engine counts both. */
    private RulePack ownTargetsPack(TargetRule r) {
        List<RulePack.PackStage> stages = new java.util.ArrayList<>();
        String clause = name + ", targets rule at line " + r.line();
        for (Stage stage : Stage.values()) {
            Integer days = r.targets().of(stage);
            if (days != null) {
                stages.add(new RulePack.PackStage(
                        stage.key(),
                        switch (stage) {
                            case ACKNOWLEDGE -> StageRole.ACKNOWLEDGE;
                            case FIRST_RESPONSE -> StageRole.FIRST_RESPONSE;
                            case RESPOND -> StageRole.RESPOND;
                            case REVIEW -> StageRole.STAGE2_RESPOND;
                        },
                        stage.key(),
                        stage == Stage.REVIEW ? Anchor.ESCALATION_REQUEST : Anchor.RECEIPT,
                        Period.businessDays(days),
                        clause,
                        null,
                        RulePack.Override.NONE));
            }
        }
        return new RulePack(
                "own",
                "1",
                name,
                "this policy",
                ReceiptDayRule.NEXT_BUSINESS_DAY_AFTER_HOURS,
                RulePack.ClockBasis.RECEIVED,
                EnumSet.allOf(FeedbackKind.class),
                stages,
                List.of(),
                null,
                Map.of());
    }

    /** Due dates for feedback received at {@code received}, not tied to a stored version (policyVersionId 0). */
    public Deadlines deadlines(FeedbackKind kind, Channel channel, Instant received) {
        return deadlines(0, kind, channel, received);
    }

    /**
     * Due dates at intake of feedback for a department known by {@code department} (its code and name) and
     * {@code product} (may be null): under a rule pack, the acknowledge, first-response and respond stages whose clock
     * starts at receipt (a stage counted from a later event, such as a response counted from the acknowledgement,
     * has no due date yet); otherwise the policy's own targets.
     */
    public Deadlines deadlines(
            long policyVersionId,
            FeedbackKind kind,
            Channel channel,
            java.util.Collection<String> department,
            String product,
            Instant received) {
        Optional<PackRoute> route = route(kind, department, product);
        if (route.isEmpty()) {
            return deadlines(policyVersionId, kind, channel, received);
        }
        Map<String, RulePack.StageDue> due =
                route.get().pack().due(calendar, route.get().overrides(), product, Map.of(Anchor.RECEIPT, received));
        Map<StageRole, Instant> byRole = new EnumMap<>(StageRole.class);
        due.values().forEach(d -> byRole.putIfAbsent(d.stage().role(), d.due()));
        return new Deadlines(
                policyVersionId,
                calendar.zone(),
                byRole.get(StageRole.ACKNOWLEDGE),
                byRole.get(StageRole.FIRST_RESPONSE),
                byRole.get(StageRole.RESPOND),
                packs.indexOf(route.get()));
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
