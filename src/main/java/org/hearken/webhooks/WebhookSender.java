package org.hearken.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;

/**
 * Sends one signed delivery over HTTP: a {@code POST} of the JSON body with the {@code webhook-id},
 * {@code webhook-timestamp} and {@code webhook-signature} headers. Bounded in time (connect and read timeouts) and size
 * (at most {@link #EXCERPT_BYTES} of the answer are read, the rest is not), never following a redirect, and only to an
 * address {@link WebhookTargets} allows. A 2xx answer is a success; anything else, or no answer, is a failure.
 */
@Component
class WebhookSender {

    static final int EXCERPT_BYTES = 1000;

    private final HttpClient http;
    private final WebhookSettings settings;
    private final WebhookTargets targets;
    private final Clock clock;

    WebhookSender(WebhookSettings settings, Clock clock) {
        this.settings = settings;
        this.targets = new WebhookTargets(settings);
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** What one attempt came to. {@code statusCode} is null when there was no answer; {@code error} says why. */
    record Result(Integer statusCode, String error, String excerpt, long durationMillis) {

        boolean succeeded() {
            return error == null && statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }

    Result send(String url, String secret, String eventId, String body) {
        long started = System.nanoTime();
        try {
            URI uri = targets.parse(url);
            targets.checkAddresses(uri);
            long timestamp = clock.instant().getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(settings.readTimeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Hearken-Webhooks/1")
                    .header("webhook-id", eventId)
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", WebhookSignature.sign(secret, eventId, timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            String excerpt = excerpt(response.body(), settings.readTimeout());
            int status = response.statusCode();
            String error = status >= 300 && status < 400
                    ? "redirect to " + response.headers().firstValue("Location").orElse("?") + " not followed"
                    : null;
            return new Result(status, error, excerpt, millisSince(started));
        } catch (WebhookTargets.Refused e) {
            return new Result(null, "refused: " + e.getMessage(), null, millisSince(started));
        } catch (HttpTimeoutException e) {
            return new Result(null, "timed out: " + e.getMessage(), null, millisSince(started));
        } catch (IOException e) {
            return new Result(
                    null,
                    e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                    null,
                    millisSince(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(null, "interrupted", null, millisSince(started));
        }
    }

    /** The start of the answer's body, read for at most {@code budget}; the stream is closed, the rest never read. */
    private static String excerpt(InputStream body, Duration budget) {
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return body.readNBytes(EXCERPT_BYTES);
                    } catch (IOException e) {
                        return new byte[0];
                    }
                },
                r -> Thread.ofVirtual().start(r));
        try {
            byte[] bytes = read.get(budget.toMillis(), TimeUnit.MILLISECONDS);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (TimeoutException | ExecutionException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        } finally {
            try {
                body.close();
            } catch (IOException e) {
                // the connection is given up either way
            }
        }
    }

    private static long millisSince(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }
}
