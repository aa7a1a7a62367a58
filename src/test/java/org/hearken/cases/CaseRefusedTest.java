package org.hearken.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.hearken.platform.ConflictException;
import org.hearken.platform.FieldProblem;
import org.hearken.platform.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.springframework.security.access.AccessDeniedException;

/** A refusal is answered as the API always has: 409 with its properties, 403, or 400 naming the field. */
class CaseRefusedTest {

    @Test
    void aConflictIsAnsweredWithItsPropertiesSuchAsTheAllowedActions() {
        RuntimeException e = CaseLifecycle.answer(CaseRefused.conflict(
                "not now", Map.of("status", CaseStatus.CLOSED, "allowedActions", List.of("reopen"))));

        assertThat(e).isInstanceOf(ConflictException.class).hasMessage("not now");
        assertThat(((ConflictException) e).properties())
                .containsEntry("status", CaseStatus.CLOSED)
                .containsEntry("allowedActions", List.of("reopen"));
    }

    @Test
    void aForbiddenActionIsAnsweredAsAccessDenied() {
        assertThat(CaseLifecycle.answer(CaseRefused.forbidden("not you")))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("not you");
    }

    @Test
    void anInvalidInputIsAnsweredNamingTheField() {
        RuntimeException e = CaseLifecycle.answer(CaseRefused.invalid("at", "is in the future"));

        assertThat(((InvalidRequestException) e).problems())
                .containsExactly(new FieldProblem("at", "is in the future"));
    }

    @Test
    void theStateRuleRefusesWithTheSameWordsAsBefore() {
        CaseState closed = new CaseState(CaseStatus.CLOSED, false, true, false, false, false);

        CaseRefused r = CaseRules.refusal(CaseAction.CLOSE, closed).orElseThrow();

        assertThat(r.getMessage()).isEqualTo("'close' is not allowed while the case is closed.");
        assertThat(r.properties())
                .containsEntry("allowedActions", List.of("reopen", "add-note", "write-to-customer", "add-file"));
    }
}
