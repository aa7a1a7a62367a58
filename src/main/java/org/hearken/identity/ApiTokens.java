package org.hearken.identity;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hearken.audit.SecurityAudit;
import org.hearken.platform.Digests;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * API tokens for integrations: 256 random bits shown once, stored only as a SHA-256 hash, each with a scope and an
 * expiry. Verified tokens are cached briefly so that intake at a thousand requests a second does not look each one up.
 * The cache never outlives a token's expiry, and any revocation, deactivation or change of roles empties it: at once
 * on the instance that made the change and, through a generation number in the database that every instance reads at
 * most once a second, within a second on the others.
 */
@Service
class ApiTokens {

    static final String PREFIX = "hk_";
    static final Duration CACHE_TTL = Duration.ofSeconds(30);
    static final Duration GENERATION_CHECK = Duration.ofSeconds(1);
    static final int DEFAULT_DAYS = 90;
    static final int MAX_DAYS = 365;

    /** What a token may do. */
    enum Scope {
        /** Only reading: GET, HEAD and OPTIONS. */
        @JsonProperty("read")
        READ,
        /** Reading and acting: every call its owner's roles allow. */
        @JsonProperty("read-act")
        READ_ACT
    }

    record IssuedToken(long id, String name, Scope scope, Instant createdAt, Instant expiresAt, String token) {}

    record TokenInfo(long id, String name, Scope scope, Instant createdAt, Instant expiresAt, Instant revokedAt) {}

    /** A token checked against the database: whose it is and what it may do; or why it is refused. */
    record Verified(StaffUser user, long tokenId, Scope scope, Instant expiresAt) {}

    /** Why a token was refused, for the answer and the audit log; the owner's username when the token is known. */
    record Refusal(String reason, String owner) {}

    sealed interface Outcome permits Accepted, Refused {}

    record Accepted(Verified token) implements Outcome {}

    record Refused(Refusal refusal) implements Outcome {}

    private record Cached(Verified token, Instant until, long generation) {}

    private record Row(long id, long staffId, String scope, Instant expiresAt, Instant revokedAt) {}

    private final JdbcClient jdbc;
    private final StaffUserRepository staff;
    private final Clock clock;
    private final SecurityAudit audit;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
    private volatile long generation = -1;
    private volatile Instant generationReadAt = Instant.MIN;

    ApiTokens(JdbcClient jdbc, StaffUserRepository staff, Clock clock, SecurityAudit audit) {
        this.jdbc = jdbc;
        this.staff = staff;
        this.clock = clock;
        this.audit = audit;
    }

