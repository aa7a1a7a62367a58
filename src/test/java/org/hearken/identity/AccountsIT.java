package org.hearken.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hearken.support.ApiClient;
import org.hearken.support.FormSession;
import org.hearken.support.IntegrationTest;
import org.hearken.support.TestMail;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/**
 * Accounts that sign in with a password: changing one's own, an administrator's one-time link, the second factor
 * (an authenticator app's codes and recovery codes) at sign-in, and the roles that need one.
 */
class AccountsIT extends IntegrationTest {

    private static final String NEW_PASSWORD = "tulip kettle lantern";

    // ---- changing one's own password

    @Test
    void aWrongCurrentPasswordChangesNothing() {
        String agent = staffWithoutDepartment(Role.EXECUTIVE);
        FormSession me = signedIn(agent);
        me.get("/account").expect(200);
        FormSession.Page refused = changePassword(me, "not my password at all", NEW_PASSWORD, NEW_PASSWORD);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.html().select(".field-error").text()).contains("not your current password");
        assertThat(new FormSession(port).signIn(agent, NEW_PASSWORD)).isFalse();
        assertThat(new FormSession(port).signIn(agent, PASSWORD)).isTrue();
        assertThat(audit(agent, "PASSWORD_CHANGED")).containsExactly("FAILURE");
    }

    @Test
    void aCommonPasswordOrTwoDifferentOnesAreRefused() {
        String agent = staffWithoutDepartment(Role.EXECUTIVE);
        FormSession me = signedIn(agent);
        me.get("/account").expect(200);
        FormSession.Page common = changePassword(me, PASSWORD, "Password1234!", "Password1234!");
        assertThat(common.status()).isEqualTo(400);
        assertThat(common.html().select(".field-error").text()).contains("most common");
        FormSession.Page different = changePassword(me, PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "!");
        assertThat(different.html().select(".field-error").text()).contains("not the same");
        assertThat(new FormSession(port).signIn(agent, PASSWORD)).isTrue();
    }

    @Test
    void aNewPasswordReplacesTheOldAndEndsTheOtherSessionsButThisOne() {
        String agent = staffWithoutDepartment(Role.EXECUTIVE);
        FormSession elsewhere = FormSession.signedIn(port, agent, PASSWORD);
        elsewhere.get("/account").expect(200);
        FormSession me = signedIn(agent);
        me.get("/account").expect(200);
        FormSession.Page saved = changePassword(me, PASSWORD, NEW_PASSWORD, NEW_PASSWORD);
        assertThat(saved.location()).isEqualTo("/account");
        assertThat(me.flash(saved)).contains("Your password is changed");
        me.get("/account").expect(200);
        assertThat(elsewhere.get("/account").status()).isEqualTo(302);
        assertThat(new FormSession(port).signIn(agent, PASSWORD)).isFalse();
        assertThat(new FormSession(port).signIn(agent, NEW_PASSWORD)).isTrue();
        assertThat(audit(agent, "PASSWORD_CHANGED")).containsExactly("SUCCESS");
    }

    // ---- an administrator's link

    @Test
    void anAdministratorsLinkSetsANewPasswordOnceAndEndsEverySession() {
        String admin = staffWithoutDepartment(Role.ADMIN);
        String person = staffWithoutDepartment(Role.EXECUTIVE);
        FormSession theirs = FormSession.signedIn(port, person, PASSWORD);
        theirs.get("/account").expect(200);
        String link = resetLink(admin, person);
        String path = link.substring(link.indexOf("/password-reset/"));
        jdbc.sql("select token_hash from identity_password_reset where token_hash like '%'")
                .query(String.class)
                .list()
                .forEach(hash -> assertThat(link).doesNotContain(hash));

        FormSession visitor = new FormSession(port);
        Document form = visitor.get(path).expect(200).html();
        assertThat(form.select("h1").text()).isEqualTo("Set a new password");
        FormSession.Page weak = visitor.post(path, "newPassword", "qwertyuiop123", "confirmPassword", "qwertyuiop123");
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.html().select(".field-error").text()).contains("most common");
        FormSession.Page done = visitor.post(path, "newPassword", NEW_PASSWORD, "confirmPassword", NEW_PASSWORD);
        assertThat(done.location()).isEqualTo("/login?passwordSet");

        assertThat(theirs.get("/account").status()).isEqualTo(302);
        assertThat(new FormSession(port).signIn(person, PASSWORD)).isFalse();
        assertThat(new FormSession(port).signIn(person, NEW_PASSWORD)).isTrue();
        FormSession again = new FormSession(port);
        Document gone = again.get(path).expect(404).html();
        assertThat(gone.select("h1").text()).isEqualTo("This link no longer works");
        assertThat(audit(person, "PASSWORD_RESET")).containsExactly("SUCCESS");
        assertThat(audit(person, "PASSWORD_RESET_LINK_CREATED")).containsExactly("SUCCESS");
    }

    @Test
    void someoneWithAnAddressGetsTheLinkByEmailAndTheAdministratorNeverSeesIt() {
        String admin = staffWithoutDepartment(Role.ADMIN);
        String person = department().staff(Role.AGENT);
        String address = person + "@example.org";
        Document shown = linkPage(admin, person);
        assertThat(shown.select("#password-link-sent").text()).contains(address);
        assertThat(shown.html()).doesNotContain("/password-reset/");

        await().atMost(Duration.ofSeconds(20))
                .until(() -> TestMail.receivedBy(address).size() == 1);
        MimeMessage mail = TestMail.receivedBy(address).getFirst();
        Matcher link = Pattern.compile("/password-reset/[A-Za-z0-9_-]{43}").matcher(TestMail.text(mail));
        assertThat(link.find()).as(TestMail.text(mail)).isTrue();
        FormSession visitor = new FormSession(port);
        visitor.get(link.group()).expect(200);
        assertThat(visitor.post(link.group(), "newPassword", NEW_PASSWORD, "confirmPassword", NEW_PASSWORD)
                        .location())
                .isEqualTo("/login?passwordSet");
        assertThat(new FormSession(port).signIn(person, NEW_PASSWORD)).isTrue();
        // The outbox's copy forgot the link once the mail server had it.
        await().atMost(Duration.ofSeconds(5))
                .until(() -> jdbc.sql(
                                "select body from correspondence_staff_mail where to_address = ? and status = 'SENT'")
                        .param(address)
                        .query(String.class)
                        .optional()
                        .filter(body -> body.contains("/password-reset/[private link, not kept]"))
                        .isPresent());
    }

    @Test
    void aLinkExpiresAfterADayAndAnUnknownOneIsAFriendlyPage() {
        String admin = staffWithoutDepartment(Role.ADMIN);
        String person = staffWithoutDepartment(Role.EXECUTIVE);
        String link = resetLink(admin, person);
        String path = link.substring(link.indexOf("/password-reset/"));
        clock.advance(Duration.ofHours(23));
        new FormSession(port).get(path).expect(200);
        clock.advance(Duration.ofHours(1));
        FormSession late = new FormSession(port);
        late.get(path).expect(404);
        assertThat(late.get("/password-reset/nonsense")
                        .expect(404)
                        .html()
                        .select("h1")
                        .text())
                .isEqualTo("This link no longer works");
        // Posting to a link that no longer works changes nothing either.
        FormSession visitor = new FormSession(port);
        visitor.get("/login");
        assertThat(visitor.post(path, "newPassword", NEW_PASSWORD, "confirmPassword", NEW_PASSWORD)
                        .status())
                .isEqualTo(404);
        assertThat(new FormSession(port).signIn(person, PASSWORD)).isTrue();
    }

    @Test
    void aNewerLinkReplacesTheEarlierOneAndNobodyMakesOneForThemselves() {
        String admin = staffWithoutDepartment(Role.ADMIN);
        String person = staffWithoutDepartment(Role.EXECUTIVE);
        String first = resetLink(admin, person);
        resetLink(admin, person);
        new FormSession(port)
                .get(first.substring(first.indexOf("/password-reset/")))
                .expect(404);

        FormSession self = signedIn(admin);
        self.get("/admin/staff/" + admin).expect(200);
        FormSession.Page refused = self.post("/admin/staff/" + admin + "/password-link");
        assertThat(self.flashError(refused)).contains("Change your own password on your account page");
    }

    // ---- second factor

    @Test
    void settingUpNeedsAValidCodeAndThenEverySignInAsksForOne() {
        String person = staffWithoutDepartment(Role.EXECUTIVE);
        FormSession me = signedIn(person);
        String secret = startSetUp(me);
        FormSession.Page wrong = me.post("/account/two-factor", "code", wrongCode(secret));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.html().select(".flash.error").text()).contains("That code is not right");
        assertThat(me.get("/account/two-factor").html().select("#secret").text().replace(" ", ""))
                .as("the same secret while setting up")
                .isEqualTo(secret);
        Document codes =
                me.post("/account/two-factor", "code", code(secret)).expect(200).html();
        assertThat(codes.select("#recovery-codes li")).hasSize(10);
        assertThat(me.get("/account/two-factor").status())
                .as("never shown again")
                .isEqualTo(302);
        assertThat(me.get("/account").html().select("#second-factor").text()).contains("Set up on");

        clock.advance(Duration.ofSeconds(30));
        FormSession visitor = new FormSession(port);
        assertThat(visitor.signIn(person, PASSWORD)).isTrue();
        FormSession.Page home = visitor.get("/");
        assertThat(home.location()).isEqualTo("/login/code");
        visitor.get("/login/code").expect(200);
        FormSession.Page in = visitor.post("/login/code", "code", code(secret));
        assertThat(in.status()).isEqualTo(302);
        assertThat(in.location()).doesNotContain("login");
        visitor.get("/account").expect(200);
        assertThat(audit(person, "SECOND_FACTOR_ENROLLED")).containsExactly("SUCCESS");
    }

    @Test
    void aSignInWaitingForItsCodeReachesNoOtherPage() {
        String person = staffWithoutDepartment(Role.EXECUTIVE, Role.ADMIN);
        String secret = enrol(person);
        FormSession visitor = new FormSession(port);
        assertThat(visitor.signIn(person, PASSWORD)).isTrue();
        for (String page : List.of("/cases", "/account", "/admin/staff", "/audit", "/notifications", "/reports")) {
            assertThat(visitor.get(page).location()).as(page).isEqualTo("/login/code");
        }
        Document codePage = visitor.get("/login/code").expect(200).html();
        assertThat(codePage.select("nav.mainnav")).isEmpty();
        assertThat(visitor.post("/admin/second-factor", "roles", "AGENT").status())
                .isEqualTo(403);
        assertThat(changePassword(visitor, PASSWORD, NEW_PASSWORD, NEW_PASSWORD).status())
                .isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from identity_second_factor_role")
                        .query(Long.class)
                        .single())
                .isZero();
        // Ten minutes after the password the attempt is over.
        clock.advance(Duration.ofMinutes(11));
        assertThat(visitor.get("/login/code").location()).isEqualTo("/login?expired");
        assertThat(secret).isNotEmpty();
    }

    @Test
    void aCodeIsAcceptedOnceAndWrongCodesAreLimited() {
        String person = staffWithoutDepartment(Role.EXECUTIVE);
        String secret = enrol(person);
        clock.advance(Duration.ofSeconds(30));
        FormSession first = new FormSession(port);
        first.signIn(person, PASSWORD);
        first.get("/login/code");
        String code = code(secret);
        assertThat(first.post("/login/code", "code", code).location()).isEqualTo("/");
        FormSession second = new FormSession(port);
        second.signIn(person, PASSWORD);
        second.get("/login/code");
        FormSession.Page replayed = second.post("/login/code", "code", code);
        assertThat(replayed.status()).as("the same code twice").isEqualTo(400);
        for (int i = 0; i < 4; i++) {
            assertThat(second.post("/login/code", "code", wrongCode(secret)).status())
                    .isEqualTo(400);
        }
        assertThat(second.post("/login/code", "code", code(secret)).location()).isEqualTo("/login?throttled");
        assertThat(audit(person, "SIGN_IN_THROTTLED")).containsExactly("REFUSED");
        clock.advance(Duration.ofMinutes(16));
        FormSession later = new FormSession(port);
        later.signIn(person, PASSWORD);
        later.get("/login/code");
        assertThat(later.post("/login/code", "code", code(secret)).location()).isEqualTo("/");
    }

    @Test
    void aRecoveryCodeSignsInOnce() {
        String person = staffWithoutDepartment(Role.EXECUTIVE);
        FormSession me = signedIn(person);
        String secret = startSetUp(me);
        List<String> codes = me.post("/account/two-factor", "code", code(secret))
                .html()
                .select("#recovery-codes li")
                .eachText();
        FormSession visitor = new FormSession(port);
        visitor.signIn(person, PASSWORD);
        visitor.get("/login/code");
        assertThat(visitor.post("/login/code", "code", codes.get(3).toUpperCase())
                        .location())
                .isEqualTo("/");
        FormSession again = new FormSession(port);
        again.signIn(person, PASSWORD);
        again.get("/login/code");
        assertThat(again.post("/login/code", "code", codes.get(3)).status()).isEqualTo(400);
        assertThat(again.post("/login/code", "code", codes.get(4)).location()).isEqualTo("/");
        assertThat(me.get("/account").html().select("#second-factor").text()).contains("Recovery codes left: 8 of 10");
        assertThat(audit(person, "RECOVERY_CODE_USED")).containsExactly("SUCCESS", "SUCCESS");

        List<String> fresh = me.post("/account/recovery-codes")
                .html()
                .select("#recovery-codes li")
                .eachText();
        assertThat(fresh).hasSize(10).doesNotContainAnyElementsOf(codes);
        FormSession old = new FormSession(port);
        old.signIn(person, PASSWORD);
        old.get("/login/code");
        assertThat(old.post("/login/code", "code", codes.get(5)).status()).isEqualTo(400);
    }

    @Test
    void httpBasicIsRefusedForAnAccountWithASecondFactorExceptForTokensWithACode() {
        String person = staffWithoutDepartment(Role.EXECUTIVE);
        assertThat(as(person).get("/api/tokens").status()).isEqualTo(200);
        String secret = enrol(person);
        ApiClient.Response refused = as(person).get("/api/cases");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body()).contains("second factor").contains("API token");
        assertThat(as(person).get("/api/tokens").status()).isEqualTo(401);
        clock.advance(Duration.ofSeconds(30));
        ApiClient.Response issued = as(person)
                .with(SecondFactorSignIn.CODE_HEADER, code(secret))
                .post("/api/tokens", java.util.Map.of("name", "script"));
        assertThat(issued.status()).isEqualTo(201);
        String token = issued.json().get("token").asString();
        assertThat(ApiClient.bearer(port, token).get("/api/cases").status()).isEqualTo(200);
    }

    @Test
    void anAdministratorRemovesSomeoneElsesSecondFactor() {
        String admin = staffWithoutDepartment(Role.ADMIN);
        String person = staffWithoutDepartment(Role.EXECUTIVE);
        enrol(person);
        FormSession adminPages = signedIn(admin);
        Document page = adminPages.get("/admin/staff/" + person).expect(200).html();
        assertThat(page.select("#sign-in").text()).contains("Set up on");
        FormSession.Page removed = adminPages.post("/admin/staff/" + person + "/second-factor/remove");
        assertThat(adminPages.flash(removed)).contains("Removed");
        assertThat(new FormSession(port).signIn(person, PASSWORD)).isTrue();
        assertThat(as(person).get("/api/cases").status()).isEqualTo(200);
        assertThat(audit(person, "SECOND_FACTOR_REMOVED")).containsExactly("SUCCESS");
    }

    @Test
    void aRoleThatNeedsASecondFactorSendsItsHoldersToSetOneUpFirst() {
        String admin = staffWithoutDepartment(Role.ADMIN);
        // Every test shares the roles, so the requirement is lifted again whatever happens.
        FormSession adminPages = signedIn(admin);
        adminPages.get("/admin/staff").expect(200);
        try {
            FormSession.Page saved = adminPages.post("/admin/second-factor", "roles", "EXECUTIVE");
            assertThat(adminPages.flash(saved)).contains("Saved");
            String person = staffWithoutDepartment(Role.EXECUTIVE);
            FormSession visitor = new FormSession(port);
            assertThat(visitor.signIn(person, PASSWORD)).isTrue();
            assertThat(visitor.get("/cases").location()).isEqualTo("/login/set-up");
            assertThat(as(person).get("/api/cases").status()).isEqualTo(401);
            Document setUp = visitor.get("/login/set-up").expect(200).html();
            assertThat(setUp.select(".flash.info").text()).contains("Your role needs a second factor");
            String secret = setUp.select("#secret").text().replace(" ", "");
            Document codes = visitor.post("/login/set-up", "code", code(secret))
                    .expect(200)
                    .html();
            assertThat(codes.select("#recovery-codes li")).hasSize(10);
            visitor.get("/cases").expect(200);
        } finally {
            adminPages.get("/admin/staff");
            adminPages.post("/admin/second-factor");
        }
        assertThat(jdbc.sql("""
                                select details ->> 'after' from security_audit
                                where actor = ? and action = 'SECOND_FACTOR_ROLES_CHANGED' order by id""").param(admin).query(String.class).list()).containsExactly("[\"EXECUTIVE\"]", "[]");
    }

    // ---- API tokens on the account page

    @Test
    void aPersonWithASecondFactorIssuesUsesAndRevokesAnApiTokenOnTheAccountPage() {
        String person = staffWithoutDepartment(Role.EXECUTIVE);
        String secret = enrol(person);
        assertThat(ApiClient.basic(port, person, PASSWORD).get("/api/tokens").status())
                .as("HTTP Basic is refused for this account")
                .isEqualTo(401);
        FormSession me = new FormSession(port);
        me.signIn(person, PASSWORD);
        me.get("/login/code");
        clock.advance(Duration.ofSeconds(30));
        me.post("/login/code", "code", code(secret));
        me.get("/account").expect(200);

        FormSession.Page refused = me.post("/account/tokens", "name", "  ", "scope", "read", "days", "30");
        assertThat(refused.location()).isEqualTo("/account#api-tokens");
        assertThat(me.flashError(refused)).contains("Give the token a name");
        assertThat(me.flashError(me.post("/account/tokens", "name", "export", "scope", "read", "days", "400")))
                .contains("from 1 to 365 days");

        FormSession.Page issued = me.post("/account/tokens", "name", "nightly export", "scope", "read", "days", "30");
        assertThat(issued.status()).isEqualTo(200);
        assertThat(issued.header("Cache-Control")).contains("no-store");
        String token = issued.html().select("#issued-token").text();
        assertThat(token).startsWith("hk_");
        ApiClient withToken = ApiClient.bearer(port, token);
        assertThat(withToken.get("/api/cases").status()).isEqualTo(200);
        assertThat(aQuestionPostedWith(withToken)).as("a read-only token").isEqualTo(403);

        Document account = me.get("/account").expect(200).html();
        assertThat(account.select("#api-tokens tbody tr").text()).contains("nightly export", "read", "in use");
        assertThat(account.text()).doesNotContain(token);
        String revoke = account.select("#api-tokens tbody form").attr("action");
        assertThat(me.postWithoutCsrf(revoke).status()).isEqualTo(403);
        assertThat(withToken.get("/api/cases").status())
                .as("CSRF refused: still works")
                .isEqualTo(200);
        assertThat(me.flash(me.post(revoke))).contains("revoked");
        assertThat(withToken.get("/api/cases").status()).isEqualTo(401);
        assertThat(me.get("/account").html().select("#api-tokens tbody tr").text())
                .contains("revoked");
        assertThat(audit(person, "API_TOKEN_ISSUED")).containsExactly("SUCCESS");
    }

    @Test
    void nobodyRevokesAnotherPersonsToken() {
        String owner = staffWithoutDepartment(Role.EXECUTIVE);
        String other = staffWithoutDepartment(Role.ADMIN);
        FormSession mine = signedIn(owner);
        mine.get("/account").expect(200);
        String token = mine.post("/account/tokens", "name", "mine", "scope", "read-act", "days", "")
                .html()
                .select("#issued-token")
                .text();
        String revoke =
                mine.get("/account").html().select("#api-tokens tbody form").attr("action");
        FormSession theirs = signedIn(other);
        theirs.get("/account").expect(200);
        assertThat(theirs.flashError(theirs.post(revoke))).contains("not one of yours");
        assertThat(ApiClient.bearer(port, token).get("/api/cases").status()).isEqualTo(200);
    }

    private int aQuestionPostedWith(ApiClient client) {
        return client.post(
                        "/api/cases",
                        java.util.Map.of(
                                "kind", "QUESTION",
                                "channel", "PHONE",
                                "subject", "s",
                                "description", "d",
                                "customer", java.util.Map.of("name", "Ada", "phone", "0400 000 000")),
                        "Idempotency-Key",
                        unique())
                .status();
    }

    @Test
    void everyNewFormNeedsItsCsrfToken() {
        String admin = staffWithoutDepartment(Role.ADMIN);
        String person = staffWithoutDepartment(Role.EXECUTIVE);
        FormSession adminPages = signedIn(admin);
        adminPages.get("/admin/staff");
        for (String form : List.of(
                "/admin/staff/" + person + "/password-link",
                "/admin/staff/" + person + "/second-factor/remove",
                "/admin/second-factor",
                "/account/password",
                "/account/two-factor",
                "/account/recovery-codes")) {
            assertThat(adminPages.postWithoutCsrf(form, "roles", "ADMIN").status())
                    .as(form)
                    .isEqualTo(403);
        }
        String link = resetLink(admin, person);
        String path = link.substring(link.indexOf("/password-reset/"));
        FormSession visitor = new FormSession(port);
        visitor.get(path).expect(200);
        assertThat(visitor.postWithoutCsrf(path, "newPassword", NEW_PASSWORD, "confirmPassword", NEW_PASSWORD)
                        .status())
                .isEqualTo(403);
        String secret = enrol(person);
        FormSession signingIn = new FormSession(port);
        signingIn.signIn(person, PASSWORD);
        signingIn.get("/login/code");
        clock.advance(Duration.ofSeconds(30));
        assertThat(signingIn
                        .postWithoutCsrf("/login/code", "code", code(secret))
                        .status())
                .isEqualTo(403);
        assertThat(new FormSession(port).signIn(person, NEW_PASSWORD)).isFalse();
        assertThat(jdbc.sql("select count(*) from identity_second_factor_role")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    // ---- helpers

    private static FormSession.Page changePassword(FormSession me, String current, String chosen, String repeated) {
        return me.post(
                "/account/password", "currentPassword", current, "newPassword", chosen, "confirmPassword", repeated);
    }

    /** The link an administrator makes for someone without an e-mail address, as the page shows it. */
    private String resetLink(String admin, String person) {
        return linkPage(admin, person).select("#password-link").text();
    }

    /** The page an administrator sees after making a link for someone to set a new password. */
    private Document linkPage(String admin, String person) {
        FormSession adminPages = signedIn(admin);
        adminPages.get("/admin/staff/" + person).expect(200);
        return adminPages
                .post("/admin/staff/" + person + "/password-link")
                .expect(200)
                .html();
    }

    /** Opens the set-up page and returns the secret it shows. */
    private static String startSetUp(FormSession me) {
        return me.get("/account/two-factor")
                .expect(200)
                .html()
                .select("#secret")
                .text()
                .replace(" ", "");
    }

    /** Sets up a second factor for {@code username}, as they would on their account page; returns its secret. */
    private String enrol(String username) {
        FormSession me = FormSession.signedIn(port, username, PASSWORD);
        String secret = startSetUp(me);
        me.post("/account/two-factor", "code", code(secret)).expect(200);
        return secret;
    }

    /** The code an authenticator app shows now, by the application's clock. */
    private String code(String secret) {
        return Totp.code(Totp.key(secret), Totp.step(clock.instant().getEpochSecond()));
    }

    private String wrongCode(String secret) {
        return String.format("%06d", (Integer.parseInt(code(secret)) + 500_000) % 1_000_000);
    }

    private List<String> audit(String username, String action) {
        return jdbc.sql("select outcome from security_audit where target = ? and action = ? order by id")
                .params(username, action)
                .query(String.class)
                .list();
    }
}
