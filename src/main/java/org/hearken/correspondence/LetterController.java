package org.hearken.correspondence;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Map;
import org.hearken.cases.CaseManagement;
import org.hearken.identity.Actor;
import org.hearken.platform.ConflictException;
import org.hearken.platform.Downloads;
import org.hearken.platform.NotFoundException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Letters of a case as PDF downloads, and the print queue of letters not yet posted. */
@RestController
class LetterController {

    /** The letters to mark posted, by id: all of them or, if any cannot be, none. */
    record MarkPosted(@NotNull List<Long> letters) {}

    private final Letters letters;
    private final CaseManagement cases;

    LetterController(Letters letters, CaseManagement cases) {
        this.letters = letters;
        this.cases = cases;
    }

    @GetMapping("/api/cases/{reference}/letters")
    List<Letters.Summary> ofCase(@PathVariable String reference, Actor actor) {
        return letters.ofCase(cases.idOfRead(reference, actor, "its letters (API)"));
    }

    @GetMapping("/api/cases/{reference}/letters/{id}")
    ResponseEntity<byte[]> pdf(@PathVariable String reference, @PathVariable long id, Actor actor) {
        byte[] pdf = letters.pdf(cases.idOfRead(reference, actor, "a letter (API)"), id);
        if (pdf == null) {
            throw new NotFoundException("No letter " + id + " on case " + reference);
        }
        return Downloads.generated(reference + "-letter-" + id + ".pdf", MediaType.APPLICATION_PDF, pdf);
    }

    /** Letters still to be printed and posted, of the cases the caller may see, oldest first. */
    @GetMapping("/api/letters/print-queue")
    List<Letters.Summary> printQueue(Actor actor) {
        return letters.printQueue(actor, "the print queue (API)");
    }

    /** Marks one letter posted; marking it again changes nothing. */
    @PostMapping("/api/letters/{id}/posted")
    ResponseEntity<Void> posted(@PathVariable long id, Actor actor) {
        try {
            letters.markPosted(List.of(id), actor);
        } catch (ConflictException postedAlready) {
            // Posted already: nothing to do, as before.
        }
        return ResponseEntity.noContent().build();
    }

    /** Marks several letters posted at once, all or none. */
    @PostMapping("/api/letters/posted")
    Map<String, Integer> posted(@Valid @RequestBody MarkPosted body, Actor actor) {
        return Map.of("marked", letters.markPosted(body.letters(), actor));
    }
}
