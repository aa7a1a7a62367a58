package org.hearken.categories;

import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.hearken.identity.Actor;
import org.hearken.platform.NotFoundException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The root-cause categories. Everyone who answers cases reads the list; administrators add, rename, reorder and
 * deactivate categories ({@code PUT} with {@code "active": false}); there is no delete.
 */
@RestController
@RequestMapping("/api/categories")
class CategoryController {

    private final CaseCategories categories;

    CategoryController(CaseCategories categories) {
        this.categories = categories;
    }

    /** The active categories; {@code ?all=true} also lists deactivated ones. */
    @GetMapping
    List<Category> list(@RequestParam(defaultValue = "false") boolean all) {
        return categories.list(all);
    }

    @GetMapping("/{code}")
    Category get(@PathVariable String code) {
        return categories.find(code).orElseThrow(() -> new NotFoundException("No category " + code));
    }

    @PostMapping
    ResponseEntity<Category> create(@Valid @RequestBody CaseCategories.NewCategory body, Actor actor) {
        Category created = categories.create(body, actor);
        return ResponseEntity.created(URI.create("/api/categories/" + created.code()))
                .body(created);
    }

    @PutMapping("/{code}")
    Category change(@PathVariable String code, @Valid @RequestBody CaseCategories.CategoryChange body, Actor actor) {
        return categories.change(code, body, actor);
    }
}
