package org.hearken.whatif;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.hearken.cases.CustomerWording;
import org.hearken.policy.Anchor;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;
import org.hearken.policy.RulePack;
import org.hearken.policy.ServicePolicy;
import org.hearken.policy.Stage;
import org.hearken.policy.StageRole;

/**
 * The replay itself, pure: every case's due dates are computed twice with the policy module's own code
 * ({@link ServicePolicy#stagesDue}), once under the version the case was received under ("actual") and once under the
 * alternative, from the case's own moments (received, acknowledged, review requested and, where recorded, the
 * review request acknowledged), and compared with when each stage was actually done. Either side may route the case
 * to a rule pack: stages are matched by their role, so that "acknowledge" under a policy's own targets and
 * "stage1-acknowledge" under a pack are one row. Extensions are not replayed: they were agreed against the actual
 * dates, so both sides are judged against the policies' own targets. A stage not yet done is missed once its due date
 * has passed {@code now}, otherwise pending. The respond stage of a reopened case is left out, because its response
 * answered the reopening, not the first due date.
 */
final class PolicyReplay {

    /** How a stage of one case comes out under one policy. */
    enum Verdict {
        MET,
        MISSED,
        /** Not done yet and not yet due. */
        PENDING,
        /** The policy sets no target for this stage of this kind and channel. */
        NO_TARGET
    }

    record Tally(int met, int missed, int pending, int noTarget) {

        Tally add(Verdict v) {
            return switch (v) {
                case MET -> new Tally(met + 1, missed, pending, noTarget);
                case MISSED -> new Tally(met, missed + 1, pending, noTarget);
                case PENDING -> new Tally(met, missed, pending + 1, noTarget);
                case NO_TARGET -> new Tally(met, missed, pending, noTarget + 1);
            };
        }

        static final Tally ZERO = new Tally(0, 0, 0, 0);
    }

    /**
     * One row of the comparison: the stages of one role on both sides.
     *
     * @param stage the row's name: the stage key of a policy's own targets for the roles those have (acknowledge,
     *     firstResponse, respond, review), otherwise the role's key (quick-resolution, stage2-acknowledge)
     * @param role the role's key, e.g. "stage2-respond"
     * @param actualStages the stage keys the actual side judged in this row, in the order first met (e.g.
     *     ["acknowledge"]); several when cases follow different packs, empty when it had none
     * @param alternativeStages the same under the alternative (e.g. ["stage1-acknowledge"])
     * @param actualLeftOut cases the actual side could not judge here: the stage's clock starts at a moment the case
     *     does not have (an acknowledgement not given, a stage-2 acknowledgement not recorded), or a quick resolution
     *     that did not happen in time (which is not a miss)
     * @param alternativeLeftOut the same under the alternative
     */
    record StageSummary(
            String stage,
            Tally actual,
            Tally alternative,
            int flips,
            String role,
            List<String> actualStages,
            List<String> alternativeStages,
            int actualLeftOut,
            int alternativeLeftOut) {}

    /**
     * A stage of a case whose result differs between the two policies, with both due dates.
     *
     * @param stage the row's name (see {@link StageSummary#stage()})
     * @param actualStage the stage's key under the actual policy; null when it has no such stage
     * @param alternativeStage the stage's key under the alternative; null when it has no such stage
     */
    record Flip(
            String reference,
            FeedbackKind kind,
            Channel channel,
            String department,
            Instant receivedAt,
            String stage,
            Instant completedAt,
            Instant actualDue,
            Verdict actual,
            Instant alternativeDue,
            Verdict alternative,
            String explanation,
            String role,
            String actualStage,
            String alternativeStage) {}

    record Result(
            int cases,
            int reopenedRespondLeftOut,
            List<StageSummary> stages,
            List<Flip> flips,
            int flipCount,
            boolean flipsTruncated) {}

    /** The roles replayed, in the order of the rows. */
    private static final List<StageRole> ROLES = List.of(
            StageRole.ACKNOWLEDGE,
            StageRole.FIRST_RESPONSE,
            StageRole.QUICK_RESOLUTION,
            StageRole.RESPOND,
            StageRole.STAGE2_ACKNOWLEDGE,
            StageRole.STAGE2_RESPOND);

