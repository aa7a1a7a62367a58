package org.hearken.policy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.hearken.calendar.BusinessCalendar;
import org.hearken.calendar.ClockExplanation;
import org.hearken.calendar.Period;
import org.hearken.calendar.ReceiptDayRule;

/**
 * A published complaint regime as data: its stages in order, each with the clock's unit, anchor and target, its
 * extension cap and the clause it comes from; how escalation works; and the blocks its letters must contain. Every
 * target, cap and block names its clause. The organisation's calendar is not part of the pack: an organisation picks
 * a pack and gives its own (docs/packs.md). Pure: no I/O, no clock.
 *
 * @param id e.g. "ho-code-2024"
 * @param version the pack's own version, e.g. "2024.1"; a changed pack is a new version
 * @param title e.g. "Housing Ombudsman Complaint Handling Code (2024)"
 * @param source where the regime is published
 * @param receiptDay which day is day 0 of a count from receipt
 * @param clocksFrom whether the clocks run from when the organisation received the feedback or when the customer sent
 *     it
 * @param kinds the kinds of feedback the regime governs (usually complaints only)
 * @param stages in order; keys are unique
 * @param variants targets that differ for some products, first match wins
 * @param escalation how a complaint moves to stage 2; null when the regime has one stage
 * @param letters per kind of letter (e.g. "final-response"), the blocks it must contain
 */
