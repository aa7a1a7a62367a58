package org.hearken.correspondence;

import java.util.List;
import org.hearken.cases.CaseManagement;
import org.hearken.identity.Actor;
import org.hearken.platform.Downloads;
import org.hearken.platform.NotFoundException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Letters of a case as PDF downloads, and the print queue of letters not yet posted. */
@RestController
class LetterController {

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
        return letters.printQueue().stream()
                .filter(l -> cases.find(l.reference(), actor).isPresent())
                .toList();
    }

    @PostMapping("/api/letters/{id}/posted")
    ResponseEntity<Void> posted(@PathVariable long id, Actor actor) {
        Long caseId = letters.caseOf(id);
        if (caseId == null || cases.find(caseId, actor).isEmpty()) {
            throw new NotFoundException("No letter " + id);
        }
        letters.markPosted(id, actor.staffId());
        return ResponseEntity.noContent().build();
    }
}
