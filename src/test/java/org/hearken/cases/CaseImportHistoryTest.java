package org.hearken.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.hearken.identity.Actor;
import org.hearken.identity.Role;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;
import org.junit.jupiter.api.Test;

/** An imported case's history, given by the case itself: no database, no clock. */
class CaseImportHistoryTest {

    static final Instant NOW = Instant.parse("2026-11-25T00:00:00Z");
    static final Instant RECEIVED = Instant.parse("2026-10-01T00:00:00Z");
    static final Instant ACK_BY = Instant.parse("2026-10-02T07:00:00Z");
    static final Instant RESPOND_BY = Instant.parse("2026-10-12T07:00:00Z");
    static final Actor ADMIN = new Actor(9, "admin", "Admin", Set.of(Role.ADMIN), Set.of());

    static Case received() {
        return Case.received(
                1,
                "HK-2026-000001",
                FeedbackKind.COMPLAINT,
                Channel.PHONE,
                RECEIVED,
                9,
                new Case.Terms(false, false),
                new Case.Person(5, "olivia", "Olivia"),
                new Case.Team(3, "WASTE", "Waste"),
                ACK_BY,
                null,
                RESPOND_BY);
    }

    static ImportedCase history(
            CaseStatus status, Instant acknowledged, Instant responded, Instant closed, Outcome outcome) {
        return new ImportedCase(
                "old",
                "OLD-1",
                FeedbackKind.COMPLAINT,
                Channel.PHONE,
                RECEIVED,
                "WASTE",
                null,
                null,
                "Bins",
                "Missed",
                new CustomerContact("Ada", null, "0400", null, PreferredReply.PHONE),
                status,
                acknowledged,
                responded,
                closed,
                outcome);
    }

    static CaseChange importing(ImportedCase h) {
        return received().importHistory(ADMIN, NOW, new Case.ImportHistory(h, 7, 1));
    }

    @Test
    void aClosedCaseKeepsItsDatesAndOutcomeAndEachStageIsJudgedAgainstItsDueDate() {
        Instant acknowledged = Instant.parse("2026-10-03T00:00:00Z");
        Instant responded = Instant.parse("2026-10-10T00:00:00Z");
        Instant closed = Instant.parse("2026-10-11T00:00:00Z");
        Case after = importing(history(CaseStatus.CLOSED, acknowledged, responded, closed, Outcome.UPHELD))
                .after();

        assertThat(after.status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(after.closedAt()).isEqualTo(closed);
        assertThat(after.outcome()).isEqualTo(Outcome.UPHELD);
        assertThat(after.stage(Stage.Kind.ACKNOWLEDGE).outcome()).isEqualTo(StageOutcome.MISSED);
        assertThat(after.stage(Stage.Kind.RESPOND).outcome()).isEqualTo(StageOutcome.MET);
        assertThat(after.stage(Stage.Kind.RESPOND).completedAt()).isEqualTo(responded);
    }

    @Test
    void itsOneEventIsRecordedNowByWhoeverImportedItWithTheOldDatesAsData() {
        Instant closed = Instant.parse("2026-10-11T00:00:00Z");
        CaseChange change = importing(history(CaseStatus.CLOSED, null, null, closed, null));

        assertThat(change.events()).singleElement().isInstanceOfSatisfying(CaseEvents.Imported.class, e -> {
            assertThat(e.actor()).isEqualTo("admin");
            assertThat(e.occurredAt()).isEqualTo(NOW);
            assertThat(e.closedAt()).isEqualTo(closed);
            assertThat(e.importJob()).isEqualTo(7);
            assertThat(e.running()).isEmpty();
        });
    }

    @Test
    void anOpenCaseKeepsThePolicysDueDatesAndSaysWhichStagesRun() {
        CaseChange change = importing(history(CaseStatus.RECEIVED, null, null, null, null));

        assertThat(change.after().stage(Stage.Kind.RESPOND).due()).isEqualTo(RESPOND_BY);
        assertThat(((CaseEvents.Imported) change.events().getFirst()).running())
                .containsExactly(
                        new CaseEvents.Imported.RunningStage("ACKNOWLEDGE", ACK_BY),
                        new CaseEvents.Imported.RunningStage("RESPOND", RESPOND_BY));
    }

    @Test
    void anAcknowledgedCaseStillOwesItsResponse() {
        Instant acknowledged = Instant.parse("2026-10-01T03:00:00Z");
        CaseChange change = importing(history(CaseStatus.ACKNOWLEDGED, acknowledged, null, null, null));

        assertThat(change.after().status()).isEqualTo(CaseStatus.ACKNOWLEDGED);
        assertThat(change.after().stage(Stage.Kind.ACKNOWLEDGE).outcome()).isEqualTo(StageOutcome.MET);
        assertThat(((CaseEvents.Imported) change.events().getFirst()).running())
                .containsExactly(new CaseEvents.Imported.RunningStage("RESPOND", RESPOND_BY));
    }

    @Test
    void aHistoryThatContradictsItselfIsRefused() {
        Instant closed = Instant.parse("2026-09-01T00:00:00Z");
        assertThatThrownBy(() -> importing(history(CaseStatus.CLOSED, null, null, closed, null)))
                .isInstanceOf(CaseRefused.class)
                .hasMessage("is before it was received");
    }

    @Test
    void theStoryOfStatusAndDatesIsOneRule() {
        assertThat(history(CaseStatus.ACKNOWLEDGED, null, null, null, null).problems(NOW))
                .containsExactly(
                        new ImportedCase.Problem("acknowledgedAt", "is needed for a case that is acknowledged"));
        assertThat(history(CaseStatus.RECEIVED, null, null, RECEIVED, null).problems(NOW))
                .containsExactly(new ImportedCase.Problem(
                        "closedAt", "is given, but the status says the case is open (received)"));
        assertThat(history(CaseStatus.RESPONDED, null, RECEIVED.plusSeconds(60), null, null)
                        .problems(NOW))
                .containsExactly(new ImportedCase.Problem("outcome", "is needed for a case that was responded to"));
        assertThat(history(CaseStatus.CLOSED, null, null, NOW.plusSeconds(3600), null)
                        .problems(NOW))
                .containsExactly(new ImportedCase.Problem("closedAt", "is in the future"));
        assertThat(history(CaseStatus.UNDER_REVIEW, null, null, null, null).problems(NOW))
                .extracting(ImportedCase.Problem::field)
                .containsExactly("status");
        assertThat(history(CaseStatus.CLOSED, RECEIVED, RECEIVED, RECEIVED, Outcome.RESOLVED)
                        .problems(NOW))
                .isEmpty();
    }

    @Test
    void onlyACaseJustOpenedTakesAHistory() {
        Case acknowledged = importing(history(CaseStatus.ACKNOWLEDGED, RECEIVED, null, null, null))
                .after();
        assertThatThrownBy(() -> acknowledged.importHistory(
                        ADMIN, NOW, new Case.ImportHistory(history(CaseStatus.RECEIVED, null, null, null, null), 7, 1)))
                .isInstanceOf(CaseRefused.class);
        assertThat(List.of(received().status())).containsExactly(CaseStatus.RECEIVED);
    }
}
