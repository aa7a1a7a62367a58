package org.hearken.intake;

import java.util.Set;
import java.util.UUID;
import org.hearken.identity.Department;
import org.hearken.identity.Role;
import org.hearken.identity.StaffAccounts;
import org.hearken.identity.StaffDirectory;

/**
 * The public form sends its cases to the default department, which the shared test database may or may not have yet:
 * the first test that needs it creates it, with a lead to own the cases.
 */
public final class WebFormDepartment {

    private WebFormDepartment() {}

    public static synchronized Department ensure(StaffAccounts accounts, StaffDirectory directory, String password) {
        Department department = directory.defaultDepartment().orElseGet(() -> {
            String code = "WEB"
                    + UUID.randomUUID()
                            .toString()
                            .replace("-", "")
                            .substring(0, 8)
                            .toUpperCase();
            return accounts.createDepartment(code, "Front desk " + code, true);
        });
        StaffDirectory.Assignment assignment =
                directory.assignment(department.code(), null).orElseThrow();
        if (assignment.lead() == null || !assignment.lead().active()) {
            String lead = "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            accounts.createStaff(new StaffAccounts.NewStaff(
                    lead,
                    "Front desk lead",
                    null,
                    password,
                    Set.of(Role.MANAGER, Role.AGENT),
                    Set.of(department.code())));
            accounts.setDepartmentLead(department.code(), lead);
        }
        return department;
    }
}
