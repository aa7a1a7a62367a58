package org.hearken.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The OpenAPI document at {@code /api/openapi}: every operation's errors as problem details, and examples. */
class OpenApiDocumentIT extends IntegrationTest {

    private JsonNode document() {
        return as(staffWithoutDepartment(Role.ADMIN)).get("/api/openapi").json();
    }

    @Test
    void everyApiOperationDescribesItsErrorsAsProblemDetails() {
        JsonNode paths = document().get("paths");
        List<String> operations = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (!List.of("get", "post", "put", "patch", "delete").contains(op.getKey())) {
                    continue;
                }
                String name = op.getKey().toUpperCase() + " " + path.getKey();
                operations.add(name);
                JsonNode responses = op.getValue().get("responses");
                List<String> expected = new ArrayList<>(List.of("400", "401", "403", "429"));
                if (path.getKey().contains("{")) {
                    expected.add("404");
                }
                if (!op.getKey().equals("get")) {
                    expected.add("409");
                }
                if (op.getValue().has("requestBody")) {
                    expected.addAll(List.of("413", "415"));
                }
                for (String status : expected) {
                    JsonNode content = responses.path(status).path("content").path("application/problem+json");
                    if (!content.path("schema")
                            .path("$ref")
                            .asString("")
                            .equals("#/components/schemas/ProblemDetail")) {
                        missing.add(name + " " + status);
                    }
                }
                responses.properties().stream()
                        .filter(r -> r.getKey().startsWith("4") || r.getKey().startsWith("5"))
                        .filter(r -> !r.getValue().path("content").has("application/problem+json"))
                        .forEach(r -> missing.add(name + " " + r.getKey() + " (not a problem detail)"));
            }
        }
        assertThat(operations).hasSizeGreaterThan(50).contains("POST /api/cases", "GET /api/webhooks");
        assertThat(missing).isEmpty();
        assertThat(paths.get("/api/cases/{reference}/acknowledge")
                        .get("post")
                        .get("responses")
                        .has("412"))
                .isTrue();
    }

    @Test
    void theMainOperationsHaveExamples() {
        JsonNode paths = document().get("paths");
        JsonNode create = paths.get("/api/cases").get("post");
        assertThat(create.get("requestBody")
                        .get("content")
                        .get("application/json")
                        .get("examples")
                        .size())
                .isPositive();
        assertThat(create.get("responses")
                        .get("201")
                        .get("content")
                        .get("application/json")
                        .get("examples")
                        .toString())
                .contains("HK-2026-000042");
        assertThat(paths.get("/api/cases")
                        .get("get")
                        .get("responses")
                        .get("200")
                        .get("content")
                        .get("application/json")
                        .has("examples"))
                .isTrue();
        assertThat(paths.get("/api/cases/{reference}/acknowledge")
                        .get("post")
                        .get("requestBody")
                        .get("content")
                        .get("application/json")
                        .has("examples"))
                .isTrue();
        assertThat(create.get("responses")
                        .get("400")
                        .get("content")
                        .get("application/problem+json")
                        .has("examples"))
                .isTrue();
    }
}
