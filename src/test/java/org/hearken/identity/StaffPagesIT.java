package org.hearken.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hearken.support.WebPages.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import org.hearken.support.IntegrationTest;
import org.hearken.support.WebPages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.WebApplicationContext;

/** The administration pages for staff and departments, through the real security chain. */
class StaffPagesIT extends IntegrationTest {

    @Autowired
    WebApplicationContext context;

    @Autowired
    StaffDirectory directory;

    WebPages pages;

    @BeforeEach
    void pages() {
        pages = WebPages.of(context);
    }

    private MockHttpServletResponse getAs(String username, String path) throws Exception {
        return pages.mvc.perform(get(path).with(pages.as(username))).andReturn().getResponse();
    }

    @Test
    void eachAdministrationPageIsForTheRightRoles() throws Exception {
        Dept dept = department();
        String admin = staffWithoutDepartment(Role.ADMIN);
        String agent = dept.staff(Role.AGENT);
        String executive = staffWithoutDepartment(Role.EXECUTIVE);

        MockHttpServletResponse overview = getAs(admin, "/admin");
        assertThat(overview.getStatus()).isEqualTo(200);
        assertThat(overview.getContentAsString())
                .contains("href=\"/admin/staff\"", "href=\"/admin/policy\"", "href=\"/admin/templates\"");
        MockHttpServletResponse managerOverview = getAs(dept.lead, "/admin");
        assertThat(managerOverview.getStatus()).isEqualTo(200);
        assertThat(managerOverview.getContentAsString())
                .contains("href=\"/admin/templates\"")
                .doesNotContain("href=\"/admin/staff\"");
        assertThat(getAs(agent, "/admin").getStatus()).isEqualTo(403);
        assertThat(getAs(executive, "/admin").getStatus()).isEqualTo(403);

        for (String path : new String[] {
            "/admin/staff",
            "/admin/staff/new",
            "/admin/staff/" + agent,
            "/admin/departments",
            "/admin/policy",
            "/admin/mailboxes"
        }) {
            assertThat(getAs(admin, path).getStatus()).as(path).isEqualTo(200);
            assertThat(getAs(dept.lead, path).getStatus()).as(path).isEqualTo(403);
            assertThat(getAs(agent, path).getStatus()).as(path).isEqualTo(403);
            assertThat(getAs(executive, path).getStatus()).as(path).isEqualTo(403);
        }
        MockHttpServletResponse missing = pages.mvc
                .perform(get("/admin/staff/nobody-" + unique().toLowerCase())
                        .with(pages.as(admin))
                        .accept("text/html"))
                .andReturn()
                .getResponse();
        // The error page itself is rendered by the servlet container (see AdminPagesBrowserIT); here: not a JSON
        // problem.
        assertThat(missing.getStatus()).isEqualTo(404);
        assertThat(missing.getContentAsString()).doesNotContain("\"status\"");
        // Not signed in: to the sign-in page.
        assertThat(pages.mvc
                        .perform(get("/admin/staff"))
                        .andReturn()
                        .getResponse()
                        .getRedirectedUrl())
                .endsWith("/login");
        // A refused change changes nothing.
        MockHttpServletResponse refused = pages.mvc
                .perform(post("/admin/staff/" + agent + "/deactivate")
                        .with(pages.as(dept.lead))
                        .with(csrf()))
                .andReturn()
                .getResponse();
        assertThat(refused.getStatus()).isEqualTo(403);
        assertThat(directory.staffByUsername(agent).orElseThrow().active()).isTrue();
    }

    @Test
    void theStaffListShowsRolesDepartmentsAndWhetherActive() throws Exception {
        Dept dept = department();
        String admin = staffWithoutDepartment(Role.ADMIN);
        String body = getAs(admin, "/admin/staff").getContentAsString();
        assertThat(body)
                .contains("id=\"staff-" + dept.lead + "\"", "Staff " + dept.lead, "Department " + dept.code, "Manager");
    }

