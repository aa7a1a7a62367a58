package org.hearken.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hearken.support.CaseBuilder.PHONE;
import static org.hearken.support.CaseBuilder.aComplaint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hearken.support.ApiClient;
import org.hearken.support.CaseBuilder;
import org.hearken.support.FormSession;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The executive and administrator roles are given only with a second administrator's approval: one administrator
 * alone can no longer make an account that reads confidential cases (or another administrator), sign in as it and
 * deactivate it again. Other administrators exist in this organisation, so nothing is given at once.
 */
class RoleGrantsIT extends IntegrationTest {

    private static final String NEW_PASSWORD = "a long enough secret";

    private String confidentialCase(Dept dept) {
        return openCase(dept, true);
    }

    private String openCase(Dept dept, boolean confidential) {
        return complaint(dept.code, confidential).openedBy(as(dept.lead));
    }

    /** A phone complaint for the department, confidential (need-to-know) or not. */
    static CaseBuilder complaint(String department, boolean confidential) {
        return aComplaint()
                .by(PHONE)
                .subject("Grant " + unique())
                .description("Something happened at the counter.")
                .from("Cora Caller")
                .phone("+61 2 5550 7788")
                .inDepartment(department)
                .confidential(confidential);
    }

    private long roleCount(String username) {
        return jdbc.sql(
                        "select count(*) from identity_staff_role r join identity_staff s on s.id = r.staff_id where s.username = ?")
                .param(username)
                .query(Long.class)
                .single();
    }

    /** Creates an account on the new-staff page as {@code admin}; the flash message. */
    private String createOnPage(String admin, String username, Dept dept, String... roles) throws Exception {
        List<String> fields = new ArrayList<>(
                List.of("username", username, "fullName", "Xavier " + username, "password", NEW_PASSWORD));
        for (String role : roles) {
            fields.add("roles");
            fields.add(role);
        }
        if (dept != null) {
            fields.add("departments");
            fields.add(dept.code);
        }
        FormSession.Page result = signedIn(admin).post("/admin/staff", fields.toArray(String[]::new));
        assertThat(result.location()).as(result.body()).isEqualTo("/admin/staff");
        return signedIn(admin).flash(result);
    }

    private FormSession.Page decideOnPage(String admin, long grant, String decision) throws Exception {
        return signedIn(admin).post("/admin/staff/grants/" + grant + "/" + decision);
    }

    private String page(String admin, String path) throws Exception {
        return signedIn(admin).get(path).body();
    }

