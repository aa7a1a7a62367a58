package org.hearken.casework;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hearken.cases.CaseCommands;
import org.hearken.cases.Outcome;
import org.hearken.cases.PreferredReply;
import org.hearken.identity.Actor;
import org.hearken.identity.Department;
import org.hearken.identity.Role;
import org.hearken.identity.StaffDirectory;
import org.hearken.intake.CaseIntake;
import org.hearken.intake.CaseRequest;
import org.hearken.platform.ConflictException;
import org.hearken.platform.InvalidRequestException;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;
import org.hearken.policy.ServicePolicies;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Logging feedback taken by phone, at the counter or from a letter. While staff type, a preview says who will own
 * the case and which dates to promise, worked out by the same code that saves it. A hidden idempotency key makes a
 * double-submitted form log one case.
 */
@Controller
class NewCasePage {

    static final Set<String> FIELDS = Set.of(
            "kind",
            "channel",
            "receivedAt",
            "sentAt",
            "product",
            "subject",
            "description",
            "customer",
            "customer.name",
            "customer.email",
            "customer.phone",
            "customer.postalAddress",
            "customer.preferredReply",
            "department",
            "owner",
            "confidential",
            "acknowledgedVerbally",
            "resolvedAtFirstContact.analysis",
            "resolvedAtFirstContact.resolution",
            "resolvedAtFirstContact.outcome",
            "resolvedAtFirstContact.reasons",
            "resolvedAtFirstContact.category",
            "aboutStaff",
            "client");

    private static final Map<String, String> RENAMED = Map.of(
            "resolvedAtFirstContact",
            "resolvedAtFirstContact.resolution",
            "resolvedAtFirstContact.reasons",
            "resolvedAtFirstContact.reasons");
    /** Said instead of the API's words, which name its fields. */
    static final String CONTACT_NEEDED =
            "give an e-mail address, a phone number or a postal address so that we can reply";

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    private final CaseIntake intake;
    private final org.hearken.categories.CaseCategories categories;
    private final StaffDirectory directory;
    private final Validator validator;
    private final Clock clock;
    private final ServicePolicies policies;

    private final org.hearken.clients.Clients clients;

    NewCasePage(
            CaseIntake intake,
            org.hearken.categories.CaseCategories categories,
            StaffDirectory directory,
            Validator validator,
            Clock clock,
            ServicePolicies policies,
            org.hearken.clients.Clients clients) {
        this.clients = clients;
        this.intake = intake;
        this.categories = categories;
        this.directory = directory;
        this.validator = validator;
        this.clock = clock;
        this.policies = policies;
    }

    @GetMapping("/cases/new")
    String form(Actor actor, Model model) {
        requireHandler(actor);
        Words words = (Words) model.getAttribute("words");
        List<Department> departments = departmentsFor(actor);
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("idempotencyKey", UUID.randomUUID().toString());
        defaults.put("kind", FeedbackKind.COMPLAINT.name());
        defaults.put("channel", Channel.PHONE.name());
        defaults.put(
                "receivedAt", LOCAL.format(clock.instant().atZone(words.zone()).truncatedTo(ChronoUnit.MINUTES)));
        defaults.put(
                "department",
                departments.stream()
                        .filter(d -> actor.belongsTo(d.id()))
                        .findFirst()
                        .or(() -> departments.stream()
                                .filter(Department::isDefault)
                                .findFirst())
                        .or(() -> departments.stream().findFirst())
                        .map(Department::code)
                        .orElse(""));
        defaults.put("acknowledgedVerbally", "on");
        FormState form = new FormState("new", defaults);
        populate(model, actor, form);
        model.addAttribute("preview", preview(form, words.zone(), actor));
        return "casework/new";
    }

    /** The htmx preview: owner, department, dates to promise and the words to read out, or what is still missing. */
    @PostMapping("/cases/new/preview")
    String preview(@RequestParam MultiValueMap<String, String> params, Actor actor, Model model) {
        requireHandler(actor);
        Words words = (Words) model.getAttribute("words");
        model.addAttribute("preview", preview(FormState.of("new", params), words.zone(), actor));
        return "casework/new :: preview";
    }

