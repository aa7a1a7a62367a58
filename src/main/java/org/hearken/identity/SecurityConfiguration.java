package org.hearken.identity;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.hearken.audit.SecurityAudit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/** Who may call what. Every endpoint needs a signed-in member of staff unless it is listed here as public. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /**
     * No traces or timers for each security filter: they cost a sixth of an API request's CPU and nobody reads them.
     * The whole request is still timed (http.server.requests).
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * 401 as RFC 9457 problem details. The challenge names only Bearer: a browser shown a Basic challenge would ask for
     * a password and then send it, unasked, with every request any other site makes to the API. A sign-in refused
     * because of too many failures is 429 with {@code Retry-After}.
     */
    static AuthenticationEntryPoint problemEntryPoint(Clock clock) {
        return (request, response, ex) -> {
            if (ex instanceof LoginThrottle.Throttled throttled) {
                long seconds = Math.max(
                        1,
                        java.time.Duration.between(clock.instant(), throttled.until())
                                .toSeconds());
                response.setHeader("Retry-After", String.valueOf(seconds));
                problem(
                        response,
                        429,
                        "Too Many Requests",
                        "Too many failed sign-ins from this address. Try again in " + Math.max(1, (seconds + 59) / 60)
                                + " minutes.",
                        request.getRequestURI());
                return;
            }
            response.setHeader("WWW-Authenticate", "Bearer realm=\"Hearken\"");
            String detail = ex instanceof ApiTokenFilter.TokenRefused ? ex.getMessage() + " " : "";
            problem(
                    response,
                    HttpServletResponse.SC_UNAUTHORIZED,
                    "Unauthorized",
                    detail
                            + "Sign in with your staff credentials (HTTP Basic, sent with every request) or an API token (Authorization: Bearer).",
                    request.getRequestURI());
        };
    }

    static void forbidden(HttpServletResponse response, String uri) throws java.io.IOException {
        problem(response, HttpServletResponse.SC_FORBIDDEN, "Forbidden", "Your role does not allow this.", uri);
    }

    /** Writes RFC 9457 problem details from a filter, before Spring MVC (and its problem handling) is reached. */
    static void problem(HttpServletResponse response, int status, String title, String detail, String uri)
            throws java.io.IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("""
                {"type":"about:blank","title":"%s","status":%d,"detail":"%s","instance":"%s"}""".formatted(json(title), status, json(detail), json(uri)));
    }

    private static String json(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** The password check, behind the sign-in throttle, for the sign-in page and HTTP Basic alike. */
    @Bean
    AuthenticationManager authenticationManager(
            StaffUserRepository users, PasswordEncoder passwords, LoginThrottle throttle, SingleSignOn sso) {
        DaoAuthenticationProvider check = new DaoAuthenticationProvider(users);
        check.setPasswordEncoder(passwords);
        return new ProviderManager(throttle.guarding(sso.guardingPasswords(check)));
    }

    /**
     * A request whose address the firewall refuses (an empty path segment, a semicolon, a backslash…) is a bad
     * request like any other: problem details on the API, a short page elsewhere. The address is not echoed.
     */
    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return (request, response, e) -> {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            if (request.getRequestURI().startsWith("/api/")) {
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                response.getWriter().write("""
                        {"type":"about:blank","title":"Bad Request","status":400,\
                        "detail":"The address is not acceptable: check for an empty part (//), an encoded slash (%2F) or a semicolon."}""");
            } else {
                response.setContentType("text/html;charset=UTF-8");
                response.getWriter().write("""
                        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Bad address · Hearken</title></head>
                        <body><h1>This address is not right</h1><p>Check the link or go back to <a href="/">the start page</a>.</p>
                        </body></html>""");
            }
        };
    }

    /**
     * Tomcat would answer an encoded slash ({@code %2F}) in the path with its own error page before any of this runs;
     * passed through still encoded, the firewall refuses it as above.
     */
    @Bean
    TomcatConnectorCustomizer encodedSlashToFirewall() {
        return connector -> connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
    }

    /**
     * The metrics endpoint: the monitoring system's scrape token only ({@link MetricsScrapeFilter}). A member of staff
     * signing in with HTTP Basic is known but refused (403), as nobody's role includes the metrics; anonymous is 401.
     */
    @Bean
    @Order(0)
    SecurityFilterChain metricsChain(
            HttpSecurity http,
            AuthenticationManager authentication,
            Clock clock,
            @Value("${hearken.metrics.token:}") String scrapeToken)
            throws Exception {
        AuthenticationEntryPoint entryPoint = problemEntryPoint(clock);
        http.securityMatcher("/actuator/prometheus", "/actuator/prometheus/**")
                .authenticationManager(authentication)
                .authorizeHttpRequests(auth -> auth.anyRequest().hasAuthority(MetricsScrapeFilter.SCRAPER))
                .httpBasic(basic -> basic.authenticationEntryPoint(entryPoint))
                .addFilterBefore(new MetricsScrapeFilter(scrapeToken), BasicAuthenticationFilter.class)
                .exceptionHandling(ex -> ex.authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler((req, res, e) -> forbidden(res, req.getRequestURI())))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(
            HttpSecurity http,
            AuthenticationManager authentication,
            ApiTokens tokens,
            LoginThrottle throttle,
            SecurityAudit audit,
            Clock clock,
            @Value("${hearken.public-url:http://localhost:8080}") String publicUrl,
            SecondFactorSignIn secondFactor)
            throws Exception {
        AuthenticationEntryPoint entryPoint = problemEntryPoint(clock);
        http.securityMatcher("/api/**")
                .authenticationManager(authentication)
                .authorizeHttpRequests(auth -> auth.requestMatchers("/api/audit", "/api/audit/**")
                        .hasAnyRole(Role.EXECUTIVE.name(), Role.ADMIN.name())
                        .anyRequest()
                        .authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint(entryPoint))
                .addFilterBefore(
                        new ApiTokenFilter(tokens, throttle, audit, entryPoint), BasicAuthenticationFilter.class)
                .addFilterBefore(new CrossSiteApiFilter(publicUrl), ApiTokenFilter.class)
                .addFilterAfter(secondFactor.basicRule(), BasicAuthenticationFilter.class)
                .exceptionHandling(ex -> ex.authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler((req, res, e) -> forbidden(res, req.getRequestURI())))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // API clients authenticate every request with a header, never a cookie, so CSRF tokens cannot apply; a
                // browser replaying remembered credentials from another site is refused by CrossSiteApiFilter instead.
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /**
     * Pages: only our own scripts, styles and images, never inline script, never framed. Public pages ({@code /public})
     * and static assets need no sign-in; everything else does.
     */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                    + "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private static AccessDeniedHandler publicFormRefused() {
        AccessDeniedHandlerImpl handler = new AccessDeniedHandlerImpl();
        handler.setErrorPage("/public/refused");
        return handler;
    }

    @Bean
    @Order(2)
    SecurityFilterChain webChain(
            HttpSecurity http,
            AuthenticationManager authentication,
            SecurityAudit audit,
            SingleSignOn sso,
            @Value("${server.servlet.session.cookie.secure:true}") boolean secureCookies,
            SecondFactorSignIn secondFactor)
            throws Exception {
        sso.configure(http);
        // Where to go back to after signing in is kept in a cookie, not in a session: an anonymous visit stores
        // nothing.
        ReturnPathCookie requestCache = new ReturnPathCookie(secureCookies);
        SavedRequestAwareAuthenticationSuccessHandler toPageAsked = new SavedRequestAwareAuthenticationSuccessHandler();
        toPageAsked.setDefaultTargetUrl("/");
        toPageAsked.setRequestCache(requestCache);
        http.authenticationManager(authentication)
                .authorizeHttpRequests(auth -> auth.requestMatchers("/actuator/health", "/actuator/health/**")
                        .permitAll()
                        .requestMatchers(
                                "/error",
                                "/login",
                                "/public/**",
                                "/css/**",
                                "/js/**",
                                "/img/**",
                                "/webjars/**",
                                "/favicon.ico",
                                "/favicon.svg")
                        .permitAll()
                        .requestMatchers("/password-reset/**")
                        .permitAll()
                        // Administration pages; managers edit the correspondence templates. The controllers check too.
                        .requestMatchers(
                                "/admin/staff/**",
                                "/admin/departments/**",
                                "/admin/categories/**",
                                "/admin/policy/**",
                                "/admin/mailboxes/**",
                                "/admin/webhooks/**",
                                "/admin/import/**",
                                "/admin/import")
                        .hasRole(Role.ADMIN.name())
                        .requestMatchers("/admin", "/admin/templates/**")
                        .hasAnyRole(Role.ADMIN.name(), Role.MANAGER.name())
                        // The deadline watch pages: managers (their departments), executives and administrators (all),
                        // as
                        // the watch API.
                        .requestMatchers("/watch", "/watch/**")
                        .hasAnyRole(Role.MANAGER.name(), Role.EXECUTIVE.name(), Role.ADMIN.name())
                        .requestMatchers("/audit", "/audit/**")
                        .hasAnyRole(Role.EXECUTIVE.name(), Role.ADMIN.name())
                        .anyRequest()
                        .authenticated())
                .formLogin(form -> form.loginPage("/login")
                        .successHandler(secondFactor.before((request, response, signedIn) -> {
                            audit.record(
                                    signedIn.getName(),
                                    SecurityAudit.Action.SIGN_IN,
                                    signedIn.getName(),
                                    SecurityAudit.Outcome.SUCCESS,
                                    java.util.Map.of("method", "sign-in page"));
                            toPageAsked.onAuthenticationSuccess(request, response, signedIn);
                        }))
                        // No session for a failed sign-in: the page says what went wrong from its address alone.
                        .failureHandler((request, response, e) -> response.sendRedirect(request.getContextPath()
                                + (e instanceof LoginThrottle.Throttled ? "/login?throttled" : "/login?error")))
                        .permitAll())
                .addFilterBefore(secondFactor.gate(), AuthorizationFilter.class)
                .requestCache(cache -> cache.requestCache(requestCache))
                .csrf(csrf -> csrf.csrfTokenRepository(new SessionOrCookieCsrfTokens(secureCookies)))
                .logout(logout -> logout.logoutSuccessUrl("/login?signedOut"))
                // A public form refused (its session, and so its CSRF token, expired) gets a page for the public, not
                // for staff.
                .exceptionHandling(ex -> ex.defaultAccessDeniedHandlerFor(
                                publicFormRefused(),
                                PathPatternRequestMatcher.withDefaults().matcher("/public/**"))
                        // Everything else: the staff error page ("Not allowed"). Needed explicitly: with a single
                        // mapping Spring Security would use the public page's handler for every request.
                        .defaultAccessDeniedHandlerFor(
                                new org.springframework.security.web.access.AccessDeniedHandlerImpl(),
                                org.springframework.security.web.util.matcher.AnyRequestMatcher.INSTANCE))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(ref -> ref.policy(
                                org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter
                                        .ReferrerPolicy.SAME_ORIGIN))
                        .frameOptions(frame -> frame.deny()));
        return http.build();
    }
}