    /** The waiting request for {@code username}'s {@code role}, as the API lists it to {@code admin}. */
    private JsonNode waiting(String admin, String username, String role) {
        return waitingFor(admin, username).stream()
                .filter(g -> g.get("role").asString().equals(role))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + role + " waiting for " + username));
    }

    private List<JsonNode> waitingFor(String admin, String username) {
        ApiClient.Response list = as(admin).get("/api/staff/grants");
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        List<JsonNode> found = new ArrayList<>();
        list.json().forEach(g -> {
            if (g.get("username").asString().equals(username)) {
                found.add(g);
            }
        });
        return found;
    }

    private List<String> audit(String reader, String target) {
        ApiClient.Response answer = as(reader).get("/api/audit?target=" + target + "&limit=100");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<String> lines = new ArrayList<>();
        answer.json()
                .get("entries")
                .forEach(e -> lines.add(e.get("actor").asString() + " "
                        + e.get("action").asString() + " " + e.get("outcome").asString() + " " + e.get("details")));
        return lines.reversed();
    }

    private int opens(String username, String reference) {
        return ApiClient.basic(port, username, NEW_PASSWORD)
                .get("/api/cases/" + reference)
                .status();
    }

    @Test
    void anExecutiveAccountOneAdministratorCreatesOpensNoConfidentialCaseUntilASecondApproves() throws Exception {
        Dept dept = department();
        String first = staffWithoutDepartment(Role.ADMIN);
        String second = staffWithoutDepartment(Role.ADMIN);
        String confidential = confidentialCase(dept);
        String ordinary = openCase(dept, false);
        String username = "x" + unique().toLowerCase();

        String flash = createOnPage(first, username, dept, "AGENT", "EXECUTIVE");

        // The executive role does not apply yet; the other role applies at once.
        assertThat(opens(username, confidential)).isEqualTo(404);
        assertThat(opens(username, ordinary)).isEqualTo(200);
        assertThat(flash).contains("Executive role waits for a second administrator");
        JsonNode grant = waiting(first, username, "EXECUTIVE");
        assertThat(grant.get("status").asString()).isEqualTo("PENDING");
        assertThat(grant.get("requestedBy").asString()).isEqualTo(first);
        long id = grant.get("id").asLong();

        // The one who asked may not approve, by API or page; the page offers them no Approve button.
        ApiClient.Response own = as(first).post("/api/staff/grants/" + id + "/approve", "");
        assertThat(own.status()).isEqualTo(403);
        assertThat(own.body()).contains("another administrator must approve it");
        FormSession.Page ownPage = decideOnPage(first, id, "approve");
        assertThat(ownPage.location()).isEqualTo("/admin/staff");
        assertThat(signedIn(first).flashError(ownPage)).contains("another administrator must approve it");
        assertThat(page(first, "/admin/staff"))
                .contains("id=\"grant-" + id + "\"", "You asked for this role yourself")
                .doesNotContain("/admin/staff/grants/" + id + "/approve");
        // Nor may the account itself, which is no administrator.
        assertThat(ApiClient.basic(port, username, NEW_PASSWORD)
                        .post("/api/staff/grants/" + id + "/approve", "")
                        .status())
                .isEqualTo(403);
        assertThat(opens(username, confidential)).isEqualTo(404);

        // The new account, signed in meanwhile, is signed out when the role is given.
        FormSession theirs = new FormSession(port);
        assertThat(theirs.signIn(username, NEW_PASSWORD)).isTrue();
        assertThat(theirs.get("/cases/mine").status()).isEqualTo(200);
        assertThat(page(second, "/admin/staff")).contains("action=\"/admin/staff/grants/" + id + "/approve\"");
        FormSession.Page approved = decideOnPage(second, id, "approve");
        assertThat(approved.location()).isEqualTo("/admin/staff");
        assertThat(signedIn(second).flash(approved)).contains("Approved", "Executive");

        assertThat(opens(username, confidential)).isEqualTo(200);
        assertThat(theirs.get("/cases/mine").location()).endsWith("/login");
        assertThat(waitingFor(second, username)).isEmpty();
        assertThat(as(second).post("/api/staff/grants/" + id + "/approve", "").status())
                .isEqualTo(409);

        assertThat(audit(second, username))
                .satisfiesExactly(
                        created -> assertThat(created)
                                .startsWith(first + " STAFF_CREATED SUCCESS")
                                .contains("\"roles\":[\"AGENT\"]", "\"rolesAskedFor\":[\"EXECUTIVE\"]"),
                        requested -> assertThat(requested)
                                .startsWith(first + " ROLE_GRANT_REQUESTED SUCCESS")
                                .contains("\"role\":\"EXECUTIVE\""),
                        refusedApi -> assertThat(refusedApi)
                                .startsWith(first + " ROLE_GRANT_APPROVED REFUSED")
                                .contains("yourself"),
                        refusedPage -> assertThat(refusedPage).startsWith(first + " ROLE_GRANT_APPROVED REFUSED"),
                        signIn -> assertThat(signIn).startsWith(username + " SIGN_IN SUCCESS"),
                        approval -> assertThat(approval)
                                .startsWith(second + " ROLE_GRANT_APPROVED SUCCESS")
                                .contains("\"requestedBy\":\"" + first + "\"")
                                .doesNotContain("secondAdministrator"),
                        roles -> assertThat(roles)
                                .startsWith(second + " ROLES_CHANGED SUCCESS")
                                .contains("\"before\":[\"AGENT\"]", "\"after\":[\"AGENT\",\"EXECUTIVE\"]"),
                        again -> assertThat(again)
                                .startsWith(second + " ROLE_GRANT_APPROVED REFUSED")
                                .contains("no longer waiting"));
    }

    @Test
    void aRefusedRoleIsNeverGiven() throws Exception {
        Dept dept = department();
        String first = staffWithoutDepartment(Role.ADMIN);
        String second = staffWithoutDepartment(Role.ADMIN);
        String confidential = confidentialCase(dept);
        String username = "x" + unique().toLowerCase();
        createOnPage(first, username, null, "EXECUTIVE");
        long id = waiting(second, username, "EXECUTIVE").get("id").asLong();

        ApiClient.Response refused = as(second).post("/api/staff/grants/" + id + "/refuse", "");

        assertThat(refused.status()).as(refused.body()).isEqualTo(200);
        assertThat(refused.json().get("status").asString()).isEqualTo("REFUSED");
        assertThat(refused.json().get("decidedBy").asString()).isEqualTo(second);
        assertThat(opens(username, confidential)).isEqualTo(404);
        assertThat(as(first).post("/api/staff/grants/" + id + "/approve", "").status())
                .isEqualTo(409);
        assertThat(as(staffWithoutDepartment(Role.ADMIN))
                        .post("/api/staff/grants/" + id + "/approve", "")
                        .status())
                .isEqualTo(409);
        assertThat(opens(username, confidential)).isEqualTo(404);
        assertThat(roleCount(username)).isZero();
        assertThat(audit(second, username))
                .anySatisfy(line -> assertThat(line)
                        .startsWith(second + " ROLE_GRANT_REFUSED SUCCESS")
                        .contains("\"role\":\"EXECUTIVE\"", "\"requestedBy\":\"" + first + "\""));

        // The one who asked may withdraw a request on the page; it is recorded as withdrawn.
        String other = "x" + unique().toLowerCase();
        createOnPage(first, other, null, "ADMIN");
        long withdrawnId = waiting(first, other, "ADMIN").get("id").asLong();
        FormSession.Page withdrawn = decideOnPage(first, withdrawnId, "refuse");
        assertThat(signedIn(first).flash(withdrawn)).contains("Withdrawn");
        assertThat(waitingFor(first, other)).isEmpty();
        assertThat(audit(second, other))
                .anySatisfy(line -> assertThat(line)
                        .startsWith(first + " ROLE_GRANT_REFUSED SUCCESS")
                        .contains("\"withdrawn\":true"));
    }

    @Test
    void addingTheAdministratorRoleToAnAgentWaitsForASecondAdministratorAndRemovingItDoesNot() throws Exception {
        Dept dept = department();
        String first = staffWithoutDepartment(Role.ADMIN);
        String second = staffWithoutDepartment(Role.ADMIN);
        String agent = dept.staff(Role.AGENT);
        ApiClient agentApi = as(agent);

        var saved = signedIn(first)
                .post("/admin/staff/" + agent, "roles", "AGENT", "roles", "ADMIN", "departments", dept.code);

        assertThat(signedIn(first).flash(saved)).contains("Admin role waits for a second administrator");
        assertThat(agentApi.get("/api/staff/grants").status()).isEqualTo(403);
        String editPage = page(first, "/admin/staff/" + agent);
        assertThat(editPage).contains("Waiting for a second administrator", "asked by Staff " + first);
        // The box stays ticked while the role waits, so saving the form again asks nothing new.
        signedIn(first).post("/admin/staff/" + agent, "roles", "AGENT", "roles", "ADMIN", "departments", dept.code);
        assertThat(waitingFor(first, agent)).hasSize(1);
        long id = waiting(first, agent, "ADMIN").get("id").asLong();

        ApiClient.Response approved = as(second).post("/api/staff/grants/" + id + "/approve", "");

        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().get("status").asString()).isEqualTo("APPROVED");
        assertThat(agentApi.get("/api/staff/grants").status()).isEqualTo(200);

        // Now an administrator, they may not approve a role asked for themselves.
        signedIn(first)
                .post(
                        "/admin/staff/" + agent,
                        "roles",
                        "AGENT",
                        "roles",
                        "ADMIN",
                        "roles",
                        "EXECUTIVE",
                        "departments",
                        dept.code);
        long executive = waiting(first, agent, "EXECUTIVE").get("id").asLong();
        ApiClient.Response forThemselves = agentApi.post("/api/staff/grants/" + executive + "/approve", "");
        assertThat(forThemselves.status()).isEqualTo(403);
        assertThat(forThemselves.body()).contains("Nobody approves a role for themselves");

        // Taking the administrator role away applies at once, with no approval; the request they could not approve
        // stays for someone else, and unticking it drops it.
        signedIn(first).post("/admin/staff/" + agent, "roles", "AGENT", "departments", dept.code);
        assertThat(agentApi.get("/api/staff/grants").status()).isEqualTo(403);
        assertThat(waitingFor(first, agent)).isEmpty();
        assertThat(audit(second, agent))
                .anySatisfy(line -> assertThat(line)
                        .startsWith(first + " ROLE_GRANT_DROPPED SUCCESS")
                        .contains("no longer asked for"));
        assertThat(audit(second, agent))
                .anySatisfy(line -> assertThat(line)
                        .startsWith(first + " ROLES_CHANGED SUCCESS")
                        .contains("\"before\":[\"ADMIN\",\"AGENT\"]", "\"after\":[\"AGENT\"]"));
    }

    @Test
    void aWaitingRoleIsDroppedWhenTheAccountOrTheAdministratorWhoAskedIsDeactivated() throws Exception {
        String first = staffWithoutDepartment(Role.ADMIN);
        String second = staffWithoutDepartment(Role.ADMIN);
        String account = "x" + unique().toLowerCase();
        String other = "x" + unique().toLowerCase();
        createOnPage(first, account, null, "EXECUTIVE");
        createOnPage(first, other, null, "EXECUTIVE");
        long forAccount = waiting(second, account, "EXECUTIVE").get("id").asLong();
        long forOther = waiting(second, other, "EXECUTIVE").get("id").asLong();

        assertThat(as(second).post("/api/staff/" + account + "/deactivate", "").status())
                .isEqualTo(200);
        assertThat(waitingFor(second, account)).isEmpty();
        assertThat(as(second)
                        .post("/api/staff/grants/" + forAccount + "/approve", "")
                        .status())
                .isEqualTo(409);
        assertThat(audit(second, account))
                .anySatisfy(line -> assertThat(line)
                        .startsWith(second + " ROLE_GRANT_DROPPED SUCCESS")
                        .contains("the account was deactivated"));

        signedIn(second).post("/admin/staff/" + first + "/deactivate");
        assertThat(waitingFor(second, other)).isEmpty();
        assertThat(as(second)
                        .post("/api/staff/grants/" + forOther + "/approve", "")
                        .status())
                .isEqualTo(409);
        assertThat(audit(second, other))
                .anySatisfy(line -> assertThat(line)
                        .startsWith(second + " ROLE_GRANT_DROPPED SUCCESS")
                        .contains("the administrator who asked was deactivated"));
    }

    @Test
    void aWaitingRoleLapsesAfterSevenDays() throws Exception {
        String first = staffWithoutDepartment(Role.ADMIN);
        String second = staffWithoutDepartment(Role.ADMIN);
        String account = "x" + unique().toLowerCase();
        createOnPage(first, account, null, "ADMIN");
        JsonNode grant = waiting(second, account, "ADMIN");
        assertThat(Duration.between(
                        java.time.Instant.parse(grant.get("requestedAt").asString()),
                        java.time.Instant.parse(grant.get("expiresAt").asString())))
                .isEqualTo(Duration.ofDays(7));

        clock.advance(Duration.ofDays(7).plusMinutes(1));

        ApiClient.Response late =
                as(second).post("/api/staff/grants/" + grant.get("id").asLong() + "/approve", "");
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.body()).contains("no longer waiting");
        assertThat(waitingFor(second, account)).isEmpty();
        assertThat(roleCount(account)).isZero();
        assertThat(audit(second, account))
                .anySatisfy(line -> assertThat(line)
                        .startsWith("(hearken) ROLE_GRANT_DROPPED SUCCESS")
                        .contains("lapsed"));
    }

    @Test
    void reactivatingAnExecutiveAsksForTheRoleAgain() throws Exception {
        Dept dept = department();
        String first = staffWithoutDepartment(Role.ADMIN);
        String second = staffWithoutDepartment(Role.ADMIN);
        String executive = staffWithoutDepartment(Role.EXECUTIVE);
        String confidential = confidentialCase(dept);
        assertThat(as(executive).get("/api/cases/" + confidential).status()).isEqualTo(200);
        signedIn(first).post("/admin/staff/" + executive + "/deactivate");

        FormSession.Page reactivated = signedIn(first).post("/admin/staff/" + executive + "/reactivate");

        assertThat(signedIn(first).flash(reactivated)).contains("can sign in again", "Executive role waits");
        assertThat(as(executive).get("/api/cases/" + confidential).status()).isEqualTo(404);
        long id = waiting(second, executive, "EXECUTIVE").get("id").asLong();
        assertThat(as(second).post("/api/staff/grants/" + id + "/approve", "").status())
                .isEqualTo(200);
        assertThat(as(executive).get("/api/cases/" + confidential).status()).isEqualTo(200);
    }

    @Test
    void rolesGivenByHearkenItselfNeedNoApproval() {
        Dept dept = department();
        String confidential = confidentialCase(dept);
        String executive = staffWithoutDepartment(Role.EXECUTIVE);
        String admin = staffWithoutDepartment(Role.ADMIN);

        assertThat(as(executive).get("/api/cases/" + confidential).status()).isEqualTo(200);
        assertThat(as(admin).get("/api/staff/grants").status()).isEqualTo(200);
        assertThat(waitingFor(admin, executive)).isEmpty();
        assertThat(audit(admin, executive))
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .startsWith("(hearken) STAFF_CREATED SUCCESS")
                        .contains("\"roles\":[\"EXECUTIVE\"]"));
    }

    @Test
    void onlyAdministratorsSeeAndDecideWaitingRolesAndApprovingNeedsAPassword() throws Exception {
        Dept dept = department();
        String first = staffWithoutDepartment(Role.ADMIN);
        String second = staffWithoutDepartment(Role.ADMIN);
        String executive = staffWithoutDepartment(Role.EXECUTIVE);
        String account = "x" + unique().toLowerCase();
        createOnPage(first, account, null, "EXECUTIVE");
        long id = waiting(second, account, "EXECUTIVE").get("id").asLong();

        for (String user : List.of(dept.lead, executive)) {
            assertThat(as(user).get("/api/staff/grants").status()).as(user).isEqualTo(403);
            assertThat(as(user).post("/api/staff/grants/" + id + "/approve", "").status())
                    .as(user)
                    .isEqualTo(403);
            assertThat(as(user).post("/api/staff/grants/" + id + "/refuse", "").status())
                    .as(user)
                    .isEqualTo(403);
            assertThat(signedIn(user)
                            .post("/admin/staff/grants/" + id + "/approve")
                            .status())
                    .as(user)
                    .isEqualTo(403);
        }
        assertThat(anonymous().get("/api/staff/grants").status()).isEqualTo(401);
        // A page form without its CSRF token is refused outright.
        assertThat(signedIn(second)
                        .postWithoutCsrf("/admin/staff/grants/" + id + "/approve")
                        .status())
                .isEqualTo(403);
        // An API token, even one that may act, is not enough to approve.
        String token = as(second)
                .post("/api/tokens", Map.of("name", "grants", "scope", "read-act"))
                .json()
                .get("token")
                .asString();
        ApiClient.Response byToken = ApiClient.bearer(port, token).post("/api/staff/grants/" + id + "/approve", "");
        assertThat(byToken.status()).isEqualTo(403);
        assertThat(byToken.body()).contains("password");
        assertThat(as(second).post("/api/staff/grants/999999999/approve", "").status())
                .isEqualTo(404);
        assertThat(as(second).post("/api/staff/grants/not-a-number/approve", "").status())
                .isEqualTo(400);
        assertThat(waiting(second, account, "EXECUTIVE").get("status").asString())
                .isEqualTo("PENDING");
    }
}
