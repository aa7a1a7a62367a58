package org.hearken.casework;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hearken.cases.CaseListQuery;
import org.hearken.clients.ClientFiles;
import org.hearken.clients.ClientOrganisation;
import org.hearken.clients.Clients;
import org.hearken.identity.Actor;
import org.hearken.identity.StaffDirectory;
import org.hearken.platform.ConflictException;
import org.hearken.platform.InvalidRequestException;
import org.hearken.platform.NotFoundException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The client organisations' pages: the list (with a form for a new one), and each client's page with every case of its
 * contacts the reader may see, its open items, remedies, satisfaction over time, the latest correspondence and what
 * the client was promised; with forms to change the client, merge it into another and manage its contacts. Every
 * change goes through {@link Clients}, as the API's do, so a page refuses what the API refuses.
 */
@Controller
@RequestMapping("/clients")
class ClientPages {

    private static final Set<String> FIELDS = Set.of("name", "manager", "deputy", "domains", "into", "customerId");

    private final Clients clients;
    private final ClientFiles files;
    private final StaffDirectory directory;

    ClientPages(Clients clients, ClientFiles files, StaffDirectory directory) {
        this.clients = clients;
        this.files = files;
        this.directory = directory;
    }

    @GetMapping
    String list(Actor actor, Model model) {
        return listPage(FormState.NONE, actor, model);
    }

