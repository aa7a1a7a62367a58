package org.hearken.intake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hearken.support.FormSession;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * A member of the public at the feedback form, on the one page visitor ({@link FormSession}): from their own client
 * address (X-Forwarded-For, trusted from 127.0.0.1 in tests), sending the form as multipart/form-data with its hidden
 * fields as a test gives them. Redirects are not followed.
 */
final class PublicFormClient {

    record Response(int status, String location, String body, java.net.http.HttpHeaders headers) {
        Document html() {
            return Jsoup.parse(body);
        }
    }

    record File(String name, String contentType, byte[] data) {}

    private final FormSession visitor;

    PublicFormClient(int port, String clientAddress) {
        this.visitor = new FormSession(port, clientAddress);
    }

    /** A client address no other test uses, in the IPv6 documentation range 2001:db8::/32. */
    static String uniqueAddress() {
        UUID u = UUID.randomUUID();
        return "2001:db8::" + Integer.toHexString((int) (u.getMostSignificantBits() & 0xffff)) + ":"
                + Integer.toHexString((int) (u.getLeastSignificantBits() & 0xffff));
    }

    Response get(String path) {
        return response(visitor.get(path));
    }

    /** Shows the form and returns its hidden fields (the CSRF token and the signed start time). */
    Map<String, String> openForm() {
        Response form = get("/public/feedback");
        if (form.status() != 200) {
            throw new IllegalStateException("the form answered " + form.status());
        }
        Map<String, String> hidden = new LinkedHashMap<>();
        form.html()
                .select("form.public-form input[type=hidden]")
                .forEach(i -> hidden.put(i.attr("name"), i.attr("value")));
        return hidden;
    }

    /** Posts the form: the hidden fields as given (so a test can change or drop them), the fields, and the files. */
    Response post(Map<String, String> hidden, Map<String, String> fields, List<File> files) {
        List<FormSession.Part> parts = new ArrayList<>();
        Map<String, String> all = new LinkedHashMap<>(hidden);
        all.putAll(fields);
        all.forEach((name, value) -> parts.add(FormSession.Part.field(name, value)));
        if (files.isEmpty()) {
            // A browser sends an empty file part when no file was chosen.
            parts.add(FormSession.Part.file("attachments", "", "application/octet-stream", new byte[0]));
        }
        for (File f : files) {
            parts.add(FormSession.Part.file("attachments", f.name(), f.contentType(), f.data()));
        }
        return response(visitor.postParts("/public/feedback", parts));
    }

    private static Response response(FormSession.Page page) {
        return new Response(
                page.status(), page.location().isEmpty() ? null : page.location(), page.body(), page.headers());
    }
}
