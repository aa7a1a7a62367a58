package org.hearken.whatif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.hearken.cases.CaseStatus;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;
import org.hearken.policy.PolicyParser;
import org.hearken.policy.ServicePolicy;
import org.junit.jupiter.api.Test;

/**
 * The what-if replay across rule packs, on cases whose dates were worked out by hand: a housing association's own
 * standard (acknowledge within 2 business days, respond within 15, review within 20, all from the request or receipt)
 * against the Housing Ombudsman code for its Housing department (acknowledge within 5 working days of receipt, respond
 * within 10 of the acknowledgement, stage 2 counted from the request and its acknowledgement). London, Monday to
 * Friday 09:00–17:00, no bank holiday in June or July 2026 before the summer one.
 */
class PolicyReplayPacksTest {

    static final ZoneId LONDON = ZoneId.of("Europe/London");

    static final String CALENDAR = """
            calendar:
              zone: Europe/London
              workdays: [MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY]
              opens: "09:00"
              closes: "17:00"
              holidays: { country: GB, region: eng }
            """;

    static final String OWN_TARGETS = """
            targets:
              - kinds: [COMPLAINT, QUESTION, SERVICE_REQUEST]
                acknowledge: 2
                respond: 15
                review: 20
              - kinds: [SUGGESTION, COMPLIMENT]
                acknowledge: 2
                respond: null
            """;

    /** Our own standard. */
    static final ServicePolicy OWN = PolicyParser.parse("name: Example Homes own standard\n" + CALENDAR + OWN_TARGETS);

    /** The Housing Ombudsman code for the Housing department's complaints; everything else as before. */
    static final ServicePolicy HO_FOR_HOUSING = PolicyParser.parse("""
            name: Example Homes under the Housing Ombudsman code
            packs:
              - departments: [Housing]
                pack: ho-code-2024
            """ + CALENDAR + OWN_TARGETS);

    static Instant at(String local) {
        return OffsetDateTime.parse(local).toInstant();
    }

    /** Every case is received on Monday 8 June 2026 at 10:00: day 0 under both policies. */
    static final Instant MONDAY = at("2026-06-08T10:00+01:00");

    static final Instant NOW = at("2026-06-25T12:00+01:00");

    /** Own standard: Monday 8 + 2 business days. */
    static final Instant OWN_ACKNOWLEDGE_DUE = at("2026-06-10T17:00+01:00");
    /** Own standard: Monday 8 + 15 business days (Tuesday 9 is 1, Monday 22 is 10, Monday 29 is 15). */
    static final Instant OWN_RESPOND_DUE = at("2026-06-29T17:00+01:00");
    /** HO Code 6.2: five working days following Monday 8. */
    static final Instant HO_ACKNOWLEDGE_DUE = at("2026-06-15T17:00+01:00");

    private static long ids = 1;

    /** A case of the Housing department (code HSG), which the alternative routes by its name. */
    static CaseTiming housing(
            String reference,
            FeedbackKind kind,
            Instant acknowledged,
            Instant responded,
            Instant reviewRequested,
            Instant stage2Acknowledged,
            Instant reviewed) {
        return timing(
                reference,
                kind,
                "HSG",
                "Housing",
                acknowledged,
                responded,
                reviewRequested,
                stage2Acknowledged,
                reviewed);
    }

    static CaseTiming timing(
            String reference,
            FeedbackKind kind,
            String departmentCode,
            String departmentName,
            Instant acknowledged,
            Instant responded,
            Instant reviewRequested,
            Instant stage2Acknowledged,
            Instant reviewed) {
        CaseStatus status = reviewRequested != null && reviewed == null
                ? CaseStatus.UNDER_REVIEW
                : responded != null
                        ? CaseStatus.RESPONDED
                        : acknowledged != null ? CaseStatus.ACKNOWLEDGED : CaseStatus.RECEIVED;
        return new CaseTiming(
                ids++,
                reference,
                kind,
                Channel.EMAIL,
                status,
                departmentCode,
                MONDAY,
                1L,
                acknowledged,
                acknowledged,
                responded,
                null,
                responded,
                reviewRequested,
                reviewed,
                0,
                departmentName,
                null,
                stage2Acknowledged);
    }

