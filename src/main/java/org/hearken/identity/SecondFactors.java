package org.hearken.identity;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.hearken.audit.SecurityAudit;
import org.hearken.platform.Digests;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Second factors for password sign-ins: an authenticator app's codes (RFC 6238, {@link Totp}) and ten single-use
 * recovery codes. A secret is shown only while it is being set up; once confirmed with a valid code it is never shown
 * again. A code is accepted once: the step of the last one accepted is kept, and only a later one is taken. Recovery
 * codes are kept as SHA-256 hashes (each has 80 random bits).
 */
@Service
class SecondFactors {

    static final int RECOVERY_CODES = 10;
    private static final char[] RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789".toCharArray();

    /** Whether a password sign-in needs more: nothing, a code, or setting a second factor up first. */
    enum Need {
        NOTHING,
        CODE,
        SET_UP
    }

    /** A second factor being set up: its secret (Base32) and the address an authenticator app reads. */
    record SetUp(String secret, String groupedSecret, String uri) {

        /** The address as a QR code for the app's camera, an image in a {@code data:} address. */
        public String qrCode() {
            return QrCodes.svgDataUri(uri);
        }
    }

    /** Someone's second factor as their account page and the administrators see it. */
    record Status(boolean enrolled, Instant since, int recoveryCodesLeft, boolean required) {}

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SecurityAudit audit;
    private final String issuer;
    private final SecureRandom random = new SecureRandom();

