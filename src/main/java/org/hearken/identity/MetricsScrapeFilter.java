package org.hearken.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets the monitoring system read the metrics endpoint with the scrape token ({@code HEARKEN_METRICS_TOKEN}) as a
 * bearer token. The token is no staff account: it reads the metrics and nothing else, and no member of staff, whatever
 * their role, reads the metrics. Without a configured token nobody does. Any other bearer token is refused (401).
 */
final class MetricsScrapeFilter extends OncePerRequestFilter {

    /** The authority the scrape token carries; nothing else has it. */
    static final String SCRAPER = "ROLE_METRICS_SCRAPER";

    /** The shortest scrape token accepted: shorter ones are ignored, as if none was set, and start-up says so. */
    static final int MIN_LENGTH = 32;

    private final byte[] token;

    MetricsScrapeFilter(String token) {
        this.token = usable(token) ? digest(token.strip()) : null;
    }

    static boolean usable(String token) {
        return token != null && token.strip().length() >= MIN_LENGTH;
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String bearer = ApiTokenFilter.bearer(request);
        if (bearer == null) {
            chain.doFilter(request, response);
            return;
        }
        // Compared as digests, in constant time: the comparison's time says nothing about the token.
        if (token == null || !MessageDigest.isEqual(token, digest(bearer))) {
            SecurityConfiguration.problem(
                    response,
                    HttpServletResponse.SC_UNAUTHORIZED,
                    "Unauthorized",
                    "The scrape token is not accepted.",
                    request.getRequestURI());
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                "metrics-scraper", null, List.of(new SimpleGrantedAuthority(SCRAPER))));
        SecurityContextHolder.setContext(context);
        chain.doFilter(request, response);
    }
}
