package org.hearken.identity;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A member of staff issues and revokes their own API tokens, signed in with their password (a token cannot make or end
 * tokens: a stolen one must not outlive its own expiry or revocation). The token is shown once, at issue.
 */
@RestController
@RequestMapping("/api/tokens")
class ApiTokenController {

    /**
     * @param scope         {@code read} (the default) or {@code read-act}
     * @param expiresInDays 1 to 365; 90 when left out
     */
    record TokenRequest(
            @NotBlank @Size(max = 100) String name,
            ApiTokens.Scope scope,

            @Min(value = 1, message = "must be at least 1 day")
            @Max(
                    value = ApiTokens.MAX_DAYS,
                    message = "must be at most " + ApiTokens.MAX_DAYS + " days (a token lasts at most a year)")
            Integer expiresInDays) {}

    private final ApiTokens tokens;

    ApiTokenController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @PostMapping
    ResponseEntity<ApiTokens.IssuedToken> issue(@Valid @RequestBody TokenRequest request, Actor actor) {
        requirePassword();
        var issued = tokens.issue(
                actor,
                request.name().strip(),
                request.scope() == null ? ApiTokens.Scope.READ : request.scope(),
                request.expiresInDays() == null ? ApiTokens.DEFAULT_DAYS : request.expiresInDays());
        return ResponseEntity.created(URI.create("/api/tokens/" + issued.id())).body(issued);
    }

    @GetMapping
    List<ApiTokens.TokenInfo> list(Actor actor) {
        return tokens.list(actor.staffId());
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@PathVariable long id, Actor actor) {
        requirePassword();
        return tokens.revoke(actor, id)
                ? ResponseEntity.noContent().build()
                : ResponseEntity.notFound().build();
    }

    private static void requirePassword() {
        if (ApiTokenAuthentication.current()) {
            throw new AccessDeniedException(
                    "API tokens are issued and revoked only when signed in with your password (HTTP Basic), "
                            + "not with a token.");
        }
    }
}
