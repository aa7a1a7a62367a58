package org.hearken.correspondence;

import java.time.Instant;
import java.util.List;
import org.hearken.cases.CaseManagement;
import org.hearken.identity.Actor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The messages sent, or waiting to be sent, to a case's customer, with their delivery state. */
@RestController
class MessageController {

    record MessageView(
            long id,
            TemplateKey kind,
            String channel,
            String to,
            String subject,
            String body,
            String messageId,
            String status,
            int attempts,
            String lastError,
            Instant nextAttemptAt,
            Instant createdAt,
            Instant sentAt) {}

    private final CaseManagement cases;
    private final JdbcClient jdbc;

    MessageController(CaseManagement cases, JdbcClient jdbc) {
        this.cases = cases;
        this.jdbc = jdbc;
    }

    /** Oldest first; {@code nextAttemptAt} only while a message is waiting. */
    @GetMapping("/api/cases/{reference}/messages")
    List<MessageView> messages(@PathVariable String reference, Actor actor) {
        long caseId = cases.idOfRead(reference, actor, "its messages (API)");
        return jdbc.sql("""
                        select id, kind, channel, to_address as "to", subject, body, message_id, status, attempts, last_error,
                               case when status = 'PENDING' then next_attempt_at end as next_attempt_at, created_at, sent_at
                        from correspondence_message where case_id = ? order by id""").param(caseId).query(MessageView.class).list().stream()
                // A private link works as a key: staff must not be able to answer a survey in the customer's name.
                .map(m -> new MessageView(
                        m.id(),
                        m.kind(),
                        m.channel(),
                        m.to(),
                        m.subject(),
                        PrivateLinks.forStaff(m.body()),
                        m.messageId(),
                        m.status(),
                        m.attempts(),
                        m.lastError(),
                        m.nextAttemptAt(),
                        m.createdAt(),
                        m.sentAt()))
                .toList();
    }
}
