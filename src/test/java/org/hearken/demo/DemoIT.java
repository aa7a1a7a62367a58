package org.hearken.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.hearken.support.ApiClient;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Demo mode loads a working council: every kind and channel, people who can sign in, and nothing fallen through the cracks. */
@TestPropertySource(properties = {"hearken.demo=true", "hearken.test.database=demo"})
class DemoIT extends IntegrationTest {

    private static final Set<String> DEMO_DEPARTMENTS = Set.of("CS", "PLAN", "WASTE", "PARKS", "RATES");

    @Test
    void demoDataCoversEveryKindAndChannelAndIsHealthy() {
        ApiClient executive = ApiClient.basic(port, "elena", DemoData.PASSWORD);
        Set<String> kinds = new HashSet<>();
        Set<String> channels = new HashSet<>();
        Set<String> statuses = new HashSet<>();
        JsonNode page = executive.get("/api/cases?limit=200").json();
        page.get("items").forEach(c -> {
            if (DEMO_DEPARTMENTS.contains(c.get("department").get("id").asString())) {
                kinds.add(c.get("kind").asString());
                channels.add(c.get("channel").asString());
                statuses.add(c.get("status").asString());
            }
        });
        assertThat(kinds)
                .containsExactlyInAnyOrder("COMPLAINT", "QUESTION", "SERVICE_REQUEST", "SUGGESTION", "COMPLIMENT");
        assertThat(channels).containsExactlyInAnyOrder("PHONE", "IN_PERSON", "EMAIL", "POSTAL", "WEB_FORM", "API");
        assertThat(statuses).contains("RECEIVED", "ACKNOWLEDGED", "CLOSED");

        JsonNode exceptions = executive.get("/api/watch/exceptions").json();
        exceptions.forEach(e -> assertThat(DEMO_DEPARTMENTS)
                .as("demo case %s is an exception: %s", e.get("reference"), e.get("problems"))
                .doesNotContain(e.get("department").asString()));
        assertThat(ApiClient.basic(port, "olivia", DemoData.PASSWORD)
                        .get("/api/cases?limit=1")
                        .status())
                .isEqualTo(200);
        assertThat(executive.get("/api/register/verify").json().get("intact").asBoolean())
                .isTrue();
    }
}
