package org.hearken.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.hearken.identity.Role;
import org.hearken.support.ApiClient;
import org.hearken.support.FormSession;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hostile requests over a real socket: bodies far over their limit (declared, or sent in chunks with no declared
 * length), deeply nested documents, text PostgreSQL cannot store and parameters that are not UTF-8. Each must be
 * refused with a 4xx (problem details on the API, the error page elsewhere) before anything is stored.
 */
class RequestBoundsIT extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long FORTY_EIGHT_MB = 48L * 1024 * 1024;

    @Autowired
    JsonMapper json;

    // ---- bodies over their limit ----------------------------------------------------------------------------------

    @Test
    void aJsonBodyDeclaredLargerThanTheLimitIsRefusedBeforeAByteOfItIsSent() {
        Dept dept = department();

        // Only the headers go out: a server that waited for the 48 MB would never answer.
        Raw answer = Raw.send(
                port,
                head("POST", "/api/cases", dept.lead, "application/json", "Content-Length: " + FORTY_EIGHT_MB),
                null);

        assertTooLarge(answer);
        assertThat(countCasesIn(dept.code)).isZero();
    }

    @Test
    void aYamlPolicyDeclaredLargerThanTheLimitIsRefusedBeforeAByteOfItIsSent() {
        String admin = staffWithoutDepartment(Role.ADMIN);
        long versions = policyVersions();

        Raw answer = Raw.send(
                port, head("PUT", "/api/policy", admin, "application/yaml", "Content-Length: " + FORTY_EIGHT_MB), null);

        assertTooLarge(answer);
        assertThat(policyVersions()).isEqualTo(versions);
    }

    @Test
    void aChunkedJsonBodyIsRefusedAsSoonAsItPassesTheLimit() {
        Dept dept = department();
        byte[] start =
                ("{\"kind\":\"COMPLAINT\",\"channel\":\"PHONE\",\"subject\":\"Big\",\"customer\":{\"name\":\"Ada\",\"phone\":\"0400\"},"
                                + "\"department\":\"" + dept.code + "\",\"description\":\"")
                        .getBytes(StandardCharsets.UTF_8);

        // The body never ends: a server that read it whole before refusing it would never answer.
        Raw answer = Raw.send(
                port,
                head("POST", "/api/cases", dept.lead, "application/json", "Transfer-Encoding: chunked"),
                out -> endlessChunks(out, start));

        assertTooLarge(answer);
        assertThat(countCasesIn(dept.code)).isZero();
    }

    @Test
    void aChunkedYamlPolicyIsRefusedAsSoonAsItPassesTheLimit() {
        String admin = staffWithoutDepartment(Role.ADMIN);
        long versions = policyVersions();

        Raw answer = Raw.send(
                port,
                head("PUT", "/api/policy", admin, "application/yaml", "Transfer-Encoding: chunked"),
                out -> endlessChunks(out, "name: big\ndescription: ".getBytes(StandardCharsets.UTF_8)));

        assertTooLarge(answer);
        assertThat(policyVersions()).isEqualTo(versions);
    }

    @Test
    void aChunkedWhatIfRequestIsRefusedAsSoonAsItPassesTheLimit() {
        Dept dept = department();

        Raw answer = Raw.send(
                port,
                head("POST", "/api/whatif", dept.lead, "application/json", "Transfer-Encoding: chunked"),
                out -> endlessChunks(out, "{\"policyYaml\":\"".getBytes(StandardCharsets.UTF_8)));

        assertTooLarge(answer);
    }

    @Test
    void aFormDeclaredLargerThanItsLimitGetsThePageSayingSo() {
        Raw answer = Raw.send(
                port,
                "POST /login HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\nConnection: close\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + FORTY_EIGHT_MB
                        + "\r\n\r\n",
                null);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.body()).contains("Too much to send");
    }

    @Test
    void aChunkedFormLargerThanItsLimitGetsThePageSayingSo() {
        Raw answer = Raw.send(
                port,
                "POST /login HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\nConnection: close\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n",
                out -> finiteChunks(out, "username=".getBytes(StandardCharsets.UTF_8), 5 * 1024 * 1024));

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.body()).contains("Too much to send");
    }

    @Test
    void aPublicFormDeclaredLargerThanTheUploadLimitGetsAPublicPageSayingSo() {
        Raw answer = Raw.send(
                port,
                "POST /public/feedback HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\nConnection: close\r\n"
                        + "Content-Type: multipart/form-data; boundary=xyz\r\nContent-Length: " + FORTY_EIGHT_MB
                        + "\r\n\r\n",
                null);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.body())
                .contains("Too much to send")
                .contains("attach fewer or smaller")
                .doesNotContain("Sign out");
    }

    @Test
    void aChunkedPublicFormLargerThanTheUploadLimitGetsAPublicPageSayingSo() {
        byte[] start = ("--xyz\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"big.txt\"\r\n"
                        + "Content-Type: text/plain\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);

        Raw answer = Raw.send(
                port,
                "POST /public/feedback HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\nConnection: close\r\n"
                        + "Content-Type: multipart/form-data; boundary=xyz\r\nTransfer-Encoding: chunked\r\n\r\n",
                out -> endlessChunks(out, start));

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.body()).contains("Too much to send");
    }

    @Test
    void aMalformedMultipartFormGetsAPageSayingItCouldNotBeRead() {
        String body =
                "--xyz\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nCOMPLAINT\r\n--xyz\r\nno headers and no end";

        Raw answer = Raw.send(
                port,
                "POST /public/feedback HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\nConnection: close\r\n"
                        + "Content-Type: multipart/form-data; boundary=xyz\r\nContent-Length: " + body.length()
                        + "\r\n\r\n" + body,
                null);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("Your form could not be read");
    }

    // ---- deep nesting -----------------------------------------------------------------------------------------------

    @Test
    void aDeeplyNestedJsonDocumentIsABadRequestNotAStackOverflow() {
        Dept dept = department();
        String nested = "{\"kind\":\"COMPLAINT\",\"customer\":" + "[".repeat(200_000) + "]".repeat(200_000) + "}";

        ApiClient.Response answer = dept.as(dept.lead).post("/api/cases", nested);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(countCasesIn(dept.code)).isZero();
    }

    @Test
    void jsonIsReadOnlyToTheConfiguredNestingDepth() {
        String deeperThanAnyHearkenDocument = "[".repeat(65) + "]".repeat(65);

        assertThatThrownBy(() -> json.readTree(deeperThanAnyHearkenDocument))
                .isInstanceOf(StreamConstraintsException.class)
                .hasMessageContaining("nesting depth");
        assertThat(json.readTree("[".repeat(64) + "]".repeat(64)).isArray()).isTrue();
    }

    @Test
    void aDeeplyNestedYamlPolicyIsABadRequestNotAStackOverflow() {
        String admin = staffWithoutDepartment(Role.ADMIN);
        long versions = policyVersions();

        ApiClient.Response answer =
                as(admin).put("/api/policy", "name: " + "[".repeat(100_000) + "]".repeat(100_000), "application/yaml");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("detail").asString()).contains("Nesting Depth");
        assertThat(policyVersions()).isEqualTo(versions);
    }

    // ---- text the database cannot store ----------------------------------------------------------------------------

    @Test
    void aNulCharacterInAnyJsonFieldIsABadRequestNamingTheField() {
        Dept dept = department();
        ApiClient agent = dept.as(dept.lead);

        ApiClient.Response inDescription =
                agent.post("/api/cases", complaint(dept.code, "Green bin\u0000missed", "Ada"));
        ApiClient.Response inCustomerName =
                agent.post("/api/cases", complaint(dept.code, "Green bin missed", "A\u0000da"));

        assertThat(inDescription.status()).isEqualTo(400);
        assertThat(inDescription.json().get("errors").get(0).get("field").asString())
                .isEqualTo("description");
        assertThat(inDescription.json().get("errors").get(0).get("message").asString())
                .contains("NUL");
        assertThat(inCustomerName.status()).isEqualTo(400);
        assertThat(inCustomerName.json().get("errors").get(0).get("field").asString())
                .isEqualTo("customer.name");
        assertThat(countCasesIn(dept.code)).isZero();
    }

    @Test
    void anUnpairedSurrogateIsRefusedRatherThanStoredAsAQuestionMark() {
        Dept dept = department();

        ApiClient.Response answer = dept.as(dept.lead)
                .post(
                        "/api/cases",
                        "{\"kind\":\"COMPLAINT\",\"channel\":\"PHONE\",\"subject\":\"Bin \\ud800 missed\",\"description\":\"d\","
                                + "\"customer\":{\"name\":\"Ada\",\"phone\":\"0400\"},\"department\":\"" + dept.code
                                + "\"}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo("subject");
        assertThat(countCasesIn(dept.code)).isZero();
    }

    @Test
    void aNulOrInvalidUtf8InAQueryParameterIsABadRequest() {
        ApiClient executive = as(staffWithoutDepartment(Role.EXECUTIVE));

        ApiClient.Response nul = executive.get("/api/customers?q=Ada%00Citizen");
        ApiClient.Response notUtf8 = executive.get("/api/customers?q=Ada%C3%28");

        assertThat(nul.status()).isEqualTo(400);
        assertThat(nul.json().get("errors").get(0).get("field").asString()).isEqualTo("q");
        assertThat(notUtf8.status()).isEqualTo(400);
        assertThat(notUtf8.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void aNulOrInvalidUtf8InTheSearchBoxGetsTheErrorPageNotA500() {
        Dept dept = department();
        FormSession agent = new FormSession(port);
        assertThat(agent.signIn(dept.lead, PASSWORD)).isTrue();

        FormSession.Page nul = agent.get("/cases/search?q=bin%00collected");
        FormSession.Page notUtf8 = agent.get("/cases/search?q=bin%C3%28");

        assertThat(nul.status()).isEqualTo(400);
        assertThat(nul.body()).contains("That did not work").contains("NUL");
        assertThat(notUtf8.status()).isEqualTo(400);
        assertThat(notUtf8.body()).contains("That did not work");
    }

    @Test
    void aNulInAStaffFormGetsTheErrorPageAndStoresNothing() {
        Dept dept = department();
        FormSession agent = new FormSession(port);
        assertThat(agent.signIn(dept.lead, PASSWORD)).isTrue();
        agent.get("/cases/new");

        FormSession.Page answer = agent.post(
                "/cases/new",
                FormSession.form(
                        "kind",
                        "COMPLAINT",
                        "channel",
                        "PHONE",
                        "department",
                        dept.code,
                        "subject",
                        "Bin",
                        "description",
                        "Green bin\u0000missed",
                        "customer.name",
                        "Ada",
                        "customer.phone",
                        "0400 000 000"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("description: contains a NUL character");
        assertThat(countCasesIn(dept.code)).isZero();
    }

    @Test
    void anAddressTomcatCannotDecodeIsAProblem400OnTheApiAndAShortPageElsewhere() {
        Dept dept = department();

        ApiClient.Response nul = dept.as(dept.lead).get("/api/cases/HK%00");
        ApiClient.Response notUtf8 = dept.as(dept.lead).get("/api/cases/HK%C3%28");
        Raw page = Raw.send(
                port,
                "GET /cases/HK%00 HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\nConnection: close\r\n\r\n",
                null);

        assertThat(nul.status()).isEqualTo(400);
        assertThat(nul.header("Content-Type")).startsWith("application/problem+json");
        assertThat(nul.json().get("detail").asString()).contains("not acceptable");
        assertThat(notUtf8.status()).isEqualTo(400);
        assertThat(notUtf8.header("Content-Type")).startsWith("application/problem+json");
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("This address is not right").doesNotContain("Apache Tomcat");
    }

    // ---- values the database cannot hold ---------------------------------------------------------------------------

    @Test
    void aReceivedTimeBeforeThePolicyCalendarIsABadRequest() {
        Dept dept = department();
        Map<String, Object> body = complaint(dept.code, "Green bin missed", "Ada");
        body.put("receivedAt", "1900-01-01T00:00:00Z");

        ApiClient.Response answer = dept.as(dept.lead).post("/api/cases", body);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo("receivedAt");
        assertThat(countCasesIn(dept.code)).isZero();
    }

    @Test
    void anExtensionBeyondThePolicyCalendarIsABadRequest() {
        Dept dept = department();
        ApiClient lead = dept.as(dept.lead);
        String reference = lead.post("/api/cases", complaint(dept.code, "Green bin missed", "Ada"))
                .json()
                .get("reference")
                .asString();

        ApiClient.Response answer = lead.post(
                "/api/cases/" + reference + "/extend",
                Map.of("newDueDate", "2300-01-02", "reason", "Waiting for a contractor", "noticeChannel", "VERBAL"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo("newDueDate");
    }

    @Test
    void aDateOutsideWhatTheDatabaseCanHoldIsABadRequest() {
        ApiClient executive = as(staffWithoutDepartment(Role.EXECUTIVE));

        ApiClient.Response cases = executive.get("/api/cases?receivedFrom=-99999-01-01T00:00:00Z");
        ApiClient.Response surveys = executive.get("/api/surveys/results?from=-5000-01-01");

        assertThat(cases.status()).isEqualTo(400);
        assertThat(cases.header("Content-Type")).startsWith("application/problem+json");
        assertThat(surveys.status()).isEqualTo(400);
    }

    @Test
    void aPageAskedForDatesTheDatabaseCannotHoldGetsTheErrorPageNotA500() {
        FormSession executive = new FormSession(port);
        assertThat(executive.signIn(staffWithoutDepartment(Role.EXECUTIVE), PASSWORD))
                .isTrue();

        FormSession.Page page = executive.get("/reports?from=-5000-01-01&to=-4999-06-01");

        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("That did not work").contains("outside what can be stored");
    }

    // ---- helpers
    // ------------------------------------------------------------------------------------------------------

    private static Map<String, Object> complaint(String department, String description, String customerName) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", "COMPLAINT");
        body.put("channel", "PHONE");
        body.put("subject", "Bin not collected");
        body.put("description", description);
        body.put("customer", Map.of("name", customerName, "phone", "0400 000 000"));
        body.put("department", department);
        return body;
    }

    private static void assertTooLarge(Raw answer) {
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.header("content-type")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.get("status").asInt()).isEqualTo(413);
        assertThat(problem.get("type").asString()).isEqualTo("https://hearken.org/problems/too-large");
        assertThat(problem.get("limitBytes").asLong()).isEqualTo(1024 * 1024);
    }

    private String head(String method, String path, String username, String contentType, String lengthHeader) {
        String credentials =
                Base64.getEncoder().encodeToString((username + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        return method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + credentials + "\r\n"
                + "Accept: application/json, application/problem+json\r\nConnection: close\r\nContent-Type: "
                + contentType + "\r\n"
                + lengthHeader + "\r\n\r\n";
    }

    /** The start, then 'x' in 64 KB chunks for ever (until the server hangs up). */
    private static void endlessChunks(OutputStream out, byte[] start) throws IOException {
        chunk(out, start);
        byte[] filler = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
        while (true) {
            chunk(out, filler);
        }
    }

    /** The start, then 'x' up to {@code total} bytes, then the last chunk. */
    private static void finiteChunks(OutputStream out, byte[] start, long total) throws IOException {
        chunk(out, start);
        byte[] filler = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
        for (long sent = start.length; sent < total; sent += filler.length) {
            chunk(out, filler);
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void chunk(OutputStream out, byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private long countCasesIn(String department) {
        return jdbc.sql(
                        "select count(*) from cases c join identity_department d on d.id = c.department_id where d.code = ?")
                .param(department)
                .query(Long.class)
                .single();
    }

    private long policyVersions() {
        return jdbc.sql("select count(*) from policy_version").query(Long.class).single();
    }

    /** One HTTP/1.1 exchange over a plain socket, the body written (if any) while the answer is read. */
    record Raw(int status, Map<String, String> headers, String body) {

        interface Body {
            void write(OutputStream out) throws IOException;
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        static Raw send(int port, String head, Body body) {
            try (Socket socket = new Socket("localhost", port)) {
                // A server that waits for the body instead of answering fails the test here rather than hanging it.
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                Thread writer = body == null
                        ? null
                        : Thread.ofVirtual().start(() -> {
                            try {
                                body.write(out);
                            } catch (IOException hungUp) {
                                // the server answered and closed the connection: what the test expects
                            }
                        });
                Raw answer = read(socket.getInputStream());
                if (writer != null) {
                    socket.close();
                    writer.join();
                }
                return answer;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static Raw read(InputStream in) throws IOException {
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = line(in); !line.isEmpty(); line = line(in)) {
                int colon = line.indexOf(':');
                headers.put(
                        line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).strip());
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (headers.containsKey("content-length")) {
                body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
            } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                for (int size = Integer.parseInt(line(in).strip(), 16);
                        size > 0;
                        size = Integer.parseInt(line(in).strip(), 16)) {
                    body.write(in.readNBytes(size));
                    line(in);
                }
            } else {
                // Delimited by the end of the connection, which Tomcat ends only after it has read (swallowed) some of
                // the unwanted body that this client never sends: a page is read to its end instead.
                for (int b = in.read(); b >= 0; b = in.read()) {
                    body.write(b);
                    if (body.toString(StandardCharsets.UTF_8).endsWith("</html>")) {
                        break;
                    }
                }
            }
            return new Raw(status, headers, body.toString(StandardCharsets.UTF_8));
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("the connection ended in the middle of the answer");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