    @PostMapping("/cases/new")
    String save(
            @RequestParam MultiValueMap<String, String> params,
            Actor actor,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        requireHandler(actor);
        Words words = (Words) model.getAttribute("words");
        FormState form = FormState.of("new", params);
        CaseRequest request = request(form, words.zone());
        for (ConstraintViolation<CaseRequest> v : validator.validate(request)) {
            String path = v.getPropertyPath().toString();
            form.reject(RENAMED.getOrDefault(path, path), CasePages.friendly(v.getMessage()));
        }
        if (!form.hasErrors()) {
            try {
                CaseIntake.Logged logged = intake.open(request, actor, form.text("idempotencyKey"));
                String reference = logged.view().reference();
                String message = "Logged " + reference + ". Give the customer this reference."
                        + (logged.replayed() ? " (The form was sent twice; the case was logged once.)" : "");
                redirect.addFlashAttribute("flash", Flash.ok(message));
                return "redirect:/cases/" + reference;
            } catch (InvalidRequestException e) {
                form.reject(e.problems(), RENAMED, FIELDS);
                if (form.errors().containsKey("customer")) {
                    form.errors().put("customer", FormState.sentence(CONTACT_NEEDED));
                }
            } catch (ConflictException e) {
                // The same form, changed after it was saved: never log a second case under its key.
                form.rejectGeneral(
                        "This form was already used to log a case and has been changed since. Nothing new was"
                                + " logged. To log another case, start a new form.");
            }
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        populate(model, actor, form);
        model.addAttribute("preview", preview(form, words.zone(), actor));
        return "casework/new";
    }

    private CaseIntake.Preview preview(FormState form, ZoneId zone, Actor actor) {
        FormState quiet = form.copy();
        return intake.preview(request(quiet, zone), actor);
    }

    /** The API's request from the form. Only spoken feedback can be acknowledged or resolved during the contact. */
    private static CaseRequest request(FormState f, ZoneId zone) {
        FeedbackKind kind = f.choice("kind", FeedbackKind.class, "Choose what kind of feedback it is.");
        Channel channel = f.choice("channel", Channel.class, "Choose how it reached us.");
        OffsetDateTime receivedAt = f.dateTime("receivedAt", zone, null);
        // The date on a letter or form: its day, from the start of the day in the organisation's zone.
        java.time.LocalDate sentOn = f.date("sentAt", null);
        OffsetDateTime sentAt =
                sentOn == null ? null : sentOn.atStartOfDay(zone).toOffsetDateTime();
        var customer = new CaseRequest.CustomerDetails(
                f.text("customer.name"),
                f.text("customer.email"),
                f.text("customer.phone"),
                f.text("customer.postalAddress"),
                f.choice("customer.preferredReply", PreferredReply.class, null));
        boolean spoken = channel == Channel.PHONE || channel == Channel.IN_PERSON;
        CaseCommands.FirstContactResolution resolved = null;
        if (spoken && f.flag("resolvedNow")) {
            resolved = new CaseCommands.FirstContactResolution(
                    f.text("resolvedAtFirstContact.analysis"),
                    f.text("resolvedAtFirstContact.resolution"),
                    f.choice("resolvedAtFirstContact.outcome", Outcome.class, "Choose the outcome."),
                    f.text("resolvedAtFirstContact.reasons"),
                    f.text("resolvedAtFirstContact.category"));
        }
        Boolean acknowledged = spoken && resolved == null && f.flag("acknowledgedVerbally") ? Boolean.TRUE : null;
        List<String> about = f.texts("aboutStaff");
        return new CaseRequest(
                kind,
                channel,
                receivedAt,
                f.text("subject"),
                f.text("description"),
                customer,
                f.text("department"),
                f.text("owner"),
                f.flag("confidential"),
                acknowledged,
                resolved,
                about.isEmpty() ? null : about,
                f.text("product"),
                sentAt,
                f.text("client") == null ? null : f.number("client", null));
    }

    private void populate(Model model, Actor actor, FormState form) {
        List<Department> departments = departmentsFor(actor);
        model.addAttribute("nav", "new");
        model.addAttribute("form", form);
        model.addAttribute("kinds", FeedbackKind.values());
        model.addAttribute("channels", Channel.values());
        model.addAttribute("replies", PreferredReply.values());
        model.addAttribute("outcomes", Outcome.values());
        model.addAttribute("departments", departments);
        Set<String> codes = departments.stream().map(Department::code).collect(java.util.stream.Collectors.toSet());
        List<StaffDirectory.Colleague> everyone = directory.activeStaff();
        model.addAttribute(
                "staff",
                everyone.stream()
                        .filter(s -> s.departmentCodes().stream().anyMatch(codes::contains))
                        .toList());
        model.addAttribute("everyone", everyone);
        model.addAttribute("categories", categories.list(false));
        model.addAttribute("clients", clients.names());
        model.addAttribute(
                "products",
                policies.active().policy().products().stream()
                        .map(p -> new Choices.Option(p, p))
                        .toList());
    }

    /** Agents log in their own departments (and the default one); managers, executives and administrators in any. */
    private List<Department> departmentsFor(Actor actor) {
        boolean any = actor.has(Role.MANAGER) || actor.has(Role.EXECUTIVE) || actor.has(Role.ADMIN);
        return directory.departments().stream()
                .filter(d -> any || d.isDefault() || actor.belongsTo(d.id()))
                .toList();
    }

    private static void requireHandler(Actor actor) {
        if (!actor.has(Role.AGENT) && !actor.has(Role.MANAGER) && !actor.has(Role.EXECUTIVE)) {
            throw new AccessDeniedException("Only staff who handle cases log them.");
        }
    }
}
