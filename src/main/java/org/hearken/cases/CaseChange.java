package org.hearken.cases;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * What an action did to a case: the state before and after, the events the register records, and the records the case
 * accumulates alongside its own row (responses, remedies, extensions). The repository saves it in one go; the service
 * then publishes the events in the same transaction.
 */
record CaseChange(Case before, Case after, List<CaseEvent> events, List<Detail> details) {

    CaseChange {
        events = List.copyOf(events);
        details = List.copyOf(details);
    }

    /** Nothing to do: the action found the case already as it asked. */
    static CaseChange none(Case c) {
        return new CaseChange(c, c, List.of(), List.of());
    }

    boolean changesNothing() {
        return events.isEmpty() && details.isEmpty() && before.equals(after);
    }

    /** A record kept with the case in a table of its own. */
    sealed interface Detail {}

    /** A reply to the customer: INTERIM, SUBSTANTIVE or REVIEW. */
    record NewResponse(
            String kind,
            Instant givenAt,
            long givenBy,
            AcknowledgementMethod channel,
            String analysis,
            String text,
            Outcome outcome,
            String reasons,
            Instant expectedBy,
            String category)
            implements Detail {}

    /** {@code id} was reserved beforehand, so that the event can name the remedy. */
    record NewRemedy(
            long id,
            RemedyType type,
            String description,
            BigDecimal value,
            RemedyStatus status,
            Instant offeredAt,
            long offeredBy)
            implements Detail {}

    record RemedyDecided(long id, RemedyStatus status, Instant at) implements Detail {}

    record NewExtension(
            String stage,
            Instant previousDue,
            Instant newDue,
            String reason,
            AcknowledgementMethod noticeChannel,
            String noticeText,
            String agreedBy,
            Instant agreedAt,
            Instant extendedAt,
            long extendedBy)
            implements Detail {}
}
