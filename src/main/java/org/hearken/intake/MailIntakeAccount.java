package org.hearken.intake;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;
import org.hearken.identity.Actor;
import org.hearken.identity.Department;
import org.hearken.identity.Role;
import org.hearken.identity.StaffAccounts;
import org.hearken.identity.StaffDirectory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The system account e-mail intake acts as, so that the register names who logged each case: an agent of the
 * departments its mailboxes feed, created on first use with a random password nobody knows, so it cannot sign in.
 */
@Component
class MailIntakeAccount {

    static final String USERNAME = "mail-intake";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final StaffDirectory directory;
    private final StaffAccounts accounts;

    MailIntakeAccount(StaffDirectory directory, StaffAccounts accounts) {
        this.directory = directory;
        this.accounts = accounts;
    }

    /** The account, created or given membership of {@code departmentCode} (null: the default department) as needed. */
    @Transactional
    Actor actorFor(String departmentCode) {
        Set<String> codes = new LinkedHashSet<>();
        directory.defaultDepartment().map(Department::code).ifPresent(codes::add);
        if (departmentCode != null) {
            directory.departmentByCode(departmentCode).map(Department::code).ifPresent(codes::add);
        }
        var existing = directory.staffByUsername(USERNAME);
        if (existing.isEmpty()) {
            byte[] secret = new byte[32];
            RANDOM.nextBytes(secret);
            accounts.createStaff(new StaffAccounts.NewStaff(
                    USERNAME,
                    "E-mail intake",
                    null,
                    Base64.getEncoder().encodeToString(secret),
                    Set.of(Role.AGENT),
                    codes));
        } else {
            for (String code : codes) {
                accounts.addMembership(USERNAME, code);
            }
        }
        return directory
                .actorFor(USERNAME)
                .orElseThrow(() -> new IllegalStateException("The staff account '" + USERNAME
                        + "' is deactivated, so e-mail cannot be logged; reactivate it."));
    }
}