    /** The roles a policy's own targets have: their rows are always shown, as they always were. */
    private static final Set<StageRole> ALWAYS =
            EnumSet.of(StageRole.ACKNOWLEDGE, StageRole.FIRST_RESPONSE, StageRole.RESPOND, StageRole.STAGE2_RESPOND);

    private PolicyReplay() {}

    /**
     * @param actualPolicy the policy a case was received under, by its stored policy version id (null: the one in force)
     * @param zone the zone to write dates in for people
     * @param maxFlips how many flips to list at most (all are counted)
     */
    static Result replay(
            List<CaseTiming> cases,
            Function<Long, ServicePolicy> actualPolicy,
            ServicePolicy alternative,
            Instant now,
            ZoneId zone,
            int maxFlips) {
        Map<StageRole, Row> rows = new EnumMap<>(StageRole.class);
        ALWAYS.forEach(role -> rows.put(role, new Row(role)));
        List<Flip> flips = new ArrayList<>();
        int flipCount = 0;
        int reopened = 0;
        for (CaseTiming c : cases) {
            Map<Anchor, Instant> moments = moments(c);
            Side actual = Side.of(actualPolicy.apply(c.policyVersionId()), c, moments);
            Side other = Side.of(alternative, c, moments);
            for (StageRole role : ROLES) {
                if ((role == StageRole.STAGE2_ACKNOWLEDGE || role == StageRole.STAGE2_RESPOND)
                        && c.reviewRequestedAt() == null) {
                    continue;
                }
                if (role == StageRole.RESPOND && c.reopenCount() > 0) {
                    reopened++;
                    continue;
                }
                if (role == StageRole.QUICK_RESOLUTION && c.reopenCount() > 0) {
                    continue;
                }
                if (!ALWAYS.contains(role) && actual.stage(role) == null && other.stage(role) == null) {
                    continue;
                }
                Judgement a = judge(c, role, actual, now);
                Judgement b = judge(c, role, other, now);
                Row row = rows.computeIfAbsent(role, Row::new);
                row.add(a, b);
                if (a.verdict() != null && b.verdict() != null && a.verdict() != b.verdict()) {
                    flipCount++;
                    row.flips++;
                    if (flips.size() < maxFlips) {
                        flips.add(new Flip(
                                c.reference(),
                                c.kind(),
                                c.channel(),
                                c.departmentCode(),
                                c.receivedAt(),
                                row.name(),
                                a.done(),
                                a.due(),
                                a.verdict(),
                                b.due(),
                                b.verdict(),
                                explain(role, a, b, now, zone),
                                role.key(),
                                a.stage(),
                                b.stage()));
                    }
                }
            }
        }
        List<StageSummary> stages = ROLES.stream()
                .filter(rows::containsKey)
                .map(role -> rows.get(role).summary())
                .toList();
        return new Result(cases.size(), reopened, stages, List.copyOf(flips), flipCount, flipCount > flips.size());
    }

    /** The moments of a case that stages may count from. */
    static Map<Anchor, Instant> moments(CaseTiming c) {
        Map<Anchor, Instant> moments = new EnumMap<>(Anchor.class);
        moments.put(Anchor.RECEIPT, c.receivedAt());
        if (c.acknowledgedAt() != null) {
            moments.put(Anchor.ACKNOWLEDGEMENT, c.acknowledgedAt());
        }
        if (c.reviewRequestedAt() != null) {
            moments.put(Anchor.ESCALATION_REQUEST, c.reviewRequestedAt());
        }
        if (c.stage2AcknowledgedAt() != null) {
            moments.put(Anchor.STAGE2_ACKNOWLEDGEMENT, c.stage2AcknowledgedAt());
        }
        return moments;
    }

