package org.hearken.intake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * A visitor of the public pages over plain HTTP, as a browser would be: keeps its cookies (also the Secure session
 * cookie, which a browser sends to localhost), comes from its own client address (X-Forwarded-For, trusted from
 * 127.0.0.1 in tests) and sends the form as multipart/form-data with its CSRF token. Redirects are not followed.
 */
final class PublicFormClient {

    record Response(int status, String location, String body, java.net.http.HttpHeaders headers) {
        Document html() {
            return Jsoup.parse(body);
        }
    }

    record File(String name, String contentType, byte[] data) {}

    private static final HttpClient HTTP =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private final String base;
    private final String clientAddress;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    PublicFormClient(int port, String clientAddress) {
        this.base = "http://localhost:" + port;
        this.clientAddress = clientAddress;
    }

    /** A client address no other test uses, in the IPv6 documentation range 2001:db8::/32. */
    static String uniqueAddress() {
        UUID u = UUID.randomUUID();
        return "2001:db8::" + Integer.toHexString((int) (u.getMostSignificantBits() & 0xffff)) + ":"
                + Integer.toHexString((int) (u.getLeastSignificantBits() & 0xffff));
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** Shows the form and returns its hidden fields (the CSRF token and the signed start time). */
    Map<String, String> openForm() {
        Response form = get("/public/feedback");
        if (form.status() != 200) {
            throw new IllegalStateException("the form answered " + form.status());
        }
        Map<String, String> hidden = new LinkedHashMap<>();
        form.html()
                .select("form.public-form input[type=hidden]")
                .forEach(i -> hidden.put(i.attr("name"), i.attr("value")));
        return hidden;
    }

    /** Posts the form: the hidden fields as given (so a test can change or drop them), the fields, and the files. */
    Response post(Map<String, String> hidden, Map<String, String> fields, List<File> files) {
        String boundary = "----hearken" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Map<String, String> all = new LinkedHashMap<>(hidden);
        all.putAll(fields);
        all.forEach((name, value) ->
                part(body, boundary, "form-data; name=\"" + name + "\"", null, value.getBytes(StandardCharsets.UTF_8)));
        if (files.isEmpty()) {
            // A browser sends an empty file part when no file was chosen.
            part(
                    body,
                    boundary,
                    "form-data; name=\"attachments\"; filename=\"\"",
                    "application/octet-stream",
                    new byte[0]);
        }
        for (File f : files) {
            part(
                    body,
                    boundary,
                    "form-data; name=\"attachments\"; filename=\"" + f.name() + "\"",
                    f.contentType(),
                    f.data());
        }
        write(body, "--" + boundary + "--\r\n");
        return send(HttpRequest.newBuilder(URI.create(base + "/public/feedback"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    private static void part(
            ByteArrayOutputStream body, String boundary, String disposition, String contentType, byte[] data) {
        write(
                body,
                "--" + boundary + "\r\nContent-Disposition: " + disposition + "\r\n"
                        + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n") + "\r\n");
        body.writeBytes(data);
        write(body, "\r\n");
    }

    private static void write(ByteArrayOutputStream body, String text) {
        body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private Response send(HttpRequest.Builder builder) {
        builder.header("X-Forwarded-For", clientAddress);
        builder.header("Accept", "text/html,application/xhtml+xml");
        if (!cookies.isEmpty()) {
            builder.header(
                    "Cookie",
                    String.join(
                            "; ",
                            cookies.entrySet().stream()
                                    .map(e -> e.getKey() + "=" + e.getValue())
                                    .toList()));
        }
        try {
            HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            for (String set : response.headers().allValues("Set-Cookie")) {
                String pair = set.split(";", 2)[0];
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    cookies.put(
                            pair.substring(0, eq).strip(),
                            pair.substring(eq + 1).strip());
                }
            }
            return new Response(
                    response.statusCode(),
                    response.headers().firstValue("Location").orElse(null),
                    response.body(),
                    response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
