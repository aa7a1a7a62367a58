package org.hearken.identity;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.hearken.platform.Digests;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.stereotype.Component;

/**
 * Keeps what Hearken asked the provider (state, nonce, PKCE verifier) between sending the browser there and its coming
 * back, in PostgreSQL under the hash of a random value kept in a short-lived cookie ({@value #COOKIE}), so that any
 * instance can finish the sign-in and an anonymous visitor still gets no session. Each is used once and kept at most
 * ten minutes; the cookie ties it to the browser that started it.
 */
@Component
class SsoPendingSignIns implements AuthorizationRequestRepository<OAuth2AuthorizationRequest> {

    static final String COOKIE = "HEARKEN_SSO";
    static final Duration KEPT = Duration.ofMinutes(10);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_COOKIE = 100;
    private static final ObjectInputFilter ONLY_REQUESTS =
            ObjectInputFilter.Config.createFilter("maxdepth=20;maxbytes=65536;java.lang.*;java.util.*;java.time.*;"
                    + "org.springframework.security.oauth2.core.**;!*");

    private final JdbcClient jdbc;
    private final Clock clock;
    private final boolean secureCookies;

    SsoPendingSignIns(
            JdbcClient jdbc,
            Clock clock,
            @org.springframework.beans.factory.annotation.Value("${server.servlet.session.cookie.secure:true}")
                    boolean secureCookies) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.secureCookies = secureCookies;
    }

    @Override
    public OAuth2AuthorizationRequest loadAuthorizationRequest(HttpServletRequest request) {
        return key(request)
                .flatMap(key -> jdbc.sql(
                                "select request from identity_sso_pending where key_hash = ? and expires_at > ?")
                        .params(Digests.sha256(key), Timestamp.from(clock.instant()))
                        .query(byte[].class)
                        .optional())
                .map(SsoPendingSignIns::read)
                .filter(asked -> asked.getState() != null
                        && asked.getState().equals(request.getParameter(OAuth2ParameterNames.STATE)))
                .orElse(null);
    }

    @Override
    public void saveAuthorizationRequest(
            OAuth2AuthorizationRequest asked, HttpServletRequest request, HttpServletResponse response) {
        if (asked == null) {
            removeAuthorizationRequest(request, response);
            return;
        }
        key(request).ifPresent(old -> delete(old));
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        jdbc.sql("insert into identity_sso_pending (key_hash, request, expires_at) values (?, ?, ?)")
                .params(
                        Digests.sha256(key),
                        write(asked),
                        Timestamp.from(clock.instant().plus(KEPT)))
                .update();
        cookie(response, key, KEPT.toSeconds());
    }

    @Override
    public OAuth2AuthorizationRequest removeAuthorizationRequest(
            HttpServletRequest request, HttpServletResponse response) {
        OAuth2AuthorizationRequest asked = loadAuthorizationRequest(request);
        Optional<String> key = key(request);
        if (key.isPresent()) {
            delete(key.get());
            cookie(response, "", 0);
        }
        return asked;
    }

    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT5M")
    void forgetAbandoned() {
        jdbc.sql("delete from identity_sso_pending where expires_at < ?")
                .param(Timestamp.from(clock.instant()))
                .update();
    }

    private void delete(String key) {
        jdbc.sql("delete from identity_sso_pending where key_hash = ?")
                .param(Digests.sha256(key))
                .update();
    }

    private static Optional<String> key(HttpServletRequest request) {
        if (request.getCookies() == null) {
            return Optional.empty();
        }
        for (Cookie cookie : request.getCookies()) {
            if (COOKIE.equals(cookie.getName())
                    && !cookie.getValue().isEmpty()
                    && cookie.getValue().length() <= MAX_COOKIE) {
                return Optional.of(cookie.getValue());
            }
        }
        return Optional.empty();
    }

    private void cookie(HttpServletResponse response, String value, long maxAge) {
        // Lax: the provider sends the browser back with a top-level GET, which carries Lax cookies.
        ReturnPathCookie.cookie(response, COOKIE, value, maxAge, secureCookies);
    }

    private static byte[] write(OAuth2AuthorizationRequest asked) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(asked);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static OAuth2AuthorizationRequest read(byte[] stored) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(stored))) {
            in.setObjectInputFilter(ONLY_REQUESTS);
            return (OAuth2AuthorizationRequest) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("a stored sign-in request could not be read", e);
        }
    }
}
