package org.hearken.intake;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.hearken.identity.Actor;
import org.hearken.identity.Department;
import org.hearken.identity.Role;
import org.hearken.identity.StaffAccounts;
import org.hearken.identity.StaffDirectory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The system account the public form acts as, so that the register names who logged each case: an agent of the
 * department the form feeds, created on first use with a random password nobody knows, so it cannot sign in. It is
 * set up in a transaction of its own, so two first submissions at the same moment cannot both create it.
 */
@Component
class WebFormAccount {

    static final String USERNAME = "web-form";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final StaffDirectory directory;
    private final StaffAccounts accounts;
    private final TransactionTemplate ownTransaction;

    WebFormAccount(StaffDirectory directory, StaffAccounts accounts, PlatformTransactionManager transactions) {
        this.directory = directory;
        this.accounts = accounts;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** The account, a member of {@code departmentCode} (null: the default department); empty when it is deactivated. */
    Optional<Actor> actorFor(String departmentCode) {
        try {
            return ownTransaction.execute(status -> ensure(departmentCode));
        } catch (DuplicateKeyException raced) {
            // Another request created the account meanwhile; now it exists.
            return ownTransaction.execute(status -> ensure(departmentCode));
        }
    }

    private Optional<Actor> ensure(String departmentCode) {
        Set<String> codes = new LinkedHashSet<>();
        directory.defaultDepartment().map(Department::code).ifPresent(codes::add);
        if (departmentCode != null) {
            directory.departmentByCode(departmentCode).map(Department::code).ifPresent(codes::add);
        }
        if (directory.staffByUsername(USERNAME).isEmpty()) {
            byte[] secret = new byte[32];
            RANDOM.nextBytes(secret);
            accounts.createStaff(new StaffAccounts.NewStaff(
                    USERNAME, "Web form", null, Base64.getEncoder().encodeToString(secret), Set.of(Role.AGENT), codes));
        } else {
            codes.forEach(code -> accounts.addMembership(USERNAME, code));
        }
        return directory.actorFor(USERNAME);
    }
}