    static List<CaseTiming> knownCases() {
        List<CaseTiming> cases = new ArrayList<>();
        // Acknowledged on Thursday 11 June: late for our 2 days, in time for the code's 5. The code's response is then
        // due 10 working days after Thursday 11 (Friday 12 is 1): Thursday 25 June; answered Wednesday 24: met.
        cases.add(housing(
                "ACK-LATE",
                FeedbackKind.COMPLAINT,
                at("2026-06-11T15:00+01:00"),
                at("2026-06-24T12:00+01:00"),
                null,
                null,
                null));
        // Acknowledged at once, answered at the same moment as ACK-LATE: the code counts the response from the
        // acknowledgement on Monday 8 (Tuesday 9 is 1), due Monday 22 June: missed, while our 15 days are met.
        cases.add(housing(
                "ACK-EARLY",
                FeedbackKind.COMPLAINT,
                at("2026-06-08T11:00+01:00"),
                at("2026-06-24T12:00+01:00"),
                null,
                null,
                null));
        // Still open on Thursday 25 June: our response is not due until Monday 29, the code's was due Monday 22.
        cases.add(housing("STILL-OPEN", FeedbackKind.COMPLAINT, at("2026-06-08T11:00+01:00"), null, null, null, null));
        // Never acknowledged: missed under both; the code's response clock never started, so it is left out there.
        cases.add(housing("NOT-ACKNOWLEDGED", FeedbackKind.COMPLAINT, null, null, null, null, null));
        // Answered on Thursday 11 June, review asked for on Friday 12 and answered on Wednesday 24: our 20 days from
        // the request run to Friday 10 July (met). The code's stage 2 counts from the request's acknowledgement,
        // which is not recorded: both of its stage-2 stages are left out.
        cases.add(housing(
                "REVIEWED",
                FeedbackKind.COMPLAINT,
                at("2026-06-08T11:00+01:00"),
                at("2026-06-11T10:00+01:00"),
                at("2026-06-12T10:00+01:00"),
                null,
                at("2026-06-24T10:00+01:00")));
        // As REVIEWED, with the request acknowledged on Monday 22 June: after the code's 5 working days following
        // Friday 12 (Friday 19, missed); its stage-2 response is due 20 working days after Monday 22 (Monday 20
        // July): met on Wednesday 24 June.
        cases.add(housing(
                "STAGE2-RECORDED",
                FeedbackKind.COMPLAINT,
                at("2026-06-08T11:00+01:00"),
                at("2026-06-11T10:00+01:00"),
                at("2026-06-12T10:00+01:00"),
                at("2026-06-22T10:00+01:00"),
                at("2026-06-24T10:00+01:00")));
        // A question: the code governs complaints only, so our own targets apply on both sides.
        cases.add(housing(
                "QUESTION",
                FeedbackKind.QUESTION,
                at("2026-06-08T11:00+01:00"),
                at("2026-06-24T12:00+01:00"),
                null,
                null,
                null));
        // A complaint of another department, which the route does not take: as ACK-EARLY, but met on both sides.
        cases.add(timing(
                "OTHER-DEPARTMENT",
                FeedbackKind.COMPLAINT,
                "CS",
                "Customer service",
                at("2026-06-08T11:00+01:00"),
                at("2026-06-24T12:00+01:00"),
                null,
                null,
                null));
        return cases;
    }

