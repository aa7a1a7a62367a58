package org.hearken.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Puts a service policy in force before anything needs due dates (order 1, ahead of demo data): the file named by
 * {@code hearken.policy} ({@code HEARKEN_POLICY}) when set and different from the version in force, otherwise, on a
 * fresh installation, the built-in Metart policy. A file that does not validate stops start-up with its problems.
 */
@Component
@Order(1)
class PolicyStartup implements ApplicationRunner {

    static final String DEFAULT_POLICY = "policies/metart.yaml";

    private static final Logger log = LoggerFactory.getLogger(PolicyStartup.class);

    private final ServicePolicies policies;
    private final String file;

    PolicyStartup(ServicePolicies policies, @Value("${hearken.policy:}") String file) {
        this.policies = policies;
        this.file = file;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!file.isBlank()) {
            Path path = Path.of(file.strip()).toAbsolutePath().normalize();
            String yaml;
            try {
                yaml = Files.readString(path, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(
                        "Cannot read the service policy file " + path + " (HEARKEN_POLICY): " + e, e);
            }
            try {
                policies.uploadIfChanged(yaml, "HEARKEN_POLICY " + path)
                        .ifPresentOrElse(
                                v -> log.info("Loaded the service policy from {} as version {}", path, v.version()),
                                () -> log.info("The service policy in {} is already in force", path));
            } catch (PolicyValidationException e) {
                throw new IllegalStateException(
                        "The service policy file " + path + " (HEARKEN_POLICY) cannot be used. " + e.getMessage(), e);
            }
            return;
        }
        policies.uploadIfNone(defaultPolicy(), "Hearken (built-in default " + DEFAULT_POLICY + ")")
                .ifPresent(v -> log.info(
                        "No service policy was stored: the built-in Metart policy is now version {}. "
                                + "Set HEARKEN_POLICY to a policy file, or PUT one to /api/policy, to use your own.",
                        v.version()));
    }

    static String defaultPolicy() {
        try (InputStream in = new ClassPathResource(DEFAULT_POLICY).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("the built-in " + DEFAULT_POLICY + " is missing from the application", e);
        }
    }
}
