package org.hearken.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * The one visitor of the pages, over real HTTP, staff or public, for every page test: it keeps its cookies (the
 * session's and, before signing in, the CSRF token's; sent by hand, because they are marked Secure, which browsers
 * accept from http://localhost and Java's cookie manager does not), signs in through the sign-in form and sends each
 * form's CSRF token, taken from the last page read, as a browser sends the one in the form it shows. It does not follow
 * redirects unless told ({@link #follow(Page)}), so that a test sees where a form sends it. It may come from a client
 * address of its own ({@code X-Forwarded-For}, trusted from 127.0.0.1 in tests).
 *
 * <pre>{@code
 * FormSession admin = FormSession.signedIn(port, username, PASSWORD);
 * Page saved = admin.post("/admin/staff/" + other, "roles", "AGENT", "roles", "MANAGER");
 * assertThat(saved.location()).isEqualTo("/admin/staff");
 * assertThat(admin.flash(saved)).contains("Saved");
 * Document page = admin.get("/admin/staff").expect(200).html();
 * }</pre>
 */
public final class FormSession {

    /**
     * A response: its status, content type, body (as text), {@code Location} header (or empty; a location on this
     * server as its path, {@code /admin/staff}), all headers, and the body's bytes as sent.
     */
    public record Page(
            int status, String contentType, String body, String location, HttpHeaders headers, byte[] bytes) {

        /** The body parsed as HTML. */
        public Document html() {
            return Jsoup.parse(body);
        }

        /** The first value of a header, or null. */
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** Asserts the status (showing the body if it is another) and returns the page. */
        public Page expect(int status) {
            assertThat(this.status).as(body).isEqualTo(status);
            return this;
        }
    }

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    private final String clientAddress;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private String lastCsrf;
    private boolean signedIn;
    private boolean readsRedirectsLater;
    private String pendingRedirect;

    public FormSession(int port) {
        this(port, null);
    }

    public FormSession(int port, String clientAddress) {
        this.base = "http://localhost:" + port;
        this.clientAddress = clientAddress;
    }

    /** The session cookie's value, or null while the visitor has no session. */
    public String session() {
        return cookies.get("HEARKEN_SESSION");
    }

    /** A visitor signed in through the form as {@code username}; fails the test if the sign-in is refused. */
    public static FormSession signedIn(int port, String username, String password) {
        FormSession visitor = new FormSession(port);
        assertThat(visitor.signIn(username, password))
                .as("sign-in of " + username)
                .isTrue();
        return visitor;
    }

    /** Signs in through the form; true if the sign-in was accepted. */
    public boolean signIn(String username, String password) {
        String token = csrf(get("/login").body());
        Page result = post("/login", Map.of("username", username, "password", password, "_csrf", token));
        boolean accepted = result.status() == 302 && !result.location().contains("error");
        if (accepted) {
            // Signing in changes the CSRF token: the sign-in page's is no good any more.
            lastCsrf = null;
            signedIn = true;
        }
        return accepted;
    }

    /**
     * This visitor, reading the page a form's redirect points to before its next request, as a browser does, unless the
     * test follows it itself ({@link #follow(Page)}, or a {@link #get(String)} of that very page): so a message the
     * application leaves for that page (its flash) is shown there and is not left waiting for a later page.
     */
    public FormSession readingRedirectsLater() {
        readsRedirectsLater = true;
        return this;
    }

    /** Follows a redirect as a browser does, reading the page it points to. */
    public Page follow(Page redirect) {
        assertThat(redirect.status()).as("a redirect: " + redirect.body()).isBetween(300, 399);
        pendingRedirect = null;
        String location = redirect.location();
        return get(location.startsWith(base) ? location.substring(base.length()) : location);
    }

    /** Reads the page of a redirect not followed yet, if this visitor is to. */
    private void readPendingRedirect() {
        String location = pendingRedirect;
        pendingRedirect = null;
        if (location != null) {
            send(HttpRequest.newBuilder(URI.create(location.startsWith("/") ? base + location : location))
                    .GET());
        }
    }

    /**
     * The message of success a form's redirect leaves for the next page (its flash, {@code <div class="flash ok">}),
     * read by following the redirect; empty if the page shows none.
     */
    public String flash(Page redirect) {
        return follow(redirect).html().select(".flash.ok").text();
    }

    /** The message of refusal a form's redirect leaves for the next page ({@code <div class="flash error">}). */
    public String flashError(Page redirect) {
        return follow(redirect).html().select(".flash.error").text();
    }

    public Page get(String path) {
        if (path.equals(pendingRedirect)) {
            // Reading the page the redirect points to is following it.
            pendingRedirect = null;
        }
        readPendingRedirect();
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /**
     * Posts a form given as name, value, name, value, …; a name may come more than once (several checked boxes).
     * Without a {@code _csrf} field it sends the CSRF token of the last page read.
     */
    public Page post(String path, String... fields) {
        List<Map.Entry<String, String>> form = new ArrayList<>();
        for (int i = 0; i + 1 < fields.length; i += 2) {
            form.add(Map.entry(fields[i], fields[i + 1]));
        }
        return postForm(path, form, true, Map.of());
    }

    /** Posts a form (as {@link #post(String, String...)}) with these request headers too, e.g. htmx's {@code HX-Request}. */
    public Page postWith(Map<String, String> headers, String path, String... fields) {
        List<Map.Entry<String, String>> form = new ArrayList<>();
        for (int i = 0; i + 1 < fields.length; i += 2) {
            form.add(Map.entry(fields[i], fields[i + 1]));
        }
        return postForm(path, form, true, headers);
    }

    /** Posts a form with no CSRF token at all, as a forged request from another site would. */
    public Page postWithoutCsrf(String path, String... fields) {
        List<Map.Entry<String, String>> form = new ArrayList<>();
        for (int i = 0; i + 1 < fields.length; i += 2) {
            form.add(Map.entry(fields[i], fields[i + 1]));
        }
        return postForm(path, form, false, Map.of());
    }

    /**
     * Posts a form as a browser does ({@code application/x-www-form-urlencoded}); without a {@code _csrf} field it
     * sends the CSRF token of the last page read, as a browser sends the one in the form it shows.
     */
    public Page post(String path, Map<String, String> fields) {
        return postForm(path, new ArrayList<>(fields.entrySet()), true, Map.of());
    }

    private Page postForm(
            String path, List<Map.Entry<String, String>> fields, boolean withCsrf, Map<String, String> headers) {
        List<Map.Entry<String, String>> form = new ArrayList<>(fields);
        if (withCsrf && form.stream().noneMatch(f -> f.getKey().equals("_csrf"))) {
            String token = currentCsrf();
            if (token != null) {
                form.add(Map.entry("_csrf", token));
            }
        }
        StringBuilder body = new StringBuilder();
        form.forEach(f -> body.append(body.isEmpty() ? "" : "&")
                .append(URLEncoder.encode(f.getKey(), StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(f.getValue(), StandardCharsets.UTF_8)));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        headers.forEach(request::header);
        readPendingRedirect();
        Page page = send(request);
        if (readsRedirectsLater
                && page.status() >= 300
                && page.status() < 400
                && !page.location().isEmpty()) {
            pendingRedirect = page.location();
        }
        return page;
    }

    /** One part of a multipart form: a field (no file name, no content type) or a file. */
    public record Part(String name, String filename, String contentType, byte[] data) {

        public static Part field(String name, String value) {
            return new Part(name, null, null, value.getBytes(StandardCharsets.UTF_8));
        }

        public static Part file(String name, String filename, String contentType, byte[] data) {
            return new Part(name, filename, contentType, data);
        }
    }

    /**
     * Posts a multipart form part by part, with the bytes as given (binary files, the empty file part a browser sends
     * when no file was chosen): exactly these parts, so a CSRF token only if it is one of them.
     */
    public Page postParts(String path, List<Part> parts) {
        String boundary = boundary();
        readPendingRedirect();
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, parts))));
    }

    static String boundary() {
        return "----hearken" + UUID.randomUUID().toString().replace("-", "");
    }

    /** A {@code multipart/form-data} body of these parts, exactly as given. */
    static byte[] multipart(String boundary, List<Part> parts) {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (Part part : parts) {
            String disposition = "form-data; name=\"" + part.name() + "\""
                    + (part.filename() == null ? "" : "; filename=\"" + part.filename() + "\"");
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: " + disposition + "\r\n"
                            + (part.contentType() == null ? "" : "Content-Type: " + part.contentType() + "\r\n")
                            + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(part.data());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    /**
     * Posts a form with {@code enctype="multipart/form-data"}: text fields, and files as name → (filename, content). It
     * sends the fields as given: the form's CSRF token too only if the test puts it among them, so that a test can also
     * send an upload without one.
     */
    public Page postMultipart(String path, Map<String, String> fields, Map<String, Map.Entry<String, String>> files) {
        String boundary = "----hearken" + UUID.randomUUID();
        StringBuilder body = new StringBuilder();
        fields.forEach((k, v) -> body.append("--")
                .append(boundary)
                .append("\r\nContent-Disposition: form-data; name=\"")
                .append(k)
                .append("\"\r\n\r\n")
                .append(v)
                .append("\r\n"));
        files.forEach((k, f) -> body.append("--")
                .append(boundary)
                .append("\r\nContent-Disposition: form-data; name=\"")
                .append(k)
                .append("\"; filename=\"")
                .append(f.getKey())
                .append("\"\r\nContent-Type: application/yaml\r\n\r\n")
                .append(f.getValue())
                .append("\r\n"));
        body.append("--").append(boundary).append("--\r\n");
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)));
    }

    /**
     * The token a browser would send: the last page's; right after signing in, when no page has been read since, the
     * one of a page every member of staff may read.
     */
    private String currentCsrf() {
        if (lastCsrf == null && signedIn) {
            get("/notifications");
        }
        return lastCsrf;
    }

    /** The CSRF token of the first form on a page. */
    public static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no CSRF token on the page:\n" + html);
        }
        return m.group(1);
    }

    public static Map<String, String> form(String... pairs) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            form.put(pairs[i], pairs[i + 1]);
        }
        return form;
    }

    /** A location on this server as the path the application redirects to ({@code /admin/staff}), as MockMvc shows it. */
    private String serverRelative(String location) {
        return location.startsWith(base + "/") ? location.substring(base.length()) : location;
    }

    private static java.nio.charset.Charset charset(HttpHeaders headers) {
        Matcher m = Pattern.compile("charset=\"?([^;\"\\s]+)", Pattern.CASE_INSENSITIVE)
                .matcher(headers.firstValue("Content-Type").orElse(""));
        try {
            return m.find() ? java.nio.charset.Charset.forName(m.group(1)) : StandardCharsets.UTF_8;
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private Page send(HttpRequest.Builder builder) {
        if (!cookies.isEmpty()) {
            builder.header(
                    "Cookie",
                    String.join(
                            "; ",
                            cookies.entrySet().stream()
                                    .map(e -> e.getKey() + "=" + e.getValue())
                                    .toList()));
        }
        if (clientAddress != null) {
            builder.header("X-Forwarded-For", clientAddress);
        }
        builder.header("Accept", "text/html,application/xhtml+xml");
        try {
            HttpResponse<byte[]> raw = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            String text = new String(raw.body(), charset(raw.headers()));
            HttpResponse<byte[]> response = raw;
            response.headers().allValues("Set-Cookie").forEach(c -> {
                String pair = c.split(";", 2)[0];
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    String name = pair.substring(0, eq).strip();
                    String value = pair.substring(eq + 1).strip();
                    // A cookie set empty (or expired at once) is removed, as a browser does.
                    if (value.isEmpty() || c.contains("Max-Age=0")) {
                        cookies.remove(name);
                    } else {
                        cookies.put(name, value);
                    }
                }
            });
            Matcher token = CSRF.matcher(text);
            if (token.find()) {
                lastCsrf = token.group(1);
            }
            return new Page(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    text,
                    serverRelative(response.headers().firstValue("Location").orElse("")),
                    response.headers(),
                    response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