    @Test
    void theHousingOmbudsmanCodeInsteadOfOurOwnTargetsFlipsTheStagesWorkedOutByHand() {
        PolicyReplay.Result r = PolicyReplay.replay(knownCases(), id -> OWN, HO_FOR_HOUSING, NOW, LONDON, 100);

        assertThat(r.cases()).isEqualTo(8);
        assertThat(r.reopenedRespondLeftOut()).isZero();
        assertThat(r.flips())
                .extracting(
                        PolicyReplay.Flip::reference,
                        PolicyReplay.Flip::stage,
                        PolicyReplay.Flip::actualStage,
                        PolicyReplay.Flip::alternativeStage,
                        PolicyReplay.Flip::actual,
                        PolicyReplay.Flip::alternative,
                        PolicyReplay.Flip::actualDue,
                        PolicyReplay.Flip::alternativeDue)
                .containsExactly(
                        tuple(
                                "ACK-LATE",
                                "acknowledge",
                                "acknowledge",
                                "stage1-acknowledge",
                                PolicyReplay.Verdict.MISSED,
                                PolicyReplay.Verdict.MET,
                                OWN_ACKNOWLEDGE_DUE,
                                HO_ACKNOWLEDGE_DUE),
                        tuple(
                                "ACK-EARLY",
                                "respond",
                                "respond",
                                "stage1-respond",
                                PolicyReplay.Verdict.MET,
                                PolicyReplay.Verdict.MISSED,
                                OWN_RESPOND_DUE,
                                at("2026-06-22T17:00+01:00")),
                        tuple(
                                "STILL-OPEN",
                                "respond",
                                "respond",
                                "stage1-respond",
                                PolicyReplay.Verdict.PENDING,
                                PolicyReplay.Verdict.MISSED,
                                OWN_RESPOND_DUE,
                                at("2026-06-22T17:00+01:00")),
                        tuple(
                                "STAGE2-RECORDED",
                                "stage2-acknowledge",
                                null,
                                "stage2-acknowledge",
                                PolicyReplay.Verdict.NO_TARGET,
                                PolicyReplay.Verdict.MISSED,
                                null,
                                at("2026-06-19T17:00+01:00")));
        assertThat(r.flipCount()).isEqualTo(4);
        assertThat(r.flips().get(1).role()).isEqualTo("respond");
        assertThat(r.flips().get(1).explanation())
                .isEqualTo("Responded at 12:00 pm on Wednesday 24 June 2026: "
                        + "met under the actual policy (due 5:00 pm on Monday 29 June 2026); "
                        + "missed under the alternative policy (stage1-respond: 10 business days from the acknowledgement, "
                        + "HO Code 6.3; due 5:00 pm on Monday 22 June 2026).");

        // One row per role, labelled with each side's stage keys; rows only a pack has come where the role puts them.
        assertThat(r.stages())
                .extracting(
                        PolicyReplay.StageSummary::stage,
                        PolicyReplay.StageSummary::role,
                        PolicyReplay.StageSummary::actualStages,
                        PolicyReplay.StageSummary::alternativeStages)
                .containsExactly(
                        tuple(
                                "acknowledge",
                                "acknowledge",
                                List.of("acknowledge"),
                                List.of("stage1-acknowledge", "acknowledge")),
                        tuple("firstResponse", "first-response", List.of(), List.of()),
                        tuple("respond", "respond", List.of("respond"), List.of("stage1-respond", "respond")),
                        tuple("stage2-acknowledge", "stage2-acknowledge", List.of(), List.of("stage2-acknowledge")),
                        tuple("review", "stage2-respond", List.of("review"), List.of("stage2-respond")));

        // Acknowledge: ACK-LATE and NOT-ACKNOWLEDGED missed under ours, only NOT-ACKNOWLEDGED under the code.
        PolicyReplay.StageSummary ack = stage(r, "acknowledge");
        assertThat(ack.actual()).isEqualTo(new PolicyReplay.Tally(6, 2, 0, 0));
        assertThat(ack.alternative()).isEqualTo(new PolicyReplay.Tally(7, 1, 0, 0));
        assertThat(ack.flips()).isEqualTo(1);
        // Neither sets a first reply.
        assertThat(stage(r, "firstResponse").actual()).isEqualTo(new PolicyReplay.Tally(0, 0, 0, 8));
        assertThat(stage(r, "firstResponse").alternative()).isEqualTo(new PolicyReplay.Tally(0, 0, 0, 8));
        // Respond: STILL-OPEN and NOT-ACKNOWLEDGED not yet due under ours; under the code ACK-EARLY and STILL-OPEN
        // missed, NOT-ACKNOWLEDGED left out.
        PolicyReplay.StageSummary respond = stage(r, "respond");
        assertThat(respond.actual()).isEqualTo(new PolicyReplay.Tally(6, 0, 2, 0));
        assertThat(respond.alternative()).isEqualTo(new PolicyReplay.Tally(5, 2, 0, 0));
        assertThat(respond.actualLeftOut()).isZero();
        assertThat(respond.alternativeLeftOut()).isEqualTo(1);
        assertThat(respond.flips()).isEqualTo(2);
        // The review request's acknowledgement: no such stage of ours; under the code judged only where recorded.
        PolicyReplay.StageSummary stage2Ack = stage(r, "stage2-acknowledge");
        assertThat(stage2Ack.actual()).isEqualTo(new PolicyReplay.Tally(0, 0, 0, 2));
        assertThat(stage2Ack.alternative()).isEqualTo(new PolicyReplay.Tally(0, 1, 0, 0));
        assertThat(stage2Ack.alternativeLeftOut()).isEqualTo(1);
        // The review: met under both where the code's clock started.
        PolicyReplay.StageSummary review = stage(r, "review");
        assertThat(review.actual()).isEqualTo(new PolicyReplay.Tally(2, 0, 0, 0));
        assertThat(review.alternative()).isEqualTo(new PolicyReplay.Tally(1, 0, 0, 0));
        assertThat(review.alternativeLeftOut()).isEqualTo(1);
        assertThat(review.flips()).isZero();
    }

