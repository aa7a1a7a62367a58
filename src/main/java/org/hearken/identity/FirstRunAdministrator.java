package org.hearken.identity;

import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * On a fresh installation, creates the first administrator from {@code HEARKEN_ADMIN_PASSWORD}. Hearken never ships
 * a built-in password: without the variable no administrator is created and the log says how to create one.
 */
@Component
@Order(0)
class FirstRunAdministrator implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FirstRunAdministrator.class);

    private final StaffAccounts accounts;
    private final String username;
    private final String password;

    FirstRunAdministrator(
            StaffAccounts accounts,
            @Value("${hearken.admin.username:admin}") String username,
            @Value("${hearken.admin.password:}") String password) {
        this.accounts = accounts;
        this.username = username;
        this.password = password;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (accounts.anyAdministrator()) {
            return;
        }
        if (password.isBlank()) {
            log.warn(
                    "No administrator exists. Set HEARKEN_ADMIN_PASSWORD (and optionally HEARKEN_ADMIN_USERNAME) and restart to create one.");
            return;
        }
        if (password.length() < 12) {
            throw new IllegalStateException("HEARKEN_ADMIN_PASSWORD must be at least 12 characters long");
        }
        accounts.createStaff(
                new StaffAccounts.NewStaff(username, "Administrator", null, password, Set.of(Role.ADMIN), Set.of()));
        log.info("Created the first administrator '{}'", username);
    }
}
