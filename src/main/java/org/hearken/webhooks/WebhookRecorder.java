package org.hearken.webhooks;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hearken.cases.CaseEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a delivery for every subscription that wants a case event, in the transaction of the change (right after the
 * register records it), and makes sure the lane has a job. A change that rolls back leaves no delivery; one that commits
 * is delivered at least once.
 */
@Component
class WebhookRecorder {

    private final WebhookStore store;
    private final WebhookWorker worker;
    private final JsonMapper json;
    private final Clock clock;

    WebhookRecorder(WebhookStore store, WebhookWorker worker, JsonMapper json, Clock clock) {
        this.store = store;
        this.worker = worker;
        this.json = json;
        this.clock = clock;
    }

    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    @Transactional(propagation = Propagation.MANDATORY)
    void on(CaseEvent event) {
        String type = event.getClass().getSimpleName();
        var subscribers = store.subscriptionsForEvents().stream()
                .filter(s -> s.wants(type))
                .toList();
        if (subscribers.isEmpty()) {
            return;
        }
        UUID eventId = UUID.randomUUID();
        String payload = payload(eventId, type, event.occurredAt(), event.caseId(), event.reference());
        Instant now = clock.instant();
        for (WebhookStore.Subscription s : subscribers) {
            Optional<Long> next = store.nextSeqIfSubscribed(s.id(), event.caseId());
            if (next.isEmpty()) {
                continue; // deleted by another instance since this one read the subscriptions
            }
            long seq = next.get();
            store.insertDelivery(
                    s.id(),
                    event.caseId(),
                    event.reference(),
                    seq,
                    eventId,
                    type,
                    event.occurredAt(),
                    payload,
                    now,
                    null);
            if (s.active()) {
                ensureServed(s.id(), event.caseId());
            }
        }
    }

    /**
     * The lane (locked by the caller) has a job: a new one when it was idle, or a replacement when the job of its
     * generation is missing (cancelled by hand, say), so that no waiting event is ever left without one.
     */
    void ensureServed(long subscriptionId, long caseId) {
        Optional<Integer> started = store.activate(subscriptionId, caseId);
        if (started.isPresent()) {
            worker.start(subscriptionId, caseId, started.get());
            return;
        }
        store.activeGeneration(subscriptionId, caseId)
                .filter(generation -> !worker.exists(subscriptionId, caseId, generation))
                .ifPresent(generation -> {
                    store.deactivate(subscriptionId, caseId, generation);
                    store.activate(subscriptionId, caseId).ifPresent(g -> worker.start(subscriptionId, caseId, g));
                });
    }

    /**
     * The body: the event's id, type and time and what is published of the case: of a confidential case only its
     * reference and that it is confidential. Never the customer, anything written on the case, or who acted.
     */
    String payload(UUID eventId, String type, Instant occurredAt, long caseId, String reference) {
        Map<String, Object> c = new LinkedHashMap<>();
        Optional<WebhookStore.PublishedCase> published = store.publishedCase(caseId);
        c.put("reference", reference);
        if (published.isEmpty() || published.get().confidential()) {
            c.put("confidential", true);
        } else {
            WebhookStore.PublishedCase p = published.get();
            c.put("confidential", false);
            c.put("kind", p.kind());
            c.put("channel", p.channel());
            c.put("status", p.status());
            c.put("department", p.department());
            c.put("receivedAt", text(p.receivedAt()));
            c.put("closedAt", text(p.closedAt()));
            c.put("nextDueAt", text(p.nextDue()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", eventId.toString());
        body.put("type", type);
        body.put("occurredAt", text(occurredAt));
        body.put("case", c);
        return json.writeValueAsString(body);
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }
}
