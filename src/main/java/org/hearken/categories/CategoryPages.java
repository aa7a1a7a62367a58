package org.hearken.categories;

import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hearken.identity.Actor;
import org.hearken.platform.ConflictException;
import org.hearken.platform.FieldProblem;
import org.hearken.platform.InvalidRequestException;
import org.hearken.platform.NotFoundException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The root-cause categories for administrators: the list with how many cases are filed under each, a form to add one,
 * and per category a form to rename, describe or reorder it and a button to retire or reactivate it. Every change goes
 * through {@link CaseCategories}, as the API's do, so the page refuses what the API refuses; a refused form answers 400
 * with the message next to its field and stores nothing.
 */
@Controller
@RequestMapping("/admin/categories")
class CategoryPages {

    /** What the new-category form sends; every part may be missing. The code is taken in capitals, as it is shown. */
    record NewForm(String code, String name, String description) {

        static final NewForm EMPTY = new NewForm("", "", "");

        NewForm {
            code = code == null ? "" : code.strip().toUpperCase(Locale.ROOT);
            name = name == null ? "" : name.strip();
            description = description == null ? "" : description.strip();
        }
    }

    /** What a category's edit form sends; the position as typed, so that a wrong one can be shown again. */
    record EditForm(String name, String description, String position) {

        EditForm {
            name = name == null ? "" : name.strip();
            description = description == null ? "" : description.strip();
            position = position == null ? "" : position.strip();
        }

        static EditForm of(Category c) {
            return new EditForm(c.name(), c.description(), String.valueOf(c.position()));
        }
    }

    /** One row of the table: the category and the number of cases filed under it. */
    record Row(Category category, long cases) {}

    private final CaseCategories categories;

    CategoryPages(CaseCategories categories) {
        this.categories = categories;
    }

    @GetMapping
    String list(Actor actor, Model model) {
        CaseCategories.requireAdmin(actor);
        return page(model, NewForm.EMPTY, Map.of(), null, null, Map.of());
    }

    @PostMapping
    String create(NewForm form, Actor actor, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        CaseCategories.requireAdmin(actor);
        Map<String, String> errors;
        try {
            Category created = categories.create(
                    new CaseCategories.NewCategory(form.code(), form.name(), form.description(), null), actor);
            redirect.addFlashAttribute("flash", "Added the category " + created.name() + " (" + created.code() + ").");
            return "redirect:/admin/categories";
        } catch (InvalidRequestException e) {
            errors = byField(e.problems());
        } catch (ConflictException e) {
            errors = Map.of(conflictField(e, "code"), e.getMessage());
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return page(model, form, errors, null, null, Map.of());
    }

    @PostMapping("/{code}")
    String change(
            @PathVariable String code,
            EditForm form,
            Actor actor,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        CaseCategories.requireAdmin(actor);
        Category current = existing(code);
        Map<String, String> errors;
        try {
            Integer position = form.position().isEmpty() ? null : Integer.valueOf(form.position());
            Category changed = categories.change(
                    current.code(),
                    new CaseCategories.CategoryChange(form.name(), form.description(), null, position),
                    actor);
            redirect.addFlashAttribute("flash", "Saved the category " + changed.name() + " (" + changed.code() + ").");
            return "redirect:/admin/categories";
        } catch (NumberFormatException e) {
            errors = Map.of("position", "Enter a whole number, such as 90, or leave it empty to keep the place.");
        } catch (InvalidRequestException e) {
            errors = byField(e.problems());
        } catch (ConflictException e) {
            errors = Map.of(conflictField(e, "name"), e.getMessage());
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return page(model, NewForm.EMPTY, Map.of(), current.code(), form, errors);
    }

    @PostMapping("/{code}/retire")
    String retire(@PathVariable String code, Actor actor, RedirectAttributes redirect) {
        return setActive(code, false, actor, redirect);
    }

    @PostMapping("/{code}/reactivate")
    String reactivate(@PathVariable String code, Actor actor, RedirectAttributes redirect) {
        return setActive(code, true, actor, redirect);
    }

    private String setActive(String code, boolean active, Actor actor, RedirectAttributes redirect) {
        CaseCategories.requireAdmin(actor);
        Category category = categories.change(
                existing(code).code(), new CaseCategories.CategoryChange(null, null, active, null), actor);
        redirect.addFlashAttribute(
                "flash",
                active
                        ? category.name() + " can be chosen for responses again."
                        : category.name()
                                + " is retired: it can no longer be chosen for responses, and the cases filed under it keep it.");
        return "redirect:/admin/categories";
    }

    private String page(
            Model model,
            NewForm form,
            Map<String, String> errors,
            String editCode,
            EditForm edit,
            Map<String, String> editErrors) {
        Map<String, Long> cases = categories.casesPerCategory();
        List<Row> rows = categories.list(true).stream()
                .map(c -> new Row(c, cases.getOrDefault(c.code(), 0L)))
                .toList();
        model.addAttribute("nav", "admin");
        model.addAttribute("rows", rows);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("editCode", editCode);
        model.addAttribute("edit", edit);
        model.addAttribute("editErrors", editErrors);
        return "admin/categories";
    }

    private Category existing(String code) {
        return categories.find(code).orElseThrow(() -> new NotFoundException("No category " + code));
    }

    /** The first problem of each field, as a sentence to show next to it. */
    private static Map<String, String> byField(List<FieldProblem> problems) {
        Map<String, String> errors = new LinkedHashMap<>();
        problems.forEach(p -> errors.putIfAbsent(p.field(), sentence(p.message())));
        return errors;
    }

    private static String conflictField(ConflictException e, String otherwise) {
        return e.properties().getOrDefault("field", otherwise).toString();
    }

    /** The service words its rules for the API ("enter the category's name"); the page shows them as sentences. */
    private static String sentence(String message) {
        String s = message.isEmpty() ? message : Character.toUpperCase(message.charAt(0)) + message.substring(1);
        return s.endsWith(".") ? s : s + ".";
    }
}
