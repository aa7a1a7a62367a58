package org.hearken.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hearken.support.CaseBuilder.aComplaint;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hearken.identity.Role;
import org.hearken.support.ApiClient;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class WebhooksIT extends IntegrationTest {

    @Autowired
    Webhooks webhooks;

    @Autowired
    WebhookStore store;

    @Autowired
    WebhookSender sender;

    @Autowired
    javax.sql.DataSource dataSource;

    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;

    private final JsonMapper json = JsonMapper.builder().build();

    private WebhookReceiver receiver;
    private ApiClient admin;
    private long subscription;
    private String secret;
    private Dept dept;

    @BeforeEach
    void subscribe() throws Exception {
        receiver = new WebhookReceiver();
        admin = as(staffWithoutDepartment(Role.ADMIN));
        ApiClient.Response created =
                admin.post("/api/webhooks", Map.of("name", "CRM " + unique(), "url", receiver.url()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        subscription = created.json().get("id").asLong();
        secret = created.json().get("secret").asString();
        dept = department();
    }

    @AfterEach
    void unsubscribe() {
        admin.delete("/api/webhooks/" + subscription);
        receiver.close();
    }

    @Test
    void everyEventOfACaseArrivesInOrderWithAValidSignature() {
        String ref = aComplaint().inDepartment(dept).open();
        note(ref, "first");
        note(ref, "second");

        webhooks.runDueNow();

        List<WebhookReceiver.Received> got = receiver.about(ref);
        assertThat(got).extracting(r -> type(r)).containsExactly("CaseOpened", "NoteAdded", "NoteAdded");
        for (WebhookReceiver.Received r : got) {
            assertThat(WebhookSignature.verify(secret, r.id(), Long.parseLong(r.timestamp()), r.body(), r.signature()))
                    .as("signature of %s", r.body())
                    .isTrue();
            assertThat(Long.parseLong(r.timestamp())).isCloseTo(clock.instant().getEpochSecond(), within(60L));
            assertThat(read(r.body()).get("id").asString()).isEqualTo(r.id());
        }
        assertThat(got.stream().map(WebhookReceiver.Received::id).distinct()).hasSize(3);
        JsonNode c = read(got.getFirst().body()).get("case");
        assertThat(c.get("reference").asString()).isEqualTo(ref);
        assertThat(c.get("department").asString()).isEqualTo(dept.code);
        assertThat(c.get("status").asString()).isEqualTo("RECEIVED");
        assertThat(got.getFirst().body()).doesNotContain("first", "Citizen");
    }

    @Test
    void aReceiverThatWasDownGetsTheMissedEventsInOrderAfterTheBackoffWhileOtherCasesGoOn() {
        clock.set(clock.instant());
        String down = aComplaint().inDepartment(dept).open();
        String other = aComplaint().inDepartment(dept).open();
        webhooks.runDueNow();
        receiver.failWhen(body -> body.contains(down));
        note(down, "one");
        note(down, "two");
        note(other, "three");

        webhooks.runDueNow();

        assertThat(receiver.about(down))
                .extracting(WebhookReceiver.Received::answered)
                .containsExactly(204, 503);
        assertThat(receiver.about(other)).extracting(r -> type(r)).containsExactly("CaseOpened", "NoteAdded");

        receiver.failWhen(body -> false);
        webhooks.runDueNow();
        assertThat(receiver.about(down)).as("not due before the backoff").hasSize(2);

        clock.advance(Duration.ofSeconds(31));
        webhooks.runDueNow();

        List<WebhookReceiver.Received> got = receiver.about(down);
        assertThat(got).extracting(WebhookReceiver.Received::answered).containsExactly(204, 503, 204, 204);
        assertThat(got.get(1).id())
                .as("the failed event is sent again first")
                .isEqualTo(got.get(2).id());
        assertThat(got.subList(2, 4))
                .extracting(r -> read(r.body()).get("type").asString())
                .containsExactly("NoteAdded", "NoteAdded");
        assertThat(got.get(3).id()).isNotEqualTo(got.get(2).id());

        JsonNode log = admin.get("/api/webhooks/" + subscription + "/deliveries?limit=200")
                .json();
        JsonNode retried = find(log, got.get(1).id(), false);
        assertThat(retried.get("status").asString()).isEqualTo("DELIVERED");
        assertThat(retried.get("attempts").asInt()).isEqualTo(2);
        JsonNode attempts = retried.get("attemptLog");
        assertThat(attempts.get(0).get("statusCode").asInt()).isEqualTo(503);
        assertThat(attempts.get(0).get("succeeded").asBoolean()).isFalse();
        assertThat(attempts.get(0).get("responseExcerpt").asString()).isEqualTo("down for maintenance");
        assertThat(attempts.get(1).get("statusCode").asInt()).isEqualTo(204);
        assertThat(attempts.get(1).get("succeeded").asBoolean()).isTrue();
    }

    @Test
    void anAdministratorRedeliversOneEventOrEverythingSinceATime() {
        Instant start = clock.instant();
        String ref = aComplaint().inDepartment(dept).open();
        note(ref, "later");
        webhooks.runDueNow();
        List<WebhookReceiver.Received> first = receiver.about(ref);
        assertThat(first).hasSize(2);

        JsonNode log = admin.get("/api/webhooks/" + subscription + "/deliveries?limit=200")
                .json();
        long opened = find(log, first.getFirst().id(), false).get("id").asLong();
        ApiClient.Response again =
                admin.post("/api/webhooks/" + subscription + "/deliveries/" + opened + "/redeliver", Map.of());
        assertThat(again.status()).as(again.body()).isEqualTo(202);
        webhooks.runDueNow();
        assertThat(receiver.about(ref))
                .extracting(WebhookReceiver.Received::id)
                .containsExactly(
                        first.get(0).id(), first.get(1).id(), first.get(0).id());

        ApiClient.Response since =
                admin.post("/api/webhooks/" + subscription + "/redeliver", Map.of("since", start.toString()));
        assertThat(since.status()).as(since.body()).isEqualTo(202);
        assertThat(since.json().get("queued").asInt()).isGreaterThanOrEqualTo(2);
        webhooks.runDueNow();
        assertThat(receiver.about(ref).subList(3, 5))
                .extracting(WebhookReceiver.Received::id)
                .containsExactly(first.get(0).id(), first.get(1).id());
    }

    /**
     * Another instance running the scheduler as production does (polling, heartbeats) takes the due lanes from the
     * shared table and delivers them, each event once.
     */
    @Test
    void anInstanceWithThePollingSchedulerDeliversWhatIsDue() {
        String ref = aComplaint().inDepartment(dept).open();
        note(ref, "polled");
        WebhookSettings polling = new WebhookSettings(
                "scheduler",
                Duration.ofMillis(200),
                Duration.ofSeconds(1),
                2,
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                Duration.ofHours(1),
                Duration.ofDays(1),
                true,
                false);
        WebhookWorker other = new WebhookWorker(store, sender, polling, clock, dataSource, transactions);
        other.start();
        try {
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(receiver.about(ref)).hasSize(2));
        } finally {
            other.stop();
        }
        webhooks.runDueNow();
        assertThat(receiver.about(ref)).extracting(r -> type(r)).containsExactly("CaseOpened", "NoteAdded");
    }

    @Test
    void aCaseIsStillLoggedWhenAnotherInstanceDeletedASubscriptionThisOneStillKeeps() {
        assertThat(store.subscriptionsForEvents())
                .extracting(WebhookStore.Subscription::id)
                .contains(subscription);
        // Deleted by another instance: straight in the database, so this instance keeps it for up to a second.
        new org.springframework.jdbc.core.JdbcTemplate(dataSource)
                .update("delete from webhook_subscription where id = ?", subscription);
        assertThat(store.subscriptionsForEvents())
                .extracting(WebhookStore.Subscription::id)
                .contains(subscription);

        String ref = aComplaint().inDepartment(dept).open();
        webhooks.runDueNow();

        assertThat(receiver.about(ref)).isEmpty();
        clock.advance(WebhookStore.SUBSCRIPTIONS_KEPT);
        assertThat(store.subscriptionsForEvents())
                .extracting(WebhookStore.Subscription::id)
                .doesNotContain(subscription);
    }

    @Test
    void aConfidentialCaseIsSentAsItsReferenceAndEventOnly() {
        String ref = aComplaint()
                .inDepartment(dept)
                .confidential()
                .subject("Secret subject " + unique())
                .open();
        webhooks.runDueNow();
        WebhookReceiver.Received got = receiver.about(ref).getFirst();
        JsonNode c = read(got.body()).get("case");
        assertThat(c.get("confidential").asBoolean()).isTrue();
        assertThat(c.propertyNames()).containsExactlyInAnyOrder("reference", "confidential");
        assertThat(got.body()).doesNotContain("Secret subject", dept.code);
    }

    @Test
    void onlyAdministratorsSeeOrChangeWebhooksAndEveryChangeIsAudited() {
        ApiClient agent = dept.as(dept.staff(Role.AGENT));
        assertThat(agent.get("/api/webhooks").status()).isEqualTo(403);
        assertThat(agent.post("/api/webhooks", Map.of("name", "x", "url", receiver.url()))
                        .status())
                .isEqualTo(403);
        assertThat(admin.get("/api/webhooks/" + subscription).json().has("secret"))
                .isFalse();

        ApiClient.Response paused = admin.put(
                "/api/webhooks/" + subscription,
                "{\"name\": \"Paused CRM\", \"url\": \"" + receiver.url() + "\", \"active\": false}",
                "application/json");
        assertThat(paused.status()).as(paused.body()).isEqualTo(200);
        assertThat(paused.json().get("active").asBoolean()).isFalse();

        List<String> actions = jdbc.sql("select action from security_audit where target = ? order by id")
                .param("webhook " + subscription)
                .query(String.class)
                .list();
        assertThat(actions).containsExactly("WEBHOOK_CREATED", "WEBHOOK_CHANGED");
        assertThat(jdbc.sql("select count(*) from security_audit where details::text like ?")
                        .param("%" + secret.substring(6, 20) + "%")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aReceiverOnAPrivateAddressOrPlainHttpElsewhereIsRefusedWhereNotAllowed() throws Exception {
        WebhookTargets strict = new WebhookTargets(false, false);
        for (String url : List.of(
                "http://127.0.0.1:8080/hook",
                "https://10.1.2.3/hook",
                "https://169.254.169.254/latest/meta-data",
                "https://[::1]/hook",
                "https://localhost/hook",
                "http://crm.example.org/hook",
                "ftp://crm.example.org/hook",
                "https://user:pw@crm.example.org/hook")) {
            assertThat(refused(strict, url)).as(url).isTrue();
        }
        assertThat(refused(strict, "https://crm.example.org/hearken")).isFalse();
        ApiClient.Response bad = admin.post("/api/webhooks", Map.of("name", "x", "url", "ftp://crm.example.org/x"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("url");
    }

    private static boolean refused(WebhookTargets targets, String url) {
        try {
            targets.parse(url);
            return false;
        } catch (WebhookTargets.Refused e) {
            return true;
        }
    }

    private void note(String ref, String text) {
        ApiClient.Response r = dept.as(dept.lead).post("/api/cases/" + ref + "/notes", Map.of("text", text));
        assertThat(r.status()).as(r.body()).isLessThan(300);
    }

    private String type(WebhookReceiver.Received r) {
        return read(r.body()).get("type").asString();
    }

    private JsonNode read(String body) {
        return json.readTree(body);
    }

    /** The first delivery of the event in the log (or, with {@code redelivery}, a redelivery of it). */
    private static JsonNode find(JsonNode log, String eventId, boolean redelivery) {
        JsonNode found = null;
        for (JsonNode d : log.get("items")) {
            if (d.get("eventId").asString().equals(eventId) && d.hasNonNull("redeliveryOf") == redelivery) {
                found = d;
            }
        }
        assertThat(found).as("delivery of %s", eventId).isNotNull();
        return found;
    }
}
