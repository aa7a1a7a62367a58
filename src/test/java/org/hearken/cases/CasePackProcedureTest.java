package org.hearken.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hearken.cases.CaseStates.EVE;
import static org.hearken.cases.CaseStates.aComplaint;
import static org.hearken.cases.CaseStates.executive;
import static org.hearken.cases.CaseStates.owner;

import java.time.Instant;
import java.util.List;
import org.hearken.policy.PolicyParser;
import org.hearken.policy.ServicePolicy;
import org.junit.jupiter.api.Test;

/**
 * A complaint under the Housing Ombudsman code, pure: the response counted from the acknowledgement, stage 2 at any
 * time (also while stage 1 is overdue) without a reason and with its own acknowledgement, extensions only before the
 * due date and within the code's cap, and the blocks the code requires in its letters. Dates by hand on an English
 * calendar (Monday to Friday 09:00–17:00, England's bank holidays; June and July 2026 have none).
 */
class CasePackProcedureTest {

    static final ServicePolicy COUNCIL = PolicyParser.parse("""
            name: Council
            calendar: { zone: Europe/London, workdays: [MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY], opens: "09:00", closes: "17:00", holidays: { country: GB, region: eng } }
            packs:
              - { departments: [BILLING], pack: ho-code-2024 }
              - { pack: fca-disp }
            """);
    static final Procedure HO = Procedure.of(COUNCIL, 0);
    static final Procedure FCA = Procedure.of(COUNCIL, 1);

    /** Monday 8 June 2026, 11:00 BST. */
    static final Instant RECEIVED = Instant.parse("2026-06-08T10:00:00Z");

    static Case received() {
        return aComplaint()
                .receivedAt(RECEIVED)
                .acknowledgeBy(Instant.parse("2026-06-15T16:00:00Z"))
                .noRespondTarget()
                .under(HO)
                .build();
    }

    /** Acknowledged on day 3, Thursday 11 June at 15:00 BST. */
    static Case acknowledgedOnDay3() {
        Instant at = Instant.parse("2026-06-11T14:00:00Z");
        return received()
                .acknowledge(owner(), at, new Case.Acknowledge(AcknowledgementMethod.EMAIL, null, "We have it"))
                .after();
    }

    static Case.RequestReview escalation(Instant at, String reason) {
        return new Case.RequestReview(reason, at, null, null, null, Lookup.of(EVE));
    }

    static Case.Extend extension(Instant newDue, String notice) {
        return new Case.Extend(
                Lookup.of(newDue),
                "Waiting for the surveyor",
                AcknowledgementMethod.EMAIL,
                null,
                null,
                "by then",
                notice);
    }

    static final String OMBUDSMAN =
            "You can contact the Housing Ombudsman Service: www.housing-ombudsman.org.uk, 0300 111 3000.";

    @Test
    void theResponseIsDueTenWorkingDaysAfterTheAcknowledgementNotAfterTheReceipt() {
        Case c = received();
        assertThat(c.stage(Stage.Kind.RESPOND).hasTarget())
                .as("no response clock before the acknowledgement")
                .isFalse();
        CaseChange change = c.acknowledge(
                owner(),
                Instant.parse("2026-06-11T14:00:00Z"),
                new Case.Acknowledge(AcknowledgementMethod.EMAIL, null, "We have it"));
        Stage respond = change.after().stage(Stage.Kind.RESPOND);
        // Thursday 11 June is day 0; Friday 12 June is day 1 … Thursday 25 June is day 10.
        assertThat(respond.due()).isEqualTo(Instant.parse("2026-06-25T16:00:00Z"));
        assertThat(respond.originalDue()).isEqualTo(respond.due());
        assertThat(respond.anchor()).isEqualTo(Instant.parse("2026-06-11T14:00:00Z"));
        assertThat(((CaseEvents.Acknowledged) change.events().getFirst()).respondBy())
                .isEqualTo(respond.due());
        assertThat(change.after().expectedBy()).isEqualTo(respond.due());
    }

