package org.hearken.identity;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.hearken.audit.SecurityAudit;
import org.hearken.platform.Digests;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Passwords after the account is made: a member of staff changes their own (knowing the current one), or sets a new
 * one with a single-use link an administrator made for them. Both follow {@link PasswordRules}, both are recorded in
 * the security audit log, and both sign the person out elsewhere: a change keeps the session it was made in, a link
 * ends every session.
 */
@Service
class Passwords {

    /** What was wrong, by form field ({@code currentPassword}, {@code newPassword}, {@code confirmPassword}). */
    static final class Refused extends RuntimeException {
        private final Map<String, String> errors;

        Refused(Map<String, String> errors) {
            super(String.join(" ", errors.values()));
            this.errors = errors;
        }

        Map<String, String> errors() {
            return errors;
        }
    }

    /** Whom a valid reset link is for. */
    record ResetFor(long linkId, long staffId, String username, String fullName) {}

    /**
     * A link just made and until when it works: e-mailed to {@code emailedTo}, or, when the person has no address (or no
     * mail server is configured), its address {@code url} to be shown once to the administrator.
     */
    record ResetLink(String url, String emailedTo, Instant expiresAt) {}

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final Clock clock;
    private final SecurityAudit audit;
    private final StaffSessions sessions;
    private final Duration linkValidFor;
    private final String publicUrl;
    private final SecureRandom random = new SecureRandom();
    private final ObjectProvider<AccountMail> mail;

