package org.hearken.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.hearken.platform.ConflictException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CaseRulesTest {

    private static CaseState state(
            String status,
            boolean pendingReferral,
            boolean respondStage,
            boolean remedies,
            boolean reviewAvailable,
            boolean reviewed) {
        return new CaseState(
                CaseStatus.valueOf(status), pendingReferral, respondStage, remedies, reviewAvailable, reviewed);
    }

    private static Set<String> paths(Set<CaseAction> actions) {
        return actions.stream().map(CaseAction::path).collect(Collectors.toSet());
    }

    @ParameterizedTest(name = "{0} referral={1} respondStage={2} remedies={3} review={4} reviewed={5} -> {6}")
    @CsvSource(delimiter = '|', textBlock = """
            RECEIVED     | false | true  | false | true  | false | acknowledge refer assign add-remedy interim-response respond extend reclassify add-note write-to-customer add-file
            RECEIVED     | false | false | false | false | false | acknowledge refer assign add-remedy interim-response respond reclassify add-note write-to-customer add-file
            RECEIVED     | true  | true  | false | false | false | acknowledge refer assign add-remedy accept-referral decline-referral interim-response respond extend reclassify add-note write-to-customer add-file
            ACKNOWLEDGED | false | true  | true  | false | false | refer assign add-remedy update-remedy interim-response respond extend reclassify add-note write-to-customer add-file
            ACKNOWLEDGED | false | false | false | false | false | refer assign add-remedy interim-response respond close reclassify add-note write-to-customer add-file
            RESPONDED    | false | true  | false | false | false | refer assign add-remedy close reclassify add-note write-to-customer add-file
            CLOSED       | false | true  | false | true  | false | reopen request-review add-note write-to-customer add-file
            CLOSED       | false | true  | false | false | false | reopen add-note write-to-customer add-file
            CLOSED       | false | true  | true  | true  | true  | update-remedy reopen add-note write-to-customer add-file
            UNDER_REVIEW | false | true  | false | true  | false | refer assign add-remedy assign-reviewer decide-review extend reclassify add-note write-to-customer add-file
            """)
    void allowedActionsFollowTheState(
            String status,
            boolean referral,
            boolean respondStage,
            boolean remedies,
            boolean review,
            boolean reviewed,
            String expected) {
        Set<String> allowed =
                paths(CaseRules.allowed(state(status, referral, respondStage, remedies, review, reviewed)));
        assertThat(allowed)
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.asList(expected.trim().split("\\s+")));
    }

    @Test
    void closingWithoutAResponseIsRefusedNamingTheAllowedActions() {
        assertThatThrownBy(() -> {
                    throw CaseLifecycle.answer(
                            CaseRules.refusal(CaseAction.CLOSE, state("ACKNOWLEDGED", false, true, false, false, false))
                                    .orElseThrow());
                })
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("'close' is not allowed while the case is acknowledged")
                .satisfies(e -> assertThat(((ConflictException) e)
                                .properties()
                                .get("allowedActions")
                                .toString())
                        .contains("respond"));
    }

    @Test
    void aClosedCaseIsReopenedBeforeItIsReclassified() {
        assertThat(CaseRules.allowed(state("CLOSED", false, true, false, true, false)))
                .doesNotContain(CaseAction.RECLASSIFY);
        assertThat(CaseRules.allowed(state("UNDER_REVIEW", false, true, false, true, false)))
                .contains(CaseAction.RECLASSIFY);
    }

    @Test
    void aCaseCanBeReviewedOnlyOnce() {
        assertThat(CaseRules.allowed(state("CLOSED", false, true, false, true, true)))
                .doesNotContain(CaseAction.REQUEST_REVIEW);
    }

    @ParameterizedTest
    @CsvSource({
        "2026-12-07T06:00:00Z, MET",
        "2026-12-07T07:00:00Z, MET",
        "2026-12-07T07:00:01Z, MET_AFTER_EXTENSION",
        "2026-12-11T07:00:00Z, MET_AFTER_EXTENSION",
        "2026-12-11T07:00:01Z, MISSED"
    })
    void stageOutcomeTellsOnTimeAfterExtensionAndLateApart(String completed, StageOutcome expected) {
        assertThat(StageOutcome.judge(
                        java.time.Instant.parse(completed),
                        java.time.Instant.parse("2026-12-07T07:00:00Z"),
                        java.time.Instant.parse("2026-12-11T07:00:00Z")))
                .isEqualTo(expected);
    }
}