    @Test
    void escalatedWhileStageOneIsOverdueWithoutAReasonThenAcknowledgedGetsItsStageTwoDates() {
        Case overdue = acknowledgedOnDay3();
        Instant friday26 = Instant.parse("2026-06-26T09:00:00Z");
        assertThat(CaseRules.allowed(overdue.state())).contains(CaseAction.REQUEST_REVIEW);

        Case escalated = overdue.requestReview(owner(), friday26, escalation(friday26, null))
                .after();
        assertThat(escalated.status()).isEqualTo(CaseStatus.UNDER_REVIEW);
        // 5 working days following Friday 26 June: Monday 29 June … Friday 3 July.
        assertThat(escalated.stage(Stage.Kind.REVIEW_ACKNOWLEDGE).due())
                .isEqualTo(Instant.parse("2026-07-03T16:00:00Z"));
        assertThat(escalated.stage(Stage.Kind.REVIEW).due())
                .as("counted from the stage-2 acknowledgement")
                .isNull();
        assertThat(escalated.stage(Stage.Kind.RESPOND).completed())
                .as("stage 1 stays unanswered")
                .isFalse();
        assertThat(escalated.stage(Stage.Kind.RESPOND).outcome()).as("and late").isEqualTo(StageOutcome.MISSED);
        assertThat(CaseRules.allowed(escalated.state()))
                .contains(CaseAction.ACKNOWLEDGE_REVIEW, CaseAction.DECIDE_REVIEW);

        Instant monday29 = Instant.parse("2026-06-29T08:30:00Z");
        CaseChange acknowledged = escalated.acknowledgeReview(executive(EVE), monday29, null);
        Case stage2 = acknowledged.after();
        assertThat(stage2.stage(Stage.Kind.REVIEW_ACKNOWLEDGE).outcome()).isEqualTo(StageOutcome.MET);
        // 20 working days following Monday 29 June: Tuesday 30 June is day 1 … Monday 27 July is day 20.
        assertThat(stage2.stage(Stage.Kind.REVIEW).due()).isEqualTo(Instant.parse("2026-07-27T16:00:00Z"));
        assertThat(((CaseEvents.ReviewAcknowledged) acknowledged.events().getFirst()).reviewBy())
                .isEqualTo(Instant.parse("2026-07-27T16:00:00Z"));
        assertThat(CaseRules.allowed(stage2.state())).doesNotContain(CaseAction.ACKNOWLEDGE_REVIEW);
    }

    @Test
    void stageTwoIsNotOfferedBeforeTheAcknowledgement() {
        assertThat(CaseRules.allowed(received().state())).doesNotContain(CaseAction.REQUEST_REVIEW);
    }

    @Test
    void anExtensionAskedAfterTheDueDateIsRefusedAndTheStageStaysLate() {
        Case c = acknowledgedOnDay3();
        Instant after = Instant.parse("2026-06-25T16:00:01Z");
        assertThatThrownBy(() -> c.extend(owner(), after, extension(Instant.parse("2026-07-02T16:00:00Z"), OMBUDSMAN)))
                .isInstanceOf(CaseRefused.class)
                .hasMessageContaining("An extension is only possible before the due date: the stage is late");
    }

    @Test
    void anExtensionStaysWithinTheCodesCapNeedsTheOmbudsmansDetailsAndHappensOnce() {
        Case c = acknowledgedOnDay3();
        Instant before = Instant.parse("2026-06-24T10:00:00Z");
        // 10 working days following Thursday 25 June: Friday 26 June … Thursday 9 July.
        assertThatThrownBy(() -> c.extend(owner(), before, extension(Instant.parse("2026-07-10T16:00:00Z"), OMBUDSMAN)))
                .isInstanceOf(CaseRefused.class)
                .hasMessageContaining("may be at most 10 business days after the original due date (HO Code 6.4, 6.5)");
        assertThatThrownBy(
                        () -> c.extend(owner(), before, extension(Instant.parse("2026-07-09T16:00:00Z"), "New date")))
                .isInstanceOf(CaseRefused.class)
                .hasMessageContaining("the notice to the customer lacks what ho-code-2024 requires")
                .hasMessageContaining("The Housing Ombudsman's contact details");
        Case extended = c.extend(owner(), before, extension(Instant.parse("2026-07-09T16:00:00Z"), OMBUDSMAN))
                .after();
        assertThat(extended.stage(Stage.Kind.RESPOND).due()).isEqualTo(Instant.parse("2026-07-09T16:00:00Z"));
        assertThatThrownBy(() ->
                        extended.extend(owner(), before, extension(Instant.parse("2026-07-10T16:00:00Z"), OMBUDSMAN)))
                .isInstanceOf(CaseRefused.class)
                .hasMessageContaining("already extended");
    }