    @Test
    void theCodeAgainstItselfFlipsNothingAndBothSidesLeaveOutTheSameStages() {
        PolicyReplay.Result r =
                PolicyReplay.replay(knownCases(), id -> HO_FOR_HOUSING, HO_FOR_HOUSING, NOW, LONDON, 100);
        assertThat(r.flips()).isEmpty();
        r.stages().forEach(s -> {
            assertThat(s.actual()).isEqualTo(s.alternative());
            assertThat(s.actualLeftOut()).isEqualTo(s.alternativeLeftOut());
            assertThat(s.actualStages()).isEqualTo(s.alternativeStages());
        });
    }

    @Test
    void anInterimResponseNeverMeetsAPacksResponse() throws IOException {
        // SAFETRAC counts "a resolution or an interim response" within five working days; the same document routed
        // to the code does not: the code's stage 1 response is the full response.
        String safetrac = Files.readString(Path.of("src/main/resources/policies/safetrac.yaml"));
        ServicePolicy own = PolicyParser.parse(safetrac);
        ServicePolicy underTheCode = PolicyParser.parse("pack: ho-code-2024\n" + safetrac);
        assertThat(underTheCode.interimMeetsRespondTarget()).isTrue();
        Instant received = at("2026-11-02T10:00+10:00");
        Instant acknowledged = at("2026-11-02T11:00+10:00");
        Instant interim = at("2026-11-04T10:00+10:00");
        Instant full = at("2026-11-20T10:00+10:00");
        CaseTiming c = new CaseTiming(
                99,
                "INTERIM",
                FeedbackKind.COMPLAINT,
                Channel.POSTAL,
                CaseStatus.RESPONDED,
                "CS",
                received,
                1L,
                acknowledged,
                interim,
                full,
                interim,
                interim,
                null,
                null,
                0);
        PolicyReplay.Result r = PolicyReplay.replay(
                List.of(c), id -> own, underTheCode, at("2026-11-25T12:00+10:00"), ZoneId.of("Australia/Brisbane"), 10);
        // Under SAFETRAC the interim response on Wednesday 4 meets the five days; under the code the full response is
        // due 10 working days after Monday 2 (Monday 16 November) and came on Friday 20: missed.
        assertThat(r.flips())
                .extracting(
                        PolicyReplay.Flip::stage,
                        PolicyReplay.Flip::alternativeStage,
                        PolicyReplay.Flip::actual,
                        PolicyReplay.Flip::alternative,
                        PolicyReplay.Flip::alternativeDue)
                .contains(tuple(
                        "respond",
                        "stage1-respond",
                        PolicyReplay.Verdict.MET,
                        PolicyReplay.Verdict.MISSED,
                        at("2026-11-16T17:00+10:00")));
        assertThat(r.flips().stream()
                        .filter(f -> f.stage().equals("respond"))
                        .findFirst()
                        .orElseThrow()
                        .explanation())
                .startsWith("Responded at 10:00 am on Wednesday 4 November 2026 by an interim response, which only the "
                        + "actual policy counts");
    }

