package org.hearken.cases;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.hearken.calendar.BusinessCalendar;
import org.hearken.calendar.Period;
import org.hearken.calendar.ReceiptDayRule;
import org.hearken.policy.Anchor;
import org.hearken.policy.PackRoute;
import org.hearken.policy.RulePack;
import org.hearken.policy.ServicePolicy;
import org.hearken.policy.StageRole;

/**
 * What a case's rule pack says about its stages, as pure functions of instants computed with the pack's clocks and
 * the organisation's calendar (docs/packs.md). {@link #NONE} under a policy's own targets: then the lifecycle runs as
 * it always has.
 *
 * @param pack the pack's id, null for none
 * @param respondFromAcknowledgement when the response falls due, counted from the acknowledgement; null when the
 *     response counts from the receipt
 * @param stage2 whether the customer may escalate to stage 2 at any time after the acknowledgement (also while stage 1
 *     is overdue), rather than ask for an internal review of a closed case
 * @param escalationReasonRequired whether the customer must give a reason to escalate
 * @param stage2AcknowledgeBy when the stage-2 acknowledgement falls due, from the escalation request; null for none
 * @param stage2RespondBy when the stage-2 response falls due, from the stage-2 acknowledgement; null when it counts from
 *     the request
 * @param stage2RespondFromRequest when the stage-2 response falls due, from the escalation request; null when it
 *     counts from the stage-2 acknowledgement (or the pack has no stage 2)
 * @param extensions per stage, the pack's extension cap; a stage absent here may be extended only by agreement
 * @param quickResolutionBy the end of the pack's quick-resolution window, from the receipt; null for none
 * @param letters per kind of letter, the blocks it must contain
 */
