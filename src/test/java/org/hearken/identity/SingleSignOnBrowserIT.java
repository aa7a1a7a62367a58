package org.hearken.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hearken.support.ApiClient;
import org.hearken.support.BrowserTest;
import org.hearken.support.FormSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Single sign-on against a real OpenID provider ({@link OpenIdProvider}) in Chromium: the authorisation code flow with
 * PKCE over real HTTP, from "Sign in with …" through the provider's sign-in form back to Hearken. A context of its own,
 * since single sign-on changes how everyone signs in; the database is the suite's.
 */
@TestPropertySource(
        properties = {
            // Chromium keeps no Secure cookie from http://127.0.0.1, the address the provider sends people back to
            // (as behind a proxy that serves plain HTTP).
            "server.servlet.session.cookie.secure=false",
            "hearken.sso.enabled=true",
            "hearken.sso.provider-name=Council Login",
            "hearken.sso.client-id=" + OpenIdProvider.CLIENT_ID,
            "hearken.sso.client-secret=" + OpenIdProvider.CLIENT_SECRET,
            "hearken.sso.break-glass-users=" + SingleSignOnBrowserIT.BREAK_GLASS,
            "hearken.sso.groups[0].name=hk-agents",
            "hearken.sso.groups[0].roles=AGENT",
            "hearken.sso.groups[0].departments=SSO_WASTE",
            "hearken.sso.groups[1].name=hk-managers",
            "hearken.sso.groups[1].roles=MANAGER,AGENT",
            "hearken.sso.groups[1].departments=SSO_WASTE,SSO_PARKS",
            "hearken.sso.groups[2].name=hk-executives",
            "hearken.sso.groups[2].roles=EXECUTIVE"
        })
class SingleSignOnBrowserIT extends BrowserTest {

    static final String BREAK_GLASS = "ssobreakglass";

    @DynamicPropertySource
    static void provider(DynamicPropertyRegistry registry) {
        registry.add("hearken.sso.issuer", () -> OpenIdProvider.start().issuer());
    }

    @Autowired
    ApiTokens tokens;

    @Autowired
    StaffUserRepository users;

    private final OpenIdProvider provider = OpenIdProvider.start();

    @BeforeEach
    void organisation() {
        provider.registerHearken(port);
        for (String code : List.of("SSO_WASTE", "SSO_PARKS")) {
            if (!exists("select exists (select 1 from identity_department where code = ?)", code)) {
                accounts.createDepartment(code, "Department " + code, false);
            }
        }
        if (!exists("select exists (select 1 from identity_staff where username = ?)", BREAK_GLASS)) {
            accounts.createStaff(new StaffAccounts.NewStaff(
                    BREAK_GLASS, "Emergency administrator", null, PASSWORD, Set.of(Role.ADMIN), Set.of()));
        }
    }