    @Test
    void aStageOneResponseThatDoesNotSayHowToEscalateCannotBeSent() {
        Case c = acknowledgedOnDay3();
        Instant now = Instant.parse("2026-06-20T10:00:00Z");
        assertThatThrownBy(() -> c.respond(owner(), now, response("We have repaired the boiler.", false, "")))
                .isInstanceOf(CaseRefused.class)
                .hasMessageContaining("lacks what ho-code-2024 requires in a stage1 response")
                .hasMessageContaining("How to escalate the complaint to stage 2 (HO Code 6.9 (f)");
        assertThat(c.respond(
                                owner(),
                                now,
                                response(
                                        "We have repaired the boiler.",
                                        false,
                                        "If you are not satisfied you can ask for stage 2 of our procedure."))
                        .after()
                        .status())
                .as("the template's words count too")
                .isEqualTo(CaseStatus.RESPONDED);
    }

    @Test
    void aSummaryResolutionIsPossibleOnlyWithinTheWindowAndWithItsBlocks() {
        Case email = aComplaint().receivedAt(RECEIVED).under(FCA).build();
        String summary = "We are treating your message as a complaint, and we consider it resolved. If you are later"
                + " dissatisfied, you may be able to refer it to the Financial Ombudsman Service"
                + " (www.financial-ombudsman.org.uk). You have the right to refer your complaint to the Financial"
                + " Ombudsman Service, free of charge – but you must do so within six months.";
        // The third business day following Monday 8 June: Thursday 11 June, 17:00 BST.
        Instant tuesday = Instant.parse("2026-06-09T08:00:00Z");
        assertThatThrownBy(() -> email.respond(owner(), tuesday, response("Resolved.", true, "")))
                .isInstanceOf(CaseRefused.class)
                .hasMessageContaining("requires in a summary resolution");
        CaseRefused late = (CaseRefused) org.assertj.core.api.Assertions.catchThrowable(
                () -> email.respond(owner(), Instant.parse("2026-06-11T16:00:01Z"), response(summary, true, "")));
        assertThat(late).hasMessageContaining("The window for a summary resolution ended");
        assertThat(email.respond(owner(), Instant.parse("2026-06-11T15:59:00Z"), response(summary, true, ""))
                        .after()
                        .status())
                .isEqualTo(CaseStatus.RESPONDED);
    }

    @Test
    void aPaymentServicesHoldingResponseBeforeTheDueDateMovesTheFinalResponseToThirtyFiveBusinessDays() {
        ServicePolicy bank = PolicyParser.parse("""
                name: Bank
                calendar: { zone: Europe/London, workdays: [MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY], opens: "09:00", closes: "17:00", holidays: { country: GB, region: eng } }
                pack: fca-disp-psd
                """);
        // 15 business days following Monday 8 June: Monday 29 June; 35: Monday 27 July.
        Case c = aComplaint()
                .receivedAt(RECEIVED)
                .respondBy(Instant.parse("2026-06-29T16:00:00Z"))
                .acknowledged()
                .under(Procedure.of(bank, 0))
                .build();
        Instant before = Instant.parse("2026-06-22T10:00:00Z");
        Instant expected = Instant.parse("2026-07-20T16:00:00Z");
        String holding = "Because of exceptional circumstances – the card scheme has not yet answered us – there is a"
                + " delay. We will send our final response by 20 July.";
        assertThatThrownBy(() -> c.respondInterim(owner(), before, holding("We are still looking into it.", expected)))
                .isInstanceOf(CaseRefused.class)
                .hasMessageContaining("lacks what fca-disp-psd requires in a holding response");
        Case held =
                c.respondInterim(owner(), before, holding(holding, expected)).after();
        assertThat(held.stage(Stage.Kind.RESPOND).due()).isEqualTo(Instant.parse("2026-07-27T16:00:00Z"));
        assertThat(held.stage(Stage.Kind.RESPOND).originalDue()).isEqualTo(Instant.parse("2026-06-29T16:00:00Z"));
        assertThatThrownBy(() ->
                        c.respondInterim(owner(), Instant.parse("2026-06-29T16:00:01Z"), holding(holding, expected)))
                .isInstanceOf(CaseRefused.class)
                .hasMessageContaining("only possible before the response's due date");
    }

