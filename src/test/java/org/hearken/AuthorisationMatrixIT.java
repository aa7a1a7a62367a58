package org.hearken;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.hearken.identity.Role;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Tries every endpoint the application maps (read from Spring MVC's handler mappings, not from a hand-kept list) as
 * every role, against a case of the caller's own department, of another department, a confidential one and one about
 * the caller, through the API and the pages. A leak is: a success answer on an endpoint naming a case the caller may
 * not see; a list, search or export that shows such a case's contents or points to it; or any change to such a case.
 */
class AuthorisationMatrixIT extends IntegrationTest {

    private static final Pattern VARIABLE = Pattern.compile("\\{\\*?([A-Za-z0-9_]+)(?::[^}]*)?}");
    private static final Set<String> CASE_VARIABLES = Set.of("reference", "ref", "caseReference");
    private static final Set<RequestMethod> MUTATING =
            Set.of(RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE);

    @Autowired
    private ApplicationContext context;

    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /** A case the test knows everything about, and the markers that appear only in its contents. */
    record Target(String label, String reference, long id, long customerId, String marker) {}

    /** What the audit log shows in place of a case the reader may not open (found by other filters than its reference). */
    private static final String NOT_OPEN = "(a case you may not open)";

    /** A signed-in caller: HTTP Basic for the API, a session with its CSRF token for the pages. */
    final class Caller {
        final String label;
        final String username;
        /** The cookies (session, CSRF), kept by hand: they are Secure, which java.net's cookie store withholds from http://localhost. */
        final Map<String, String> cookies = new LinkedHashMap<>();

        String csrf;
        /** An API token: checked without hashing a password on every one of the many calls. */
        String token;

        Caller(String label, String username) {
            this.label = label;
            this.username = username;
        }

        HttpResponse<String> browse(HttpRequest.Builder request) throws IOException, InterruptedException {
            if (!cookies.isEmpty()) {
                request.header(
                        "Cookie",
                        cookies.entrySet().stream()
                                .map(c -> c.getKey() + "=" + c.getValue())
                                .collect(Collectors.joining("; ")));
            }
            HttpResponse<String> response = send(http, request);
            for (String c : response.headers().allValues("Set-Cookie")) {
                String pair = c.substring(0, c.contains(";") ? c.indexOf(';') : c.length());
                cookies.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
            return response;
        }

        void signIn() throws Exception {
            if (username == null) {
                return;
            }
            String token = csrfFrom(browse(get("/login")).body());
            HttpResponse<String> login = browse(HttpRequest.newBuilder(uri("/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            form(Map.of("username", username, "password", PASSWORD, "_csrf", token)))));
            assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");
            HttpResponse<String> home = browse(get("/"));
            assertThat(home.headers().firstValue("Location").orElse(""))
                    .as("signed in")
                    .doesNotContain("/login");
            csrf = csrfFrom(browse(get("/login")).body());
            this.token = as(username)
                    .post("/api/tokens", Map.of("name", "matrix", "scope", "read-act"))
                    .json()
                    .get("token")
                    .asString();
        }
    }

    record Endpoint(RequestMethod method, String pattern) {
        boolean api() {
            return pattern.startsWith("/api/");
        }

        boolean namesCase() {
            Matcher m = VARIABLE.matcher(pattern);
            while (m.find()) {
                if (CASE_VARIABLES.contains(m.group(1))) {
                    return true;
                }
            }
            return false;
        }
    }

    @Test
    void noRoleSeesOrChangesACaseItMayNotSeeOnAnyEndpoint() throws Exception {
        Dept own = department();
        Dept other = department();
        String agent = own.staff(Role.AGENT);
        String otherAgent = other.staff(Role.AGENT);
        String otherManager = other.staff(Role.MANAGER);
        String admin = staffWithoutDepartment(Role.ADMIN);
        String executive = staffWithoutDepartment(Role.EXECUTIVE);

        Target ownCase = open("own", own.lead, own.code, agent, false, List.of());
        Target otherCase = open("other-department", other.lead, other.code, null, false, List.of());
        Target confidential = open("confidential", own.lead, own.code, null, true, List.of());
        Target aboutAgent = open("about-the-agent", own.lead, own.code, null, false, List.of(agent));
        Target aboutExecutive = open("about-the-executive", own.lead, own.code, null, false, List.of(executive));
        List<Target> targets = List.of(ownCase, otherCase, confidential, aboutAgent, aboutExecutive);

        // Who must NOT see which case: the oracle, written out by hand from the rules, not computed by the code under
        // test.
        Map<String, Set<Target>> hidden = new LinkedHashMap<>();
        hidden.put("agent", Set.of(otherCase, confidential, aboutAgent));
        hidden.put("other-agent", Set.of(ownCase, confidential, aboutAgent, aboutExecutive));
        hidden.put("other-manager", Set.of(ownCase, confidential, aboutAgent, aboutExecutive));
        hidden.put("admin", Set.of(confidential));
        hidden.put("executive", Set.of(aboutExecutive));
        hidden.put("anonymous", Set.copyOf(targets));
        Map<String, String> usernames = new LinkedHashMap<>();
        usernames.put("agent", agent);
        usernames.put("other-agent", otherAgent);
        usernames.put("other-manager", otherManager);
        usernames.put("admin", admin);
        usernames.put("executive", executive);
        usernames.put("anonymous", null);

        // The oracle agrees with what the callers can open directly, so the matrix tests the rules it claims to.
        for (var entry : usernames.entrySet()) {
            if (entry.getValue() == null) {
                continue;
            }
            for (Target t : targets) {
                int status =
                        as(entry.getValue()).get("/api/cases/" + t.reference).status();
                assertThat(status)
                        .as(entry.getKey() + " opening " + t.label)
                        .isEqualTo(hidden.get(entry.getKey()).contains(t) ? 404 : 200);
            }
        }

        List<Endpoint> endpoints = endpoints();
        Map<Long, String> before = fingerprints(targets);
        List<String> leaks = new ArrayList<>();
        int requests = 0;
        for (var entry : usernames.entrySet()) {
            Caller caller = new Caller(entry.getKey(), entry.getValue());
            caller.signIn();
            for (Target t : hidden.get(entry.getKey())) {
                for (Endpoint e : endpoints) {
                    if (!e.namesCase() && (MUTATING.contains(e.method()) && caller.username != null)) {
                        continue; // creating and configuring are role questions, not this case's visibility
                    }
                    for (String path : paths(e, t, own.code)) {
                        for (boolean viaApiAuth : e.api() ? List.of(true) : List.of(false)) {
                            HttpResponse<String> response = call(caller, e, path, t, own.code, viaApiAuth);
                            requests++;
                            String leak = leak(caller, e, path, t, response);
                            if (leak != null) {
                                leaks.add(leak);
                            }
                        }
                    }
                }
            }
        }
        // Confidential cases and complaints about staff have entries in the audit log from the moment they are opened.
        requests += auditLog(
                usernames,
                targets,
                Set.of(confidential, aboutAgent, aboutExecutive),
                hidden,
                Map.of("agent", aboutAgent, "executive", aboutExecutive),
                leaks);
        Map<Long, String> after = fingerprints(targets);
        for (Target t : targets) {
            if (!before.get(t.id).equals(after.get(t.id))) {
                leaks.add("case " + t.label + " changed: " + before.get(t.id) + " -> " + after.get(t.id));
            }
        }
        long caseEndpoints = endpoints.stream().filter(Endpoint::namesCase).count();
        System.out.printf(
                "authorisation matrix: endpoints=%d (naming a case: %d) roles=%d cases=%d requests=%d leaks=%d%n",
                endpoints.size(), caseEndpoints, usernames.size(), targets.size(), requests, leaks.size());
        assertThat(leaks).as("leaks").isEmpty();
        assertThat(caseEndpoints).isGreaterThan(15);
    }

    // ---- the audit log
    // -----------------------------------------------------------------------------------------------

    /**
     * The security audit log, asked about each case by its reference (API, CSV and page): only executives and
     * administrators may read it, and nobody may find in it the entries of a complaint about themselves. Readers must
     * find the entries of the other cases, so that the check is not passed by an empty answer.
     */
    private int auditLog(
            Map<String, String> usernames,
            List<Target> targets,
            Set<Target> audited,
            Map<String, Set<Target>> hidden,
            Map<String, Target> aboutCaller,
            List<String> leaks)
            throws Exception {
        int requests = 0;
        for (var entry : usernames.entrySet()) {
            Caller caller = new Caller(entry.getKey(), entry.getValue());
            caller.signIn();
            boolean reader = entry.getKey().equals("admin") || entry.getKey().equals("executive");
            for (Target t : targets) {
                String ref = URLEncoder.encode(t.reference, StandardCharsets.UTF_8);
                for (String path : List.of(
                        "/api/audit?target=" + ref, "/api/audit/export.csv?target=" + ref, "/audit?target=" + ref)) {
                    HttpRequest.Builder request =
                            HttpRequest.newBuilder(uri(path)).GET();
                    boolean api = path.startsWith("/api/");
                    if (api && caller.username != null) {
                        request.header("Authorization", "Bearer " + caller.token);
                    }
                    HttpResponse<String> response = api ? send(http, request) : caller.browse(request);
                    requests++;
                    String where =
                            caller.label + " GET " + path + " on the " + t.label + " case -> " + response.statusCode();
                    boolean ok = response.statusCode() >= 200 && response.statusCode() < 300;
                    String body = response.body() == null ? "" : response.body();
                    // The page repeats the filter in its form; an entry shows the reference as a table cell.
                    boolean shown = api ? body.contains(t.reference) : body.contains(">" + t.reference + "<");
                    if (ok && !reader) {
                        leaks.add(where + ": the audit log answered someone who may not read it");
                    } else if (ok && t.equals(aboutCaller.get(entry.getKey())) && (shown || body.contains(NOT_OPEN))) {
                        leaks.add(where + ": the audit log shows an entry of a complaint about the reader");
                    } else if (ok && hidden.get(entry.getKey()).contains(t) && shown) {
                        leaks.add(where + ": the audit log names a case the reader may not open");
                    } else if (ok && hidden.get(entry.getKey()).contains(t) && body.contains(NOT_OPEN)) {
                        leaks.add(
                                where
                                        + ": asked by its reference, the audit log confirms entries of a case the reader may not open");
                    } else if (reader
                            && audited.contains(t)
                            && !hidden.get(entry.getKey()).contains(t)
                            && !shown) {
                        leaks.add(where + ": the reader found no entry of this case, so the check tested nothing");
                    }
                    if (body.contains(t.marker)) {
                        leaks.add(where + ": the audit log shows the case's contents");
                    }
                }
            }
        }
        return requests;
    }

    // ---- the cases
    // ---------------------------------------------------------------------------------------------------

    private Target open(
            String label, String by, String department, String owner, boolean confidential, List<String> about) {
        String marker = "MATRIX" + unique();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", "COMPLAINT");
        body.put("channel", "POSTAL");
        body.put("subject", "Subject " + marker);
        body.put("description", "Description " + marker);
        body.put(
                "customer",
                Map.of(
                        "name",
                        "Customer " + marker,
                        "email",
                        marker.toLowerCase() + "@example.net",
                        "postalAddress",
                        "1 " + marker + " Street, Sydney NSW 2000"));
        body.put("department", department);
        if (owner != null) {
            body.put("owner", owner);
        }
        body.put("confidential", confidential);
        body.put("aboutStaff", about);
        var created = as(by).post("/api/cases", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String reference = created.json().get("reference").asString();
        long id = jdbc.sql("select id from cases where reference = ?")
                .param(reference)
                .query(Long.class)
                .single();
        long customer = jdbc.sql("select customer_id from cases where id = ?")
                .param(id)
                .query(Long.class)
                .single();
        return new Target(label, reference, id, customer, marker);
    }

    /** Everything that would change if the case were touched: its version and the number of its register events. */
    private Map<Long, String> fingerprints(List<Target> targets) {
        Map<Long, String> prints = new LinkedHashMap<>();
        for (Target t : targets) {
            prints.put(t.id, jdbc.sql("""
                            select c.version || '/' || (select count(*) from register_event e where e.case_reference = c.reference)
                                   || '/' || c.status || '/' || c.owner_id || '/' || array_to_string(c.named_staff, ',')
                            from cases c where c.id = ?""").param(t.id).query(String.class).single());
        }
        return prints;
    }

    // ---- the endpoints
    // -----------------------------------------------------------------------------------------------

    private List<Endpoint> endpoints() {
        Set<Endpoint> all = new LinkedHashSet<>();
        for (RequestMappingHandlerMapping mapping :
                context.getBeansOfType(RequestMappingHandlerMapping.class).values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<String> patterns = info.getPathPatternsCondition() != null
                        ? info.getPathPatternsCondition().getPatternValues()
                        : info.getPatternValues();
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (String pattern : patterns) {
                    for (RequestMethod method :
                            methods.isEmpty() ? Set.of(RequestMethod.GET, RequestMethod.POST) : methods) {
                        if (method == RequestMethod.GET || MUTATING.contains(method)) {
                            all.add(new Endpoint(method, pattern));
                        }
                    }
                }
            }
        }
        List<Endpoint> sorted = new ArrayList<>(all);
        sorted.sort((a, b) -> (a.pattern + a.method).compareTo(b.pattern + b.method));
        return sorted;
    }

    /** The concrete paths to try: every id of something that belongs to the case, for each variable. */
    private List<String> paths(Endpoint e, Target t, String departmentCode) {
        List<String> paths = new ArrayList<>(List.of(e.pattern));
        Matcher m = VARIABLE.matcher(e.pattern);
        while (m.find()) {
            String variable = m.group(0);
            List<String> values = values(m.group(1), e.pattern, t, departmentCode);
            List<String> next = new ArrayList<>();
            for (String p : paths) {
                for (String v : values) {
                    next.add(p.replace(variable, URLEncoder.encode(v, StandardCharsets.UTF_8)));
                }
            }
            paths = next;
        }
        return paths;
    }

    private List<String> values(String variable, String pattern, Target t, String departmentCode) {
        if (CASE_VARIABLES.contains(variable)) {
            return List.of(t.reference);
        }
        if (pattern.contains("/customers/")) {
            return List.of(String.valueOf(t.customerId));
        }
        Set<String> ids = new TreeSet<>();
        ids.add(String.valueOf(t.id));
        ids.addAll(idsOf("select id::text from correspondence_message where case_id = ?", t.id));
        ids.addAll(idsOf("select id::text from correspondence_letter where case_id = ?", t.id));
        ids.addAll(idsOf("select id::text from case_remedy where case_id = ?", t.id));
        return switch (variable) {
            case "code", "department" -> List.of(departmentCode);
            case "username" -> List.of("nobody");
            case "token" -> List.of("AAAAAAAAAAAAAAAAAAAAAA");
            default -> List.copyOf(ids);
        };
    }

    private List<String> idsOf(String sql, long caseId) {
        try {
            return jdbc.sql(sql).param(caseId).query(String.class).list();
        } catch (RuntimeException missingTable) {
            return List.of();
        }
    }

    // ---- calling
    // -----------------------------------------------------------------------------------------------------

    private HttpResponse<String> call(
            Caller caller, Endpoint e, String path, Target t, String departmentCode, boolean api) throws Exception {
        String query = "q=" + URLEncoder.encode(t.reference, StandardCharsets.UTF_8) + "&reference="
                + URLEncoder.encode(t.reference, StandardCharsets.UTF_8) + "&customerId=" + t.customerId + "&limit=200";
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri(path + (e.method() == RequestMethod.GET ? "?" + query : "")));
        if (api && caller.username != null) {
            request.header("Authorization", "Bearer " + caller.token);
        }
        if (e.method() == RequestMethod.GET) {
            return api ? send(http, request.GET()) : caller.browse(request.GET());
        }
        HttpRequest.BodyPublisher body;
        if (api) {
            request.header("Content-Type", "application/json");
            body = HttpRequest.BodyPublishers.ofString(jsonBody(path, departmentCode));
        } else {
            request.header("Content-Type", "application/x-www-form-urlencoded");
            Map<String, String> fields = new LinkedHashMap<>(formBody(departmentCode));
            if (caller.csrf != null) {
                fields.put("_csrf", caller.csrf);
            }
            body = HttpRequest.BodyPublishers.ofString(form(fields));
        }
        return api
                ? send(http, request.method(e.method().name(), body))
                : caller.browse(request.method(e.method().name(), body));
    }

    /** A body that would be valid for the action, so that refusals come from the access rules, not from validation. */
    private static String jsonBody(String path, String departmentCode) {
        String action = path.substring(path.lastIndexOf('/') + 1);
        return switch (action) {
            case "acknowledge" -> "{\"via\":\"PHONE_CALL\"}";
            case "refer" -> "{\"department\":\"" + departmentCode + "\",\"note\":\"matrix\"}";
            case "decline-referral" -> "{\"reason\":\"matrix\"}";
            case "assign" -> "{\"owner\":\"nobody\"}";
            case "interim-response" -> "{\"channel\":\"EMAIL\",\"message\":\"matrix\",\"expectedBy\":\"2099-01-05\"}";
            case "respond" ->
                "{\"channel\":\"EMAIL\",\"analysis\":\"matrix\",\"resolution\":\"matrix\",\"outcome\":\"UPHELD\"}";
            case "remedies" -> "{\"type\":\"APOLOGY\",\"description\":\"matrix\"}";
            case "extend" -> "{\"newDueDate\":\"2099-01-05\",\"reason\":\"matrix\",\"customerNotice\":\"matrix\"}";
            case "close", "accept-referral" -> "{\"note\":\"matrix\"}";
            case "reopen", "request-review" -> "{\"reason\":\"matrix\"}";
            case "reclassify" -> "{\"kind\":\"QUESTION\",\"reason\":\"matrix\"}";
            case "named-staff", "about-staff", "remove-about-staff" ->
                "{\"username\":\"nobody\",\"reason\":\"matrix\"}";
            default -> "{\"note\":\"matrix\",\"reason\":\"matrix\",\"text\":\"matrix\"}";
        };
    }

    private static Map<String, String> formBody(String departmentCode) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("via", "PHONE_CALL");
        fields.put("channel", "EMAIL");
        fields.put("department", departmentCode);
        fields.put("note", "matrix");
        fields.put("reason", "matrix");
        fields.put("message", "matrix");
        fields.put("analysis", "matrix");
        fields.put("resolution", "matrix");
        fields.put("outcome", "RESOLVED");
        fields.put("customerNotice", "matrix");
        fields.put("newDueDate", "2099-01-05");
        fields.put("expectedBy", "2099-01-05");
        return fields;
    }

    private String leak(Caller caller, Endpoint e, String path, Target t, HttpResponse<String> response) {
        int status = response.statusCode();
        String body = response.body() == null ? "" : response.body();
        String location = response.headers().firstValue("Location").orElse("");
        String where = caller.label + " " + e.method() + " " + path + " on the " + t.label + " case -> " + status;
        if (caller.username != null
                && !e.api()
                && URI.create(location.isEmpty() ? "/" : location).getPath().equals("/login")) {
            return where + ": the signed-in caller lost their session, so this request tested nothing";
        }
        if (body.contains(t.marker)) {
            return where + ": the answer shows the case's contents";
        }
        if (e.namesCase() && status >= 200 && status < 300) {
            return where + ": success on a case the caller may not see";
        }
        if (!e.namesCase()
                && URI.create(location.isEmpty() ? "/" : location).getPath().contains(t.reference)) {
            return where + ": redirects to the case (" + location + ")";
        }
        if (caller.username == null && status >= 200 && status < 300 && !isPublic(e.pattern)) {
            return where + ": answered an anonymous caller";
        }
        return null;
    }

    private static boolean isPublic(String pattern) {
        return pattern.startsWith("/public")
                || pattern.equals("/login")
                || pattern.equals("/error")
                || pattern.startsWith("/api/openapi")
                || pattern.startsWith("/api/docs")
                || pattern.startsWith("/v3/api-docs")
                || pattern.startsWith("/swagger-ui");
    }

    // ---- plumbing
    // ----------------------------------------------------------------------------------------------------

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(uri(path)).GET();
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String csrfFrom(String html) {
        Matcher m = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"|name=\"_csrf\" value=\"([^\"]+)\"")
                .matcher(html);
        assertThat(m.find()).as("a CSRF token on the page").isTrue();
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(f -> URLEncoder.encode(f.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(f.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
