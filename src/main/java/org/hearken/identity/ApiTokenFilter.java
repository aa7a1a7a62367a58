package org.hearken.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.hearken.audit.SecurityAudit;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer hk_…} API tokens; a wrong, expired or revoked token is refused, never
 * ignored, and recorded. A read token may only read: any other method is refused with 403.
 */
final class ApiTokenFilter extends OncePerRequestFilter {

    static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    /** A token that did not sign the request in, with the reason to give. */
    static final class TokenRefused extends BadCredentialsException {
        TokenRefused(String reason) {
            super(reason);
        }
    }

    private final ApiTokens tokens;
    private final LoginThrottle throttle;
    private final SecurityAudit audit;
    private final AuthenticationEntryPoint entryPoint;
    private final RequestAttributeSecurityContextRepository contexts = new RequestAttributeSecurityContextRepository();

    ApiTokenFilter(ApiTokens tokens, LoginThrottle throttle, SecurityAudit audit, AuthenticationEntryPoint entryPoint) {
        this.tokens = tokens;
        this.throttle = throttle;
        this.audit = audit;
        this.entryPoint = entryPoint;
    }

    /**
     * A streamed answer (the register export) ends in an async dispatch that is authorised again; the token is read
     * again there, as nothing else carries who is asking over to it.
     */
    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    /** The token of an {@code Authorization: Bearer …} header, or null when the request has none. */
    static String bearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String bearer = bearer(request);
        if (bearer == null) {
            chain.doFilter(request, response);
            return;
        }
        ApiTokens.Outcome outcome = tokens.authenticate(bearer);
        if (outcome instanceof ApiTokens.Refused(ApiTokens.Refusal refusal)) {
            SecurityContextHolder.clearContext();
            recordFailure(request, refusal);
            entryPoint.commence(
                    request, response, new TokenRefused("The API token is not accepted: " + refusal.reason() + "."));
            return;
        }
        ApiTokens.Verified token = ((ApiTokens.Accepted) outcome).token();
        if (token.scope() == ApiTokens.Scope.READ && !SAFE_METHODS.contains(request.getMethod())) {
            SecurityConfiguration.problem(
                    response,
                    HttpServletResponse.SC_FORBIDDEN,
                    "Forbidden",
                    "This API token may only read (scope \"read\"). To act, issue a token with scope \"read-act\".",
                    request.getRequestURI());
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new ApiTokenAuthentication(token.user(), token.scope(), token.tokenId()));
        SecurityContextHolder.setContext(context);
        // Kept with the request too, so that a streamed answer (an export), dispatched again when it completes, is
        // still signed in.
        contexts.saveContext(context, request, response);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private void recordFailure(HttpServletRequest request, ApiTokens.Refusal refusal) {
        LoginThrottle.TokenFailure failure = throttle.tokenFailed(request.getRemoteAddr());
        if (!failure.record()) {
            return;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("method", "API token");
        details.put("reason", refusal.reason());
        if (failure.countedOnlyUntil() != null) {
            details.put(
                    "note",
                    "further failed tokens from this address are counted, not recorded, until "
                            + failure.countedOnlyUntil());
        }
        audit.record(
                refusal.owner(),
                SecurityAudit.Action.SIGN_IN_FAILED,
                refusal.owner(),
                SecurityAudit.Outcome.FAILURE,
                details);
    }
}
