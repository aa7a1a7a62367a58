package org.hearken.intake;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FolderClosedException;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.StoreClosedException;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

/**
 * Why a mailbox could not be reached, in words an administrator can act on rather than a stack trace: the innermost
 * cause that says something, named for what it means, with the library's own words after it.
 */
final class ConnectionProblems {

    static final int MAX_LENGTH = 300;
    /** Angus Mail's words when the server closes the connection (before its greeting, say): said better below. */
    private static final String DROPPED = "Connection dropped by server?";

    private ConnectionProblems() {}

    static String describe(Throwable problem) {
        String plain = null;
        String detail = null;
        for (Throwable t = problem; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String meaning = meaning(t);
            if (meaning != null) {
                plain = meaning;
                detail = plainWords(t.getMessage()) ? t.getMessage() : null;
            }
            if (plain == null && t.getMessage() != null && !t.getMessage().isBlank()) {
                detail = t.getMessage();
            }
        }
        String text;
        if (plain == null) {
            text = detail == null ? problem.getClass().getSimpleName() : detail;
        } else {
            text = detail == null || detail.isBlank() || plain.contains(detail) ? plain : plain + " (" + detail + ")";
        }
        return MailParser.truncate(MailParser.singleLine(text), MAX_LENGTH);
    }

    /** Whether the library's own message adds something readable: not a class name, nor what the meaning says already. */
    private static boolean plainWords(String message) {
        return message != null && !message.isBlank() && !message.contains("Exception") && !message.contains(DROPPED);
    }

    /** What the problem means, for the kinds an administrator meets; null for the others. */
    private static String meaning(Throwable t) {
        return switch (t) {
            case Throwable e
            when e.getMessage() != null && e.getMessage().contains(DROPPED) -> "the server closed the connection";
            case AuthenticationFailedException e -> "the server refused the username or password";
            case UnknownHostException e -> "the server's name could not be found";
            case ConnectException e -> "the server refused the connection";
            case NoRouteToHostException e -> "the server cannot be reached over the network";
            case SocketTimeoutException e -> "the server did not answer in time";
            case SSLException e -> "the secure connection (TLS) could not be set up";
            case FolderNotFoundException e -> "the folder does not exist on the server";
            case FolderClosedException e -> "the connection was closed";
            case StoreClosedException e -> "the connection was closed";
            case EOFException e -> "the server closed the connection";
            case SocketException e -> "the connection was cut";
            default -> null;
        };
    }
}
