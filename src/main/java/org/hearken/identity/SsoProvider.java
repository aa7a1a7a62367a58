package org.hearken.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

/**
 * Hearken's one client registration ({@value #REGISTRATION_ID}) at the configured provider, read from the provider's
 * discovery document ({@code /.well-known/openid-configuration}) the first time someone signs in, not at start-up: a
 * provider that cannot be reached does not stop Hearken starting, and is asked again at most every
 * {@link #RETRY_AFTER} until it answers.
 */
final class SsoProvider implements ClientRegistrationRepository {

    static final String REGISTRATION_ID = "sso";
    static final Duration RETRY_AFTER = Duration.ofSeconds(10);
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SsoProvider.class);

    private final SingleSignOnSettings settings;
    private final Clock clock;
    private volatile ClientRegistration registration;
    private volatile Instant failedAt;

    SsoProvider(SingleSignOnSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public ClientRegistration findByRegistrationId(String registrationId) {
        return REGISTRATION_ID.equals(registrationId) ? registration().orElse(null) : null;
    }

    /** The registration, or empty while the provider cannot be reached. */
    Optional<ClientRegistration> registration() {
        ClientRegistration known = registration;
        if (known != null) {
            return Optional.of(known);
        }
        synchronized (this) {
            if (registration == null) {
                Instant failed = failedAt;
                if (failed != null && clock.instant().isBefore(failed.plus(RETRY_AFTER))) {
                    return Optional.empty();
                }
                try {
                    registration = discover();
                    failedAt = null;
                } catch (RuntimeException e) {
                    failedAt = clock.instant();
                    log.warn(
                            "Single sign-on: the provider {} could not be read ({}); asked again on the next sign-in",
                            settings.issuer(),
                            e.getMessage());
                    return Optional.empty();
                }
            }
            return Optional.of(registration);
        }
    }

    private ClientRegistration discover() {
        ClientRegistration.Builder builder = ClientRegistrations.fromIssuerLocation(settings.issuer())
                .registrationId(REGISTRATION_ID)
                .clientName(settings.providerName())
                .clientId(settings.clientId())
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .scope(settings.scopes())
                .userNameAttributeName("sub");
        if (settings.clientSecret().isEmpty()) {
            // A public client: no secret, PKCE alone proves the code is ours.
            builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
        } else {
            builder.clientSecret(settings.clientSecret());
        }
        return builder.build();
    }
}
