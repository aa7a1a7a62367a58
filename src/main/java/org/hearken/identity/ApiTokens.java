package org.hearken.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API tokens for integrations: 256 random bits shown once, stored only as a SHA-256 hash. Verified tokens are cached
 * briefly so that intake at a thousand requests a second does not look each one up; revocation takes effect within
 * {@link #CACHE_TTL}.
 */
@Service
class ApiTokens {

    static final String PREFIX = "hk_";
    static final Duration CACHE_TTL = Duration.ofSeconds(30);

    record IssuedToken(long id, String name, String token, Instant createdAt) {}

    record TokenInfo(long id, String name, Instant createdAt, Instant revokedAt) {}

    private record Cached(StaffUser user, Instant until) {}

    private final JdbcClient jdbc;
    private final StaffUserRepository staff;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    ApiTokens(JdbcClient jdbc, StaffUserRepository staff, Clock clock) {
        this.jdbc = jdbc;
        this.staff = staff;
        this.clock = clock;
    }

    @Transactional
    IssuedToken issue(long staffId, String name) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = clock.instant();
        long id = jdbc.sql("insert into identity_api_token (staff_id, name, token_hash, created_at) values (?, ?, ?, ?) returning id")
                .params(staffId, name, sha256(token), Timestamp.from(now))
                .query(Long.class)
                .single();
        return new IssuedToken(id, name, token, now);
    }

    List<TokenInfo> list(long staffId) {
        return jdbc.sql("select id, name, created_at, revoked_at from identity_api_token where staff_id = ? order by id")
                .param(staffId)
                .query(TokenInfo.class)
                .list();
    }

    @Transactional
    boolean revoke(long staffId, long tokenId) {
        boolean revoked = jdbc.sql("update identity_api_token set revoked_at = ? where id = ? and staff_id = ? and revoked_at is null")
                        .params(Timestamp.from(clock.instant()), tokenId, staffId)
                        .update() == 1;
        cache.clear();
        return revoked;
    }

    Optional<StaffUser> authenticate(String token) {
        if (!token.startsWith(PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        String key = Base64.getEncoder().encodeToString(sha256(token));
        Instant now = clock.instant();
        Cached cached = cache.get(key);
        if (cached != null && cached.until().isAfter(now)) {
            return Optional.of(cached.user());
        }
        Optional<StaffUser> user = jdbc.sql("select staff_id from identity_api_token where token_hash = ? and revoked_at is null")
                .param(sha256(token))
                .query(Long.class)
                .optional()
                .flatMap(staff::findById)
                .filter(StaffUser::isEnabled);
        user.ifPresentOrElse(u -> cache.put(key, new Cached(u, now.plus(CACHE_TTL))), () -> cache.remove(key));
        return user;
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