    SecondFactors(
            JdbcClient jdbc,
            Clock clock,
            SecurityAudit audit,
            @Value("${hearken.organisation.name:Hearken}") String organisation) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.issuer = "Hearken (" + organisation + ")";
    }

    Need need(Actor actor) {
        if (enrolled(actor.staffId())) {
            return Need.CODE;
        }
        return actor.roles().stream().anyMatch(requiredRoles()::contains) ? Need.SET_UP : Need.NOTHING;
    }

    boolean enrolled(long staffId) {
        return jdbc.sql("select count(*) from identity_second_factor where staff_id = ? and confirmed_at is not null")
                        .param(staffId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    Status status(Actor actor) {
        return status(actor.staffId(), actor.roles());
    }

    Status status(long staffId, Set<Role> roles) {
        Optional<Instant> since = jdbc.sql(
                        "select confirmed_at from identity_second_factor where staff_id = ? and confirmed_at is not null")
                .param(staffId)
                .query(Timestamp.class)
                .optional()
                .map(Timestamp::toInstant);
        int left = jdbc.sql("select count(*) from identity_recovery_code where staff_id = ? and used_at is null")
                .param(staffId)
                .query(Integer.class)
                .single();
        boolean required = roles.stream().anyMatch(requiredRoles()::contains);
        return new Status(since.isPresent(), since.orElse(null), since.isPresent() ? left : 0, required);
    }

    /** The secret being set up for this person: the one already waiting, or a new one. Empty if they have one already. */
    @Transactional
    Optional<SetUp> setUp(long staffId, String username) {
        if (enrolled(staffId)) {
            return Optional.empty();
        }
        jdbc.sql("""
                        insert into identity_second_factor (staff_id, secret, created_at) values (?, ?, ?)
                        on conflict (staff_id) do nothing""")
                .params(staffId, Totp.newSecret(random), Timestamp.from(clock.instant()))
                .update();
        String secret = jdbc.sql(
                        "select secret from identity_second_factor where staff_id = ? and confirmed_at is null")
                .param(staffId)
                .query(String.class)
                .single();
        return Optional.of(new SetUp(secret, Totp.grouped(secret), Totp.uri(issuer, username, secret)));
    }

    /**
     * Confirms the second factor being set up with a code from the app: from now on sign-ins need a code. Returns the
     * new recovery codes, to be shown once; empty if the code is wrong (or nothing was being set up).
     */
    @Transactional
    Optional<List<String>> confirm(long staffId, String username, String code) {
        Optional<String> secret = jdbc.sql(
                        "select secret from identity_second_factor where staff_id = ? and confirmed_at is null for update")
                .param(staffId)
                .query(String.class)
                .optional();
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        OptionalLong step = Totp.match(Totp.key(secret.get()), code, currentStep());
        if (step.isEmpty()) {
            return Optional.empty();
        }
        jdbc.sql("update identity_second_factor set confirmed_at = ?, last_step = ? where staff_id = ?")
                .params(Timestamp.from(clock.instant()), step.getAsLong(), staffId)
                .update();
        List<String> codes = newRecoveryCodes(staffId);
        audit.record(
                username,
                SecurityAudit.Action.SECOND_FACTOR_ENROLLED,
                username,
                SecurityAudit.Outcome.SUCCESS,
                Map.of());
        return Optional.of(codes);
    }

    /**
     * Checks a code from the app, or a recovery code, for someone who has a second factor, and uses it up: an app's
     * code is accepted only if it is later than the last one accepted, a recovery code only once.
     */
    @Transactional
    boolean verify(long staffId, String username, String typed) {
        String code = typed == null ? "" : typed.strip();
        if (code.length() > 64) {
            return false;
        }
        String digits = code.replace(" ", "");
        if (digits.matches("[0-9]{" + Totp.DIGITS + "}")) {
            Optional<String> secret = jdbc.sql(
                            "select secret from identity_second_factor where staff_id = ? and confirmed_at is not null")
                    .param(staffId)
                    .query(String.class)
                    .optional();
            if (secret.isEmpty()) {
                return false;
            }
            OptionalLong step = Totp.match(Totp.key(secret.get()), digits, currentStep());
            // Only a step later than the last one used: a code seen over someone's shoulder cannot be used again.
            return step.isPresent()
                    && jdbc.sql("update identity_second_factor set last_step = ? where staff_id = ? and last_step < ?")
                                    .params(step.getAsLong(), staffId, step.getAsLong())
                                    .update()
                            == 1;
        }
        String normalised = code.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        boolean used = jdbc.sql("""
                        update identity_recovery_code set used_at = ?
                        where staff_id = ? and code_hash = ? and used_at is null""")
                        .params(Timestamp.from(clock.instant()), staffId, hash(normalised))
                        .update()
                == 1;
        if (used) {
            audit.record(
                    username,
                    SecurityAudit.Action.RECOVERY_CODE_USED,
                    username,
                    SecurityAudit.Outcome.SUCCESS,
                    Map.of("left", String.valueOf(status(staffId, Set.of()).recoveryCodesLeft())));
        }
        return used;
    }

    /** Replaces someone's recovery codes with ten new ones, shown once. */
    @Transactional
    List<String> replaceRecoveryCodes(long staffId, String username) {
        List<String> codes = newRecoveryCodes(staffId);
        audit.record(
                username,
                SecurityAudit.Action.RECOVERY_CODES_REPLACED,
                username,
                SecurityAudit.Outcome.SUCCESS,
                Map.of());
        return codes;
    }

    /** Removes someone's second factor and recovery codes (a lost phone); they set one up again. False if they had none. */
    @Transactional
    boolean remove(long staffId, String username, String by) {
        jdbc.sql("delete from identity_recovery_code where staff_id = ?")
                .param(staffId)
                .update();
        boolean had = jdbc.sql("delete from identity_second_factor where staff_id = ? and confirmed_at is not null")
                        .param(staffId)
                        .update()
                == 1;
        jdbc.sql("delete from identity_second_factor where staff_id = ?")
                .param(staffId)
                .update();
        if (had) {
            audit.record(
                    by, SecurityAudit.Action.SECOND_FACTOR_REMOVED, username, SecurityAudit.Outcome.SUCCESS, Map.of());
        }
        return had;
    }

    Set<Role> requiredRoles() {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        jdbc.sql("select role from identity_second_factor_role")
                .query(String.class)
                .list()
                .forEach(r -> roles.add(Role.valueOf(r)));
        return roles;
    }

    /** Sets the roles whose holders must sign in with a second factor. False if nothing changed. */
    @Transactional
    boolean requireFor(Set<Role> roles, String by) {
        Set<Role> before = requiredRoles();
        if (before.equals(roles)) {
            return false;
        }
        jdbc.sql("delete from identity_second_factor_role").update();
        for (Role role : roles) {
            jdbc.sql("insert into identity_second_factor_role (role, set_by, set_at) values (?, ?, ?)")
                    .params(role.name(), by, Timestamp.from(clock.instant()))
                    .update();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("before", names(before));
        details.put("after", names(roles));
        audit.record(
                by, SecurityAudit.Action.SECOND_FACTOR_ROLES_CHANGED, null, SecurityAudit.Outcome.SUCCESS, details);
        return true;
    }

    private static Set<String> names(Set<Role> roles) {
        Set<String> names = new TreeSet<>();
        roles.forEach(r -> names.add(r.name()));
        return names;
    }

    private List<String> newRecoveryCodes(long staffId) {
        jdbc.sql("delete from identity_recovery_code where staff_id = ?")
                .param(staffId)
                .update();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            StringBuilder code = new StringBuilder();
            for (int c = 0; c < 16; c++) {
                if (c > 0 && c % 4 == 0) {
                    code.append('-');
                }
                code.append(RECOVERY_ALPHABET[random.nextInt(RECOVERY_ALPHABET.length)]);
            }
            String shown = code.toString();
            jdbc.sql("insert into identity_recovery_code (staff_id, code_hash) values (?, ?)")
                    .params(staffId, hash(shown.replace("-", "")))
                    .update();
            codes.add(shown);
        }
        return codes;
    }

    private long currentStep() {
        return Totp.step(clock.instant().getEpochSecond());
    }

    private static String hash(String code) {
        return HexFormat.of().formatHex(Digests.sha256(code));
    }
}