    @Test
    void badInputIsShownNextToEachFieldAndCreatesNothing() throws Exception {
        Dept dept = department();
        String admin = staffWithoutDepartment(Role.ADMIN);
        String username = "bad name " + unique().toLowerCase();

        MockHttpServletResponse response = pages.mvc
                .perform(post("/admin/staff")
                        .with(pages.as(admin))
                        .with(csrf())
                        .param("username", username)
                        .param("fullName", "  ")
                        .param("email", "not-an-address")
                        .param("password", "short")
                        .param("roles", "AGENT"))
                .andReturn()
                .getResponse();

        assertThat(response.getStatus()).isEqualTo(200);
        String html = response.getContentAsString();
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
        MockHttpServletResponse taken = pages.mvc
                .perform(post("/admin/staff")
                        .with(pages.as(admin))
                        .with(csrf())
                        .param("username", dept.lead)
                        .param("fullName", "Someone Else")
                        .param("password", "a long enough secret")
                        .param("roles", "AGENT")
                        .param("departments", dept.code))
                .andReturn()
                .getResponse();
        assertThat(taken.getContentAsString()).contains("That username is already taken");
        assertThat(directory.staffByUsername(dept.lead).orElseThrow().fullName())
                .isEqualTo("Staff " + dept.lead);
    }

    @Test
    void anAdministratorCreatesEditsAndDeactivatesStaff() throws Exception {
        Dept dept = department();
        Dept other = department();
        String admin = staffWithoutDepartment(Role.ADMIN);
        String username = "new." + unique().toLowerCase();

        var result = pages.mvc
                .perform(post("/admin/staff")
                        .with(pages.as(admin))
                        .with(csrf())
                        .param("username", username)
                        .param("fullName", "Nadia New")
                        .param("email", "nadia@example.org")
                        .param("password", "a long enough secret")
                        .param("roles", "AGENT")
                        .param("departments", dept.code))
                .andReturn();
        assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/admin/staff");
        assertThat((String) result.getFlashMap().get("flash")).contains("Created Nadia New");
        StaffDirectory.StaffDetails details = directory.details(username).orElseThrow();
        assertThat(details.fullName()).isEqualTo("Nadia New");
        assertThat(details.roles()).containsExactly(Role.AGENT);
        assertThat(details.departments()).extracting(Department::code).containsExactly(dept.code);

        pages.mvc.perform(post("/admin/staff/" + username)
                .with(pages.as(admin))
                .with(csrf())
                .param("roles", "AGENT")
                .param("roles", "MANAGER")
                .param("departments", dept.code)
                .param("departments", other.code));
        details = directory.details(username).orElseThrow();
        assertThat(details.roles()).containsExactlyInAnyOrder(Role.AGENT, Role.MANAGER);
        assertThat(details.departments()).extracting(Department::code).containsExactlyInAnyOrder(dept.code, other.code);

        // No role at all is refused and changes nothing.
        MockHttpServletResponse noRole = pages.mvc
                .perform(post("/admin/staff/" + username)
                        .with(pages.as(admin))
                        .with(csrf())
                        .param("departments", dept.code))
                .andReturn()
                .getResponse();
        assertThat(noRole.getContentAsString()).contains("Choose at least one role", "Nothing was changed");
        assertThat(directory.details(username).orElseThrow().roles())
                .containsExactlyInAnyOrder(Role.AGENT, Role.MANAGER);

        // An administrator cannot take away their own administrator role, nor deactivate themselves.
        pages.mvc.perform(post("/admin/staff/" + admin)
                .with(pages.as(admin))
                .with(csrf())
                .param("roles", "AGENT")
                .param("departments", dept.code));
        assertThat(directory.details(admin).orElseThrow().roles()).containsExactly(Role.ADMIN);
        pages.mvc.perform(post("/admin/staff/" + admin + "/deactivate")
                .with(pages.as(admin))
                .with(csrf()));
        assertThat(directory.staffByUsername(admin).orElseThrow().active()).isTrue();

        assertThat(getAs(admin, "/admin/staff").getContentAsString()).contains("data-confirm=\"Deactivate Nadia New?");
        pages.mvc.perform(post("/admin/staff/" + username + "/deactivate")
                .with(pages.as(admin))
                .with(csrf()));
        assertThat(directory.staffByUsername(username).orElseThrow().active()).isFalse();
        pages.mvc.perform(post("/admin/staff/" + username + "/reactivate")
                .with(pages.as(admin))
                .with(csrf()));
        assertThat(directory.staffByUsername(username).orElseThrow().active()).isTrue();
    }