    @PostMapping
    String create(
            @RequestParam MultiValueMap<String, String> params,
            Actor actor,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        FormState form = FormState.of("new-client", params);
        try {
            ClientOrganisation created = clients.create(draft(form), actor);
            redirect.addFlashAttribute("flash", Flash.ok("Added the client " + created.name() + "."));
            return "redirect:/clients/" + created.id();
        } catch (InvalidRequestException e) {
            form.reject(e.problems(), Map.of(), FIELDS);
        } catch (ConflictException e) {
            form.reject(conflictField(e), FormState.sentence(e.getMessage()));
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return listPage(form, actor, model);
    }

    @GetMapping("/{id}")
    String client(
            @PathVariable long id,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String after,
            Actor actor,
            Model model,
            RedirectAttributes redirect) {
        ClientOrganisation o = clients.find(id).orElseThrow(() -> new NotFoundException("No client " + id));
        if (o.mergedInto() != null) {
            ClientOrganisation now = clients.current(id).orElseThrow();
            redirect.addFlashAttribute("flash", Flash.info(o.name() + " was merged into " + now.name() + "."));
            return "redirect:/clients/" + now.id();
        }
        return clientPage(id, status, after, FormState.NONE, actor, model);
    }

    @PostMapping("/{id}")
    String change(
            @PathVariable long id,
            @RequestParam MultiValueMap<String, String> params,
            Actor actor,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        FormState form = FormState.of("edit", params);
        try {
            Integer version = form.text("version") == null ? null : Integer.valueOf(form.text("version"));
            ClientOrganisation changed = clients.change(id, draft(form), version, actor);
            redirect.addFlashAttribute("flash", Flash.ok("Saved " + changed.name() + "."));
            return "redirect:/clients/" + id;
        } catch (NumberFormatException e) {
            form.rejectGeneral("The form is damaged; reload the page and try again.");
        } catch (InvalidRequestException e) {
            form.reject(e.problems(), Map.of(), FIELDS);
        } catch (ConflictException e) {
            if (e.properties().containsKey("version")) {
                form.rejectGeneral(e.getMessage());
            } else {
                form.reject(conflictField(e), FormState.sentence(e.getMessage()));
            }
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return clientPage(id, null, null, form, actor, model);
    }

    @PostMapping("/{id}/merge")
    String merge(
            @PathVariable long id,
            @RequestParam MultiValueMap<String, String> params,
            Actor actor,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        FormState form = FormState.of("merge", params);
        Long into = form.number("into", "Choose the organisation to merge this one into.");
        if (into != null) {
            try {
                ClientOrganisation kept = clients.merge(id, into, actor);
                redirect.addFlashAttribute(
                        "flash",
                        Flash.ok("Merged into " + kept.name() + ": its contacts, domains and cases are here now."));
                return "redirect:/clients/" + kept.id();
            } catch (InvalidRequestException e) {
                form.reject(e.problems(), Map.of(), FIELDS);
            } catch (ConflictException e) {
                form.rejectGeneral(e.getMessage());
            }
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return clientPage(id, null, null, form, actor, model);
    }

    /**
     * Makes a customer a contact of the client: from a case's page ({@code case} names it, and the answer returns
     * there) or the client's own.
     */
    @PostMapping("/{id}/contacts")
    String addContact(
            @PathVariable long id,
            @RequestParam(required = false) Long customerId,
            @RequestParam(name = "case", required = false) String reference,
            Actor actor,
            RedirectAttributes redirect) {
        String back = back(reference, "/clients/" + id);
        if (customerId == null) {
            redirect.addFlashAttribute("flash", Flash.error("Choose a customer. Nothing was changed."));
            return back;
        }
        try {
            ClientOrganisation o = clients.addContact(id, customerId, actor);
            redirect.addFlashAttribute(
                    "flash",
                    Flash.ok("The customer is now a contact of " + o.name()
                            + ": their cases are on its page, and its relationship manager sees them."));
        } catch (ConflictException | NotFoundException | AccessDeniedException e) {
            redirect.addFlashAttribute("flash", Flash.error(e.getMessage() + " Nothing was changed."));
        }
        return back;
    }

    /** The same, with the client chosen in the form (as on a case's page). */
    @PostMapping("/contacts")
    String addContactToChosen(
            @RequestParam(required = false) Long client,
            @RequestParam(required = false) Long customerId,
            @RequestParam(name = "case", required = false) String reference,
            Actor actor,
            RedirectAttributes redirect) {
        if (client == null) {
            redirect.addFlashAttribute("flash", Flash.error("Choose a client. Nothing was changed."));
            return back(reference, "/clients");
        }
        return addContact(client, customerId, reference, actor, redirect);
    }

    @PostMapping("/{id}/contacts/{customerId}/remove")
    String removeContact(
            @PathVariable long id, @PathVariable long customerId, Actor actor, RedirectAttributes redirect) {
        try {
            ClientOrganisation o = clients.removeContact(id, customerId, actor);
            redirect.addFlashAttribute(
                    "flash", Flash.ok("The customer is no longer a contact of " + o.name() + ", nor are their cases."));
        } catch (ConflictException | NotFoundException | AccessDeniedException e) {
            redirect.addFlashAttribute("flash", Flash.error(e.getMessage() + " Nothing was changed."));
        }
        return "redirect:/clients/" + id;
    }

    // ---- the pages ------------------------------------------------------------------------------------------------

    private String listPage(FormState form, Actor actor, Model model) {
        model.addAttribute("nav", "clients");
        model.addAttribute("clients", clients.list());
        model.addAttribute("mine", clients.managedBy(actor.staffId()));
        model.addAttribute("form", form);
        boolean mayManage = Clients.mayManage(actor);
        model.addAttribute("mayManage", mayManage);
        model.addAttribute("staff", mayManage ? directory.activeStaff() : List.of());
        return "clients/list";
    }

    private String clientPage(long id, String status, String after, FormState form, Actor actor, Model model) {
        CaseListQuery.StatusFilter statusFilter =
                CaseListQuery.StatusFilter.named(status, CaseListQuery.StatusFilter.ANY);
        ClientFiles.ClientFile file = files.file(id, statusFilter, after, actor);
        model.addAttribute("nav", "clients");
        model.addAttribute("file", file);
        model.addAttribute("client", file.organisation());
        Row.addCasesByStatus(model, file.cases(), statusFilter, "/clients/" + id);
        model.addAttribute("form", form);
        boolean mayManage = Clients.mayManage(actor);
        model.addAttribute("mayManage", mayManage);
        model.addAttribute("mayAttach", Clients.mayAttachContacts(actor));
        // The staff and the other clients are the menus of the forms to change and merge it, for who may use them.
        model.addAttribute("staff", mayManage ? directory.activeStaff() : List.of());
        model.addAttribute(
                "others",
                mayManage ? clients.names().stream().filter(o -> o.id() != id).toList() : List.of());
        Map<String, String> defaults = new LinkedHashMap<>();
        ClientOrganisation o = file.organisation();
        defaults.put("name", o.name());
        defaults.put("manager", o.manager() == null ? "" : o.manager().username());
        defaults.put("deputy", o.deputy() == null ? "" : o.deputy().username());
        defaults.put("domains", String.join("\n", o.domains()));
        model.addAttribute("defaults", defaults);
        return "clients/client";
    }

    /** Back to the case the form was sent from, when it names one, else to {@code otherwise}. */
    private static String back(String reference, String otherwise) {
        return "redirect:"
                + (reference != null && reference.matches("[A-Za-z0-9-]{1,40}") ? "/cases/" + reference : otherwise);
    }

    private static Clients.Draft draft(FormState form) {
        String domains = form.text("domains");
        return new Clients.Draft(
                form.text("name"),
                form.text("manager"),
                form.text("deputy"),
                domains == null ? List.of() : Arrays.asList(domains.split("[\\s,;]+")));
    }

    private static String conflictField(ConflictException e) {
        return e.properties().containsKey("domain") ? "domains" : "name";
    }
}
