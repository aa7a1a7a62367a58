package org.hearken.identity;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
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
     * Every 4xx and 5xx answer an operation documents is a problem detail ({@code application/problem+json}), so an
     * endpoint documents an error by its status and description alone.
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
            Content content = new Content()
                    .addMediaType(
                            "application/problem+json",
                            new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + name)));
            if (api.getPaths() == null) {
                return;
            }
            api.getPaths().values().stream()
                    .flatMap(path -> path.readOperations().stream())
                    .filter(operation -> operation.getResponses() != null)
                    .flatMap(operation -> operation.getResponses().entrySet().stream())
                    .filter(response -> response.getKey().startsWith("4")
                            || response.getKey().startsWith("5"))
                    .forEach(response -> response.getValue().setContent(content));
        };
    }
}
