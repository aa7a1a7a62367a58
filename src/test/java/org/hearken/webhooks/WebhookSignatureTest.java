package org.hearken.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    /** The Standard Webhooks specification's example: the same secret, id, timestamp and body give this signature. */
    @Test
    void signsAsTheStandardWebhooksExample() {
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        String id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
        long timestamp = 1614265330L;
        String body = "{\"test\": 2432232314}";

        assertThat(WebhookSignature.sign(secret, id, timestamp, body))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        assertThat(WebhookSignature.verify(
                        secret, id, timestamp, body, "v1,bm9wZQ== v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="))
                .isTrue();
        assertThat(WebhookSignature.verify(
                        secret, id, timestamp + 1, body, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="))
                .isFalse();
        assertThat(WebhookSignature.verify(
                        secret, id, timestamp, body + " ", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="))
                .isFalse();
    }

    @Test
    void aNewSecretIsThirtyTwoRandomBytes() {
        String a = WebhookSignature.newSecret();
        assertThat(a).startsWith("whsec_");
        assertThat(java.util.Base64.getDecoder().decode(a.substring(6))).hasSize(32);
        assertThat(WebhookSignature.newSecret()).isNotEqualTo(a);
    }

    @Test
    void backoffDoublesUpToItsLimit() {
        WebhookSettings s = new WebhookSettings(
                "manual",
                java.time.Duration.ofSeconds(2),
                java.time.Duration.ofSeconds(10),
                1,
                java.time.Duration.ofSeconds(5),
                java.time.Duration.ofSeconds(10),
                java.time.Duration.ofSeconds(30),
                java.time.Duration.ofHours(1),
                java.time.Duration.ofDays(1),
                false,
                false);
        assertThat(s.backoff(1)).hasSeconds(30);
        assertThat(s.backoff(2)).hasSeconds(60);
        assertThat(s.backoff(4)).hasSeconds(240);
        assertThat(s.backoff(20)).hasHours(1);
    }
}
