package org.hearken.correspondence;

import java.net.URI;
import java.util.List;
import org.hearken.identity.Actor;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A department's reply snippets: {@code GET /api/snippets}, {@code POST /api/snippets}, {@code DELETE /api/snippets/{id}}. */
@RestController
@RequestMapping("/api/snippets")
class SnippetController {

    record NewSnippet(String department, String title, String text) {}

    private final Snippets snippets;

    SnippetController(Snippets snippets) {
        this.snippets = snippets;
    }

    @GetMapping
    List<Snippets.Kept> list(Actor actor) {
        return snippets.of(actor);
    }

    @PostMapping
    ResponseEntity<Snippets.Kept> add(@RequestBody NewSnippet body, Actor actor) {
        Snippets.Kept kept = snippets.add(body.department(), body.title(), body.text(), actor);
        return ResponseEntity.created(URI.create("/api/snippets/" + kept.id())).body(kept);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> remove(@PathVariable long id, Actor actor) {
        snippets.remove(id, actor);
        return ResponseEntity.noContent().build();
    }
}
