package org.hearken.casework;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.hearken.correspondence.Composer;
import org.hearken.identity.Actor;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Writing to the customer from the case: {@code POST /api/cases/{reference}/messages} sends a message by e-mail (through
 * the outbox, with files of the case attached) or as a letter (to the print queue); {@code …/messages/preview} shows
 * exactly what the customer will receive and writes nothing; {@code GET …/messages/start?from=KEY} gives the words to
 * start from.
 */
@RestController
@RequestMapping("/api/cases/{reference}/messages")
class CaseMessageController {

    /**
     * The body: {@code channel} (EMAIL or LETTER), {@code subject} (optional), {@code text}, {@code attachments}, and
     * {@code to} ({@code name}, {@code email}, {@code postalAddress}) for someone acting for the customer.
     */
    record MessageBody(
            Composer.Channel channel, String subject, String text, List<Long> attachments, Composer.Representative to) {
        CaseMessages.Request request() {
            return new CaseMessages.Request(channel, subject, text, attachments, to);
        }
    }

    private final CaseMessages messages;

    CaseMessageController(CaseMessages messages) {
        this.messages = messages;
    }

    @GetMapping("/start")
    Map<String, String> start(
            @PathVariable String reference, @RequestParam(required = false) String from, Actor actor) {
        return messages.start(reference, from, actor);
    }

    @PostMapping("/preview")
    Composer.Preview preview(@PathVariable String reference, @RequestBody MessageBody body, Actor actor) {
        return messages.preview(reference, body.request(), actor);
    }

    @PostMapping
    ResponseEntity<Composer.Sent> send(@PathVariable String reference, @RequestBody MessageBody body, Actor actor) {
        Composer.Sent sent = messages.send(reference, body.request(), actor);
        return ResponseEntity.created(URI.create("/api/cases/" + reference + "/messages"))
                .body(sent);
    }
}
