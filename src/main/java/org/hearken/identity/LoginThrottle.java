package org.hearken.identity;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.hearken.audit.SecurityAudit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Slows down password guessing without letting an attacker lock the real user out. Attempts are counted per client
 * address, per account, and per account and address, each in a fixed window, in PostgreSQL so that every instance
 * counts the same. The counters are raised with one atomic upsert <em>before</em> the password is checked, so however
 * many guesses arrive at once, no more than the limit reach the check; a successful sign-in gives its attempt back.
 *
 * <ul>
 *   <li>From one address, {@code max-failures-per-account-and-address} attempts at one account, then that address is
 *       refused for that account until the window ends (the right password too: it may be the attacker's lucky guess).
 *   <li>From one address, {@code max-failures-per-address} attempts at any accounts, then that address is refused.
 *   <li>When an account has had {@code account-under-attack-after} attempts from anywhere, each address may try it only
 *       {@link #UNDER_ATTACK_PER_ADDRESS} times: guessing from many addresses is slowed down, while the right password
 *       from an address that has not failed is still checked and accepted.
 * </ul>
 *
 * Every failure and the first refusal of each window go to the security audit log.
 */
@Component
class LoginThrottle {

    static final int UNDER_ATTACK_PER_ADDRESS = 2;
    private static final int MAX_KEY_PART = 100;

    /** A sign-in refused without checking the password, and until when. */
    static final class Throttled extends AuthenticationException {
        private final Instant until;

        Throttled(Instant until) {
            super("Too many failed sign-ins from this address. Try again later.");
            this.until = until;
        }

        Instant until() {
            return until;
        }
    }

    private record Counter(int attempts, Instant windowEnds) {}

    /** The counters one attempt raised, and whether it may go on to the password check. */
    private record Reservation(
            String username, String address, boolean refused, boolean firstRefusal, Instant until, String why) {}

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LoginThrottle.class);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SecurityAudit audit;
    private final int perAccountAndAddress;
    private final int perAddress;
    private final int accountUnderAttack;
    private final Duration window;
    private final String forwardHeaders;
    private final ReentrantLock[] turns = new ReentrantLock[256];

    LoginThrottle(
            JdbcClient jdbc,
            Clock clock,
            SecurityAudit audit,
            @Value("${hearken.login.max-failures-per-account-and-address:5}") int perAccountAndAddress,
            @Value("${hearken.login.max-failures-per-address:30}") int perAddress,
            @Value("${hearken.login.account-under-attack-after:20}") int accountUnderAttack,
            @Value("${hearken.login.window:PT15M}") Duration window,
            @Value("${server.forward-headers-strategy:none}") String forwardHeaders) {
        this.forwardHeaders = forwardHeaders;
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.perAccountAndAddress = perAccountAndAddress;
        this.perAddress = perAddress;
        this.accountUnderAttack = accountUnderAttack;
        this.window = window;
        for (int i = 0; i < turns.length; i++) {
            turns[i] = new ReentrantLock(true);
        }
    }

    Duration window() {
        return window;
    }

    /** Puts the throttle in front of the password check: refused attempts never reach it. */
    AuthenticationProvider guarding(AuthenticationProvider passwordCheck) {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication attempt) {
                String username = part(storable(
                        attempt.getName() == null
                                ? ""
                                : attempt.getName().strip().toLowerCase(Locale.ROOT)));
                String address = part(address(attempt));
                // Attempts at one account from one address take turns on this instance: simultaneous ones with the
                // right password wait for each other (and each gives its attempt back) instead of being refused.
                ReentrantLock turn = turns[Math.floorMod((username + " " + address).hashCode(), turns.length)];
                turn.lock();
                try {
                    return check(attempt, username, address, passwordCheck);
                } finally {
                    turn.unlock();
                }
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return passwordCheck.supports(authentication);
            }
        };
    }

    private Authentication check(
            Authentication attempt, String username, String address, AuthenticationProvider passwordCheck) {
        Reservation r = reserve(username, address);
        if (r.refused()) {
            if (r.firstRefusal()) {
                audit.record(
                        username,
                        SecurityAudit.Action.SIGN_IN_THROTTLED,
                        username,
                        SecurityAudit.Outcome.REFUSED,
                        Map.of(
                                "method",
                                method(),
                                "reason",
                                r.why(),
                                "until",
                                r.until().toString()));
            }
            throw new Throttled(r.until());
        }
        try {
            Authentication result = passwordCheck.authenticate(attempt);
            succeeded(r);
            return result;
        } catch (AuthenticationException e) {
            audit.record(
                    username,
                    SecurityAudit.Action.SIGN_IN_FAILED,
                    username,
                    SecurityAudit.Outcome.FAILURE,
                    Map.of(
                            "method",
                            method(),
                            "reason",
                            e instanceof DisabledException
                                    ? "account deactivated"
                                    : e instanceof SingleSignOn.PasswordsOff
                                            ? "password sign-in is off: single sign-on"
                                            : "wrong username or password"));
            throw e;
        }
    }

    /**
     * Counts a failed API token from an address and says whether to record it in the audit log: the first
     * {@code max-failures-per-address} of a window one by one, then once that the rest are not (a flood of bad tokens
     * must not fill the log). Tokens cannot be guessed, so nobody is refused for them.
     */
    TokenFailure tokenFailed(String address) {
        Counter c = raise("t:" + part(address == null ? "unknown" : address));
        if (c.attempts() <= perAddress) {
            return new TokenFailure(true, null);
        }
        return new TokenFailure(c.attempts() == perAddress + 1, c.windowEnds());
    }

    /**
     * Counts a second-factor code tried for an account (after its password) and says whether it may be checked: at
     * most {@code max-failures-per-account-and-address} in a window, from any address, so that someone who has the
     * password cannot go through the million codes. An accepted code gives the account's tries back.
     */
    boolean codeMayBeTried(String username) {
        return raise("c:" + part(username)).attempts() <= perAccountAndAddress;
    }

    void codeAccepted(String username) {
        jdbc.sql("delete from login_throttle where key = ?")
                .param("c:" + part(username))
                .update();
    }

    /** Whether to record a failed token; from when on the rest of the window is only counted (null while recording each). */
    record TokenFailure(boolean record, Instant countedOnlyUntil) {}

    private Reservation reserve(String username, String address) {
        Counter byAddress = raise("a:" + address);
        if (byAddress.attempts() == perAddress + 1) {
            warnIfEveryoneSharesTheAddress(address);
        }
        if (byAddress.attempts() > perAddress) {
            return new Reservation(
                    username,
                    address,
                    true,
                    byAddress.attempts() == perAddress + 1,
                    byAddress.windowEnds(),
                    "more than " + perAddress + " sign-ins from this address");
        }
        // Always in this order (account, then account and address), so that two attempts never wait on each other's
        // rows.
        Map<String, Counter> counters = raise(List.of("u:" + username, "ua:" + username + " " + address));
        Counter account = counters.get("u:" + username);
        Counter pair = counters.get("ua:" + username + " " + address);
        if (pair.attempts() > perAccountAndAddress) {
            return new Reservation(
                    username,
                    address,
                    true,
                    pair.attempts() == perAccountAndAddress + 1,
                    pair.windowEnds(),
                    "more than " + perAccountAndAddress + " sign-ins to this account from this address");
        }
        if (account.attempts() > accountUnderAttack && pair.attempts() > UNDER_ATTACK_PER_ADDRESS) {
            return new Reservation(
                    username,
                    address,
                    true,
                    pair.attempts() == UNDER_ATTACK_PER_ADDRESS + 1,
                    pair.windowEnds().isBefore(account.windowEnds()) ? pair.windowEnds() : account.windowEnds(),
                    "account under attack: at most " + UNDER_ATTACK_PER_ADDRESS + " sign-ins to it from each address");
        }
        return new Reservation(username, address, false, false, null, null);
    }

    /**
     * Behind a reverse proxy that Hearken was not told of, every client comes from the proxy's address, so the limit
     * per address stops everyone at once. Said in the log when an address that looks like a proxy's (loopback or
     * private) reaches the limit while forwarded addresses are not read.
     */
    private void warnIfEveryoneSharesTheAddress(String address) {
        if (!"none".equalsIgnoreCase(forwardHeaders)) {
            return;
        }
        if (!address.matches("[0-9A-Fa-f:.]+")) {
            return; // "unknown": nothing to say about it
        }
        try {
            // A literal address: no name is looked up.
            java.net.InetAddress a = java.net.InetAddress.getByName(address);
            if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress()) {
                log.warn(
                        "Sign-ins from {} are refused for a while: more than {} from that address. If Hearken runs behind a "
                                + "reverse proxy, every client comes from the proxy's address and is refused with it; set "
                                + "HEARKEN_FORWARD_HEADERS=native so that each client's own address counts (docs/configuration.md).",
                        address,
                        perAddress);
            }
        } catch (java.net.UnknownHostException notAnAddress) {
            // not a literal address after all
        }
    }

    /** The right password: this attempt was no guess, so it is given back, and the address's tries at the account start again. */
    private void succeeded(Reservation r) {
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql(
                        "update login_throttle set attempts = greatest(attempts - 1, 0) where key in (:keys) and window_ends > :now")
                .param("keys", List.of("a:" + r.address(), "u:" + r.username()))
                .param("now", now)
                .update();
        jdbc.sql("delete from login_throttle where key = ?")
                .param("ua:" + r.username() + " " + r.address())
                .update();
    }

    private Counter raise(String key) {
        return raise(List.of(key)).get(key);
    }

    /** Raises each counter by one (starting a new window where the last has ended), atomically, and returns them. */
    private Map<String, Counter> raise(List<String> keys) {
        Instant now = clock.instant();
        StringBuilder values = new StringBuilder();
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            values.append(i == 0 ? "" : ", ").append("(:k").append(i).append(", 1, :ends)");
            params.put("k" + i, keys.get(i));
        }
        params.put("ends", Timestamp.from(now.plus(window)));
        params.put("now", Timestamp.from(now));
        Map<String, Counter> counters = new LinkedHashMap<>();
        jdbc.sql("""
                        insert into login_throttle as t (key, attempts, window_ends) values %s
                        on conflict (key) do update set
                            attempts    = case when t.window_ends <= :now then 1 else t.attempts + 1 end,
                            window_ends = case when t.window_ends <= :now then excluded.window_ends else t.window_ends end
                        returning key, attempts, window_ends""".formatted(values))
                .params(params)
                .query((rs, n) -> counters.put(
                        rs.getString(1),
                        new Counter(rs.getInt(2), rs.getTimestamp(3).toInstant())))
                .list();
        return counters;
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void forgetEndedWindows() {
        jdbc.sql("delete from login_throttle where window_ends < ?")
                .param(Timestamp.from(clock.instant()))
                .update();
    }

    private static String address(Authentication attempt) {
        if (attempt.getDetails() instanceof WebAuthenticationDetails web && web.getRemoteAddress() != null) {
            return web.getRemoteAddress();
        }
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request) {
            return request.getRequest().getRemoteAddr();
        }
        return "unknown";
    }

    private static String method() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request
                && request.getRequest()
                        .getRequestURI()
                        .startsWith(request.getRequest().getContextPath() + "/api/")) {
            return "HTTP Basic";
        }
        return "sign-in page";
    }

    /** Keeps counter keys short whatever an attacker sends as a username. */
    /**
     * The name as typed, as the database can keep it: an HTTP Basic header may carry a NUL or half a surrogate pair,
     * which PostgreSQL refuses, and an unauthenticated client must get 401 for it, not 500. Such characters become
     * U+FFFD; no account has them in its name, so the password check fails as for any unknown name.
     */
    static String storable(String name) {
        StringBuilder kept = new StringBuilder(name.length());
        name.codePoints()
                .forEach(cp -> kept.appendCodePoint(
                        cp == 0 || (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) ? 0xFFFD : cp));
        return kept.toString();
    }

    private static String part(String text) {
        return text.length() > MAX_KEY_PART ? text.substring(0, MAX_KEY_PART) : text;
    }
}
