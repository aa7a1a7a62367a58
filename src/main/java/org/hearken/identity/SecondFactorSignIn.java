package org.hearken.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hearken.audit.SecurityAudit;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The second step of a password sign-in on the sign-in page. Someone whose password was right and who has a second
 * factor (or holds a role that needs one) is not signed in yet: their session holds a {@link PendingSignIn}, with no
 * roles, which reaches only the page asking for a code ({@code /login/code}) or setting a second factor up
 * ({@code /login/set-up}), and signing out; every other page sends them back there. A right code signs them in (with a
 * new session id); too many wrong ones end the attempt, as the sign-in throttle does for passwords. Sign-ins by single
 * sign-on do not pass through here. HTTP Basic on the API is refused for such accounts ({@link #basicRule()}).
 */
@Component
class SecondFactorSignIn {

    /** How long the code may take after the password; then the sign-in starts again. */
    static final Duration PENDING_FOR = Duration.ofMinutes(10);

    /** The header that carries a code with HTTP Basic, only to issue and revoke API tokens. */
    static final String CODE_HEADER = "Hearken-OTP";

    private static final List<String> OPEN_TO_PENDING =
            List.of("/login", "/login/code", "/login/set-up", "/logout", "/error", "/favicon.ico", "/favicon.svg");
    private static final List<String> OPEN_PREFIXES_TO_PENDING =
            List.of("/css/", "/js/", "/img/", "/webjars/", "/password-reset/");

    /** A password was right; the second factor is still to come. No roles, so no page but the next step's. */
    static final class PendingSignIn extends AbstractAuthenticationToken {
        private final long staffId;
        private final String username;
        private final SecondFactors.Need need;
        private final Instant since;

        PendingSignIn(long staffId, String username, SecondFactors.Need need, Instant since) {
            super(List.of());
            this.staffId = staffId;
            this.username = username;
            this.need = need;
            this.since = since;
            setAuthenticated(true);
        }

        long staffId() {
            return staffId;
        }

        String username() {
            return username;
        }

        SecondFactors.Need need() {
            return need;
        }

        @Override
        public Object getCredentials() {
            return null;
        }

        @Override
        public Object getPrincipal() {
            return username;
        }
    }

    private final SecondFactors factors;
    private final StaffUserRepository users;
    private final LoginThrottle throttle;
    private final SecurityAudit audit;
    private final Clock clock;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
    private volatile AuthenticationSuccessHandler fullSignIn;

    SecondFactorSignIn(
            SecondFactors factors,
            StaffUserRepository users,
            LoginThrottle throttle,
            SecurityAudit audit,
            Clock clock) {
        this.factors = factors;
        this.users = users;
        this.throttle = throttle;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Puts the second step in front of what a sign-in does once complete ({@code fullSignIn}: recorded, and on to the
     * page asked for).
     */
    AuthenticationSuccessHandler before(AuthenticationSuccessHandler fullSignIn) {
        this.fullSignIn = fullSignIn;
        return (request, response, signedIn) -> {
            if (signedIn.getPrincipal() instanceof StaffUser user) {
                SecondFactors.Need need = factors.need(user.actor());
                if (need != SecondFactors.Need.NOTHING) {
                    keep(
                            request,
                            response,
                            new PendingSignIn(user.actor().staffId(), user.getUsername(), need, clock.instant()));
                    response.sendRedirect(request.getContextPath() + nextStep(need));
                    return;
                }
            }
            fullSignIn.onAuthenticationSuccess(request, response, signedIn);
        };
    }

    private static String nextStep(SecondFactors.Need need) {
        return need == SecondFactors.Need.CODE ? "/login/code" : "/login/set-up";
    }

    /** The sign-in waiting for its second step in this session, if any and not too old. */
    Optional<PendingSignIn> pending() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth instanceof PendingSignIn p && p.since.plus(PENDING_FOR).isAfter(clock.instant())
                ? Optional.of(p)
                : Optional.empty();
    }

    /**
     * Counts a code about to be checked. False when the account has had too many: the attempt is ended, recorded,
     * and the person starts again at the sign-in page once the window is over.
     */
    boolean mayTry(PendingSignIn p, HttpServletRequest request) {
        if (throttle.codeMayBeTried(p.username())) {
            return true;
        }
        audit.record(
                p.username(),
                SecurityAudit.Action.SIGN_IN_THROTTLED,
                p.username(),
                SecurityAudit.Outcome.REFUSED,
                Map.of("method", "sign-in page", "reason", "too many wrong second-factor codes"));
        abandon(request);
        return false;
    }

    void wrongCode(PendingSignIn p) {
        audit.record(
                p.username(),
                SecurityAudit.Action.SIGN_IN_FAILED,
                p.username(),
                SecurityAudit.Outcome.FAILURE,
                Map.of("method", "sign-in page", "reason", "wrong second-factor code"));
    }

    /**
     * The second step is done: signs the person in, as they are now (roles read again), in a session with a new id, and
     * returns where the sign-in would go next (the page first asked for). Empty if the account was deactivated
     * meanwhile; the attempt is then ended.
     */
    Optional<String> complete(PendingSignIn p, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        throttle.codeAccepted(p.username());
        Optional<StaffUser> user = users.findById(p.staffId()).filter(StaffUser::isEnabled);
        if (user.isEmpty()) {
            abandon(request);
            return Optional.empty();
        }
        Authentication full = UsernamePasswordAuthenticationToken.authenticated(
                user.get(), null, user.get().getAuthorities());
        request.changeSessionId();
        keep(request, response, full);
        String[] next = {"/"};
        fullSignIn.onAuthenticationSuccess(
                request,
                new HttpServletResponseWrapper(response) {
                    @Override
                    public void sendRedirect(String location) {
                        next[0] = location;
                    }
                },
                full);
        return Optional.of(next[0]);
    }

    void abandon(HttpServletRequest request) {
        SecurityContextHolder.clearContext();
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }

    private void keep(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
    }

    /** Keeps a sign-in waiting for its second step away from every page but that step's. */
    OncePerRequestFilter gate() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                Authentication auth = SecurityContextHolder.getContext().getAuthentication();
                if (!(auth instanceof PendingSignIn p)) {
                    chain.doFilter(request, response);
                    return;
                }
                String path = request.getRequestURI()
                        .substring(request.getContextPath().length());
                if (pending().isEmpty()) {
                    abandon(request);
                    response.sendRedirect(request.getContextPath() + "/login?expired");
                    return;
                }
                if (OPEN_TO_PENDING.contains(path)
                        || OPEN_PREFIXES_TO_PENDING.stream().anyMatch(path::startsWith)) {
                    chain.doFilter(request, response);
                    return;
                }
                if ("GET".equals(request.getMethod())) {
                    response.sendRedirect(request.getContextPath() + nextStep(p.need()));
                } else {
                    response.sendError(HttpServletResponse.SC_FORBIDDEN);
                }
            }
        };
    }

    /**
     * HTTP Basic sends only the password, so it is refused for an account with a second factor, or that must have one:
     * such a person uses API tokens. To issue or revoke tokens ({@code /api/tokens}) with HTTP Basic they add the
     * current code from their app in the {@value #CODE_HEADER} header (each code once, counted like codes on the page).
     */
    OncePerRequestFilter basicRule() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                Authentication auth = SecurityContextHolder.getContext().getAuthentication();
                if (!(auth instanceof UsernamePasswordAuthenticationToken)
                        || !(auth.getPrincipal() instanceof StaffUser user)) {
                    chain.doFilter(request, response);
                    return;
                }
                SecondFactors.Need need = factors.need(user.actor());
                if (need == SecondFactors.Need.NOTHING) {
                    chain.doFilter(request, response);
                    return;
                }
                String path = request.getRequestURI()
                        .substring(request.getContextPath().length());
                String code = request.getHeader(CODE_HEADER);
                boolean tokens = path.equals("/api/tokens") || path.startsWith("/api/tokens/");
                if (tokens
                        && need == SecondFactors.Need.CODE
                        && code != null
                        && throttle.codeMayBeTried(user.getUsername())
                        && factors.verify(user.actor().staffId(), user.getUsername(), code)) {
                    throttle.codeAccepted(user.getUsername());
                    chain.doFilter(request, response);
                    return;
                }
                SecurityContextHolder.clearContext();
                audit.record(
                        user.getUsername(),
                        SecurityAudit.Action.SIGN_IN_FAILED,
                        user.getUsername(),
                        SecurityAudit.Outcome.FAILURE,
                        Map.of("method", "HTTP Basic", "reason", "account signs in with a second factor"));
                response.setHeader("WWW-Authenticate", "Bearer realm=\"Hearken\"");
                SecurityConfiguration.problem(
                        response,
                        HttpServletResponse.SC_UNAUTHORIZED,
                        "Unauthorized",
                        need == SecondFactors.Need.CODE
                                ? "This account signs in with a second factor, so HTTP Basic is not accepted: use an API token"
                                        + " (Authorization: Bearer). To issue one with HTTP Basic, send the current code from"
                                        + " your authenticator app in the " + CODE_HEADER + " header to /api/tokens."
                                : "This account must set up a second factor before it can be used: sign in on the sign-in page.",
                        request.getRequestURI());
            }
        };
    }
}
