package org.hearken.identity;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A member of staff issues and revokes their own API tokens. The token is shown once, at issue. */
@RestController
@RequestMapping("/api/tokens")
class ApiTokenController {

    record TokenRequest(@NotBlank @Size(max = 100) String name) {}

    private final ApiTokens tokens;

    ApiTokenController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @PostMapping
    ResponseEntity<ApiTokens.IssuedToken> issue(@Valid @RequestBody TokenRequest request, Actor actor) {
        var issued = tokens.issue(actor.staffId(), request.name().strip());
        return ResponseEntity.created(URI.create("/api/tokens/" + issued.id())).body(issued);
    }

    @GetMapping
    List<ApiTokens.TokenInfo> list(Actor actor) {
        return tokens.list(actor.staffId());
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@PathVariable long id, Actor actor) {
        return tokens.revoke(actor.staffId(), id) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
    }
}
