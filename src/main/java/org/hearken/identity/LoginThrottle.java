package org.hearken.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Slows down password guessing: after too many failed sign-ins for one username, or from one address, within a
 * window, further attempts are refused without checking the password until the window has passed. Failures are kept
 * in PostgreSQL, so every instance counts the same attempts.
 */
@Component
class LoginThrottle {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final int perUsername;
    private final int perAddress;
    private final Duration window;

    LoginThrottle(JdbcClient jdbc, Clock clock,
            @Value("${hearken.login.max-failures-per-username:5}") int perUsername,
            @Value("${hearken.login.max-failures-per-address:30}") int perAddress,
            @Value("${hearken.login.window:PT15M}") Duration window) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.perUsername = perUsername;
        this.perAddress = perAddress;
        this.window = window;
    }

    boolean blocked(String username, String remote) {
        Instant since = clock.instant().minus(window);
        int byName = username == null || username.isBlank() ? 0
                : jdbc.sql("select count(*) from login_failure where lower(username) = lower(:u) and failed_at > :since")
                        .param("u", username).param("since", java.sql.Timestamp.from(since)).query(Integer.class).single();
        if (byName >= perUsername) {
            return true;
        }
        int byAddress = jdbc.sql("select count(*) from login_failure where remote = :r and failed_at > :since")
                .param("r", remote).param("since", java.sql.Timestamp.from(since)).query(Integer.class).single();
        return byAddress >= perAddress;
    }

    @EventListener
    void failed(AuthenticationFailureBadCredentialsEvent event) {
        Object details = event.getAuthentication().getDetails();
        String remote = details instanceof org.springframework.security.web.authentication.WebAuthenticationDetails web
                ? web.getRemoteAddress() : "unknown";
        jdbc.sql("insert into login_failure (username, remote, failed_at) values (:u, :r, :t)")
                .param("u", String.valueOf(event.getAuthentication().getName()))
                .param("r", remote == null ? "unknown" : remote)
                .param("t", java.sql.Timestamp.from(clock.instant()))
                .update();
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void forgetOldFailures() {
        jdbc.sql("delete from login_failure where failed_at < :t")
                .param("t", java.sql.Timestamp.from(clock.instant().minus(window.multipliedBy(4)))).update();
    }

    AuthenticationFailureHandler failureHandler() {
        return new SimpleUrlAuthenticationFailureHandler("/login?error");
    }

    /** Refuses a sign-in attempt (form or HTTP Basic) while its username or address is throttled. */
    OncePerRequestFilter filter() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String username = attemptedUsername(request);
                if (username != null && blocked(username, request.getRemoteAddr())) {
                    if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
                        response.setHeader("Retry-After", String.valueOf(window.toSeconds()));
                        response.setStatus(429);
                        response.setContentType("application/problem+json");
                        response.getWriter().write("""
                                {"type":"about:blank","title":"Too Many Requests","status":429,\
                                "detail":"Too many failed sign-ins. Try again later."}""");
                    } else {
                        response.sendRedirect(request.getContextPath() + "/login?throttled");
                    }
                    return;
                }
                chain.doFilter(request, response);
            }
        };
    }

    private static String attemptedUsername(HttpServletRequest request) {
        if ("POST".equals(request.getMethod()) && request.getServletPath().equals("/login")) {
            String username = request.getParameter("username");
            return username == null ? "" : username;
        }
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? decoded : decoded.substring(0, colon);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }
}