    @Transactional
    IssuedToken issue(Actor owner, String name, Scope scope, int days) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = clock.instant();
        Instant expires = now.plus(Duration.ofDays(days));
        long id = jdbc.sql("""
                        insert into identity_api_token (staff_id, name, token_hash, created_at, expires_at, scope)
                        values (?, ?, ?, ?, ?, ?) returning id""")
                .params(
                        owner.staffId(),
                        name,
                        Digests.sha256(token),
                        Timestamp.from(now),
                        Timestamp.from(expires),
                        scope.name())
                .query(Long.class)
                .single();
        audit.record(
                owner.username(),
                SecurityAudit.Action.API_TOKEN_ISSUED,
                owner.username(),
                SecurityAudit.Outcome.SUCCESS,
                Map.of("tokenId", id, "name", name, "scope", scope.name(), "expiresAt", expires.toString()));
        return new IssuedToken(id, name, scope, now, expires, token);
    }

    List<TokenInfo> list(long staffId) {
        return jdbc.sql(
                        "select id, name, scope, created_at, expires_at, revoked_at from identity_api_token where staff_id = ? order by id")
                .param(staffId)
                .query((rs, n) -> new TokenInfo(
                        rs.getLong("id"),
                        rs.getString("name"),
                        Scope.valueOf(rs.getString("scope")),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("expires_at").toInstant(),
                        rs.getTimestamp("revoked_at") == null
                                ? null
                                : rs.getTimestamp("revoked_at").toInstant()))
                .list();
    }

    @Transactional
    boolean revoke(Actor owner, long tokenId) {
        boolean revoked = jdbc.sql(
                                "update identity_api_token set revoked_at = ? where id = ? and staff_id = ? and revoked_at is null")
                        .params(Timestamp.from(clock.instant()), tokenId, owner.staffId())
                        .update()
                == 1;
        if (revoked) {
            audit.record(
                    owner.username(),
                    SecurityAudit.Action.API_TOKEN_REVOKED,
                    owner.username(),
                    SecurityAudit.Outcome.SUCCESS,
                    Map.of("tokenId", tokenId, "reason", "revoked by its owner"));
            changed();
        }
        return revoked;
    }

    /** Revokes every live token of a member of staff (they are deactivated); the ids revoked. */
    @Transactional
    List<Long> revokeAllOf(String username, String reason) {
        List<Long> ids = jdbc.sql("""
                        update identity_api_token set revoked_at = ?
                        where staff_id = (select id from identity_staff where username = lower(?)) and revoked_at is null
                        returning id""")
                .params(Timestamp.from(clock.instant()), username)
                .query(Long.class)
                .list();
        for (long id : ids) {
            audit.record(
                    StaffAccounts.acting(),
                    SecurityAudit.Action.API_TOKEN_REVOKED,
                    username.toLowerCase(java.util.Locale.ROOT),
                    SecurityAudit.Outcome.SUCCESS,
                    Map.of("tokenId", id, "reason", reason));
        }
        changed();
        return ids;
    }

    /** Roles or departments changed: cached tokens must not keep acting with the old ones. */
    void forgetCached() {
        changed();
    }

    /** Empties the cache here now and, once the change commits, everywhere (and here again, against a read in between). */
    private void changed() {
        cache.clear();
        jdbc.sql("update identity_api_token_generation set value = value + 1").update();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    cache.clear();
                    generationReadAt = Instant.MIN;
                }
            });
        }
    }

    Outcome authenticate(String token) {
        if (!token.startsWith(PREFIX) || token.length() > 100) {
            return new Refused(new Refusal("not a Hearken API token", null));
        }
        String key = Base64.getEncoder().encodeToString(Digests.sha256(token));
        Instant now = clock.instant();
        long current = generation(now);
        Cached cached = cache.get(key);
        if (cached != null && cached.generation() == current && cached.until().isAfter(now)) {
            return new Accepted(cached.token());
        }
        cache.remove(key);
        var row = jdbc.sql(
                        "select id, staff_id, scope, expires_at, revoked_at from identity_api_token where token_hash = ?")
                .param(Digests.sha256(token))
                .query((rs, n) -> new Row(
                        rs.getLong("id"),
                        rs.getLong("staff_id"),
                        rs.getString("scope"),
                        rs.getTimestamp("expires_at").toInstant(),
                        rs.getTimestamp("revoked_at") == null
                                ? null
                                : rs.getTimestamp("revoked_at").toInstant()))
                .optional();
        if (row.isEmpty()) {
            return new Refused(new Refusal("unknown API token", null));
        }
        Row r = row.get();
        var user = staff.findById(r.staffId());
        String owner = user.map(StaffUser::getUsername).orElse(null);
        if (r.revokedAt() != null) {
            return new Refused(new Refusal("the API token was revoked", owner));
        }
        if (!r.expiresAt().isAfter(now)) {
            return new Refused(new Refusal("the API token expired at " + r.expiresAt(), owner));
        }
        if (user.isEmpty() || !user.get().isEnabled()) {
            return new Refused(new Refusal("the API token's owner is deactivated", owner));
        }
        Verified verified = new Verified(user.get(), r.id(), Scope.valueOf(r.scope()), r.expiresAt());
        Instant until = now.plus(CACHE_TTL).isBefore(r.expiresAt()) ? now.plus(CACHE_TTL) : r.expiresAt();
        cache.put(key, new Cached(verified, until, current));
        return new Accepted(verified);
    }

    /** The cluster's token generation, read from the database at most once a second. */
    private long generation(Instant now) {
        if (generationReadAt.plus(GENERATION_CHECK).isAfter(now) && !now.isBefore(generationReadAt)) {
            return generation;
        }
        generation = jdbc.sql("select value from identity_api_token_generation")
                .query(Long.class)
                .single();
        generationReadAt = now;
        return generation;
    }
}
