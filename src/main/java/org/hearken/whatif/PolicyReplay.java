package org.hearken.whatif;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.hearken.cases.CustomerWording;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;
import org.hearken.policy.ServicePolicy;
import org.hearken.policy.Stage;

/**
 * The replay itself, pure: every case's due dates are computed twice with the policy module's own code, once under
 * the version the case was received under ("actual") and once under the alternative, from the moment it was received
 * (or, for the review, the moment the review was asked for), and compared with when each stage was actually done.
 * Extensions are not replayed: they were agreed against the actual dates, so both sides are judged against the
 * policy's own targets. A stage not yet done is missed once its due date has passed {@code now}, otherwise pending.
 * The respond stage of a reopened case is left out, because its response answered the reopening, not the first
 * due date.
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

    record StageSummary(String stage, Tally actual, Tally alternative, int flips) {}

    /** A stage of a case whose result differs between the two policies, with both due dates. */
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
            String explanation) {}

    record Result(
            int cases,
            int reopenedRespondLeftOut,
            List<StageSummary> stages,
            List<Flip> flips,
            int flipCount,
            boolean flipsTruncated) {}

    private static final List<Stage> STAGES =
            List.of(Stage.ACKNOWLEDGE, Stage.FIRST_RESPONSE, Stage.RESPOND, Stage.REVIEW);

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
        Map<Stage, Tally> actualTally = new EnumMap<>(Stage.class);
        Map<Stage, Tally> alternativeTally = new EnumMap<>(Stage.class);
        Map<Stage, Integer> flipsPerStage = new EnumMap<>(Stage.class);
        for (Stage s : STAGES) {
            actualTally.put(s, Tally.ZERO);
            alternativeTally.put(s, Tally.ZERO);
            flipsPerStage.put(s, 0);
        }
        List<Flip> flips = new ArrayList<>();
        int flipCount = 0;
        int reopened = 0;
        for (CaseTiming c : cases) {
            ServicePolicy actual = actualPolicy.apply(c.policyVersionId());
            for (Stage stage : STAGES) {
                if (stage == Stage.REVIEW && c.reviewRequestedAt() == null) {
                    continue;
                }
                if (stage == Stage.RESPOND && c.reopenCount() > 0) {
                    reopened++;
                    continue;
                }
                Instant actualDone = completed(c, stage, actual);
                Instant alternativeDone = completed(c, stage, alternative);
                Instant actualDue = due(c, stage, actual);
                Instant alternativeDue = due(c, stage, alternative);
                Verdict a = judge(actualDone, actualDue, now);
                Verdict b = judge(alternativeDone, alternativeDue, now);
                actualTally.merge(stage, Tally.ZERO, (t, z) -> t.add(a));
                alternativeTally.merge(stage, Tally.ZERO, (t, z) -> t.add(b));
                if (a != b) {
                    flipCount++;
                    flipsPerStage.merge(stage, 1, Integer::sum);
                    if (flips.size() < maxFlips) {
                        flips.add(new Flip(
                                c.reference(),
                                c.kind(),
                                c.channel(),
                                c.departmentCode(),
                                c.receivedAt(),
                                stage.key(),
                                actualDone,
                                actualDue,
                                a,
                                alternativeDue,
                                b,
                                explain(
                                        stage,
                                        actualDone,
                                        alternativeDone,
                                        actualDue,
                                        a,
                                        alternativeDue,
                                        b,
                                        now,
                                        zone)));
                    }
                }
            }
        }
        List<StageSummary> stages = STAGES.stream()
                .map(s -> new StageSummary(s.key(), actualTally.get(s), alternativeTally.get(s), flipsPerStage.get(s)))
                .toList();
        return new Result(cases.size(), reopened, stages, List.copyOf(flips), flipCount, flipCount > flips.size());
    }

    /** When the stage counts as done under {@code policy}; null while it is not. */
    static Instant completed(CaseTiming c, Stage stage, ServicePolicy policy) {
        return switch (stage) {
            case ACKNOWLEDGE -> c.acknowledgedAt();
            case FIRST_RESPONSE -> c.firstResponseAt();
            case RESPOND ->
                policy.interimMeetsRespondTarget() ? earliest(c.firstInterimAt(), c.respondedAt()) : c.respondedAt();
            case REVIEW -> c.reviewedAt();
        };
    }

    static Instant due(CaseTiming c, Stage stage, ServicePolicy policy) {
        if (stage == Stage.REVIEW) {
            return c.reviewRequestedAt() == null
                    ? null
                    : policy.reviewDue(c.kind(), c.channel(), c.reviewRequestedAt())
                            .orElse(null);
        }
        return policy.deadlines(c.kind(), c.channel(), c.receivedAt()).due(stage);
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

    /** One sentence that says why the result differs, in the organisation's words. */
    static String explain(
            Stage stage,
            Instant actualDone,
            Instant alternativeDone,
            Instant actualDue,
            Verdict a,
            Instant alternativeDue,
            Verdict b,
            Instant now,
            ZoneId zone) {
        String what = switch (stage) {
            case ACKNOWLEDGE -> "Acknowledged";
            case FIRST_RESPONSE -> "First reply";
            case RESPOND -> "Responded";
            case REVIEW -> "Review answered";
        };
        StringBuilder text = new StringBuilder();
        if (actualDone == null && alternativeDone == null) {
            text.append("Not done yet (")
                    .append(CustomerWording.when(now, zone))
                    .append(")");
        } else if (alternativeDone != null && !alternativeDone.equals(actualDone)) {
            text.append(what)
                    .append(" at ")
                    .append(CustomerWording.when(alternativeDone, zone))
                    .append(
                            actualDone == null
                                    ? " by an interim response, which only the alternative counts"
                                    : " by an interim response, which only the alternative counts (the full response came at "
                                            + CustomerWording.when(actualDone, zone) + ")");
        } else if (alternativeDone == null && actualDone != null) {
            text.append(what)
                    .append(" at ")
                    .append(CustomerWording.when(actualDone, zone))
                    .append(" by an interim response, which only the actual policy counts");
        } else {
            text.append(what).append(" at ").append(CustomerWording.when(actualDone, zone));
        }
        text.append(": ")
                .append(side("actual", actualDue, a, zone))
                .append("; ")
                .append(side("alternative", alternativeDue, b, zone))
                .append('.');
        return text.toString();
    }

    private static String side(String which, Instant due, Verdict v, ZoneId zone) {
        if (due == null) {
            return "no target under the " + which + " policy";
        }
        String result = switch (v) {
            case MET -> "met";
            case MISSED -> "missed";
            case PENDING -> "not yet due";
            case NO_TARGET -> "no target";
        };
        return result + " under the " + which + " policy (due " + CustomerWording.when(due, zone) + ")";
    }
}
