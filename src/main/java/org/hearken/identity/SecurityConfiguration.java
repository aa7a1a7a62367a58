package org.hearken.identity;

import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

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

    /** 401 as RFC 9457 problem details, with the challenge for HTTP Basic. */
    static AuthenticationEntryPoint problemEntryPoint() {
        return (request, response, ex) -> {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setHeader("WWW-Authenticate", "Basic realm=\"Hearken\", Bearer");
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getWriter().write("""
                    {"type":"about:blank","title":"Unauthorized","status":401,\
                    "detail":"Sign in with your staff credentials (HTTP Basic) or an API token (Authorization: Bearer).",\
                    "instance":"%s"}""".formatted(request.getRequestURI().replace("\"", "")));
        };
    }

    static void forbidden(HttpServletResponse response, String uri) throws java.io.IOException {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getWriter().write("""
                {"type":"about:blank","title":"Forbidden","status":403,\
                "detail":"Your role does not allow this.","instance":"%s"}""".formatted(uri.replace("\"", "")));
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

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, ApiTokens tokens, LoginThrottle throttle) throws Exception {
        AuthenticationEntryPoint entryPoint = problemEntryPoint();
        http.securityMatcher("/api/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint(entryPoint))
                .addFilterBefore(new ApiTokenFilter(tokens, entryPoint), BasicAuthenticationFilter.class)
                .addFilterBefore(throttle.filter(), BasicAuthenticationFilter.class)
                .exceptionHandling(ex -> ex.authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler((req, res, e) -> forbidden(res, req.getRequestURI())))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // API clients authenticate every request with a header, never a cookie, so CSRF cannot apply.
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /**
     * Pages: only our own scripts, styles and images, never inline script, never framed. Public pages ({@code /public})
     * and static assets need no sign-in; everything else does.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private static AccessDeniedHandler publicFormRefused() {
        AccessDeniedHandlerImpl handler = new AccessDeniedHandlerImpl();
        handler.setErrorPage("/public/refused");
        return handler;
    }

    @Bean
    @Order(2)
    SecurityFilterChain webChain(HttpSecurity http, LoginThrottle throttle) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/error", "/login", "/public/**", "/css/**", "/js/**", "/img/**", "/webjars/**",
                                "/favicon.ico", "/favicon.svg").permitAll()
                        // Administration pages; managers edit the correspondence templates. The controllers check too.
                        .requestMatchers("/admin/staff/**", "/admin/departments/**", "/admin/categories/**", "/admin/policy/**",
                                "/admin/mailboxes/**")
                        .hasRole(Role.ADMIN.name())
                        .requestMatchers("/admin", "/admin/templates/**").hasAnyRole(Role.ADMIN.name(), Role.MANAGER.name())
                        // The deadline watch pages: managers (their departments), executives and administrators (all), as
                        // the watch API.
                        .requestMatchers("/watch", "/watch/**").hasAnyRole(Role.MANAGER.name(), Role.EXECUTIVE.name(), Role.ADMIN.name())
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", false)
                        .failureHandler(throttle.failureHandler()).permitAll())
                .logout(logout -> logout.logoutSuccessUrl("/login?signedOut"))
                .addFilterBefore(throttle.filter(), org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter.class)
                // A public form refused (its session, and so its CSRF token, expired) gets a page for the public, not for staff.
                .exceptionHandling(ex -> ex.defaultAccessDeniedHandlerFor(publicFormRefused(),
                                PathPatternRequestMatcher.withDefaults().matcher("/public/**"))
                        // Everything else: the staff error page ("Not allowed"). Needed explicitly: with a single
                        // mapping Spring Security would use the public page's handler for every request.
                        .defaultAccessDeniedHandlerFor(new org.springframework.security.web.access.AccessDeniedHandlerImpl(),
                                org.springframework.security.web.util.matcher.AnyRequestMatcher.INSTANCE))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(ref -> ref.policy(org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                        .frameOptions(frame -> frame.deny()));
        return http.build();
    }
}
