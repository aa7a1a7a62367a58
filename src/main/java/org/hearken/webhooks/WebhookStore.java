package org.hearken.webhooks;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** The module's tables: subscriptions, the lanes (one per subscription and case), deliveries and their attempts. */
@Repository
class WebhookStore {

    /** A subscription as administrators see it; the secret never leaves {@link WebhookStore} but to sign. */
    record Subscription(
            long id,
            String name,
            String url,
            List<String> eventTypes,
            boolean active,
            Instant createdAt,
            String createdBy,
            Instant updatedAt) {

        boolean wants(String eventType) {
            return eventTypes.isEmpty() || eventTypes.contains(eventType);
        }
    }

    /** One delivery of one event to one subscription, with how its attempts went. */
    record Delivery(
            long id,
            long subscriptionId,
            long caseId,
            String caseReference,
            long seq,
            UUID eventId,
            String eventType,
            Instant occurredAt,
            String payload,
            String status,
            int attempts,
            Instant nextAttemptAt,
            Instant firstAttemptAt,
            Instant lastAttemptAt,
            Instant deliveredAt,
            Instant createdAt,
            Long redeliveryOf) {}

    /** One attempt: when, how long, the HTTP status or the error, and the start of the answer. */
    record Attempt(
            long id,
            long deliveryId,
            Instant attemptedAt,
            int durationMs,
            Integer statusCode,
            String error,
            String responseExcerpt,
            boolean succeeded) {}

    /** A lane as its worker needs it: whom to send to and the first event waiting, if any. */
    record Due(String url, String secret, boolean active, Delivery next) {}

    private static final String SUBSCRIPTION = """
            select id, name, url, event_types, active, created_at, created_by, updated_at from webhook_subscription""";

    private static final String DELIVERY = """
            select id, subscription_id, case_id, case_reference, seq, event_id, event_type, occurred_at, payload, status,
                   attempts, next_attempt_at, first_attempt_at, last_attempt_at, delivered_at, created_at, redelivery_of
            from webhook_delivery""";

    /**
     * How long the subscriptions read for recording events are kept: every case event asks for them, and they seldom
     * change. A change made here is seen here at once; one made by another instance, within this time.
     */
    static final Duration SUBSCRIPTIONS_KEPT = Duration.ofSeconds(1);

    private record Kept(List<Subscription> subscriptions, Instant readAt) {}

    private final JdbcClient jdbc;
    private final Clock clock;
    private volatile Kept kept;

    WebhookStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    // ---- subscriptions ------------------------------------------------------------------------------------------

    long insertSubscription(String name, String url, String secret, List<String> eventTypes, String by, Instant at) {
        long id = jdbc.sql("""
                        insert into webhook_subscription (name, url, secret, event_types, active, created_at, created_by, updated_at)
                        values (?, ?, ?, ?, true, ?, ?, ?) returning id""")
                .params(name, url, secret, eventTypes.toArray(String[]::new), ts(at), by, ts(at))
                .query(Long.class)
                .single();
        subscriptionsChanged();
        return id;
    }

    List<Subscription> subscriptions() {
        return jdbc.sql(SUBSCRIPTION + " order by name, id")
                .query(WebhookStore::subscription)
                .list();
    }

    /** The active and paused subscriptions, by id: the order their lanes are locked in, so two changes never deadlock. */
    List<Subscription> subscriptionsById() {
        return jdbc.sql(SUBSCRIPTION + " order by id")
                .query(WebhookStore::subscription)
                .list();
    }

    /**
     * {@link #subscriptionsById()} as read at most {@link #SUBSCRIPTIONS_KEPT} ago, for recording case events. A
     * subscription deleted meanwhile by another instance is skipped when its delivery is written ({@link #nextSeq}).
     */
    List<Subscription> subscriptionsForEvents() {
        Instant now = clock.instant();
        Kept k = kept;
        if (k != null && !now.isBefore(k.readAt()) && now.isBefore(k.readAt().plus(SUBSCRIPTIONS_KEPT))) {
            return k.subscriptions();
        }
        List<Subscription> read = subscriptionsById();
        kept = new Kept(read, now);
        return read;
    }