    Passwords(
            ObjectProvider<AccountMail> mail,
            JdbcClient jdbc,
            PasswordEncoder encoder,
            Clock clock,
            SecurityAudit audit,
            StaffSessions sessions,
            @Value("${hearken.accounts.reset-link-expires-after:PT24H}") Duration linkValidFor,
            @Value("${hearken.public-url:http://localhost:8080}") String publicUrl) {
        this.mail = mail;
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.clock = clock;
        this.audit = audit;
        this.sessions = sessions;
        this.linkValidFor = linkValidFor;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    Duration linkValidFor() {
        return linkValidFor;
    }

    /**
     * Changes the signed-in person's own password and signs them out everywhere but in {@code keptSessionId}. Refused
     * (nothing changed) when the current password is wrong, the two new ones differ or the new one breaks a rule.
     */
    @Transactional(noRollbackFor = Refused.class)
    void change(Actor actor, String current, String chosen, String repeated, String keptSessionId) {
        String hash = jdbc.sql("select password_hash from identity_staff where id = ? for update")
                .param(actor.staffId())
                .query(String.class)
                .single();
        Map<String, String> errors = new LinkedHashMap<>();
        if (current == null || current.isEmpty() || !encoder.matches(current, hash)) {
            errors.put("currentPassword", "That is not your current password.");
            audit.record(
                    actor.username(),
                    SecurityAudit.Action.PASSWORD_CHANGED,
                    actor.username(),
                    SecurityAudit.Outcome.FAILURE,
                    Map.of("reason", "wrong current password"));
            throw new Refused(errors);
        }
        check(chosen, repeated, actor.username(), actor.fullName(), errors);
        if (errors.isEmpty() && encoder.matches(chosen, hash)) {
            errors.put("newPassword", "That is your current password; choose a new one.");
        }
        if (!errors.isEmpty()) {
            throw new Refused(errors);
        }
        store(actor.staffId(), chosen);
        sessions.endOthers(actor.username(), keptSessionId);
        audit.record(
                actor.username(),
                SecurityAudit.Action.PASSWORD_CHANGED,
                actor.username(),
                SecurityAudit.Outcome.SUCCESS,
                Map.of("otherSessions", "ended"));
    }

    /**
     * Makes a single-use link for {@code username} to set a new password, valid for {@link #linkValidFor()}; any earlier
     * link of theirs stops working. Only its hash is stored. Nobody makes one for themselves (they change their
     * password knowing the current one) or for a deactivated account.
     */
    @Transactional
    ResetLink createResetLink(Actor admin, StaffDirectory.StaffDetails member) {
        if (member.id() == admin.staffId()) {
            throw new IllegalArgumentException("Change your own password on your account page.");
        }
        if (!member.active()) {
            throw new IllegalArgumentException(member.fullName() + " is deactivated: reactivate the account first.");
        }
        Instant now = clock.instant();
        jdbc.sql(
                        "update identity_password_reset set expires_at = ? where staff_id = ? and used_at is null and expires_at > ?")
                .params(Timestamp.from(now), member.id(), Timestamp.from(now))
                .update();
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant expires = now.plus(linkValidFor);
        jdbc.sql("""
                        insert into identity_password_reset (staff_id, token_hash, created_by, created_at, expires_at)
                        values (?, ?, ?, ?, ?)""")
                .params(member.id(), hash(token), admin.staffId(), Timestamp.from(now), Timestamp.from(expires))
                .update();
        String url = publicUrl + "/password-reset/" + token;
        AccountMail sender = mail.getIfAvailable();
        boolean emailed = member.email() != null
                && sender != null
                && sender.sendPasswordLink(member.id(), member.email(), member.fullName(), url, expires);
        audit.record(
                admin.username(),
                SecurityAudit.Action.PASSWORD_RESET_LINK_CREATED,
                member.username(),
                SecurityAudit.Outcome.SUCCESS,
                Map.of("expiresAt", expires.toString(), "given", emailed ? "by e-mail" : "shown to the administrator"));
        return emailed ? new ResetLink(null, member.email(), expires) : new ResetLink(url, null, expires);
    }

    /** Whom the link is for, if it is known, unused, unexpired and its account active. */
    Optional<ResetFor> resetFor(String token) {
        if (token == null || token.length() > 100) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        select r.id, s.id, s.username, s.full_name from identity_password_reset r
                        join identity_staff s on s.id = r.staff_id
                        where r.token_hash = ? and r.used_at is null and r.expires_at > ? and s.active""")
                .params(hash(token), Timestamp.from(clock.instant()))
                .query((rs, n) -> new ResetFor(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)))
                .optional();
    }

    /**
     * Sets a new password with a link, which is used up; every session of the person ends. Empty when the link no
     * longer works (used meanwhile, expired, unknown); {@link Refused} when the password breaks a rule (the link still
     * works).
     */
    @Transactional
    Optional<ResetFor> reset(String token, String chosen, String repeated) {
        Optional<ResetFor> link = resetFor(token);
        if (link.isEmpty()) {
            return Optional.empty();
        }
        ResetFor r = link.get();
        Map<String, String> errors = new LinkedHashMap<>();
        check(chosen, repeated, r.username(), r.fullName(), errors);
        if (!errors.isEmpty()) {
            throw new Refused(errors);
        }
        boolean claimed = jdbc.sql("update identity_password_reset set used_at = ? where id = ? and used_at is null")
                        .params(Timestamp.from(clock.instant()), r.linkId())
                        .update()
                == 1;
        if (!claimed) {
            return Optional.empty();
        }
        store(r.staffId(), chosen);
        sessions.end(r.username());
        audit.record(
                r.username(),
                SecurityAudit.Action.PASSWORD_RESET,
                r.username(),
                SecurityAudit.Outcome.SUCCESS,
                Map.of("sessions", "ended"));
        return link;
    }

    private static void check(
            String chosen, String repeated, String username, String fullName, Map<String, String> errors) {
        PasswordRules.problem(chosen, username, fullName).ifPresent(p -> errors.put("newPassword", p));
        if (errors.isEmpty() && !chosen.equals(repeated)) {
            errors.put("confirmPassword", "The two new passwords are not the same.");
        }
    }

    private void store(long staffId, String password) {
        jdbc.sql("update identity_staff set password_hash = ?, password_changed_at = ? where id = ?")
                .params(encoder.encode(password), Timestamp.from(clock.instant()), staffId)
                .update();
    }

    private static String hash(String token) {
        return HexFormat.of().formatHex(Digests.sha256(token));
    }
}
