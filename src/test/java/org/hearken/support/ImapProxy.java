package org.hearken.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * A TCP relay in front of the test IMAP server that can hide the server's IDLE capability, cut every open connection
 * and turn new ones away, to show how intake behaves with a server that has no IDLE, a connection that breaks, or a
 * server that is down.
 */
public final class ImapProxy implements AutoCloseable {

    private static final Pattern IDLE = Pattern.compile(" IDLE(?=[ \\]\\r\\n])", Pattern.CASE_INSENSITIVE);

    private final ServerSocket listener;
    private final int target;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean hideIdle;
    private volatile boolean refuse;

    public ImapProxy(int target) {
        this.target = target;
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofPlatform()
                .daemon()
                .name("imap-proxy-" + listener.getLocalPort())
                .start(this::accept);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** From the next connection on, the server does not advertise IDLE. */
    public void hideIdle(boolean hide) {
        hideIdle = hide;
    }

    /** While on, each new connection is closed at once, before the server's greeting, as by a server that is down. */
    public void refuseConnections(boolean on) {
        refuse = on;
    }

    /** Cuts every connection open now, as a network failure or a server restart would. */
    public void dropConnections() {
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
    }

    @Override
    public void close() {
        closeQuietly(listener);
        dropConnections();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (refuse) {
                    closeQuietly(client);
                    continue;
                }
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                open.add(client);
                open.add(server);
                boolean hide = hideIdle;
                Thread.ofPlatform().daemon().start(() -> relay(client, server, false));
                Thread.ofPlatform().daemon().start(() -> relay(server, client, hide));
            } catch (IOException e) {
                // closed, or one connection failed: go on while the listener is open
            }
        }
    }

    private void relay(Socket from, Socket to, boolean rewriteCapabilities) {
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            if (!rewriteCapabilities) {
                in.transferTo(out);
                return;
            }
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                line.write(b);
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.ISO_8859_1);
                    // "* CAPABILITY …", and the "[CAPABILITY …]" a greeting or a tagged answer may carry.
                    if (text.toUpperCase(java.util.Locale.ROOT).contains("CAPABILITY IMAP4")) {
                        text = IDLE.matcher(text).replaceAll("");
                    }
                    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    line.reset();
                }
            }
        } catch (IOException e) {
            // one side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