record Procedure(
        String pack,
        UnaryOperator<Instant> respondFromAcknowledgement,
        boolean stage2,
        boolean escalationReasonRequired,
        String escalationClause,
        UnaryOperator<Instant> stage2AcknowledgeBy,
        UnaryOperator<Instant> stage2RespondBy,
        UnaryOperator<Instant> stage2RespondFromRequest,
        Map<Stage.Kind, Extension> extensions,
        UnaryOperator<Instant> quickResolutionBy,
        String quickResolutionClause,
        UnaryOperator<Instant> respondExceptionalBy,
        UnaryOperator<Instant> decideBy,
        UnaryOperator<Instant> nextUpdateBy,
        Map<String, List<RulePack.LetterBlock>> letters) {

    static final Procedure NONE = new Procedure(
            null, null, false, true, null, null, null, null, Map.of(), null, null, null, null, null, Map.of());

    /**
     * @param latest the latest due date an extension may set, from the stage's original due date
     * @param max the cap in words, e.g. "10 business days"
     */
    record Extension(UnaryOperator<Instant> latest, String max, int times, String clause, List<String> noticeBlocks) {}

    Procedure {
        extensions = Map.copyOf(extensions);
        letters = Map.copyOf(letters);
    }

    /** The procedure of route {@code route} of {@code policy}; {@link #NONE} when {@code route} is null. */
    static Procedure of(ServicePolicy policy, Integer route) {
        if (route == null || route < 0 || route >= policy.packs().size()) {
            return NONE;
        }
        PackRoute r = policy.packs().get(route);
        RulePack pack = r.pack();
        BusinessCalendar calendar = policy.calendar();
        ReceiptDayRule rule = pack.receiptDay();
        java.util.function.Function<StageRole, UnaryOperator<Instant>> clock = role -> pack.stage(role)
                .map(s -> {
                    Period p = r.overrides().getOrDefault(s.key(), s.target());
                    return (UnaryOperator<Instant>) t -> calendar.due(t, p, rule);
                })
                .orElse(null);
        UnaryOperator<Instant> respondFromAck = pack.stage(StageRole.RESPOND)
                        .filter(s -> s.anchor() == Anchor.ACKNOWLEDGEMENT)
                        .isPresent()
                ? clock.apply(StageRole.RESPOND)
                : null;
        boolean stage2 = pack.stage(StageRole.STAGE2_RESPOND).isPresent();
        UnaryOperator<Instant> stage2Respond = pack.stage(StageRole.STAGE2_RESPOND)
                        .filter(s -> s.anchor() == Anchor.STAGE2_ACKNOWLEDGEMENT)
                        .isPresent()
                ? clock.apply(StageRole.STAGE2_RESPOND)
                : null;
        UnaryOperator<Instant> stage2FromRequest = pack.stage(StageRole.STAGE2_RESPOND)
                        .filter(s -> s.anchor() == Anchor.ESCALATION_REQUEST)
                        .isPresent()
                ? clock.apply(StageRole.STAGE2_RESPOND)
                : null;
        Map<Stage.Kind, Extension> extensions = new java.util.EnumMap<>(Stage.Kind.class);
        for (var entry : Map.of(StageRole.RESPOND, Stage.Kind.RESPOND, StageRole.STAGE2_RESPOND, Stage.Kind.REVIEW)
                .entrySet()) {
            pack.stage(entry.getKey())
                    .map(RulePack.PackStage::extension)
                    .ifPresent(x -> extensions.put(
                            entry.getValue(),
                            new Extension(
                                    t -> calendar.due(t, x.max(), ReceiptDayRule.DAY_OF_RECEIPT),
                                    x.max().toString(),
                                    x.times(),
                                    x.clause(),
                                    x.noticeBlocks())));
        }
        RulePack.Escalation escalation = pack.escalation();
        return new Procedure(
                pack.id(),
                respondFromAck,
                stage2,
                escalation != null && escalation.reasonRequired(),
                escalation == null ? null : escalation.clause(),
                stage2 ? clock.apply(StageRole.STAGE2_ACKNOWLEDGE) : null,
                stage2Respond,
                stage2FromRequest,
                extensions,
                clock.apply(StageRole.QUICK_RESOLUTION),
                pack.stage(StageRole.QUICK_RESOLUTION)
                        .map(RulePack.PackStage::clause)
                        .orElse(null),
                clock.apply(StageRole.RESPOND_EXCEPTIONAL),
                clock.apply(StageRole.DECIDE),
                clock.apply(StageRole.UPDATE),
                pack.letters());
    }

    boolean governed() {
        return pack != null;
    }

    boolean stage2RespondCountsFromItsAcknowledgement() {
        return stage2RespondBy != null;
    }

    /**
     * The blocks a notice moving {@code stage}'s due date must contain: its extension cap's notice blocks (found in the
     * pack's extension letter first), or where the pack gives the stage no cap, its delay notice's (RG 271).
     */
    List<RulePack.LetterBlock> noticeBlocks(Stage.Kind stage) {
        Extension cap = extensions.get(stage);
        if (cap == null) {
            return letters.getOrDefault("delay-notice", List.of());
        }
        List<RulePack.LetterBlock> blocks = new ArrayList<>();
        for (String key : cap.noticeBlocks()) {
            java.util.stream.Stream.concat(
                            letters.getOrDefault("extension", List.of()).stream(),
                            letters.values().stream().flatMap(List::stream))
                    .filter(b -> b.key().equals(key))
                    .findFirst()
                    .ifPresent(blocks::add);
        }
        return blocks;
    }

    /** The blocks of letter {@code kind} (e.g. "final-response") that {@code text} lacks, in the pack's order. */
    List<RulePack.LetterBlock> missing(String kind, String text) {
        List<RulePack.LetterBlock> missing = new ArrayList<>();
        for (RulePack.LetterBlock b : letters.getOrDefault(kind, List.of())) {
            if (!b.presentIn(text)) {
                missing.add(b);
            }
        }
        return missing;
    }

    /** The first of {@code kinds} the pack has blocks for, or null. */
    String letterKind(String... kinds) {
        for (String k : kinds) {
            if (letters.containsKey(k)) {
                return k;
            }
        }
        return null;
    }
}