    @Test
    void aQuickResolutionIsMetOnlyByAResolutionInTimeAndIsNeverAMiss() throws IOException {
        // ASIC RG 271: resolved within 5 business days following the day of receipt (Monday 2 November 2026 in
        // Sydney: Monday 9 November), against Metart, which has no such stage.
        String metart = Files.readString(Path.of("src/main/resources/policies/metart.yaml"));
        ServicePolicy own = PolicyParser.parse(metart);
        ServicePolicy asic = PolicyParser.parse("pack: asic-rg271\n" + metart);
        Instant monday = at("2026-11-02T10:00+11:00");
        Instant now = at("2026-11-10T12:00+11:00");
        List<CaseTiming> cases = List.of(
                complaint("RESOLVED-DAY-4", monday, at("2026-11-06T15:00+11:00")),
                complaint("RESPONDED-DAY-6", monday, at("2026-11-10T11:00+11:00")),
                complaint("OPEN-PAST-THE-WINDOW", monday, null),
                complaint("OPEN-IN-THE-WINDOW", at("2026-11-10T09:00+11:00"), null));
        PolicyReplay.Result r = PolicyReplay.replay(cases, id -> own, asic, now, ZoneId.of("Australia/Sydney"), 10);

        PolicyReplay.StageSummary quick = stage(r, "quick-resolution");
        assertThat(quick.role()).isEqualTo("quick-resolution");
        assertThat(quick.actualStages()).isEmpty();
        assertThat(quick.alternativeStages()).containsExactly("quick-resolution");
        assertThat(quick.actual()).isEqualTo(new PolicyReplay.Tally(0, 0, 0, 4));
        // Met by the resolution on day 4, not yet due for the case received today; the other two are not counted.
        assertThat(quick.alternative()).isEqualTo(new PolicyReplay.Tally(1, 0, 1, 0));
        assertThat(quick.alternativeLeftOut()).isEqualTo(2);
        assertThat(r.stages())
                .extracting(PolicyReplay.StageSummary::stage)
                .containsExactly("acknowledge", "firstResponse", "quick-resolution", "respond", "review");
        assertThat(r.flips())
                .filteredOn(f -> f.stage().equals("quick-resolution"))
                .extracting(PolicyReplay.Flip::reference, PolicyReplay.Flip::actual, PolicyReplay.Flip::alternative)
                .containsExactly(
                        tuple("RESOLVED-DAY-4", PolicyReplay.Verdict.NO_TARGET, PolicyReplay.Verdict.MET),
                        tuple("OPEN-IN-THE-WINDOW", PolicyReplay.Verdict.NO_TARGET, PolicyReplay.Verdict.PENDING));
    }

    private static CaseTiming complaint(String reference, Instant received, Instant responded) {
        return new CaseTiming(
                ids++,
                reference,
                FeedbackKind.COMPLAINT,
                Channel.EMAIL,
                responded == null ? CaseStatus.RECEIVED : CaseStatus.RESPONDED,
                "CS",
                received,
                1L,
                responded,
                responded,
                responded,
                null,
                responded,
                null,
                null,
                0);
    }

    private static PolicyReplay.StageSummary stage(PolicyReplay.Result r, String key) {
        return r.stages().stream()
                .filter(s -> s.stage().equals(key))
                .findFirst()
                .orElseThrow();
    }
}
