package org.hearken.cases;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.hearken.identity.Actor;
import org.hearken.identity.Role;
import org.hearken.platform.ConflictException;
import org.hearken.platform.InvalidRequestException;
import org.hearken.platform.NotFoundException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The configurable list of root-cause categories that substantive responses are filed under. */
@Service
public class CaseCategories {

    public record NewCategory(@NotBlank @Pattern(regexp = "[A-Z][A-Z0-9_]{0,39}",
                                      message = "must be capital letters, digits and _ (at most 40), starting with a letter") String code,
                              @NotBlank @Size(max = 100) String name, @Size(max = 500) String description, Integer position) {}

    /** Fields left out stay as they are; {@code active: false} deactivates the category. */
    public record CategoryChange(@Size(max = 100) String name, @Size(max = 500) String description, Boolean active, Integer position) {}

    private static final String SELECT = "select code, name, description, active, position from case_category";

    private final JdbcClient jdbc;

    CaseCategories(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The categories in their order; with {@code includeInactive}, the deactivated ones too. */
    public List<Category> list(boolean includeInactive) {
        return jdbc.sql(SELECT + (includeInactive ? "" : " where active") + " order by position, lower(name)")
                .query(Category.class)
                .list();
    }

    public Optional<Category> find(String code) {
        return jdbc.sql(SELECT + " where code = ?").param(code).query(Category.class).optional();
    }

    @Transactional
    public Category create(NewCategory c, Actor actor) {
        requireAdmin(actor);
        try {
            jdbc.sql("insert into case_category (code, name, description, position) values (?, ?, ?, ?)")
                    .params(c.code(), c.name().strip(), blankToNull(c.description()),
                            c.position() != null ? c.position() : nextPosition())
                    .update();
        } catch (DuplicateKeyException e) {
            throw new ConflictException("A category with this code or name already exists.", java.util.Map.of("code", c.code()));
        }
        return find(c.code()).orElseThrow();
    }

    @Transactional
    public Category change(String code, CategoryChange c, Actor actor) {
        requireAdmin(actor);
        Category current = find(code).orElseThrow(() -> new NotFoundException("No category " + code));
        if (c.name() != null && c.name().isBlank()) {
            throw new InvalidRequestException("name", "must not be blank");
        }
        try {
            jdbc.sql("update case_category set name = ?, description = ?, active = ?, position = ? where code = ?")
                    .params(c.name() != null ? c.name().strip() : current.name(),
                            c.description() != null ? blankToNull(c.description()) : current.description(),
                            c.active() != null ? c.active() : current.active(),
                            c.position() != null ? c.position() : current.position(), code)
                    .update();
        } catch (DuplicateKeyException e) {
            throw new ConflictException("Another category already has this name.", java.util.Map.of("name", c.name()));
        }
        return find(code).orElseThrow();
    }

    /**
     * The code of the active category {@code code} names (letter case ignored), or null for none.
     *
     * @throws InvalidRequestException naming {@code field} and the active codes if there is no such active category
     */
    String requireActive(String code, String field) {
        if (code == null || code.isBlank()) {
            return null;
        }
        String normalised = code.strip().toUpperCase(Locale.ROOT);
        Optional<Category> found = find(normalised);
        if (found.isPresent() && found.get().active()) {
            return normalised;
        }
        List<String> active = list(false).stream().map(Category::code).toList();
        throw new InvalidRequestException(field, (found.isPresent() ? "the category '" + normalised + "' is no longer in use"
                : "there is no category '" + normalised + "'") + "; use one of " + active);
    }

    private int nextPosition() {
        return jdbc.sql("select coalesce(max(position) filter (where position < 1000), 0) + 10 from case_category")
                .query(Integer.class).single();
    }

    private static void requireAdmin(Actor actor) {
        if (!actor.has(Role.ADMIN)) {
            throw new AccessDeniedException("Only an administrator may change the list of categories.");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
