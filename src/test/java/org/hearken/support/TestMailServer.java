package org.hearken.support;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * One real mail server (GreenMail: SMTP and IMAP on free ports) per test JVM, with the intake mailbox
 * {@code intake@example.org} (password {@code pw}). Mail is sent to it over SMTP as any mail server would, byte for byte,
 * so tests can send what a well-behaved client never would.
 */
public final class TestMailServer {

    public static final String ADDRESS = "intake@example.org";
    public static final String PASSWORD = "pw";

    private static GreenMail server;

    private TestMailServer() {}

    public static synchronized GreenMail server() {
        if (server == null) {
            GreenMail started = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
                    .withConfiguration(GreenMailConfiguration.aConfig().withUser(ADDRESS, PASSWORD));
            started.start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
            server = started;
        }
        return server;
    }

    /**
     * Feeds the intake mailbox (this server's {@link #ADDRESS}, over plain IMAP) to {@code department}, moving what it
     * takes in to {@code processedFolder}. The poller runs only when a test calls it: its schedule is a day out and
     * IDLE is off.
     */
    public static void registerIntake(
            org.springframework.test.context.DynamicPropertyRegistry registry,
            String department,
            String processedFolder) {
        registerMailbox(registry, "intake", ADDRESS, department, processedFolder);
        registry.add("hearken.intake.mail.poll-interval", () -> "PT24H");
        registry.add("hearken.intake.mail.idle", () -> "false");
    }

    /** The application's one mailbox, {@code name}: the server's mailbox {@code user}, feeding {@code department}. */
    public static void registerMailbox(
            org.springframework.test.context.DynamicPropertyRegistry registry,
            String name,
            String user,
            String department,
            String processedFolder) {
        registry.add("hearken.mailboxes[0].name", () -> name);
        registry.add("hearken.mailboxes[0].host", () -> "127.0.0.1");
        registry.add("hearken.mailboxes[0].port", TestMailServer::imapPort);
        registry.add("hearken.mailboxes[0].ssl", () -> "false");
        registry.add("hearken.mailboxes[0].username", () -> user);
        registry.add("hearken.mailboxes[0].password", () -> PASSWORD);
        registry.add("hearken.mailboxes[0].processed-folder", () -> processedFolder);
        registry.add("hearken.mailboxes[0].department", () -> department);
    }

    public static int imapPort() {
        return server().getImap().getPort();
    }

    /** Another mailbox on the same server, with password {@link #PASSWORD}, for tests that must not share one. */
    public static void addUser(String address) {
        server().setUser(address, address, PASSWORD);
    }

    /**
     * Delivers {@code raw} (lines separated by \n) over SMTP from {@code envelopeFrom}; the server adds Return-Path and
     * Received as a real one does.
     */
    public static void send(String envelopeFrom, String raw) {
        send(envelopeFrom, raw.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    public static void send(String envelopeFrom, byte[] rawCrlf) {
        send(envelopeFrom, ADDRESS, rawCrlf);
    }

    /** As {@link #send(String, String)}, to the mailbox {@code recipient} instead of the intake mailbox. */
    public static void sendTo(String envelopeFrom, String recipient, String raw) {
        send(
                envelopeFrom,
                recipient,
                raw.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void send(String envelopeFrom, String recipient, byte[] rawCrlf) {
        try (Socket socket = new Socket("127.0.0.1", server().getSmtp().getPort())) {
            socket.setSoTimeout(10_000);
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            expect(in, "220");
            command(out, in, "HELO test.example.net", "250");
            command(out, in, "MAIL FROM:<" + envelopeFrom + ">", "250");
            command(out, in, "RCPT TO:<" + recipient + ">", "250");
            command(out, in, "DATA", "354");
            out.write(dotStuffed(rawCrlf));
            out.write("\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            expect(in, "250");
            command(out, in, "QUIT", "221");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Puts a message into the inbox with IMAP APPEND, exactly as given: for what a mail server stores at final delivery
     * but GreenMail's SMTP side refuses to take, such as a bounce with the null sender {@code <>}.
     */
    public static void append(String raw) {
        append(raw, null);
    }

    /**
     * As {@link #append(String)}, with the server's time of delivery (IMAP {@code INTERNALDATE}, to the second) set to
     * {@code internalDate}, as a server that took the message in then would have it. Without one, the server takes the
     * message's Date header, as Jakarta Mail's APPEND does; a message delivered over SMTP ({@link #send}) gets the
     * real time instead, whatever the test clock says.
     */
    public static void append(String raw, java.time.Instant internalDate) {
        appendTo(ADDRESS, raw, internalDate);
    }

    /** As {@link #append(String, java.time.Instant)}, into the inbox of the mailbox {@code user}. */
    public static void appendTo(String user, String raw, java.time.Instant internalDate) {
        byte[] bytes = raw.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        try (Store store = imap(user)) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            MimeMessage message =
                    new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes)) {
                        @Override
                        public java.util.Date getReceivedDate() {
                            return internalDate == null ? null : java.util.Date.from(internalDate);
                        }
                    };
            inbox.appendMessages(new Message[] {message});
            inbox.close(false);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The \Seen flag of every message in {@code folder} whose Message-ID header is {@code messageId}. */
    public static List<Boolean> seenFlags(String folderName, String messageId) {
        return seenFlags(ADDRESS, folderName, messageId);
    }

    /** As {@link #seenFlags(String, String)}, in the mailbox {@code user}. */
    public static List<Boolean> seenFlags(String user, String folderName, String messageId) {
        List<Boolean> flags = new ArrayList<>();
        try (Store store = imap(user)) {
            Folder folder = store.getFolder(folderName);
            if (!folder.exists()) {
                return flags;
            }
            folder.open(Folder.READ_ONLY);
            for (Message m : folder.getMessages()) {
                String[] ids = m.getHeader("Message-ID");
                if (ids != null && ids[0].contains(messageId)) {
                    flags.add(m.getFlags().contains(Flags.Flag.SEEN));
                }
            }
            folder.close(false);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
        return flags;
    }

    private static Store imap() throws MessagingException {
        return imap(ADDRESS);
    }

    private static Store imap(String user) throws MessagingException {
        Properties props = new Properties();
        props.setProperty("mail.imap.peek", "true");
        Store store = Session.getInstance(props).getStore("imap");
        store.connect("127.0.0.1", imapPort(), user, PASSWORD);
        return store;
    }

    private static byte[] dotStuffed(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        String stuffed = (text.startsWith(".") ? "." : "") + text.replace("\r\n.", "\r\n..");
        return stuffed.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void command(OutputStream out, BufferedReader in, String line, String expected) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        expect(in, expected);
    }

    private static void expect(BufferedReader in, String code) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null || !line.startsWith(code)) {
                throw new IOException("expected " + code + " from the SMTP server, got: " + line);
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
    }
}