    @Test
    void anAdministratorCannotChangeTheirOwnRolesOrDepartmentsButAnotherAdministratorCan() throws Exception {
        Dept dept = department();
        String admin = staffWithoutDepartment(Role.ADMIN);
        String second = staffWithoutDepartment(Role.ADMIN);

        MockHttpServletResponse executive = pages.mvc
                .perform(post("/admin/staff/" + admin)
                        .with(pages.as(admin))
                        .with(csrf())
                        .param("roles", "ADMIN")
                        .param("roles", "EXECUTIVE"))
                .andReturn()
                .getResponse();
        assertThat(executive.getStatus()).isEqualTo(400);
        assertThat(executive.getContentAsString()).contains("another administrator", "Nothing was changed");
        MockHttpServletResponse joins = pages.mvc
                .perform(post("/admin/staff/" + admin)
                        .with(pages.as(admin))
                        .with(csrf())
                        .param("roles", "ADMIN")
                        .param("roles", "AGENT")
                        .param("departments", dept.code))
                .andReturn()
                .getResponse();
        assertThat(joins.getContentAsString()).contains("another administrator");
        assertThat(directory.details(admin).orElseThrow().roles()).containsExactly(Role.ADMIN);
        assertThat(directory.details(admin).orElseThrow().departments()).isEmpty();
        // Their own page says so before they try.
        assertThat(getAs(admin, "/admin/staff/" + admin).getContentAsString()).contains("another administrator");

        // Another administrator asks for it; a third approves (the executive role needs a second administrator).
        var asked = pages.mvc
                .perform(post("/admin/staff/" + admin)
                        .with(pages.as(second))
                        .with(csrf())
                        .param("roles", "ADMIN")
                        .param("roles", "EXECUTIVE"))
                .andReturn();
        assertThat(asked.getResponse().getRedirectedUrl()).isEqualTo("/admin/staff");
        assertThat(directory.details(admin).orElseThrow().roles()).containsExactly(Role.ADMIN);
        long grant = jdbc.sql("select g.id from identity_role_grant g join identity_staff s on s.id = g.staff_id "
                        + "where s.username = ? and g.status = 'PENDING'")
                .param(admin)
                .query(Long.class)
                .single();
        pages.mvc.perform(post("/admin/staff/grants/" + grant + "/approve")
                .with(pages.as(staffWithoutDepartment(Role.ADMIN)))
                .with(csrf()));
        assertThat(directory.details(admin).orElseThrow().roles())
                .containsExactlyInAnyOrder(Role.ADMIN, Role.EXECUTIVE);
    }

    @Test
    void departmentsAreCreatedAndRenamedWithErrorsNextToTheField() throws Exception {
        Dept dept = department();
        String admin = staffWithoutDepartment(Role.ADMIN);
        String code = "N" + unique();

        MockHttpServletResponse bad = pages.mvc
                .perform(post("/admin/departments")
                        .with(pages.as(admin))
                        .with(csrf())
                        .param("code", "9 lives")
                        .param("name", ""))
                .andReturn()
                .getResponse();
        assertThat(bad.getContentAsString()).contains("Use a letter followed by", "Enter the department");
        MockHttpServletResponse duplicate = pages.mvc
                .perform(post("/admin/departments")
                        .with(pages.as(admin))
                        .with(csrf())
                        .param("code", dept.code)
                        .param("name", "Again"))
                .andReturn()
                .getResponse();
        assertThat(duplicate.getContentAsString()).contains("There is already a department " + dept.code);
        assertThat(directory.departmentByCode(dept.code).orElseThrow().name()).isEqualTo("Department " + dept.code);

        pages.mvc.perform(post("/admin/departments")
                .with(pages.as(admin))
                .with(csrf())
                .param("code", code.toLowerCase())
                .param("name", "Libraries"));
        assertThat(directory.departmentByCode(code).orElseThrow().name()).isEqualTo("Libraries");

        MockHttpServletResponse blank = pages.mvc
                .perform(post("/admin/departments/" + code + "/rename")
                        .with(pages.as(admin))
                        .with(csrf())
                        .param("name", "  "))
                .andReturn()
                .getResponse();
        assertThat(blank.getContentAsString()).contains("Enter the department");
        assertThat(directory.departmentByCode(code).orElseThrow().name()).isEqualTo("Libraries");

        pages.mvc.perform(post("/admin/departments/" + code + "/rename")
                .with(pages.as(admin))
                .with(csrf())
                .param("name", "Libraries and Archives"));
        assertThat(directory.departmentByCode(code).orElseThrow().name()).isEqualTo("Libraries and Archives");
        assertThat(getAs(admin, "/admin/departments").getContentAsString()).contains("Libraries and Archives", code);
    }

    @Test
    void formsWithoutTheCsrfTokenAreRefused() throws Exception {
        String admin = staffWithoutDepartment(Role.ADMIN);
        String code = "C" + unique();
        MockHttpServletResponse response = pages.mvc
                .perform(post("/admin/departments")
                        .with(pages.as(admin))
                        .param("code", code)
                        .param("name", "Forged"))
                .andReturn()
                .getResponse();
        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(directory.departmentByCode(code)).isEmpty();
    }
}
