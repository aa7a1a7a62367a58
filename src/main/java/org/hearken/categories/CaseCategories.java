package org.hearken.categories;

import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hearken.identity.Actor;
import org.hearken.identity.Role;
import org.hearken.platform.ConflictException;
import org.hearken.platform.FieldProblem;
import org.hearken.platform.InvalidRequestException;
import org.hearken.platform.NotFoundException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The configurable list of root-cause categories that substantive responses are filed under. Every change is checked
 * here, so the API and the administration page refuse the same things with the same words.
 */
@Service
public class CaseCategories {

    static final String CODE_RULE =
            "use a capital letter, then up to 39 capital letters, digits or _, such as WASTE_BINS";
    static final String NAME_REQUIRED = "enter the category's name";

    /** A code that is null or blank breaks only the pattern, so that it gets one message, not two. */
    public record NewCategory(
            @NotNull(message = CODE_RULE) @Pattern(regexp = "[A-Z][A-Z0-9_]{0,39}", message = CODE_RULE)
            String code,

            @NotBlank(message = NAME_REQUIRED) @Size(max = 100, message = "use at most 100 characters")
            String name,

            @Size(max = 500, message = "use at most 500 characters")
            String description,

            Integer position) {}

    /** Fields left out stay as they are; {@code active: false} deactivates the category. */
    public record CategoryChange(
            @Size(max = 100, message = "use at most 100 characters")
            String name,

            @Size(max = 500, message = "use at most 500 characters")
            String description,

            Boolean active,
            Integer position) {}

    /** How many cases are filed under a category (their latest response's). */
    record Usage(String code, long cases) {}

    private static final String SELECT = "select code, name, description, active, position from category";

    private final JdbcClient jdbc;
    private final Validator validator;

    CaseCategories(JdbcClient jdbc, Validator validator) {
        this.jdbc = jdbc;
        this.validator = validator;
    }

    /** The categories in their order; with {@code includeInactive}, the deactivated ones too. */
    public List<Category> list(boolean includeInactive) {
        return jdbc.sql(SELECT + (includeInactive ? "" : " where active") + " order by position, lower(name)")
                .query(Category.class)
                .list();
    }

    public Optional<Category> find(String code) {
        return jdbc.sql(SELECT + " where code = ?")
                .param(code)
                .query(Category.class)
                .optional();
    }

    /** The number of cases filed under each category that has any, by code. */
    Map<String, Long> casesPerCategory() {
        return jdbc
                .sql(
                        "select category as code, count(*) as cases from case_published where category is not null group by category")
                .query(Usage.class)
                .list()
                .stream()
                .collect(Collectors.toMap(Usage::code, Usage::cases));
    }

    /**
     * @throws InvalidRequestException listing each field that breaks its rule
     * @throws ConflictException naming (property {@code field}) the code or name another category already has
     */
    @Transactional
    public Category create(NewCategory c, Actor actor) {
        requireAdmin(actor);
        validate(c);
        if (find(c.code()).isPresent()) {
            throw new ConflictException(
                    "There is already a category " + c.code() + ".", Map.of("field", "code", "code", c.code()));
        }
        requireFreeName(c.name().strip(), c.code());
        try {
            jdbc.sql("insert into category (code, name, description, position) values (?, ?, ?, ?)")
                    .params(
                            c.code(),
                            c.name().strip(),
                            blankToNull(c.description()),
                            c.position() != null ? c.position() : nextPosition())
                    .update();
        } catch (DuplicateKeyException e) {
            // Someone else took the code or the name between the checks and the insert.
            throw new ConflictException("A category with this code or name already exists.", Map.of("code", c.code()));
        }
        return find(c.code()).orElseThrow();
    }

    @Transactional
    public Category change(String code, CategoryChange c, Actor actor) {
        requireAdmin(actor);
        Category current = find(code).orElseThrow(() -> new NotFoundException("No category " + code));
        validate(c);
        if (c.name() != null && c.name().isBlank()) {
            throw new InvalidRequestException("name", NAME_REQUIRED);
        }
        if (c.name() != null) {
            requireFreeName(c.name().strip(), code);
        }
        try {
            jdbc.sql("update category set name = ?, description = ?, active = ?, position = ? where code = ?")
                    .params(
                            c.name() != null ? c.name().strip() : current.name(),
                            c.description() != null ? blankToNull(c.description()) : current.description(),
                            c.active() != null ? c.active() : current.active(),
                            c.position() != null ? c.position() : current.position(),
                            code)
                    .update();
        } catch (DuplicateKeyException e) {
            throw new ConflictException(
                    "Another category already has this name.", Map.of("field", "name", "name", c.name()));
        }
        return find(code).orElseThrow();
    }

    /**
     * The code of the active category {@code code} names (letter case ignored), or null for none.
     *
     * @throws InvalidRequestException naming {@code field} and the active codes if there is no such active category
     */
    public String requireActive(String code, String field) {
        if (code == null || code.isBlank()) {
            return null;
        }
        String normalised = code.strip().toUpperCase(Locale.ROOT);
        Optional<Category> found = find(normalised);
        if (found.isPresent() && found.get().active()) {
            return normalised;
        }
        List<String> active = list(false).stream().map(Category::code).toList();
        throw new InvalidRequestException(
                field,
                (found.isPresent()
                                ? "the category '" + normalised + "' is no longer in use"
                                : "there is no category '" + normalised + "'")
                        + "; use one of " + active);
    }

    private void validate(Object input) {
        List<FieldProblem> problems = validator.validate(input).stream()
                .map(v -> new FieldProblem(v.getPropertyPath().toString(), v.getMessage()))
                .sorted(Comparator.comparing(FieldProblem::field).thenComparing(FieldProblem::message))
                .toList();
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
    }

    /** Names are unique whatever their letter case; {@code code} is the category that may keep its own. */
    private void requireFreeName(String name, String code) {
        String holder = jdbc.sql("select code from category where lower(name) = lower(?) and code <> ?")
                .params(name, code)
                .query(String.class)
                .optional()
                .orElse(null);
        if (holder != null) {
            throw new ConflictException(
                    "The category " + holder + " is already named " + name + ".",
                    Map.of("field", "name", "name", name));
        }
    }

    private int nextPosition() {
        return jdbc.sql("select coalesce(max(position) filter (where position < 1000), 0) + 10 from category")
                .query(Integer.class)
                .single();
    }

    static void requireAdmin(Actor actor) {
        if (!actor.has(Role.ADMIN)) {
            throw new AccessDeniedException("Only an administrator may change the list of categories.");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
