package org.hearken.demo;

import java.util.ArrayList;
import java.util.List;
import org.hearken.identity.StaffAccounts;
import org.hearken.platform.ProductionWarnings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Outside demo mode, checks at start-up that none of the demo's accounts ({@code olivia}, {@code admin}, …) still signs
 * in with the demo's published password: a database that once ran the demo would otherwise let anyone who read the
 * README in. Each such account is named loudly, or, with {@code HEARKEN_STRICT_START=true}, start-up is refused.
 */
@Component
@Order(20)
class DemoAccountsCheck implements ApplicationRunner {

    private final StaffAccounts accounts;
    private final boolean demo;
    private final boolean strict;
    private final List<String> usernames;

    @Autowired
    DemoAccountsCheck(
            StaffAccounts accounts,
            @Value("${hearken.demo:false}") boolean demo,
            @Value("${hearken.production.strict:false}") boolean strict) {
        this(
                accounts,
                demo,
                strict,
                DemoData.STAFF.stream().map(DemoData.Person::username).toList());
    }

    /** With other usernames than the demo's, for tests that cannot own those. */
    DemoAccountsCheck(StaffAccounts accounts, boolean demo, boolean strict, List<String> usernames) {
        this.accounts = accounts;
        this.demo = demo;
        this.strict = strict;
        this.usernames = usernames;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (demo) {
            return;
        }
        List<String> notReady = new ArrayList<>();
        List<String> open = accounts.signingInWith(usernames, DemoData.PASSWORD);
        if (!open.isEmpty()) {
            notReady.add("the demo's accounts " + String.join(", ", open) + " still sign in with the demo's password \""
                    + DemoData.PASSWORD + "\", which anyone can read. Deactivate them or change their passwords"
                    + " (Administration, Staff).");
        }
        ProductionWarnings.report(strict, notReady);
    }
}
