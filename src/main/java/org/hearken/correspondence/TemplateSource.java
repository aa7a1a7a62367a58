package org.hearken.correspondence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;

/**
 * A template's subject and body. The shipped defaults are files whose first line is {@code Subject: …}, followed by a
 * blank line and the body, so that each reads like the message it produces.
 */
record TemplateSource(String subject, String body) {

    static TemplateSource shipped(TemplateKey key, TemplateChannel channel) {
        String name = key.defaultResource(channel);
        try (InputStream in = new ClassPathResource(name).getInputStream()) {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), name);
        } catch (IOException e) {
            throw new UncheckedIOException("The default template " + name + " is missing from the application", e);
        }
    }

    static TemplateSource parse(String text, String name) {
        String normalised = text.replace("\r\n", "\n");
        int end = normalised.indexOf('\n');
        String first = end < 0 ? normalised : normalised.substring(0, end);
        if (!first.startsWith("Subject:")) {
            throw new IllegalStateException(name + " must start with a line 'Subject: …'");
        }
        String body = end < 0 ? "" : normalised.substring(end + 1);
        if (body.startsWith("\n")) {
            body = body.substring(1);
        }
        return new TemplateSource(first.substring("Subject:".length()).strip(), body.stripTrailing() + "\n");
    }
}