    @Test
    void anAsicFirmTakesLongerOnlyWithADelayNoticeGivenBeforeTheDeadline() {
        ServicePolicy firm = PolicyParser.parse("""
                name: Firm
                calendar: { zone: Australia/Sydney, workdays: [MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY], opens: "09:00", closes: "17:00" }
                pack: asic-rg271
                """);
        Instant received = Instant.parse("2026-06-01T00:00:00Z");
        // 30 calendar days after Monday 1 June (Sydney): Wednesday 1 July, 23:59:59 AEST.
        Instant due = Instant.parse("2026-07-01T13:59:59Z");
        Case c = aComplaint()
                .receivedAt(received)
                .respondBy(due)
                .acknowledged()
                .under(Procedure.of(firm, 0))
                .build();
        Instant before = Instant.parse("2026-06-25T00:00:00Z");
        Instant later = Instant.parse("2026-07-15T07:00:00Z");
        assertThatThrownBy(() -> c.extend(owner(), before, extension(later, "We need a report from the insurer.")))
                .isInstanceOf(CaseRefused.class)
                .hasMessageContaining("the delay notice lacks what asic-rg271 requires");
        String notice = "We are sorry for this delay. The reason: we need a report from the insurer. If you are not"
                + " satisfied, you can complain to the Australian Financial Complaints Authority (AFCA):"
                + " www.afca.org.au, 1800 931 678.";
        assertThat(c.extend(owner(), before, extension(later, notice))
                        .after()
                        .stage(Stage.Kind.RESPOND)
                        .due())
                .isEqualTo(later);
        assertThatThrownBy(() -> c.extend(owner(), due.plusSeconds(1), extension(later, notice)))
                .isInstanceOf(CaseRefused.class)
                .hasMessageContaining("only possible before the due date");
    }

    @Test
    void underTheNzCodeTheDecisionOnMoreTimeAndMonthlyProgressUpdatesRunFromTheAcknowledgement() {
        ServicePolicy provider = PolicyParser.parse("""
                name: Provider
                calendar: { zone: Pacific/Auckland, workdays: [MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY], opens: "09:00", closes: "17:00" }
                pack: nz-hdc
                """);
        Case received = aComplaint()
                .receivedAt(Instant.parse("2026-05-31T22:00:00Z"))
                .noRespondTarget()
                .under(Procedure.of(provider, 0))
                .build();
        // Acknowledged on Tuesday 2 June 2026, 10:00 NZST.
        CaseChange acknowledged = received.acknowledge(
                owner(),
                Instant.parse("2026-06-01T22:00:00Z"),
                new Case.Acknowledge(AcknowledgementMethod.EMAIL, null, "We have it"));
        Case c = acknowledged.after();
        // 10 working days following Tuesday 2 June: Tuesday 16 June, 17:00 NZST.
        assertThat(c.stage(Stage.Kind.DECIDE).due()).isEqualTo(Instant.parse("2026-06-16T05:00:00Z"));
        // A month after Tuesday 2 June: the end of Thursday 2 July, NZST.
        assertThat(c.stage(Stage.Kind.UPDATE).due()).isEqualTo(Instant.parse("2026-07-02T11:59:59Z"));
        CaseEvents.Acknowledged event =
                (CaseEvents.Acknowledged) acknowledged.events().getFirst();
        assertThat(event.decideBy()).isEqualTo(Instant.parse("2026-06-16T05:00:00Z"));
        assertThat(event.updateBy()).isEqualTo(Instant.parse("2026-07-02T11:59:59Z"));

        // An interim response on Wednesday 10 June tells the customer more time is needed: the decision is made, and
        // the next update is due a month later.
        Instant told = Instant.parse("2026-06-09T22:00:00Z");
        CaseChange interim = c.respondInterim(
                owner(),
                told,
                new Case.InterimResponse(
                        AcknowledgementMethod.EMAIL,
                        "We need more time: the clinical review takes three weeks.",
                        Lookup.of(Instant.parse("2026-07-31T05:00:00Z"))));
        Case after = interim.after();
        assertThat(after.stage(Stage.Kind.DECIDE).outcome()).isEqualTo(StageOutcome.MET);
        assertThat(after.stage(Stage.Kind.UPDATE).due()).isEqualTo(Instant.parse("2026-07-10T11:59:59Z"));
        assertThat(interim.events())
                .anyMatch(e -> e instanceof CaseEvents.ProgressUpdateDue p
                        && p.updateBy().equals(Instant.parse("2026-07-10T11:59:59Z")));

        // A message from the case on 1 July is a progress update too; after the response nothing more is due.
        Case updated = after.progressMessage(owner(), Instant.parse("2026-06-30T22:00:00Z"))
                .after();
        assertThat(updated.stage(Stage.Kind.UPDATE).due()).isEqualTo(Instant.parse("2026-08-01T11:59:59Z"));
        Case answered = updated.respond(
                        owner(),
                        Instant.parse("2026-07-20T22:00:00Z"),
                        response(
                                "Our findings, the reasons for our decision and the action we will take. You can appeal to"
                                        + " the Health and Disability Commissioner.",
                                false,
                                ""))
                .after();
        assertThat(answered.progressMessage(owner(), Instant.parse("2026-07-21T22:00:00Z"))
                        .changesNothing())
                .isTrue();
    }

