package org.hearken.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.hearken.support.ApiClient;
import tools.jackson.databind.JsonNode;

/** Puts one of the shipped policies in force for a test (the suite shares one database). */
public final class PolicyTestSupport {

    private PolicyTestSupport() {}

    /** Makes the named shipped policy the one in force, uploading it as a new version if another is active. */
    public static void ensureActive(ApiClient admin, String name) throws java.io.IOException {
        String yaml = Files.readString(Path.of("policies/" + name + ".yaml"));
        JsonNode active = admin.get("/api/policy").json();
        if (!active.get("document").asString().strip().equals(yaml.strip())) {
            ApiClient.Response r = admin.put("/api/policy", yaml, "application/yaml");
            assertThat(r.status()).as(r.body()).isIn(200, 201);
        }
    }

    /**
     * Puts the shipped council policy ({@code policies/council-england.yaml}) in force, with its Housing Ombudsman route
     * given to {@code housingDepartment} (a test's own department) instead of the demo's HOUSING.
     */
    public static void councilInForce(ApiClient admin, String housingDepartment) throws java.io.IOException {
        String yaml = Files.readString(Path.of("policies/council-england.yaml"))
                .replace("departments: [HOUSING]", "departments: [" + housingDepartment + "]");
        ApiClient.Response r = admin.put("/api/policy", yaml, "application/yaml");
        assertThat(r.status()).as(r.body()).isIn(200, 201);
    }
}
