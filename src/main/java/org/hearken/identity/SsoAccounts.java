package org.hearken.identity;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a single sign-on does to the account: finds it by the provider's issuer and subject (never by name), makes it
 * at the first sign-in, and sets its roles and departments from the groups on every sign-in, the provider being the
 * source of truth. A person without a mapped group is refused, and their account, if they have one, deactivated (their
 * sessions end). Every change goes through {@link StaffAccounts}, so it is recorded in the security audit log as any
 * other change is. Roles given here need no second administrator: the group mapping in the configuration is the
 * approval.
 */
@Component
class SsoAccounts {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Who signed in, as the provider says. */
    record Identity(
            String issuer, String subject, String preferredUsername, String email, String name, Set<String> groups) {}

    /** Why a sign-in was refused. */
    enum Refusal {
        /** None of the person's groups gives a role in Hearken. */
        NO_ACCESS("no mapped group"),
        /** An administrator deactivated the account in Hearken. */
        DEACTIVATED("account deactivated in Hearken");

        final String reason;

        Refusal(String reason) {
            this.reason = reason;
        }
    }

    sealed interface Outcome {}

    record SignedIn(StaffUser user, boolean created, GroupMapping.Access access, Set<String> unknownDepartments)
            implements Outcome {}

    record Refused(Refusal refusal, String username, boolean deactivatedNow) implements Outcome {}

    private record Linked(long staffId, String username, boolean active, boolean deactivatedByProvider) {}

    private final JdbcClient jdbc;
    private final Clock clock;
    private final StaffAccounts accounts;
    private final StaffUserRepository users;
    private final SingleSignOnSettings settings;

    SsoAccounts(
            JdbcClient jdbc,
            Clock clock,
            StaffAccounts accounts,
            StaffUserRepository users,
            SingleSignOnSettings settings) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.accounts = accounts;
        this.users = users;
        this.settings = settings;
    }

    /**
     * Signs the person in: everything it changes is committed when this returns, a refusal (and the deactivation it may
     * bring) included.
     */
    @Transactional
    Outcome signIn(Identity who) {
        // Two first sign-ins of one person at once make one account.
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(?, 0))")
                .param("identity_sso_account " + who.issuer() + " " + who.subject())
                .query()
                .singleRow();
        Optional<Linked> linked = jdbc.sql("""
                        select a.staff_id, s.username, s.active, a.deactivated_by_provider
                        from identity_sso_account a join identity_staff s on s.id = a.staff_id
                        where a.issuer = ? and a.subject = ?""")
                .params(who.issuer(), who.subject())
                .query(Linked.class)
                .optional();
        Optional<GroupMapping.Access> access = GroupMapping.access(settings.groups(), who.groups());
        if (access.isEmpty()) {
            boolean deactivate = linked.isPresent() && linked.get().active();
            if (deactivate) {
                accounts.deactivate(linked.get().username());
                jdbc.sql("update identity_sso_account set deactivated_by_provider = true where staff_id = ?")
                        .param(linked.get().staffId())
                        .update();
            }
            return new Refused(Refusal.NO_ACCESS, linked.map(Linked::username).orElse(null), deactivate);
        }
        if (linked.isPresent() && !linked.get().active() && !linked.get().deactivatedByProvider()) {
            return new Refused(Refusal.DEACTIVATED, linked.get().username(), false);
        }
        Set<String> known = existingDepartments(access.get().departments());
        Set<String> unknown = new TreeSet<>(access.get().departments());
        unknown.removeAll(known);
        long staffId;
        boolean created = linked.isEmpty();
        if (created) {
            staffId = create(who, access.get().roles(), known);
        } else {
            staffId = linked.get().staffId();
            String username = linked.get().username();
            if (!linked.get().active()) {
                accounts.reactivate(username);
            }
            if (!current(staffId, access.get().roles(), known)) {
                accounts.setRolesAndDepartments(username, access.get().roles(), known);
            }
        }
        jdbc.sql("""
                        update identity_sso_account set last_sign_in_at = ?, deactivated_by_provider = false
                        where staff_id = ?""").params(Timestamp.from(clock.instant()), staffId).update();
        StaffUser user = users.findById(staffId).orElseThrow();
        user.eraseCredentials();
        return new SignedIn(user, created, access.get(), unknown);
    }

    private long create(Identity who, Set<Role> roles, Set<String> departments) {
        String username = SsoUsernames.unique(
                SsoUsernames.base(who.preferredUsername(), who.email(), who.subject()),
                candidate -> jdbc.sql("select exists (select 1 from identity_staff where username = ?)")
                        .param(candidate)
                        .query(Boolean.class)
                        .single());
        String fullName = who.name() == null || who.name().isBlank()
                ? username
                : who.name().strip();
        if (fullName.length() > 200) {
            fullName = fullName.substring(0, 200);
        }
        String email =
                who.email() == null || who.email().isBlank() || who.email().length() > 254
                        ? null
                        : who.email().strip();
        // Nobody knows this password: the account signs in through the provider only.
        byte[] unusable = new byte[32];
        RANDOM.nextBytes(unusable);
        StaffMember member = accounts.createStaff(new StaffAccounts.NewStaff(
                username, fullName, email, Base64.getEncoder().encodeToString(unusable), roles, departments));
        jdbc.sql("""
                        insert into identity_sso_account (staff_id, issuer, subject, created_at)
                        values (?, ?, ?, ?)""")
                .params(member.id(), who.issuer(), who.subject(), Timestamp.from(clock.instant()))
                .update();
        return member.id();
    }

    /** Whether the account already has exactly these roles and departments. */
    private boolean current(long staffId, Set<Role> roles, Set<String> departments) {
        Set<Role> has = EnumSet.noneOf(Role.class);
        jdbc.sql("select role from identity_staff_role where staff_id = ?")
                .param(staffId)
                .query(String.class)
                .list()
                .forEach(r -> has.add(Role.valueOf(r)));
        Set<String> in =
                new TreeSet<>(jdbc.sql("""
                        select d.code from identity_membership m join identity_department d on d.id = m.department_id
                        where m.staff_id = ?""").param(staffId).query(String.class).list());
        return has.equals(roles) && in.equals(new TreeSet<>(departments));
    }

    private Set<String> existingDepartments(Set<String> codes) {
        if (codes.isEmpty()) {
            return Set.of();
        }
        return new TreeSet<>(jdbc.sql("select code from identity_department where code in (:codes)")
                .param("codes", List.copyOf(codes))
                .query(String.class)
                .list());
    }
}
