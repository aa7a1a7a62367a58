package org.hearken.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.hearken.support.ApiClient;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The demo council as an English council ({@code HEARKEN_POLICY=policies/council-england.yaml}): it loads whole, its
 * housing complaints run the Housing Ombudsman's code and its other complaints the LGSCO's, and nothing falls through
 * the cracks.
 */
@TestPropertySource(
        properties = {
            "hearken.demo=true",
            "hearken.test.database=councildemo",
            "hearken.policy=policies/council-england.yaml"
        })
class CouncilDemoIT extends IntegrationTest {

    @Test
    void theDemoCouncilRunsTheHousingCodeForHousingAndTheLgscoCodeForTheRest() {
        ApiClient executive = ApiClient.basic(port, "elena", DemoData.PASSWORD);
        Map<String, String> packByDepartment = new HashMap<>();
        JsonNode page = executive.get("/api/cases?limit=200").json();
        page.get("items").forEach(item -> {
            JsonNode c = executive
                    .get("/api/cases/" + item.get("reference").asString())
                    .json();
            if (c.get("kind").asString().equals("COMPLAINT")) {
                packByDepartment.put(
                        c.get("department").get("id").asString(), c.get("pack").asString());
            }
        });
        assertThat(packByDepartment).containsEntry("CS", "lgsco-code").doesNotContainValue(null);

        // A housing complaint logged now runs the Housing Ombudsman's code.
        JsonNode housing = ApiClient.basic(port, "hana", DemoData.PASSWORD)
                .post(
                        "/api/cases",
                        Map.of(
                                "kind", "COMPLAINT",
                                "channel", "PHONE",
                                "subject", "Leaking roof",
                                "description", "Water comes through the bedroom ceiling when it rains.",
                                "customer", Map.of("name", "Ada Tenant", "phone", "020 7946 0000"),
                                "department", "HOUSING"))
                .json();
        assertThat(housing.get("pack").asString()).isEqualTo("ho-code-2024");

        JsonNode exceptions = executive.get("/api/watch/exceptions").json();
        assertThat(exceptions).as("no demo case is an exception").isEmpty();
        assertThat(executive.get("/api/register/verify").json().get("intact").asBoolean())
                .isTrue();
    }
}
