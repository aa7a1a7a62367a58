package org.hearken.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id that every log line written while it is served carries ({@code requestId} in the logging
 * context: in the JSON logs and in the plain ones) and that its answer names ({@code X-Request-Id}), so that a
 * complaint about one answer leads to its log lines. A reverse proxy's or client's own {@code X-Request-Id} is kept if
 * it is short and plain (up to 64 letters, digits and {@code . _ : -}); anything else is replaced by a new id.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIds extends OncePerRequestFilter {

    /** The header that carries the id, in the request and in the answer. */
    public static final String HEADER = "X-Request-Id";

    /** The key of the id in the logging context (MDC). */
    public static final String LOG_KEY = "requestId";

    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    /** The id to use for a request that came with {@code given} (null if none). */
    static String idFor(String given) {
        if (given != null && SANE.matcher(given).matches()) {
            return given;
        }
        return UUID.randomUUID().toString();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = idFor(request.getHeader(HEADER));
        response.setHeader(HEADER, id);
        MDC.put(LOG_KEY, id);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(LOG_KEY);
        }
    }
}