    /**
     * One policy's view of one case: the stages that govern it, when each whose clock has started falls due, and
     * whether they come from a rule pack (or the policy's own targets).
     */
    private record Side(
            ServicePolicy policy, boolean pack, List<RulePack.PackStage> stages, Map<String, RulePack.StageDue> due) {

        static Side of(ServicePolicy policy, CaseTiming c, Map<Anchor, Instant> moments) {
            List<String> department = new ArrayList<>(2);
            if (c.departmentCode() != null) {
                department.add(c.departmentCode());
            }
            if (c.departmentName() != null) {
                department.add(c.departmentName());
            }
            return new Side(
                    policy,
                    policy.route(c.kind(), department, c.product()).isPresent(),
                    policy.stages(c.kind(), c.channel(), department, c.product()),
                    policy.stagesDue(c.kind(), c.channel(), department, c.product(), moments));
        }

        /** The first stage of {@code role}; null when there is none. */
        RulePack.PackStage stage(StageRole role) {
            for (RulePack.PackStage s : stages) {
                if (s.role() == role) {
                    return s;
                }
            }
            return null;
        }
    }

    /**
     * How one stage of one case comes out on one side.
     *
     * @param stage the stage's key; null when the side has no stage of the role
     * @param done when the case did what the stage asks, as the side counts it; null while it has not
     * @param due null when there is no such stage or its clock has not started
     * @param verdict null when the stage is left out (see {@link StageSummary#actualLeftOut()})
     * @param detail the due date's target, anchor and clause; null without a due date
     */
    private record Judgement(
            String stage, Instant done, Instant due, Verdict verdict, RulePack.StageDue detail, boolean pack) {}

    private static Judgement judge(CaseTiming c, StageRole role, Side side, Instant now) {
        Instant done = completed(c, role, side);
        RulePack.PackStage stage = side.stage(role);
        if (stage == null) {
            return new Judgement(null, done, null, Verdict.NO_TARGET, null, side.pack());
        }
        RulePack.StageDue d = side.due().get(stage.key());
        if (d == null || (role == StageRole.STAGE2_ACKNOWLEDGE && c.stage2AcknowledgedAt() == null)) {
            return new Judgement(stage.key(), done, d == null ? null : d.due(), null, d, side.pack());
        }
        Verdict v;
        if (role == StageRole.QUICK_RESOLUTION) {
            // Met only by a resolution in time; a complaint not resolved in time goes on to the response: no miss.
            if (done != null) {
                v = done.isAfter(d.due()) ? null : Verdict.MET;
            } else {
                v = now.isAfter(d.due()) ? null : Verdict.PENDING;
            }
        } else {
            v = judge(done, d.due(), now);
        }
        return new Judgement(stage.key(), done, d.due(), v, d, side.pack());
    }

    /** When the case did what a stage of {@code role} asks, as {@code side} counts it; null while it has not. */
    private static Instant completed(CaseTiming c, StageRole role, Side side) {
        return switch (role) {
            case ACKNOWLEDGE -> c.acknowledgedAt();
            case FIRST_RESPONSE -> c.firstResponseAt();
            // A response, or a resolution at first contact, which records one.
            case QUICK_RESOLUTION -> c.respondedAt();
            // The interim rule belongs to the policy's own targets; a pack's response is the full or final one.
            case RESPOND ->
                !side.pack() && side.policy().interimMeetsRespondTarget()
                        ? earliest(c.firstInterimAt(), c.respondedAt())
                        : c.respondedAt();
            case STAGE2_ACKNOWLEDGE -> c.stage2AcknowledgedAt();
            case STAGE2_RESPOND -> c.reviewedAt();
            case DECIDE, UPDATE, RESPOND_EXCEPTIONAL -> null;
        };
    }

    static Verdict judge(Instant done, Instant due, Instant now) {
        if (due == null) {
            return Verdict.NO_TARGET;
        }
        if (done != null) {
            return done.isAfter(due) ? Verdict.MISSED : Verdict.MET;
        }
        return now.isAfter(due) ? Verdict.MISSED : Verdict.PENDING;
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }

    /** The row's name: the stage key of a policy's own targets where they have one, otherwise the role's key. */
    static String rowName(StageRole role) {
        return switch (role) {
            case ACKNOWLEDGE -> Stage.ACKNOWLEDGE.key();
            case FIRST_RESPONSE -> Stage.FIRST_RESPONSE.key();
            case RESPOND -> Stage.RESPOND.key();
            case STAGE2_RESPOND -> Stage.REVIEW.key();
            default -> role.key();
        };
    }

