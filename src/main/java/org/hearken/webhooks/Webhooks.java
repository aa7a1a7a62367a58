package org.hearken.webhooks;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.hearken.audit.SecurityAudit;
import org.hearken.cases.CaseEvent;
import org.hearken.cases.CaseEvents;
import org.hearken.cases.CaseOpened;
import org.hearken.identity.Actor;
import org.hearken.identity.Role;
import org.hearken.platform.FieldProblem;
import org.hearken.platform.InvalidRequestException;
import org.hearken.platform.NotFoundException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Webhook subscriptions and their deliveries, for administrators (the pages and the API go through here, so both refuse
 * the same): make one (its secret shown once), change, pause, resume or delete it, read the delivery log, deliver one
 * event or everything since a time again. Every change is in the security audit log.
 */
@Service
class Webhooks {

    static final int MAX_NAME = 200;

    /** The event types a subscription may choose: the case events the register records. */
    static final List<String> EVENT_TYPES = eventTypes();

    private final WebhookStore store;
    private final WebhookRecorder recorder;
    private final WebhookWorker worker;
    private final WebhookTargets targets;
    private final SecurityAudit audit;
    private final Clock clock;

    Webhooks(
            WebhookStore store,
            WebhookRecorder recorder,
            WebhookWorker worker,
            WebhookSettings settings,
            SecurityAudit audit,
            Clock clock) {
        this.store = store;
        this.recorder = recorder;
        this.worker = worker;
        this.targets = new WebhookTargets(settings);
        this.audit = audit;
        this.clock = clock;
    }

    /** What a subscription is to be: its name, receiver, events (empty: all) and whether it is active. */
    record Draft(String name, String url, List<String> eventTypes, boolean active) {

        Draft {
            name = name == null ? "" : name.strip();
            url = url == null ? "" : url.strip();
            eventTypes = eventTypes == null ? List.of() : List.copyOf(new TreeSet<>(eventTypes));
        }
    }

    /** A subscription just made, with its secret: the only time the secret is shown. */
    record Created(WebhookStore.Subscription subscription, String secret) {}

    static void requireAdmin(Actor actor) {
        if (!actor.has(Role.ADMIN)) {
            throw new AccessDeniedException("Only an administrator may see or change webhooks.");
        }
    }

    List<WebhookStore.Subscription> list(Actor actor) {
        requireAdmin(actor);
        return store.subscriptions();
    }

    WebhookStore.Subscription get(long id, Actor actor) {
        requireAdmin(actor);
        return store.subscription(id).orElseThrow(() -> new NotFoundException("No webhook subscription " + id));
    }

    @Transactional
    Created create(Draft draft, Actor actor) {
        requireAdmin(actor);
        validate(draft);
        String secret = WebhookSignature.newSecret();
        long id = store.insertSubscription(
                draft.name(), draft.url(), secret, draft.eventTypes(), actor.username(), clock.instant());
        if (!draft.active()) {
            store.updateSubscription(id, draft.name(), draft.url(), draft.eventTypes(), false, clock.instant());
        }
        audit.record(
                actor.username(),
                SecurityAudit.Action.WEBHOOK_CREATED,
                "webhook " + id,
                SecurityAudit.Outcome.SUCCESS,
                describe(draft));
        return new Created(store.subscription(id).orElseThrow(), secret);
    }

    @Transactional
    WebhookStore.Subscription change(long id, Draft draft, Actor actor) {
        WebhookStore.Subscription before = get(id, actor);
        validate(draft);
        store.updateSubscription(id, draft.name(), draft.url(), draft.eventTypes(), draft.active(), clock.instant());
        Map<String, Object> details = describe(draft);
        details.put("before", describe(new Draft(before.name(), before.url(), before.eventTypes(), before.active())));
        audit.record(
                actor.username(),
                SecurityAudit.Action.WEBHOOK_CHANGED,
                "webhook " + id,
                SecurityAudit.Outcome.SUCCESS,
                details);
        if (draft.active() && !before.active()) {
            resumeLanes(id);
        }
        return store.subscription(id).orElseThrow();
    }

    @Transactional
    WebhookStore.Subscription setActive(long id, boolean active, Actor actor) {
        WebhookStore.Subscription s = get(id, actor);
        return change(id, new Draft(s.name(), s.url(), s.eventTypes(), active), actor);
    }

    @Transactional
    void delete(long id, Actor actor) {
        WebhookStore.Subscription s = get(id, actor);
        store.deleteSubscription(id);
        audit.record(
                actor.username(),
                SecurityAudit.Action.WEBHOOK_DELETED,
                "webhook " + id,
                SecurityAudit.Outcome.SUCCESS,
                Map.of("name", s.name(), "url", s.url()));
    }

    List<WebhookStore.Delivery> deliveries(long subscriptionId, Long before, int limit, Actor actor) {
        get(subscriptionId, actor);
        return store.deliveries(subscriptionId, before, Math.clamp(limit <= 0 ? 50 : limit, 1, 200));
    }

