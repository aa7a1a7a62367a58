package org.hearken.register;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.hearken.cases.CaseEvent;
import org.hearken.cases.CaseEvents;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends every case event to the register synchronously, inside the transaction that made the change: if the change
 * commits, so does its record, and if either fails, neither is kept.
 */
@Component
class RegisterWriter {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    RegisterWriter(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The cases of a batch of an import: each recorded as an event of its own, in one statement. */
    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    @Transactional(propagation = Propagation.MANDATORY)
    void on(CaseEvents.ImportedBatch batch) {
        List<CaseEvents.Imported> events = batch.cases();
        for (int from = 0; from < events.size(); from += 1000) {
            List<CaseEvents.Imported> part = events.subList(from, Math.min(events.size(), from + 1000));
            List<Object> params = new ArrayList<>();
            for (CaseEvent event : part) {
                params.addAll(List.of(
                        event.caseId(),
                        event.reference(),
                        Timestamp.from(event.occurredAt()),
                        event.actor(),
                        event.getClass().getSimpleName(),
                        json.writeValueAsString(event)));
            }
            jdbc.sql("with event as (insert into register_event (case_id, case_reference, occurred_at, actor, type,"
                            + " payload) values "
                            + String.join(", ", Collections.nCopies(part.size(), "(?, ?, ?, ?, ?, ?::jsonb)"))
                            + " returning id) insert into register_pending (event_id) select id from event")
                    .params(params)
                    .update();
        }
    }

    /** First of all listeners: an event is in the register before anything it causes (a message sent, say). */
    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    @Transactional(propagation = Propagation.MANDATORY)
    void on(CaseEvent event) {
        jdbc.sql("""
                        with event as (
                            insert into register_event (case_id, case_reference, occurred_at, actor, type, payload)
                            values (?, ?, ?, ?, ?, ?::jsonb) returning id)
                        insert into register_pending (event_id) select id from event""")
                .params(
                        event.caseId(),
                        event.reference(),
                        Timestamp.from(event.occurredAt()),
                        event.actor(),
                        event.getClass().getSimpleName(),
                        json.writeValueAsString(event))
                .update();
    }
}
