package org.hearken.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.hearken.identity.Role;
import org.hearken.identity.StaffAccounts;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The demo's accounts left open in a real installation are named at start-up, or stop it when strict. */
@ExtendWith(OutputCaptureExtension.class)
class DemoAccountsCheckIT extends IntegrationTest {

    /** Three accounts as the demo makes them (password "demo"): one left open, one deactivated, one whose password changed. */
    private List<String> demoLikeAccounts() {
        List<String> names = new java.util.ArrayList<>();
        for (String password : List.of(DemoData.PASSWORD, DemoData.PASSWORD, "a password of its own")) {
            String username = "demo" + unique().toLowerCase();
            accounts.createStaff(new StaffAccounts.NewStaff(
                    username, "Demo " + username, null, password, Set.of(Role.AGENT), Set.of()));
            names.add(username);
        }
        accounts.deactivate(names.get(1));
        return names;
    }

    @Test
    void anAccountStillSigningInWithTheDemoPasswordIsNamedLoudly(CapturedOutput output) {
        List<String> names = demoLikeAccounts();
        new DemoAccountsCheck(accounts, false, false, names).run(null);
        assertThat(output.getAll())
                .contains("NOT READY FOR CUSTOMERS: the demo's accounts " + names.get(0)
                        + " still sign in with the demo's password");
    }

    @Test
    void strictStartRefusesWhileOneIsOpen() {
        List<String> names = demoLikeAccounts();
        assertThatThrownBy(() -> new DemoAccountsCheck(accounts, false, true, names).run(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refuses to start")
                .hasMessageContaining("accounts " + names.get(0) + " still sign in");
        // Closed ones do not stop it; nor does demo mode, where they are meant to be open.
        new DemoAccountsCheck(accounts, false, true, names.subList(1, 3)).run(null);
        new DemoAccountsCheck(accounts, true, true, names).run(null);
    }
}