    /** Forgets the kept subscriptions now and again once the change commits (against a read in between). */
    private void subscriptionsChanged() {
        kept = null;
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    kept = null;
                }
            });
        }
    }

    Optional<Subscription> subscription(long id) {
        return jdbc.sql(SUBSCRIPTION + " where id = ?")
                .param(id)
                .query(WebhookStore::subscription)
                .optional();
    }

    void updateSubscription(long id, String name, String url, List<String> eventTypes, boolean active, Instant at) {
        jdbc.sql(
                        "update webhook_subscription set name = ?, url = ?, event_types = ?, active = ?, updated_at = ? where id = ?")
                .params(name, url, eventTypes.toArray(String[]::new), active, ts(at), id)
                .update();
        subscriptionsChanged();
    }

    void deleteSubscription(long id) {
        jdbc.sql("delete from webhook_subscription where id = ?").param(id).update();
        subscriptionsChanged();
    }

    // ---- lanes and deliveries -----------------------------------------------------------------------------------

    /**
     * Locks the lane of this subscription and case (making it if new) until the transaction ends, and answers the next
     * place in it. Every writer of a lane goes through here or {@link #lockLane}, so events enter a lane in the order
     * their transactions commit.
     */
    /** As {@link #nextSeq}, for a subscription that may have been deleted since it was read: empty then. */
    Optional<Long> nextSeqIfSubscribed(long subscriptionId, long caseId) {
        return jdbc.sql("""
                        insert into webhook_lane (subscription_id, case_id, last_seq)
                        select id, ?, 1 from webhook_subscription where id = ?
                        on conflict (subscription_id, case_id) do update set last_seq = webhook_lane.last_seq + 1
                        returning last_seq""").params(caseId, subscriptionId).query(Long.class).optional();
    }

    long nextSeq(long subscriptionId, long caseId) {
        return jdbc.sql("""
                        insert into webhook_lane (subscription_id, case_id, last_seq) values (?, ?, 1)
                        on conflict (subscription_id, case_id) do update set last_seq = webhook_lane.last_seq + 1
                        returning last_seq""").params(subscriptionId, caseId).query(Long.class).single();
    }

    void insertDelivery(
            long subscriptionId,
            long caseId,
            String reference,
            long seq,
            UUID eventId,
            String eventType,
            Instant occurredAt,
            String payload,
            Instant createdAt,
            Long redeliveryOf) {
        jdbc.sql("""
                        insert into webhook_delivery (subscription_id, case_id, case_reference, seq, event_id, event_type,
                            occurred_at, payload, created_at, redelivery_of)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        subscriptionId,
                        caseId,
                        reference,
                        seq,
                        eventId,
                        eventType,
                        ts(occurredAt),
                        payload,
                        ts(createdAt),
                        redeliveryOf)
                .update();
    }

    /**
     * Marks the (locked) lane active under a new generation when it was idle, and answers that generation; empty when it
     * is already active, served by the job of its current generation.
     */
    Optional<Integer> activate(long subscriptionId, long caseId) {
        return jdbc.sql("""
                        update webhook_lane set active = true, generation = generation + 1
                        where subscription_id = ? and case_id = ? and not active returning generation""").params(subscriptionId, caseId).query(Integer.class).optional();
    }

    /** The lane's current generation while it is active. */
    Optional<Integer> activeGeneration(long subscriptionId, long caseId) {
        return jdbc.sql("select generation from webhook_lane where subscription_id = ? and case_id = ? and active")
                .params(subscriptionId, caseId)
                .query(Integer.class)
                .optional();
    }

    /** Locks the lane until the transaction ends; false when it is gone (its subscription was deleted). */
    boolean lockLane(long subscriptionId, long caseId) {
        return jdbc.sql("select 1 from webhook_lane where subscription_id = ? and case_id = ? for update")
                .params(subscriptionId, caseId)
                .query(Integer.class)
                .optional()
                .isPresent();
    }

    boolean hasWaiting(long subscriptionId, long caseId) {
        return jdbc.sql("""
                        select exists (select 1 from webhook_delivery
                                       where subscription_id = ? and case_id = ? and status = 'PENDING')""").params(subscriptionId, caseId).query(Boolean.class).single();
    }

    /** Marks the lane idle, if it is still in this generation. */
    void deactivate(long subscriptionId, long caseId, int generation) {
        jdbc.sql("update webhook_lane set active = false where subscription_id = ? and case_id = ? and generation = ?")
                .params(subscriptionId, caseId, generation)
                .update();
    }

    /** The cases of a subscription with events waiting. */
    List<Long> casesWaiting(long subscriptionId) {
        return jdbc.sql("""
                        select distinct case_id from webhook_delivery
                        where subscription_id = ? and status = 'PENDING' order by case_id""").param(subscriptionId).query(Long.class).list();
    }

    /** What the lane's worker needs now; empty when the subscription is gone. */
    Optional<Due> due(long subscriptionId, long caseId) {
        return jdbc.sql("select url, secret, active from webhook_subscription where id = ?")
                .param(subscriptionId)
                .query((rs, n) -> new Due(
                        rs.getString("url"),
                        rs.getString("secret"),
                        rs.getBoolean("active"),
                        jdbc.sql(
                                        DELIVERY
                                                + " where subscription_id = ? and case_id = ? and status = 'PENDING' order by seq limit 1")
                                .params(subscriptionId, caseId)
                                .query(WebhookStore::delivery)
                                .optional()
                                .orElse(null)))
                .optional();
    }

    void recordAttempt(long deliveryId, Instant at, WebhookSender.Result result) {
        jdbc.sql("""
                        insert into webhook_attempt (delivery_id, attempted_at, duration_ms, status_code, error,
                            response_excerpt, succeeded)
                        values (?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        deliveryId,
                        ts(at),
                        (int) Math.min(Integer.MAX_VALUE, result.durationMillis()),
                        result.statusCode(),
                        cut(result.error(), 1000),
                        cut(result.excerpt(), WebhookSender.EXCERPT_BYTES),
                        result.succeeded())
                .update();
    }

    /** After an attempt: delivered, failed for good, or waiting until {@code next}. */
    void afterAttempt(long deliveryId, Instant at, String status, Instant next) {
        jdbc.sql("""
                        update webhook_delivery set attempts = attempts + 1, status = :status, last_attempt_at = :at,
                            first_attempt_at = coalesce(first_attempt_at, :at), next_attempt_at = cast(:next as timestamptz),
                            delivered_at = case when :status = 'DELIVERED' then cast(:at as timestamptz) end
                        where id = :id""")
                .param("status", status)
                .param("at", ts(at))
                .param("next", ts(next))
                .param("id", deliveryId)
                .update();
    }

    Optional<Delivery> delivery(long id) {
        return jdbc.sql(DELIVERY + " where id = ?")
                .param(id)
                .query(WebhookStore::delivery)
                .optional();
    }

    /** A subscription's deliveries, newest first, {@code limit} from before the id {@code before} (null: the newest). */
    List<Delivery> deliveries(long subscriptionId, Long before, int limit) {
        return jdbc.sql(DELIVERY + " where subscription_id = ? and id < ? order by id desc limit ?")
                .params(subscriptionId, before == null ? Long.MAX_VALUE : before, limit)
                .query(WebhookStore::delivery)
                .list();
    }

    /** The first delivery of each event of a subscription that happened at or after {@code since}, in case and lane order. */
    List<Delivery> eventsSince(long subscriptionId, Instant since) {
        return jdbc.sql(DELIVERY + """
                         where id in (select min(id) from webhook_delivery
                                      where subscription_id = ? and occurred_at >= ? group by event_id)
                        order by case_id, seq""")
                .params(subscriptionId, ts(since))
                .query(WebhookStore::delivery)
                .list();
    }

    List<Attempt> attempts(long deliveryId) {
        return jdbc.sql("""
                        select id, delivery_id, attempted_at, duration_ms, status_code, error, response_excerpt, succeeded
                        from webhook_attempt where delivery_id = ? order by id""").param(deliveryId).query(Attempt.class).list();
    }

    // ---- the payload's case -------------------------------------------------------------------------------------

    /** What the cases module publishes of a case (its view {@code case_published}), for a delivery's body. */
    record PublishedCase(
            String reference,
            String kind,
            String channel,
            String status,
            String department,
            Instant receivedAt,
            Instant closedAt,
            Instant nextDue,
            boolean confidential) {}

    Optional<PublishedCase> publishedCase(long caseId) {
        return jdbc.sql("""
                        select p.reference, p.kind, p.channel, p.status, d.code as department, p.received_at, p.closed_at,
                               p.next_due, p.confidential
                        from case_published p join department_directory d on d.id = p.department_id
                        where p.id = ?""").param(caseId).query(PublishedCase.class).optional();
    }

    // ---- mapping ------------------------------------------------------------------------------------------------

    private static Subscription subscription(ResultSet rs, int n) throws SQLException {
        Array types = rs.getArray("event_types");
        return new Subscription(
                rs.getLong("id"),
                rs.getString("name"),
                rs.getString("url"),
                types == null ? List.of() : Arrays.asList((String[]) types.getArray()),
                rs.getBoolean("active"),
                instant(rs, "created_at"),
                rs.getString("created_by"),
                instant(rs, "updated_at"));
    }

    private static Delivery delivery(ResultSet rs, int n) throws SQLException {
        return new Delivery(
                rs.getLong("id"),
                rs.getLong("subscription_id"),
                rs.getLong("case_id"),
                rs.getString("case_reference"),
                rs.getLong("seq"),
                rs.getObject("event_id", UUID.class),
                rs.getString("event_type"),
                instant(rs, "occurred_at"),
                rs.getString("payload"),
                rs.getString("status"),
                rs.getInt("attempts"),
                instant(rs, "next_attempt_at"),
                instant(rs, "first_attempt_at"),
                instant(rs, "last_attempt_at"),
                instant(rs, "delivered_at"),
                instant(rs, "created_at"),
                rs.getObject("redelivery_of", Long.class));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
