package org.hearken.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small real HTTP client for the running application, signed in as one member of staff (or anonymous). */
public final class ApiClient {

    public record Response(int status, java.net.http.HttpHeaders headers, String body) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    /** A file as served: status, headers and the bytes. */
    public record Download(int status, java.net.http.HttpHeaders headers, byte[] bytes) {
        public String header(String name) {
            return headers.firstValue(name).orElse("");
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String base;
    private final String authorization;
    private final java.util.List<String> extraHeaders;

    private ApiClient(String base, String authorization) {
        this(base, authorization, java.util.List.of());
    }

    private ApiClient(String base, String authorization, java.util.List<String> extraHeaders) {
        this.base = base;
        this.authorization = authorization;
        this.extraHeaders = extraHeaders;
    }

    /** The same client, sending this header on every request too (e.g. {@code X-Forwarded-For} to come from another address). */
    public ApiClient with(String header, String value) {
        java.util.List<String> headers = new java.util.ArrayList<>(extraHeaders);
        headers.add(header);
        headers.add(value);
        return new ApiClient(base, authorization, java.util.List.copyOf(headers));
    }

    public static ApiClient anonymous(int port) {
        return new ApiClient("http://localhost:" + port, null);
    }

    public static ApiClient basic(int port, String username, String password) {
        return new ApiClient(
                "http://localhost:" + port,
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    public static ApiClient bearer(int port, String token) {
        return new ApiClient("http://localhost:" + port, "Bearer " + token);
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), null);
    }

    public Response post(String path, Object body, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).POST(publisher(body)), "application/json", headers);
    }

    public Response put(String path, String body, String contentType, String... headers) {
        return send(
                HttpRequest.newBuilder(URI.create(base + path)).PUT(HttpRequest.BodyPublishers.ofString(body)),
                contentType,
                headers);
    }

    /** Posts a {@code multipart/form-data} body of exactly these parts (fields and files). */
    public Response postParts(String path, java.util.List<FormSession.Part> parts) {
        String boundary = FormSession.boundary();
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(FormSession.multipart(boundary, parts))),
                "multipart/form-data; boundary=" + boundary);
    }

    /** Any method, any body (or none when {@code body} is null) and content type, as a browser form or a script might send. */
    public Response send(String method, String path, String body, String contentType, String... headers) {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body)),
                contentType,
                headers);
    }

    /** Downloads a file (a letter's PDF, a CSV): asks for any type, keeps the bytes as sent. */
    public Download download(String path) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        for (int i = 0; i + 1 < extraHeaders.size(); i += 2) {
            builder.header(extraHeaders.get(i), extraHeaders.get(i + 1));
        }
        try {
            HttpResponse<byte[]> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Download(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE(), null);
    }

    private static HttpRequest.BodyPublisher publisher(Object body) {
        String text = body instanceof String s ? s : JSON.writeValueAsString(body);
        return HttpRequest.BodyPublishers.ofString(text);
    }

    private Response send(HttpRequest.Builder builder, String contentType, String... headers) {
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        builder.header("Accept", "application/json, application/problem+json");
        for (int i = 0; i + 1 < extraHeaders.size(); i += 2) {
            builder.header(extraHeaders.get(i), extraHeaders.get(i + 1));
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
