package org.hearken.webhooks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A webhook receiver on this machine (the JDK's HTTP server on a free port) that keeps every request it gets and answers
 * 503 to those {@link #failWhen} picks, 204 to the others.
 */
final class WebhookReceiver implements AutoCloseable {

    /** One request as received: the three signature headers and the raw body. */
    record Received(String id, String timestamp, String signature, String body, int answered) {}

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Predicate<String> failWhen = body -> false;

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = failWhen.test(body) ? 503 : 204;
            received.add(new Received(
                    exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"),
                    body,
                    status));
            if (status == 503) {
                byte[] answer = "down for maintenance".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(503, answer.length);
                exchange.getResponseBody().write(answer);
            } else {
                exchange.sendResponseHeaders(204, -1);
            }
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    void failWhen(Predicate<String> rule) {
        this.failWhen = rule;
    }

    /** What reached the receiver about this case, in the order it arrived. */
    List<Received> about(String reference) {
        List<Received> mine = new ArrayList<>();
        for (Received r : received) {
            if (r.body().contains("\"" + reference + "\"")) {
                mine.add(r);
            }
        }
        return mine;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
