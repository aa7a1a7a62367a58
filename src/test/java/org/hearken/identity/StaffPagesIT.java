package org.hearken.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.hearken.support.FormSession;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The administration pages for staff and departments, through the real security chain. */
class StaffPagesIT extends IntegrationTest {

    @Autowired
    StaffDirectory directory;

    private FormSession.Page getAs(String username, String path) throws Exception {
        return signedIn(username).get(path);
    }

    @Test
    void eachAdministrationPageIsForTheRightRoles() throws Exception {
        Dept dept = department();
        String admin = staffWithoutDepartment(Role.ADMIN);
        String agent = dept.staff(Role.AGENT);
        String executive = staffWithoutDepartment(Role.EXECUTIVE);

        FormSession.Page overview = getAs(admin, "/admin");
        assertThat(overview.status()).isEqualTo(200);
        assertThat(overview.body())
                .contains("href=\"/admin/staff\"", "href=\"/admin/policy\"", "href=\"/admin/templates\"");
        FormSession.Page managerOverview = getAs(dept.lead, "/admin");
        assertThat(managerOverview.status()).isEqualTo(200);
        assertThat(managerOverview.body())
                .contains("href=\"/admin/templates\"")
                .doesNotContain("href=\"/admin/staff\"");
        assertThat(getAs(agent, "/admin").status()).isEqualTo(403);
        assertThat(getAs(executive, "/admin").status()).isEqualTo(403);

        for (String path : new String[] {
            "/admin/staff",
            "/admin/staff/new",
            "/admin/staff/" + agent,
            "/admin/departments",
            "/admin/policy",
            "/admin/mailboxes"
        }) {
            assertThat(getAs(admin, path).status()).as(path).isEqualTo(200);
            assertThat(getAs(dept.lead, path).status()).as(path).isEqualTo(403);
            assertThat(getAs(agent, path).status()).as(path).isEqualTo(403);
            assertThat(getAs(executive, path).status()).as(path).isEqualTo(403);
        }
        FormSession.Page missing = signedIn(admin).get("/admin/staff/nobody-" + unique().toLowerCase());
        // The error page itself is rendered by the servlet container (see AdminPagesBrowserIT); here: not a JSON
        // problem.
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).doesNotContain("\"status\"");
        // Not signed in: to the sign-in page.
        assertThat(new FormSession(port).get("/admin/staff").location()).endsWith("/login");
        // A refused change changes nothing.
        FormSession.Page refused = signedIn(dept.lead).post("/admin/staff/" + agent + "/deactivate");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(directory.staffByUsername(agent).orElseThrow().active()).isTrue();
    }

    @Test
    void theStaffListShowsRolesDepartmentsAndWhetherActive() throws Exception {
        Dept dept = department();
        String admin = staffWithoutDepartment(Role.ADMIN);
        String body = getAs(admin, "/admin/staff").body();
        assertThat(body)
                .contains("id=\"staff-" + dept.lead + "\"", "Staff " + dept.lead, "Department " + dept.code, "Manager");
    }

    @Test
    void badInputIsShownNextToEachFieldAndCreatesNothing() throws Exception {
        Dept dept = department();
        String admin = staffWithoutDepartment(Role.ADMIN);
        String username = "bad name " + unique().toLowerCase();

        FormSession.Page response = signedIn(admin)
                .post(
                        "/admin/staff",
                        "username",
                        username,
                        "fullName",
                        "  ",
                        "email",
                        "not-an-address",
                        "password",
                        "short",
                        "roles",
                        "AGENT");

        assertThat(response.status()).isEqualTo(200);
        String html = response.body();
        assertThat(html)
                .contains("Nothing was created")
                .contains("id=\"username-error\"", "Use 2 to 64 lower-case letters")
                .contains("id=\"fullName-error\"", "Enter the person")
                .contains("id=\"email-error\"")
                .contains("id=\"password-error\"", "at least 12 characters")
                .contains("choose at least one department")
                // What was typed stays, except the password.
                .contains("value=\"" + username + "\"")
                .doesNotContain("value=\"short\"");
        assertThat(jdbc.sql("select count(*) from identity_staff where username = ?")
                        .param(username)
                        .query(Long.class)
                        .single())
                .isZero();

        // A taken username is refused too.
        FormSession.Page taken = signedIn(admin)
                .post(
                        "/admin/staff",
                        "username",
                        dept.lead,
                        "fullName",
                        "Someone Else",
                        "password",
                        "a long enough secret",
                        "roles",
                        "AGENT",
                        "departments",
                        dept.code);
        assertThat(taken.body()).contains("That username is already taken");
        assertThat(directory.staffByUsername(dept.lead).orElseThrow().fullName())
                .isEqualTo("Staff " + dept.lead);
    }

    @Test
    void anAdministratorCreatesEditsAndDeactivatesStaff() throws Exception {
        Dept dept = department();
        Dept other = department();
        String admin = staffWithoutDepartment(Role.ADMIN);
        String username = "new." + unique().toLowerCase();

        var result = signedIn(admin)
                .post(
                        "/admin/staff",
                        "username",
                        username,
                        "fullName",
                        "Nadia New",
                        "email",
                        "nadia@example.org",
                        "password",
                        "a long enough secret",
                        "roles",
                        "AGENT",
                        "departments",
                        dept.code);
        assertThat(result.location()).isEqualTo("/admin/staff");
        assertThat(signedIn(admin).flash(result)).contains("Created Nadia New");
        StaffDirectory.StaffDetails details = directory.details(username).orElseThrow();
        assertThat(details.fullName()).isEqualTo("Nadia New");
        assertThat(details.roles()).containsExactly(Role.AGENT);
        assertThat(details.departments()).extracting(Department::code).containsExactly(dept.code);

        signedIn(admin)
                .post(
                        "/admin/staff/" + username,
                        "roles",
                        "AGENT",
                        "roles",
                        "MANAGER",
                        "departments",
                        dept.code,
                        "departments",
                        other.code);
        details = directory.details(username).orElseThrow();
        assertThat(details.roles()).containsExactlyInAnyOrder(Role.AGENT, Role.MANAGER);
        assertThat(details.departments()).extracting(Department::code).containsExactlyInAnyOrder(dept.code, other.code);

        // No role at all is refused and changes nothing.
        FormSession.Page noRole = signedIn(admin).post("/admin/staff/" + username, "departments", dept.code);
        assertThat(noRole.body()).contains("Choose at least one role", "Nothing was changed");
        assertThat(directory.details(username).orElseThrow().roles())
                .containsExactlyInAnyOrder(Role.AGENT, Role.MANAGER);

        // An administrator cannot take away their own administrator role, nor deactivate themselves.
        signedIn(admin).post("/admin/staff/" + admin, "roles", "AGENT", "departments", dept.code);
        assertThat(directory.details(admin).orElseThrow().roles()).containsExactly(Role.ADMIN);
        signedIn(admin).post("/admin/staff/" + admin + "/deactivate");
        assertThat(directory.staffByUsername(admin).orElseThrow().active()).isTrue();

        assertThat(getAs(admin, "/admin/staff").body()).contains("data-confirm=\"Deactivate Nadia New?");
        signedIn(admin).post("/admin/staff/" + username + "/deactivate");
        assertThat(directory.staffByUsername(username).orElseThrow().active()).isFalse();
        signedIn(admin).post("/admin/staff/" + username + "/reactivate");
        assertThat(directory.staffByUsername(username).orElseThrow().active()).isTrue();
    }

    @Test
    void anAdministratorCannotChangeTheirOwnRolesOrDepartmentsButAnotherAdministratorCan() throws Exception {
        Dept dept = department();
        String admin = staffWithoutDepartment(Role.ADMIN);
        String second = staffWithoutDepartment(Role.ADMIN);

        FormSession.Page executive =
                signedIn(admin).post("/admin/staff/" + admin, "roles", "ADMIN", "roles", "EXECUTIVE");
        assertThat(executive.status()).isEqualTo(400);
        assertThat(executive.body()).contains("another administrator", "Nothing was changed");
        FormSession.Page joins = signedIn(admin)
                .post("/admin/staff/" + admin, "roles", "ADMIN", "roles", "AGENT", "departments", dept.code);
        assertThat(joins.body()).contains("another administrator");
        assertThat(directory.details(admin).orElseThrow().roles()).containsExactly(Role.ADMIN);
        assertThat(directory.details(admin).orElseThrow().departments()).isEmpty();
        // Their own page says so before they try.
        assertThat(getAs(admin, "/admin/staff/" + admin).body()).contains("another administrator");

        // Another administrator asks for it; a third approves (the executive role needs a second administrator).
        var asked = signedIn(second).post("/admin/staff/" + admin, "roles", "ADMIN", "roles", "EXECUTIVE");
        assertThat(asked.location()).isEqualTo("/admin/staff");
        assertThat(directory.details(admin).orElseThrow().roles()).containsExactly(Role.ADMIN);
        long grant = jdbc.sql("select g.id from identity_role_grant g join identity_staff s on s.id = g.staff_id "
                        + "where s.username = ? and g.status = 'PENDING'")
                .param(admin)
                .query(Long.class)
                .single();
        signedIn(staffWithoutDepartment(Role.ADMIN)).post("/admin/staff/grants/" + grant + "/approve");
        assertThat(directory.details(admin).orElseThrow().roles())
                .containsExactlyInAnyOrder(Role.ADMIN, Role.EXECUTIVE);
    }

    @Test
    void departmentsAreCreatedAndRenamedWithErrorsNextToTheField() throws Exception {
        Dept dept = department();
        String admin = staffWithoutDepartment(Role.ADMIN);
        String code = "N" + unique();

        FormSession.Page bad = signedIn(admin).post("/admin/departments", "code", "9 lives", "name", "");
        assertThat(bad.body()).contains("Use a letter followed by", "Enter the department");
        FormSession.Page duplicate = signedIn(admin).post("/admin/departments", "code", dept.code, "name", "Again");
        assertThat(duplicate.body()).contains("There is already a department " + dept.code);
        assertThat(directory.departmentByCode(dept.code).orElseThrow().name()).isEqualTo("Department " + dept.code);

        signedIn(admin).post("/admin/departments", "code", code.toLowerCase(), "name", "Libraries");
        assertThat(directory.departmentByCode(code).orElseThrow().name()).isEqualTo("Libraries");

        FormSession.Page blank = signedIn(admin).post("/admin/departments/" + code + "/rename", "name", "  ");
        assertThat(blank.body()).contains("Enter the department");
        assertThat(directory.departmentByCode(code).orElseThrow().name()).isEqualTo("Libraries");

        signedIn(admin).post("/admin/departments/" + code + "/rename", "name", "Libraries and Archives");
        assertThat(directory.departmentByCode(code).orElseThrow().name()).isEqualTo("Libraries and Archives");
        assertThat(getAs(admin, "/admin/departments").body()).contains("Libraries and Archives", code);
    }

    @Test
    void formsWithoutTheCsrfTokenAreRefused() throws Exception {
        String admin = staffWithoutDepartment(Role.ADMIN);
        String code = "C" + unique();
        FormSession.Page response =
                signedIn(admin).postWithoutCsrf("/admin/departments", "code", code, "name", "Forged");
        assertThat(response.status()).isEqualTo(403);
        assertThat(directory.departmentByCode(code)).isEmpty();
    }
}
