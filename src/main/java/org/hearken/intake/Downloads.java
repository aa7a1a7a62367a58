package org.hearken.intake;

import java.nio.charset.StandardCharsets;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Files that came from outside (attachments, raw messages) are only ever offered for download: a browser must never
 * render them as a page of ours, whatever they claim to be.
 */
final class Downloads {

    private Downloads() {}

    static ResponseEntity<byte[]> of(String filename, byte[] data) {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(filename, StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox; default-src 'none'")
                .contentLength(data.length)
                .body(data);
    }
}
