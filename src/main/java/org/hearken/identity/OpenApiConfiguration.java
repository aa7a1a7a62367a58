package org.hearken.identity;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ProblemDetail;

/**
 * The OpenAPI description served at {@code /api/openapi}, with the two ways to authenticate, and every error answer
 * described as what it is: an RFC 9457 problem detail.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static {
        // The signed-in actor is resolved from the credentials, never sent as a parameter.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Actor.class);
    }

    @Bean
    OpenAPI hearkenOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Hearken API")
                        .description("Complaint and feedback handling: intake, cases, due dates and the register. "
                                + "Errors are RFC 9457 problem details.")
                        .version("1")
                        .license(new License().name("Apache-2.0")))
                .components(new Components()
                        .addSecuritySchemes(
                                "basic",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("basic")
                                        .description("A staff member's username and password"))
                        .addSecuritySchemes(
                                "token",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("An API token from POST /api/tokens")))
                .addSecurityItem(new SecurityRequirement().addList("basic"))
                .addSecurityItem(new SecurityRequirement().addList("token"));
    }

    /**
     * The errors every API operation can answer, added where the operation does not describe them itself, by what it
     * can meet: every call can be malformed (400: a bad address, a bad parameter or body), unauthenticated (401),
     * forbidden (403: the role, a read-only token, a cross-site call) or throttled (429: too many failed sign-ins);
     * one that names something in its path can find nothing (404); one that changes something can conflict with the
     * current state (409); one with a body can send too much (413) or the wrong type (415); one that takes
     * {@code If-Match} can find the case changed meanwhile (412). Validation failures are 400 with the fields listed
     * (Hearken answers no 422). Then every 4xx and 5xx answer is a problem detail ({@code application/problem+json}),
     * so an endpoint documents an error by its status and description alone.
     */
    @Bean
    OpenApiCustomizer problemDetailErrors() {
        return api -> {
            String name = ProblemDetail.class.getSimpleName();
            Schema<?> problem = ModelConverters.getInstance().readAllAsResolvedSchema(ProblemDetail.class).schema;
            if (api.getComponents().getSchemas() == null
                    || !api.getComponents().getSchemas().containsKey(name)) {
                api.getComponents().addSchemas(name, problem);
            }
            if (api.getPaths() == null) {
                return;
            }
            api.getPaths()
                    .forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                        if (path.startsWith("/api/")) {
                            standardErrors(path, method, operation);
                        }
                    }));
            api.getPaths().values().stream()
                    .flatMap(path -> path.readOperations().stream())
                    .filter(operation -> operation.getResponses() != null)
                    .flatMap(operation -> operation.getResponses().entrySet().stream())
                    .filter(response -> response.getKey().startsWith("4")
                            || response.getKey().startsWith("5"))
                    .forEach(response -> response.getValue().setContent(problemContent(name, response.getKey())));
        };
    }

    private static void standardErrors(String path, PathItem.HttpMethod method, Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        ApiResponses responses = operation.getResponses();
        boolean changes = method != PathItem.HttpMethod.GET
                && method != PathItem.HttpMethod.HEAD
                && method != PathItem.HttpMethod.OPTIONS;
        add(responses, "400", "Malformed: a bad address, parameter or body; `errors` names each field at fault");
        add(responses, "401", "No credentials, wrong ones, or an expired or revoked API token");
        add(
                responses,
                "403",
                "Your role does not allow it, a read-only token tried to act, or a browser sent it from another site");
        if (path.contains("{")) {
            add(responses, "404", "Nothing there, or nothing you may see (the two are not told apart)");
        }
        if (changes) {
            add(responses, "409", "It conflicts with the current state (the case was changed meanwhile, say)");
        }
        boolean ifMatch = operation.getParameters() != null
                && operation.getParameters().stream().anyMatch(p -> "If-Match".equalsIgnoreCase(p.getName()));
        if (ifMatch) {
            add(responses, "412", "`If-Match` names a version the case no longer has");
        }
        if (operation.getRequestBody() != null) {
            add(responses, "413", "The body is larger than its limit (`limitBytes`)");
            add(responses, "415", "The body is not of a type the operation takes");
        }
        add(responses, "429", "Too many failed sign-ins from your address; `Retry-After` says when to try again");
    }

    private static void add(ApiResponses responses, String status, String description) {
        if (!responses.containsKey(status)) {
            responses.addApiResponse(status, new ApiResponse().description(description));
        }
    }

    private static Content problemContent(String schema, String status) {
        MediaType media = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + schema));
        if (status.equals("400")) {
            media.addExamples(
                    "invalidFields",
                    new Example()
                            .summary("Invalid fields")
                            .value(Map.of(
                                    "type", "https://hearken.org/problems/invalid-request",
                                    "title", "Invalid request",
                                    "status", 400,
                                    "detail", "2 fields are invalid",
                                    "errors",
                                            List.of(
                                                    Map.of("field", "kind", "message", "must not be null"),
                                                    Map.of("field", "subject", "message", "must not be blank")))));
        }
        return new Content().addMediaType("application/problem+json", media);
    }
}
