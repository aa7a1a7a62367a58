package org.hearken.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hearken.audit.SecurityAudit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.oidc.authentication.OidcAuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.DefaultOAuth2UserService;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2LoginAuthenticationFilter;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Single sign-on for staff with an OpenID provider (authorisation code with PKCE), when {@code hearken.sso.enabled}.
 * The web chain calls {@link #configure} and the password check goes through {@link #guardingPasswords}; with single
 * sign-on off both do nothing.
 *
 * <p>A sign-in through the provider ends exactly as one with a password does: the session holds the same
 * {@link StaffUser}, so every page, the {@link Actor} of every controller and the API's rules work unchanged. While
 * single sign-on is on, passwords (the sign-in page and HTTP Basic) are refused for everyone but the break-glass
 * accounts ({@code hearken.sso.break-glass-users}); API tokens work as before.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SingleSignOnSettings.class)
class SingleSignOn {

    /** Where a refused or failed sign-in is explained. */
    static final String REFUSED_PAGE = "/login/sso-refused";

    private static final String REFUSED = "hearken_refused_";
    private static final java.time.Duration PROVIDER_TIMEOUT = java.time.Duration.ofSeconds(10);
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SingleSignOn.class);

    /** A password sign-in refused because this account signs in through the provider. */
    static final class PasswordsOff extends BadCredentialsException {
        PasswordsOff() {
            super("Password sign-in is off: sign in with single sign-on.");
        }
    }

    /** The provider's person, with the member of staff they signed in as; lives only until the session is saved. */
    private static final class ProviderUser extends DefaultOidcUser {
        private final transient SsoAccounts.SignedIn signedIn;

        ProviderUser(OidcUser user, SsoAccounts.SignedIn signedIn) {
            super(user.getAuthorities(), user.getIdToken(), user.getUserInfo(), "sub");
            this.signedIn = signedIn;
        }
    }

    private final SingleSignOnSettings settings;
    private final SsoProvider provider;
    private final SsoAccounts accounts;
    private final SsoPendingSignIns pending;
    private final SecurityAudit audit;
    private final LoginThrottle throttle;
    private final boolean secureCookies;
    private final OidcUserService oidcUsers = new OidcUserService();
    private final RestClientAuthorizationCodeTokenResponseClient tokens =
            new RestClientAuthorizationCodeTokenResponseClient();

    SingleSignOn(
            SingleSignOnSettings settings,
            Clock clock,
            SsoAccounts accounts,
            SsoPendingSignIns pending,
            SecurityAudit audit,
            LoginThrottle throttle,
            @Value("${server.servlet.session.cookie.secure:true}") boolean secureCookies) {
        List<String> problems = settings.problems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Single sign-on is on but cannot work: " + String.join("; ", problems)
                    + " (docs/single-sign-on.md)");
        }
        this.settings = settings;
        this.provider = new SsoProvider(settings, clock);
        this.accounts = accounts;
        this.pending = pending;
        this.audit = audit;
        this.throttle = throttle;
        this.secureCookies = secureCookies;
        // A provider that does not answer holds up one sign-in for seconds, never a request thread for ever.
        SimpleClientHttpRequestFactory bounded = new SimpleClientHttpRequestFactory();
        bounded.setConnectTimeout(PROVIDER_TIMEOUT);
        bounded.setReadTimeout(PROVIDER_TIMEOUT);
        tokens.setRestClient(RestClient.builder()
                .requestFactory(bounded)
                .messageConverters(
                        List.of(new FormHttpMessageConverter(), new OAuth2AccessTokenResponseHttpMessageConverter()))
                .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
                .build());
        RestTemplate userInfo = new RestTemplate(bounded);
        userInfo.setErrorHandler(new OAuth2ErrorResponseErrorHandler());
        DefaultOAuth2UserService userInfoService = new DefaultOAuth2UserService();
        userInfoService.setRestOperations(userInfo);
        oidcUsers.setOauth2UserService(userInfoService);
    }

    boolean enabled() {
        return settings.enabled();
    }

    String providerName() {
        return settings.providerName();
    }

    /** Whether this person signs in with a password: everyone while single sign-on is off, else the break-glass accounts. */
    boolean usesPassword(String username) {
        return !settings.enabled() || settings.breakGlassUsers().contains(username);
    }

    /** Adds the provider's sign-in to the web chain; nothing when single sign-on is off. */
    void configure(HttpSecurity http) throws Exception {
        if (!settings.enabled()) {
            return;
        }
        DefaultOAuth2AuthorizationRequestResolver requests =
                new DefaultOAuth2AuthorizationRequestResolver(provider, "/oauth2/authorization");
        // PKCE for confidential clients too (public ones get it anyway): a stolen code is of no use without the
        // verifier this browser's sign-in keeps.
        requests.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        ReturnPathCookie returnPath = new ReturnPathCookie(secureCookies);
        SavedRequestAwareAuthenticationSuccessHandler toPageAsked = new SavedRequestAwareAuthenticationSuccessHandler();
        toPageAsked.setDefaultTargetUrl("/");
        toPageAsked.setRequestCache(returnPath);
        HttpSessionSecurityContextRepository sessions = new HttpSessionSecurityContextRepository();
        AuthenticationManager providerAnswers =
                new ProviderManager(new OidcAuthorizationCodeAuthenticationProvider(tokens, this::loadUser));
        http.authorizeHttpRequests(auth -> auth.requestMatchers(REFUSED_PAGE).permitAll())
                .oauth2Login(login -> login.loginPage("/login")
                        .clientRegistrationRepository(provider)
                        .authorizedClientRepository(NOT_KEPT)
                        // The provider's token never reaches the session: the member of staff does (signedIn).
                        .securityContextRepository(new RequestAttributeSecurityContextRepository())
                        .authorizationEndpoint(endpoint ->
                                endpoint.authorizationRequestRepository(pending).authorizationRequestResolver(requests))
                        .userInfoEndpoint(userInfo -> userInfo.oidcUserService(this::loadUser))
                        .successHandler((request, response, authentication) -> {
                            signedIn(request, response, authentication, sessions);
                            toPageAsked.onAuthenticationSuccess(
                                    request,
                                    response,
                                    SecurityContextHolder.getContext().getAuthentication());
                        })
                        .failureHandler(this::failed)
                        // The web chain's authentication manager checks passwords; the provider's answer is checked
                        // by its own.
                        .withObjectPostProcessor(new ObjectPostProcessor<OAuth2LoginAuthenticationFilter>() {
                            @Override
                            public <O extends OAuth2LoginAuthenticationFilter> O postProcess(O filter) {
                                filter.setAuthenticationManager(providerAnswers);
                                return filter;
                            }
                        }))
                .addFilterBefore(new ProviderUnavailable(), OAuth2AuthorizationRequestRedirectFilter.class);
    }

    /**
     * The password check, refused unasked for anyone but the break-glass accounts while single sign-on is on. Put
     * inside the sign-in throttle, so that refusals are counted and recorded like wrong passwords, never checked.
     */
    AuthenticationProvider guardingPasswords(AuthenticationProvider passwordCheck) {
        if (!settings.enabled()) {
            return passwordCheck;
        }
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication attempt) {
                String name = attempt.getName() == null
                        ? ""
                        : attempt.getName().strip().toLowerCase(Locale.ROOT);
                if (!settings.breakGlassUsers().contains(name)) {
                    throw new PasswordsOff();
                }
                return passwordCheck.authenticate(attempt);
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return passwordCheck.supports(authentication);
            }
        };
    }

    private OidcUser loadUser(OidcUserRequest request) {
        OidcUser user = oidcUsers.loadUser(request);
        Object verified = user.getClaims().get("email_verified");
        String email = Boolean.FALSE.equals(verified) || "false".equals(verified) ? null : user.getEmail();
        SsoAccounts.Identity who = new SsoAccounts.Identity(
                user.getIdToken().getIssuer().toString(),
                user.getSubject(),
                user.getPreferredUsername(),
                email,
                user.getFullName(),
                GroupMapping.groups(user.getClaims().get(settings.groupsClaim())));
        String tried = tried(who);
        if (groupsLeftOut(user)) {
            // Entra ID leaves the groups out when there are too many for the token and says where to fetch them:
            // that is no "no group", so nobody is deactivated for it.
            refuse(tried, "the provider left the groups out of the token (too many groups)", "groups", false);
        }
        // Whoever may be signed in in this browser already, the changes are Hearken's own, not theirs.
        SecurityContext outer = SecurityContextHolder.getContext();
        SecurityContextHolder.clearContext();
        SsoAccounts.Outcome outcome;
        try {
            outcome = accounts.signIn(who);
        } finally {
            SecurityContextHolder.setContext(outer);
        }
        if (outcome instanceof SsoAccounts.Refused refused) {
            refuse(
                    refused.username() == null ? tried : refused.username(),
                    refused.refusal().reason,
                    refused.refusal() == SsoAccounts.Refusal.NO_ACCESS ? "no-access" : "deactivated",
                    refused.deactivatedNow());
        }
        return new ProviderUser(user, (SsoAccounts.SignedIn) outcome);
    }

    private void refuse(String who, String reason, String page, boolean deactivatedNow) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("method", "single sign-on");
        details.put("reason", reason);
        if (deactivatedNow) {
            details.put("accountDeactivated", true);
        }
        audit.record(who, SecurityAudit.Action.SIGN_IN_FAILED, who, SecurityAudit.Outcome.REFUSED, details);
        throw new OAuth2AuthenticationException(new OAuth2Error(REFUSED + page), reason);
    }

    private boolean groupsLeftOut(OidcUser user) {
        return user.getClaims().get(settings.groupsClaim()) == null
                && user.getClaims().get("_claim_names") instanceof Map<?, ?> names
                && names.containsKey(settings.groupsClaim());
    }

    /** The name to record for someone who has no account: what the provider calls them, cut short. */
    private static String tried(SsoAccounts.Identity who) {
        String name = who.preferredUsername() != null
                ? who.preferredUsername()
                : who.email() != null ? who.email() : "subject " + who.subject();
        name = LoginThrottle.storable(name.strip());
        return name.length() > 100 ? name.substring(0, 100) : name;
    }

    private void signedIn(
            HttpServletRequest request,
            HttpServletResponse response,
            Authentication authentication,
            HttpSessionSecurityContextRepository sessions) {
        SsoAccounts.SignedIn signedIn =
                ((ProviderUser) ((OAuth2AuthenticationToken) authentication).getPrincipal()).signedIn;
        StaffUser staff = signedIn.user();
        UsernamePasswordAuthenticationToken asStaff =
                UsernamePasswordAuthenticationToken.authenticated(staff, null, staff.getAuthorities());
        asStaff.setDetails(authentication.getDetails());
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(asStaff);
        SecurityContextHolder.setContext(context);
        sessions.saveContext(context, request, response);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("method", "single sign-on");
        details.put("groups", signedIn.access().matchedGroups());
        details.put(
                "roles",
                signedIn.access().roles().stream().map(Role::name).sorted().toList());
        details.put("departments", signedIn.access().departments());
        if (signedIn.created()) {
            details.put("accountCreated", true);
        }
        if (!signedIn.unknownDepartments().isEmpty()) {
            details.put("unknownDepartments", signedIn.unknownDepartments());
        }
        audit.record(
                staff.getUsername(),
                SecurityAudit.Action.SIGN_IN,
                staff.getUsername(),
                SecurityAudit.Outcome.SUCCESS,
                details);
    }

    private void failed(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        String page = "failed";
        if (e instanceof OAuth2AuthenticationException oauth
                && oauth.getError().getErrorCode().startsWith(REFUSED)) {
            page = oauth.getError().getErrorCode().substring(REFUSED.length());
        } else if (throttle.tokenFailed(request.getRemoteAddr()).record()) {
            log.info("A single sign-on was not accepted: {}", e.getMessage());
            // Anyone can send the browser's return address with nonsense: recorded, but no more often than failed
            // API tokens from one address.
            String code = e instanceof OAuth2AuthenticationException oauth
                    ? oauth.getError().getErrorCode()
                    : e.getClass().getSimpleName();
            audit.record(
                    null,
                    SecurityAudit.Action.SIGN_IN_FAILED,
                    null,
                    SecurityAudit.Outcome.FAILURE,
                    Map.of(
                            "method",
                            "single sign-on",
                            "reason",
                            "the provider's answer was not accepted: " + LoginThrottle.storable(code)));
        }
        response.sendRedirect(request.getContextPath() + REFUSED_PAGE + "?reason=" + page);
    }

    /** Before sending anyone to the provider: if it cannot be reached, a page that says so rather than an error. */
    private final class ProviderUnavailable extends OncePerRequestFilter {
        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return !request.getRequestURI().startsWith(request.getContextPath() + "/oauth2/authorization/");
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (provider.registration().isEmpty()) {
                response.sendRedirect(request.getContextPath() + REFUSED_PAGE + "?reason=unavailable");
                return;
            }
            chain.doFilter(request, response);
        }
    }

    /** The provider's access token is not needed after sign-in, so it is not kept anywhere. */
    private static final OAuth2AuthorizedClientRepository NOT_KEPT = new OAuth2AuthorizedClientRepository() {
        @Override
        public <T extends org.springframework.security.oauth2.client.OAuth2AuthorizedClient> T loadAuthorizedClient(
                String clientRegistrationId, Authentication principal, HttpServletRequest request) {
            return null;
        }

        @Override
        public void saveAuthorizedClient(
                org.springframework.security.oauth2.client.OAuth2AuthorizedClient authorizedClient,
                Authentication principal,
                HttpServletRequest request,
                HttpServletResponse response) {}

        @Override
        public void removeAuthorizedClient(
                String clientRegistrationId,
                Authentication principal,
                HttpServletRequest request,
                HttpServletResponse response) {}
    };
}
