package org.hearken.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A visitor of the pages over real HTTP, staff or public: it keeps its cookies (the session's and, before signing in,
 * the CSRF token's; sent by hand, because they are marked Secure, which browsers accept from http://localhost and Java's
 * cookie manager does not), signs in through the sign-in form and sends each form's CSRF token. It may come from a
 * client address of its own ({@code X-Forwarded-For}, trusted from 127.0.0.1 in tests).
 */
public final class FormSession {

    public record Page(int status, String contentType, String body, String location) {}

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    private final String clientAddress;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private String lastCsrf;

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

    /** Signs in through the form; true if the sign-in was accepted. */
    public boolean signIn(String username, String password) {
        String token = csrf(get("/login").body());
        Page result = post("/login", Map.of("username", username, "password", password, "_csrf", token));
        return result.status() == 302 && !result.location().contains("error");
    }

    public Page get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /**
     * Posts a form as a browser does ({@code application/x-www-form-urlencoded}); without a {@code _csrf} field it
     * sends the CSRF token of the last page read, as a browser sends the one in the form it shows.
     */
    public Page post(String path, Map<String, String> fields) {
        Map<String, String> form = new LinkedHashMap<>(fields);
        if (lastCsrf != null) {
            form.putIfAbsent("_csrf", lastCsrf);
        }
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** Posts a form with {@code enctype="multipart/form-data"}: text fields, and files as name → (filename, content). */
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
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
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
            Matcher token = CSRF.matcher(response.body());
            if (token.find()) {
                lastCsrf = token.group(1);
            }
            return new Page(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.body(),
                    response.headers().firstValue("Location").orElse(""));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
