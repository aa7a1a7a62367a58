package org.hearken.platform;

import java.nio.charset.StandardCharsets;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Files offered for download. Those that came from outside (attachments, raw messages) are only ever downloads a browser
 * must never render as a page of ours, whatever they claim to be; those Hearken makes (letters, the review pack) keep
 * their type but are downloads too.
 */
public final class Downloads {

    private Downloads() {}

    /** A file from outside: sent as bytes of no particular type, sandboxed should anything try to show it. */
    public static ResponseEntity<byte[]> of(String filename, byte[] data) {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_DISPOSITION, disposition(filename))
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox; default-src 'none'")
                .contentLength(data.length)
                .body(data);
    }

    /** A file Hearken made, of a type it knows. */
    public static ResponseEntity<byte[]> generated(String filename, MediaType type, byte[] data) {
        return ResponseEntity.ok()
                .contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, disposition(filename))
                .header("X-Content-Type-Options", "nosniff")
                .contentLength(data.length)
                .body(data);
    }

    private static String disposition(String filename) {
        return ContentDisposition.attachment()
                .filename(filename, StandardCharsets.UTF_8)
                .build()
                .toString();
    }
}
