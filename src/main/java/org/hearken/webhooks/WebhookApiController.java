package org.hearken.webhooks;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.hearken.identity.Actor;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Webhook subscriptions and their delivery log, for administrators ({@code docs/api.md#webhooks}). */
@RestController
@RequestMapping("/api/webhooks")
class WebhookApiController {

    private final Webhooks webhooks;

    WebhookApiController(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    /** What a subscription is to be; {@code active} defaults to true, {@code eventTypes} to every event. */
    record SubscriptionRequest(String name, String url, List<String> eventTypes, Boolean active) {

        Webhooks.Draft draft() {
            return new Webhooks.Draft(name, url, eventTypes, active == null || active);
        }
    }

    /** A subscription just made, with its {@code secret}: shown this once. */
    record CreatedSubscription(
            long id,
            String name,
            String url,
            List<String> eventTypes,
            boolean active,
            Instant createdAt,
            String createdBy,
            String secret) {}

    /** One delivery as the log shows it; {@code body} is exactly what is sent (and signed). */
    record DeliveryView(
            long id,
            String eventId,
            String eventType,
            String caseReference,
            Instant occurredAt,
            String status,
            int attempts,
            Instant nextAttemptAt,
            Instant lastAttemptAt,
            Instant deliveredAt,
            Instant createdAt,
            Long redeliveryOf,
            String body,
            List<WebhookStore.Attempt> attemptLog) {

        static DeliveryView of(WebhookStore.Delivery d, List<WebhookStore.Attempt> attempts) {
            return new DeliveryView(
                    d.id(),
                    d.eventId().toString(),
                    d.eventType(),
                    d.caseReference(),
                    d.occurredAt(),
                    d.status(),
                    d.attempts(),
                    d.nextAttemptAt(),
                    d.lastAttemptAt(),
                    d.deliveredAt(),
                    d.createdAt(),
                    d.redeliveryOf(),
                    d.payload(),
                    attempts);
        }
    }

    record DeliveryPage(List<DeliveryView> items, Long next) {}

    record RedeliverRequest(OffsetDateTime since) {}

    @GetMapping
    List<WebhookStore.Subscription> list(Actor actor) {
        return webhooks.list(actor);
    }

    @PostMapping
    ResponseEntity<CreatedSubscription> create(@RequestBody SubscriptionRequest request, Actor actor) {
        Webhooks.Created created = webhooks.create(request.draft(), actor);
        WebhookStore.Subscription s = created.subscription();
        return ResponseEntity.created(URI.create("/api/webhooks/" + s.id()))
                .body(new CreatedSubscription(
                        s.id(),
                        s.name(),
                        s.url(),
                        s.eventTypes(),
                        s.active(),
                        s.createdAt(),
                        s.createdBy(),
                        created.secret()));
    }

    @GetMapping("/{id}")
    WebhookStore.Subscription get(@PathVariable long id, Actor actor) {
        return webhooks.get(id, actor);
    }

    @PutMapping("/{id}")
    WebhookStore.Subscription change(@PathVariable long id, @RequestBody SubscriptionRequest request, Actor actor) {
        return webhooks.change(id, request.draft(), actor);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable long id, Actor actor) {
        webhooks.delete(id, actor);
    }

    /** Newest first, {@code limit} per page (at most 200); pass {@code next} as {@code before} for older ones. */
    @GetMapping("/{id}/deliveries")
    DeliveryPage deliveries(
            @PathVariable long id,
            @RequestParam(required = false) Long before,
            @RequestParam(defaultValue = "50") int limit,
            Actor actor) {
        List<WebhookStore.Delivery> page = webhooks.deliveries(id, before, limit, actor);
        int size = Math.clamp(limit <= 0 ? 50 : limit, 1, 200);
        return new DeliveryPage(
                page.stream()
                        .map(d -> DeliveryView.of(d, webhooks.attempts(d.id())))
                        .toList(),
                page.size() == size ? page.getLast().id() : null);
    }

    @GetMapping("/{id}/deliveries/{deliveryId}")
    DeliveryView delivery(@PathVariable long id, @PathVariable long deliveryId, Actor actor) {
        WebhookStore.Delivery d = webhooks.delivery(id, deliveryId, actor);
        return DeliveryView.of(d, webhooks.attempts(d.id()));
    }

    @PostMapping("/{id}/deliveries/{deliveryId}/redeliver")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, Integer> redeliver(@PathVariable long id, @PathVariable long deliveryId, Actor actor) {
        return Map.of("queued", webhooks.redeliver(id, deliveryId, actor));
    }

    @PostMapping("/{id}/redeliver")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, Integer> redeliverSince(@PathVariable long id, @RequestBody RedeliverRequest request, Actor actor) {
        return Map.of(
                "queued",
                webhooks.redeliverSince(
                        id, request.since() == null ? null : request.since().toInstant(), actor));
    }
}
