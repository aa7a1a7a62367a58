package org.hearken.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One real SMTP server (GreenMail) per test JVM, on a port fixed at first use so that the shared application context
 * can be pointed at it, and so that a test can stop it and start it again on the same port (a restart forgets what
 * it had received). It accepts mail for any address.
 */
public final class TestMail {

    private static GreenMail server;
    private static int port;

    private TestMail() {}

    public static synchronized GreenMail server() {
        if (server == null) {
            try (ServerSocket probe = new ServerSocket(0)) {
                port = probe.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("no free port for the test SMTP server", e);
            }
            server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop()));
        }
        return server;
    }

    public static synchronized void stop() {
        server().stop();
    }

    public static synchronized void start() {
        if (!server().isRunning()) {
            server.start();
        }
    }

    /** Everything delivered to this mailbox (by SMTP envelope, not by what the headers claim), oldest first. */
    public static List<MimeMessage> receivedBy(String address) {
        return server().findReceivedMessages(user -> user.getEmail().equalsIgnoreCase(address), m -> true)
                .toList();
    }

    /** The plain-text body with Unix line ends. */
    public static String text(MimeMessage m) {
        try {
            return ((String) m.getContent()).replace("\r\n", "\n");
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the message body", e);
        }
    }

    public static void register(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> server().getSmtp().getPort());
        // A test that stops the server should not wait long for a connection that cannot succeed.
        registry.add("spring.mail.properties[mail.smtp.connectiontimeout]", () -> "2000");
        registry.add("spring.mail.properties[mail.smtp.timeout]", () -> "5000");
        registry.add("hearken.mail.send-interval", () -> "PT0.2S");
    }
}