    @Test
    void firstSignInMakesTheAccountWithTheRolesAndDepartmentsOfItsGroups() {
        String person = "mgr." + unique().toLowerCase();
        provider.person(person, "hk-managers", "not-mapped");

        Page page = page();
        signInWithProvider(page, person);

        assertThat(page.url()).isEqualTo(hearken("/cases/mine"));
        assertThat(page.locator("header").innerText()).contains("Person " + person);
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Department queue"))
                        .count())
                .isEqualTo(1);
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("At risk"))
                        .count())
                .as("managers watch the deadlines")
                .isEqualTo(1);
        assertThat(roles(person)).containsExactly("AGENT", "MANAGER");
        assertThat(departments(person)).containsExactly("SSO_PARKS", "SSO_WASTE");
        assertThat(jdbc.sql("""
                        select a.issuer || ' ' || a.subject from identity_sso_account a
                        join identity_staff s on s.id = a.staff_id where s.username = ?""").param(person).query(String.class).single())
                .isEqualTo(provider.issuer() + " " + person);
        assertThat(jdbc.sql("select email from identity_staff where username = ?")
                        .param(person)
                        .query(String.class)
                        .single())
                .isEqualTo(person + "@council.example.org");
        // The session is the member of staff's, as after a password: found by their username, ended with them.
        assertThat(sessionsOf(person)).isEqualTo(1);
        assertThat(audit(person, "STAFF_CREATED")).contains("\"roles\": [\"AGENT\", \"MANAGER\"]");
        assertThat(audit(person, "SIGN_IN"))
                .contains("\"method\": \"single sign-on\"", "\"accountCreated\": true", "hk-managers")
                .doesNotContain("not-mapped");
        // Their account page: no password here (the provider checks it), and the API token they issue themselves.
        page.navigate(hearken("/account"));
        assertThat(page.locator("main").innerText())
                .contains("You sign in through your organisation's single sign-on")
                .doesNotContain("Change your password");
        page.locator("#token-name").fill("reporting");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Issue token"))
                .click();
        String issued = page.locator("#issued-token").innerText().strip();
        assertThat(issued).startsWith("hk_");
        // The API's rules see the same roles: a manager reads the at-risk list, not the audit log.
        ApiClient api = ApiClient.bearer(port, issued);
        assertThat(api.get("/api/watch/at-risk").status()).isEqualTo(200);
        assertThat(api.get("/api/audit").status()).isEqualTo(403);
    }

    @Test
    void theProviderIsAskedWithPkce() {
        String person = "pkce." + unique().toLowerCase();
        provider.person(person, "hk-agents");
        Page page = page();
        List<String> asked = new CopyOnWriteArrayList<>();
        page.onRequest(request -> {
            if (request.url().startsWith(provider.issuer() + "/oauth2/authorize")) {
                asked.add(request.url());
            }
        });

        signInWithProvider(page, person);

        assertThat(page.url()).isEqualTo(hearken("/cases/mine"));
        assertThat(asked)
                .first()
                .satisfies(url -> assertThat(url)
                        .contains("code_challenge=", "code_challenge_method=S256", "response_type=code", "nonce=")
                        .doesNotContain("code_verifier"));
    }

    @Test
    void everySignInSetsRolesAndDepartmentsFromTheGroupsAgain() {
        String person = "agent." + unique().toLowerCase();
        provider.person(person, "hk-agents");
        signInWithProvider(page(), person);
        assertThat(roles(person)).containsExactly("AGENT");
        ApiClient api = ApiClient.bearer(port, token(person));
        assertThat(api.get("/api/audit").status()).isEqualTo(403);

        provider.person(person, "hk-executives");
        Page later = newContext().newPage();
        signInWithProvider(later, person);

        assertThat(roles(person))
                .as("given at once: the configuration is the approval")
                .containsExactly("EXECUTIVE");
        assertThat(departments(person)).isEmpty();
        assertThat(audit(person, "ROLES_CHANGED")).contains("\"before\": [\"AGENT\"]", "\"after\": [\"EXECUTIVE\"]");
        assertThat(audit(person, "DEPARTMENTS_CHANGED")).contains("SSO_WASTE");
        assertThat(api.get("/api/audit").status())
                .as("the API token follows the new roles")
                .isEqualTo(200);
        assertThat(later.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Audit log"))
                        .count())
                .isEqualTo(1);
        // The change ended the earlier session: only the new one is left.
        assertThat(sessionsOf(person)).isEqualTo(1);
    }

    @Test
    void someoneInNoMappedGroupIsRefusedAndTheirAccountDeactivated() {
        String person = "leaver." + unique().toLowerCase();
        provider.person(person, "hk-agents");
        Page before = page();
        signInWithProvider(before, person);
        String token = token(person);
        assertThat(sessionsOf(person)).isEqualTo(1);

        provider.person(person, "some-other-group");
        Page refused = newContext().newPage();
        signInWithProvider(refused, person);

        assertThat(refused.url()).startsWith(hearken("/login/sso-refused"));
        assertThat(refused.locator("h1").innerText()).isEqualTo("No access to Hearken");
        assertThat(jdbc.sql("select active from identity_staff where username = ?")
                        .param(person)
                        .query(Boolean.class)
                        .single())
                .isFalse();
        assertThat(sessionsOf(person)).as("sessions ended").isZero();
        before.navigate(hearken("/cases/mine"));
        assertThat(before.url()).isEqualTo(hearken("/login"));
        assertThat(audit(person, "STAFF_DEACTIVATED")).contains("\"apiTokensRevoked\": 1");
        assertThat(audit(person, "API_TOKEN_REVOKED")).isNotEmpty();
        assertThat(audit(person, "SIGN_IN_FAILED")).contains("no mapped group", "\"accountDeactivated\": true");
        assertThat(ApiClient.bearer(port, token).get("/api/audit").status()).isEqualTo(401);
    }

    @Test
    void someoneNewInNoMappedGroupGetsNoAccount() {
        String person = "stranger." + unique().toLowerCase();
        provider.person(person);
        Page page = page();
        signInWithProvider(page, person);

        assertThat(page.locator("h1").innerText()).isEqualTo("No access to Hearken");
        assertThat(axe(page)).isEmpty();
        screenshot(page, "sign-in-sso-refused");
        assertThat(exists("select exists (select 1 from identity_staff where username like ?)", person + "%"))
                .isFalse();
        assertThat(audit(person, "SIGN_IN_FAILED")).contains("no mapped group");
    }

    @Test
    void anAccountTheProviderDeactivatedComesBackWithAMappedGroup() {
        String person = "returner." + unique().toLowerCase();
        provider.person(person, "hk-agents");
        signInWithProvider(page(), person);
        provider.person(person);
        signInWithProvider(newContext().newPage(), person);
        provider.person(person, "hk-agents");

        Page back = newContext().newPage();
        signInWithProvider(back, person);

        assertThat(back.url()).isEqualTo(hearken("/cases/mine"));
        assertThat(audit(person, "STAFF_REACTIVATED")).isNotEmpty();
        assertThat(roles(person)).containsExactly("AGENT");
    }

    @Test
    void anAccountAnAdministratorDeactivatedStaysDeactivated() {
        String person = "dismissed." + unique().toLowerCase();
        provider.person(person, "hk-agents");
        signInWithProvider(page(), person);
        accounts.deactivate(person);

        Page again = newContext().newPage();
        signInWithProvider(again, person);

        assertThat(again.locator("h1").innerText()).isEqualTo("Your account is deactivated");
        assertThat(audit(person, "SIGN_IN_FAILED")).contains("account deactivated in Hearken");
    }

    @Test
    void passwordsAreRefusedExceptForTheBreakGlassAccounts() {
        String local = staffWithoutDepartment(Role.AGENT);
        FormSession visitor = new FormSession(port);
        assertThat(visitor.signIn(local, PASSWORD)).isFalse();
        assertThat(visitor.get("/login?error").html().text())
                .contains("Passwords are only for the emergency administrator accounts");
        assertThat(as(local).get("/api/cases").status()).isEqualTo(401);
        assertThat(audit(local, "SIGN_IN_FAILED")).contains("password sign-in is off");

        assertThat(new FormSession(port).signIn(BREAK_GLASS, PASSWORD)).isTrue();
        assertThat(as(BREAK_GLASS).get("/api/audit").status()).isEqualTo(200);
        // API tokens work as before.
        assertThat(ApiClient.bearer(port, token(local)).get("/api/cases").status())
                .isEqualTo(200);
    }

    @Test
    void theSignInPageOffersTheProvider() {
        Page page = page();
        page.navigate(hearken("/login"));
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sign in with Council Login"))
                        .getAttribute("href"))
                .isEqualTo("/oauth2/authorization/sso");
        assertThat(axe(page)).isEmpty();
        screenshot(page, "sign-in-sso");

        // Going to the provider keeps what was asked in the database, under a cookie: no session for it.
        Set<String> sessionsBefore = sessionIds();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sign in with Council Login"))
                .click();
        page.waitForURL(url -> url.startsWith(provider.issuer() + "/login"));
        assertThat(sessionIds()).as("sessions written").isEqualTo(sessionsBefore);
        assertThat(page.context().cookies(hearken("/")))
                .extracting(cookie -> cookie.name)
                .contains(SsoPendingSignIns.COOKIE)
                .doesNotContain("HEARKEN_SESSION");
    }

    /** Clicks "Sign in with …" on Hearken's sign-in page, signs in at the provider and waits to be back. */
    private void signInWithProvider(Page page, String person) {
        page.navigate(hearken("/login"));
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sign in with Council Login"))
                .click();
        page.waitForURL(url -> url.startsWith(provider.issuer() + "/login"));
        page.locator("#username").fill(person);
        page.locator("#password").fill(OpenIdProvider.PASSWORD);
        page.locator("button[type=submit]").click();
        page.waitForURL(url -> url.startsWith(hearken("/")) && !url.contains("/login/oauth2/"));
    }

    /** Hearken as the browser reaches it: 127.0.0.1, the address the provider sends people back to. */
    private String hearken(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private String token(String username) {
        Actor actor = users.findByUsername(username).orElseThrow().actor();
        return tokens.issue(actor, "test", ApiTokens.Scope.READ, 30).token();
    }

    private Set<String> roles(String username) {
        return new TreeSet<>(jdbc.sql("""
                        select r.role from identity_staff_role r join identity_staff s on s.id = r.staff_id
                        where s.username = ?""").param(username).query(String.class).list());
    }

    private Set<String> departments(String username) {
        return new TreeSet<>(jdbc.sql("""
                        select d.code from identity_membership m join identity_department d on d.id = m.department_id
                        join identity_staff s on s.id = m.staff_id where s.username = ?""").param(username).query(String.class).list());
    }

    private int sessionsOf(String username) {
        return jdbc.sql("select count(*) from spring_session where principal_name = ?")
                .param(username)
                .query(Integer.class)
                .single();
    }

    /** The details of the security audit log's entries of one action about someone, all together. */
    private String audit(String target, String action) {
        return String.join(
                "\n",
                jdbc.sql("select coalesce(details::text, '{}') from security_audit where target = ? and action = ?")
                        .params(target, action)
                        .query(String.class)
                        .list());
    }

    private boolean exists(String sql, String value) {
        return jdbc.sql(sql).param(value).query(Boolean.class).single();
    }
}