    WebhookStore.Delivery delivery(long subscriptionId, long deliveryId, Actor actor) {
        get(subscriptionId, actor);
        return store.delivery(deliveryId)
                .filter(d -> d.subscriptionId() == subscriptionId)
                .orElseThrow(
                        () -> new NotFoundException("No delivery " + deliveryId + " of webhook " + subscriptionId));
    }

    List<WebhookStore.Attempt> attempts(long deliveryId) {
        return store.attempts(deliveryId);
    }

    /** Delivers one event again, after what the case's lane already holds; answers how many were queued (1). */
    @Transactional
    int redeliver(long subscriptionId, long deliveryId, Actor actor) {
        WebhookStore.Delivery d = delivery(subscriptionId, deliveryId, actor);
        queueAgain(List.of(d));
        audit.record(
                actor.username(),
                SecurityAudit.Action.WEBHOOK_REDELIVERED,
                "webhook " + subscriptionId,
                SecurityAudit.Outcome.SUCCESS,
                Map.of("delivery", deliveryId, "event", d.eventId().toString()));
        return 1;
    }

    /** Delivers again every event that happened at or after {@code since}, case by case in their order. */
    @Transactional
    int redeliverSince(long subscriptionId, Instant since, Actor actor) {
        get(subscriptionId, actor);
        if (since == null) {
            throw new InvalidRequestException("since", "enter the time from which to deliver again");
        }
        List<WebhookStore.Delivery> events = store.eventsSince(subscriptionId, since);
        queueAgain(events);
        audit.record(
                actor.username(),
                SecurityAudit.Action.WEBHOOK_REDELIVERED,
                "webhook " + subscriptionId,
                SecurityAudit.Outcome.SUCCESS,
                Map.of("since", since.toString(), "events", events.size()));
        return events.size();
    }

    /** Runs the deliveries that are due now (in the calling thread where the worker is manual). */
    void runDueNow() {
        worker.runDueNow();
    }

    private void queueAgain(List<WebhookStore.Delivery> deliveries) {
        Instant now = clock.instant();
        // Lanes are locked in the order of their case, as the recorder locks them in the order of their subscription.
        List<WebhookStore.Delivery> ordered = new ArrayList<>(deliveries);
        ordered.sort(java.util.Comparator.comparingLong(WebhookStore.Delivery::caseId)
                .thenComparingLong(WebhookStore.Delivery::seq));
        boolean active = ordered.isEmpty()
                || store.subscription(ordered.getFirst().subscriptionId())
                        .map(WebhookStore.Subscription::active)
                        .orElse(false);
        for (WebhookStore.Delivery d : ordered) {
            long seq = store.nextSeq(d.subscriptionId(), d.caseId());
            store.insertDelivery(
                    d.subscriptionId(),
                    d.caseId(),
                    d.caseReference(),
                    seq,
                    d.eventId(),
                    d.eventType(),
                    d.occurredAt(),
                    d.payload(),
                    now,
                    d.redeliveryOf() == null ? d.id() : d.redeliveryOf());
            if (active) {
                recorder.ensureServed(d.subscriptionId(), d.caseId());
            }
        }
    }

    private void resumeLanes(long subscriptionId) {
        for (long caseId : store.casesWaiting(subscriptionId)) {
            store.nextSeq(subscriptionId, caseId); // locks the lane
            recorder.ensureServed(subscriptionId, caseId);
        }
    }

    private void validate(Draft draft) {
        List<FieldProblem> problems = new ArrayList<>();
        if (draft.name().isEmpty()) {
            problems.add(new FieldProblem("name", "enter a name, e.g. CRM"));
        } else if (draft.name().length() > MAX_NAME) {
            problems.add(new FieldProblem("name", "may be at most " + MAX_NAME + " characters long"));
        }
        try {
            targets.parse(draft.url());
        } catch (WebhookTargets.Refused e) {
            problems.add(new FieldProblem("url", e.getMessage()));
        }
        List<String> unknown = draft.eventTypes().stream()
                .filter(t -> !EVENT_TYPES.contains(t))
                .toList();
        if (!unknown.isEmpty()) {
            problems.add(new FieldProblem(
                    "eventTypes", "unknown event types " + unknown + "; the types are " + EVENT_TYPES));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
    }

    private static Map<String, Object> describe(Draft d) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", d.name());
        details.put("url", d.url());
        details.put("events", d.eventTypes().isEmpty() ? "all" : String.join(", ", d.eventTypes()));
        details.put("active", d.active());
        return details;
    }

    private static List<String> eventTypes() {
        return Stream.concat(
                        Stream.of(CaseOpened.class),
                        Stream.of(CaseEvents.class.getDeclaredClasses()).filter(CaseEvent.class::isAssignableFrom))
                .map(Class::getSimpleName)
                .sorted()
                .toList();
    }
}