    /** The tallies of one row as the cases are replayed. */
    private static final class Row {
        final StageRole role;
        final Set<String> actualStages = new LinkedHashSet<>();
        final Set<String> alternativeStages = new LinkedHashSet<>();
        Tally actual = Tally.ZERO;
        Tally alternative = Tally.ZERO;
        int actualLeftOut;
        int alternativeLeftOut;
        int flips;

        Row(StageRole role) {
            this.role = role;
        }

        String name() {
            return rowName(role);
        }

        void add(Judgement a, Judgement b) {
            if (a.stage() != null) {
                actualStages.add(a.stage());
            }
            if (b.stage() != null) {
                alternativeStages.add(b.stage());
            }
            if (a.verdict() == null) {
                actualLeftOut++;
            } else {
                actual = actual.add(a.verdict());
            }
            if (b.verdict() == null) {
                alternativeLeftOut++;
            } else {
                alternative = alternative.add(b.verdict());
            }
        }

        StageSummary summary() {
            return new StageSummary(
                    name(),
                    actual,
                    alternative,
                    flips,
                    role.key(),
                    List.copyOf(actualStages),
                    List.copyOf(alternativeStages),
                    actualLeftOut,
                    alternativeLeftOut);
        }
    }

    /** One sentence that says why the result differs, in the organisation's words. */
    private static String explain(StageRole role, Judgement a, Judgement b, Instant now, ZoneId zone) {
        Instant actualDone = a.done();
        Instant alternativeDone = b.done();
        String what = switch (role) {
            case ACKNOWLEDGE -> "Acknowledged";
            case FIRST_RESPONSE -> "First reply";
            case QUICK_RESOLUTION -> "Resolved";
            case RESPOND -> "Responded";
            case STAGE2_ACKNOWLEDGE -> "Review request acknowledged";
            case STAGE2_RESPOND -> "Review answered";
            case DECIDE, UPDATE, RESPOND_EXCEPTIONAL -> "Done";
        };
        StringBuilder text = new StringBuilder();
        if (actualDone == null && alternativeDone == null) {
            text.append("Not done yet (")
                    .append(CustomerWording.when(now, zone))
                    .append(")");
        } else if (!Objects.equals(actualDone, alternativeDone)) {
            // Only the interim rule makes the two differ, and the interim response is the earlier of the two.
            boolean alternativeCountsInterim =
                    actualDone == null || (alternativeDone != null && alternativeDone.isBefore(actualDone));
            Instant interim = alternativeCountsInterim ? alternativeDone : actualDone;
            Instant full = alternativeCountsInterim ? actualDone : alternativeDone;
            text.append(what)
                    .append(" at ")
                    .append(CustomerWording.when(interim, zone))
                    .append(" by an interim response, which only the ")
                    .append(alternativeCountsInterim ? "alternative" : "actual policy")
                    .append(" counts");
            if (full != null) {
                text.append(" (the full response came at ")
                        .append(CustomerWording.when(full, zone))
                        .append(")");
            }
        } else {
            text.append(what).append(" at ").append(CustomerWording.when(actualDone, zone));
        }
        text.append(": ")
                .append(side("actual", a, zone))
                .append("; ")
                .append(side("alternative", b, zone))
                .append('.');
        return text.toString();
    }

    /**
     * "met under the actual policy (due …)"; under a pack the stage, its target, what it counts from and its clause
     * come first: "(stage1-respond: 10 business days from the acknowledgement, HO Code 6.3; due …)".
     */
    private static String side(String which, Judgement j, ZoneId zone) {
        if (j.due() == null) {
            return "no target under the " + which + " policy";
        }
        String result = switch (j.verdict()) {
            case MET -> "met";
            case MISSED -> "missed";
            case PENDING -> "not yet due";
            case NO_TARGET -> "no target";
        };
        String stage = j.pack() && j.detail() != null
                ? j.stage() + ": " + j.detail().target() + " from "
                        + j.detail().anchor().words() + ", " + j.detail().clause() + "; "
                : "";
        return result + " under the " + which + " policy (" + stage + "due " + CustomerWording.when(j.due(), zone)
                + ")";
    }
}