    @Test
    void aPackThatAllowsTwoExtensionsRefusesTheThird() {
        org.hearken.policy.RulePack pack = org.hearken.policy.RulePacks.parse("""
                id: two-extensions
                version: "1"
                title: Two extensions
                source: a test
                receiptDay: day-of-receipt
                stages:
                  - { key: respond, role: respond, title: Respond, anchor: receipt, target: 10 business-days, clause: "T 1",
                      extension: { max: 5 business-days, times: 2, clause: "T 2" } }
                """);
        ServicePolicy policy = new ServicePolicy(
                "Two extensions",
                null,
                COUNCIL.calendar(),
                List.of(),
                null,
                null,
                false,
                null,
                List.of(new org.hearken.policy.PackRoute(
                        java.util.Set.of(),
                        java.util.EnumSet.of(org.hearken.policy.FeedbackKind.COMPLAINT),
                        java.util.Set.of(),
                        pack,
                        java.util.Map.of(),
                        1)),
                List.of());
        // Due Monday 22 June (10 business days following Monday 8 June), once extended to Friday 26 June.
        Case once = aComplaint()
                .receivedAt(RECEIVED)
                .respondByExtended(Instant.parse("2026-06-22T16:00:00Z"), Instant.parse("2026-06-26T16:00:00Z"))
                .acknowledged()
                .under(Procedure.of(policy, 0))
                .build();
        Instant now = Instant.parse("2026-06-24T10:00:00Z");
        Instant monday29 = Instant.parse("2026-06-29T16:00:00Z");
        assertThat(once.extend(owner(), now, extensionAfter(monday29, 1))
                        .after()
                        .stage(Stage.Kind.RESPOND)
                        .due())
                .isEqualTo(monday29);
        assertThatThrownBy(() -> once.extend(owner(), now, extensionAfter(monday29, 2)))
                .isInstanceOf(CaseRefused.class)
                .hasMessageContaining("allows 2 extensions (T 2)");
    }

    private static Case.Extend extensionAfter(Instant newDue, int sofar) {
        return new Case.Extend(
                Lookup.of(newDue),
                "More time",
                AcknowledgementMethod.EMAIL,
                null,
                null,
                "by then",
                "The new date",
                Instant::toString,
                sofar);
    }

    private static Case.InterimResponse holding(String message, Instant expected) {
        return new Case.InterimResponse(AcknowledgementMethod.EMAIL, message, Lookup.of(expected), true, "");
    }

    private static Case.Respond response(String text, boolean summary, String standardWords) {
        return new Case.Respond(
                AcknowledgementMethod.EMAIL,
                null,
                text,
                Outcome.UPHELD,
                null,
                Lookup.of(null),
                List.of(),
                summary,
                Instant::toString,
                standardWords);
    }
}