public record RulePack(
        String id,
        String version,
        String title,
        String source,
        ReceiptDayRule receiptDay,
        ClockBasis clocksFrom,
        Set<FeedbackKind> kinds,
        List<PackStage> stages,
        List<Variant> variants,
        Escalation escalation,
        Map<String, List<LetterBlock>> letters) {

    /** Which instant the clocks of a pack start from at receipt. */
    public enum ClockBasis {
        /** When the organisation received it: the mailbox's arrival time, the date stamp on a letter. */
        RECEIVED,
        /** When the customer sent it. */
        SENT
    }

    /**
     * One stage: what it is, when its clock starts, how long it allows.
     *
     * @param target how long the stage allows from its anchor
     * @param clause the clause that sets the target, e.g. "HO Code 6.3"
     * @param extension the longest extension the regime allows, and how many; null when none is allowed
     * @param override whether an organisation's policy may set its own target; NONE unless the pack says
     */
    public record PackStage(
            String key,
            StageRole role,
            String title,
            Anchor anchor,
            Period target,
            String clause,
            Extension extension,
            Override override) {

        public PackStage {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(anchor, "anchor");
            Objects.requireNonNull(target, "target");
            if (clause == null || clause.isBlank()) {
                throw new IllegalArgumentException("stage " + key + " cites no clause");
            }
            override = override == null ? Override.NONE : override;
        }
    }

    /** Whether an organisation may change a stage's target. */
    public enum Override {
        /** The regime's target stands. */
        NONE,
        /** The regime sets a maximum: an organisation may promise less time, in the same unit, never more. */
        SHORTER,
        /** The regime leaves the period to the organisation (e.g. "promptly"). */
        ANY
    }

    /**
     * @param max the longest single extension
     * @param times how many extensions a stage may have
     * @param clause where the cap comes from
     * @param noticeBlocks the blocks the notice to the customer must contain (keys of {@code letters})
     */
    public record Extension(Period max, int times, String clause, List<String> noticeBlocks) {
        public Extension {
            if (times < 1) {
                throw new IllegalArgumentException("an extension cap allows at least one extension");
            }
            if (clause == null || clause.isBlank()) {
                throw new IllegalArgumentException("an extension cap cites no clause");
            }
            noticeBlocks = List.copyOf(noticeBlocks);
        }
    }

    /**
     * Targets that differ for some products (e.g. superannuation under RG 271).
     *
     * @param products product names this variant applies to (compared ignoring case)
     * @param targets per stage key, the target instead of the stage's own
     */
    public record Variant(String name, Set<String> products, Map<String, Period> targets, String clause) {
        public Variant {
            products = Set.copyOf(products);
            targets = Map.copyOf(targets);
        }

        boolean matches(String product) {
            return product != null && products.stream().anyMatch(p -> p.equalsIgnoreCase(product));
        }
    }

    /**
     * @param reasonRequired whether the customer must give a reason to escalate
     * @param differentHandler whether stage 2 must be handled by someone who did not handle stage 1
     * @param clause where the escalation rules come from
     */
    public record Escalation(boolean reasonRequired, boolean differentHandler, String clause) {}

    /**
     * A block a letter must contain, checked before it is sent.
     *
     * @param mustContain phrases (any case) that show the block is there; all must appear
     * @param text the pack's standard wording of the block, which Hearken adds to a notice it words itself (an
     *     extension notice); null when the pack gives none
     */
    public record LetterBlock(String key, String title, String clause, List<String> mustContain, String text) {
        public LetterBlock {
            mustContain = List.copyOf(mustContain);
        }

        /** Whether {@code text} contains the block: every phrase, ignoring case. The one test of a letter block. */
        public boolean presentIn(String text) {
            String lower = text == null ? "" : text.toLowerCase(java.util.Locale.ROOT);
            return mustContain.stream().allMatch(p -> lower.contains(p.toLowerCase(java.util.Locale.ROOT)));
        }
    }

    public RulePack {
        stages = List.copyOf(stages);
        variants = List.copyOf(variants);
        kinds = Set.copyOf(kinds);
        letters = Map.copyOf(letters);
    }

    public Optional<PackStage> stage(String key) {
        return stages.stream().filter(s -> s.key().equals(key)).findFirst();
    }

    public Optional<PackStage> stage(StageRole role) {
        return stages.stream().filter(s -> s.role() == role).findFirst();
    }

    /** The target of {@code stage} for {@code product}: a variant's if one matches, else the organisation's override, else the stage's own. */
    Target target(PackStage stage, String product, Map<String, Period> overrides) {
        for (Variant v : variants) {
            if (v.matches(product) && v.targets().containsKey(stage.key())) {
                return new Target(v.targets().get(stage.key()), v.clause() + " (" + v.name() + ")");
            }
        }
        Period own = overrides.get(stage.key());
        if (own != null) {
            return new Target(own, stage.clause() + " (the organisation's own target)");
        }
        return new Target(stage.target(), stage.clause());
    }

    /** A target and the clause it comes from. */
    record Target(Period period, String clause) {}

    /** When one stage falls due; {@link #explanation()} says why (worked out only when asked: it walks the days). */
    public record StageDue(
            PackStage stage,
            Anchor anchor,
            Instant anchorAt,
            Period target,
            String clause,
            Instant due,
            BusinessCalendar calendar,
            ReceiptDayRule rule) {

        public ClockExplanation explanation() {
            return calendar.explain(anchorAt, target, rule);
        }
    }

    /**
     * The due date of every stage whose anchor is known, in the pack's order.
     *
     * @param moments when each anchor happened; a stage whose anchor is missing is left out
     */
    public Map<String, StageDue> due(
            BusinessCalendar calendar, Map<String, Period> overrides, String product, Map<Anchor, Instant> moments) {
        Map<String, StageDue> result = new LinkedHashMap<>();
        for (PackStage s : stages) {
            Instant at = moments.get(s.anchor());
            if (s.anchor() == Anchor.LATEST_UPDATE && at == null) {
                at = moments.get(Anchor.ACKNOWLEDGEMENT);
            }
            if (at == null) {
                continue;
            }
            Target t = target(s, product, overrides);
            Instant due = calendar.due(at, t.period(), receiptDay);
            result.put(s.key(), new StageDue(s, s.anchor(), at, t.period(), t.clause(), due, calendar, receiptDay));
        }
        return result;
    }
}
