package org.hearken.identity;

import jakarta.servlet.http.HttpServletResponse;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The administration start page and the pages where administrators manage staff and departments. Invalid input is
 * shown next to its field and changes nothing.
 */
@Controller
class StaffPages {

    static final Pattern USERNAME = Pattern.compile("^[a-z0-9._@-]{2,64}$");
    static final Pattern DEPARTMENT_CODE = Pattern.compile("^[A-Z][A-Z0-9_-]{0,31}$");
    static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    static final int MIN_PASSWORD = 12;
    static final int MAX_NAME = 200;

    /** What the new-staff form sends; every part may be missing. */
    record StaffForm(
            String username,
            String fullName,
            String email,
            String password,
            List<String> roles,
            List<String> departments) {

        StaffForm {
            username = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
            fullName = fullName == null ? "" : fullName.strip();
            email = email == null ? "" : email.strip();
            password = password == null ? "" : password;
            roles = roles == null ? List.of() : List.copyOf(roles);
            departments = departments == null ? List.of() : List.copyOf(departments);
        }

        static StaffForm empty() {
            return new StaffForm(null, null, null, null, List.of(Role.AGENT.name()), null);
        }
    }

    /** How many of the latest roles given with no second administrator the staff page lists. */
    static final int GRANTED_ALONE_SHOWN = 10;

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** A role waiting for a second administrator, in words, with what the reader may do about it. */
    record GrantRow(
            long id,
            String role,
            String username,
            String fullName,
            String askedBy,
            String askedAt,
            String lapsesAt,
            boolean mayApprove,
            String whyNot,
            String approveLabel,
            String refuseText,
            String refuseLabel) {}

    /** A role given with no second administrator available. */
    record AloneRow(String role, String username, String fullName, String by, String at) {}

    /** A role checkbox on the edit page: ticked if held or asked for, with a note when it waits for approval. */
    record RoleChoice(String value, String label, boolean checked, String note) {}

    private final StaffAccounts accounts;
    private final StaffDirectory directory;
    private final RoleGrants grants;
    private final SecondFactors secondFactors;
    private final Passwords passwords;

    StaffPages(
            StaffAccounts accounts,
            StaffDirectory directory,
            RoleGrants grants,
            SecondFactors secondFactors,
            Passwords passwords) {
        this.accounts = accounts;
        this.directory = directory;
        this.grants = grants;
        this.secondFactors = secondFactors;
        this.passwords = passwords;
    }

    @GetMapping("/admin")
    String overview(Actor actor, Model model) {
        if (!actor.has(Role.ADMIN) && !actor.has(Role.MANAGER)) {
            throw new AccessDeniedException("The administration pages are for administrators and managers.");
        }
        model.addAttribute("nav", "admin");
        return "admin/index";
    }

    @GetMapping("/admin/staff")
    String staff(Actor actor, Model model) {
        requireAdmin(actor);
        model.addAttribute("nav", "admin");
        model.addAttribute("staff", directory.allStaff());
        List<RoleGrants.Grant> pending = grants.pending();
        model.addAttribute(
                "grants", pending.stream().map(g -> grantRow(g, actor)).toList());
        Map<String, String> waitingRoles = new java.util.TreeMap<>();
        pending.forEach(g -> waitingRoles.merge(g.username(), roleName(g.role()), (a, b) -> a + ", " + b));
        model.addAttribute("waitingRoles", waitingRoles);
        model.addAttribute(
                "alone",
                grants.grantedAlone(GRANTED_ALONE_SHOWN).stream()
                        .map(g -> new AloneRow(
                                roleName(g.role()),
                                g.username(),
                                g.fullName(),
                                g.requestedByName(),
                                TIME.format(g.decidedAt())))
                        .toList());
        model.addAttribute("grantDays", grants.validFor().toDays());
        Set<Role> required = secondFactors.requiredRoles();
        model.addAttribute(
                "secondFactorRoles",
                java.util.Arrays.stream(Role.values())
                        .map(r -> new RoleChoice(r.name(), roleName(r), required.contains(r), null))
                        .toList());
        return "admin/staff";
    }

    private GrantRow grantRow(RoleGrants.Grant g, Actor actor) {
        var whyNot = grants.whyNotApprove(g, actor);
        boolean own = g.requestedBy().equals(actor.username());
        String role = roleName(g.role());
        return new GrantRow(
                g.id(),
                role,
                g.username(),
                g.fullName(),
                g.requestedByName(),
                TIME.format(g.requestedAt()),
                TIME.format(g.expiresAt()),
                whyNot.isEmpty(),
                whyNot.map(GrantRule.Refusal::message).orElse(null),
                "Approve " + role + " for " + g.fullName(),
                own ? "Withdraw" : "Refuse",
                (own ? "Withdraw " : "Refuse ") + role + " for " + g.fullName());
    }

    private static String roleName(Role role) {
        String name = role.name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /** What became of the privileged roles asked for, for the message after saving. */
    private String grantsSaid(List<RoleGrants.Grant> asked) {
        StringBuilder said = new StringBuilder();
        for (RoleGrants.Grant g : asked) {
            if (g.status() == GrantRule.Status.PENDING) {
                said.append(" The ")
                        .append(roleName(g.role()))
                        .append(" role waits for a second administrator to approve it ")
                        .append("(within ")
                        .append(grants.validFor().toDays())
                        .append(" days).");
                if (!grants.anyoneCouldApprove(g)) {
                    said.append(
                                    " No other active administrator can approve it now, and as another administrator's access ended ")
                            .append("less than ")
                            .append(grants.validFor().toDays())
                            .append(" days ago it is not given without one.");
                }
            } else if (g.withoutSecondAdministrator()) {
                said.append(" The ")
                        .append(roleName(g.role()))
                        .append(" role was given at once because no other administrator ")
                        .append("could approve it; this is recorded and shown below.");
            }
        }
        return said.toString();
    }

    /** Approves a role waiting for a second administrator; the person is signed out so it applies at once. */
    @PostMapping("/admin/staff/grants/{id}/approve")
    String approve(@PathVariable long id, Actor actor, RedirectAttributes redirect) {
        requireAdmin(actor);
        try {
            RoleGrants.Grant g = grants.approve(id, actor);
            redirect.addFlashAttribute(
                    "flash",
                    "Approved: " + g.fullName() + " now has the " + roleName(g.role())
                            + " role. They are signed out and sign in again with it.");
        } catch (RoleGrants.Undecidable e) {
            redirect.addFlashAttribute("flashError", e.getMessage());
        }
        return "redirect:/admin/staff";
    }

    /** Refuses a role waiting for a second administrator (the one who asked withdraws it this way). */
    @PostMapping("/admin/staff/grants/{id}/refuse")
    String refuse(@PathVariable long id, Actor actor, RedirectAttributes redirect) {
        requireAdmin(actor);
        try {
            RoleGrants.Grant g = grants.refuse(id, actor);
            redirect.addFlashAttribute(
                    "flash",
                    (g.requestedBy().equals(actor.username()) ? "Withdrawn" : "Refused") + ": " + g.fullName()
                            + " does not get the " + roleName(g.role()) + " role.");
        } catch (RoleGrants.Undecidable e) {
            redirect.addFlashAttribute("flashError", e.getMessage());
        }
        return "redirect:/admin/staff";
    }

    @GetMapping("/admin/staff/new")
    String newStaff(Actor actor, Model model) {
        requireAdmin(actor);
        return staffForm(model, StaffForm.empty(), Map.of());
    }

    @PostMapping("/admin/staff")
    String create(StaffForm form, Actor actor, Model model, RedirectAttributes redirect) {
        requireAdmin(actor);
        Map<String, String> errors = problems(form);
        Set<Role> roles = roles(form.roles(), errors);
        Set<String> departments = departments(form.departments(), errors);
        needsDepartment(roles, departments, errors);
        StaffAccounts.Created created = null;
        if (errors.isEmpty()) {
            try {
                created = accounts.create(new StaffAccounts.NewStaff(
                        form.username(),
                        form.fullName(),
                        form.email().isEmpty() ? null : form.email(),
                        form.password(),
                        roles,
                        departments));
            } catch (DuplicateKeyException e) {
                // Someone else took the username between the check and the insert.
                errors.put("username", "That username is already taken; choose another.");
            }
        }
        if (created == null) {
            return staffForm(
                    model,
                    new StaffForm(form.username(), form.fullName(), form.email(), "", form.roles(), form.departments()),
                    errors);
        }
        redirect.addFlashAttribute(
                "flash",
                "Created " + form.fullName() + " (" + form.username() + "). They can sign in now."
                        + grantsSaid(created.grants()));
        return "redirect:/admin/staff";
    }

    private String staffForm(Model model, StaffForm form, Map<String, String> errors) {
        model.addAttribute("nav", "admin");
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("roles", Role.values());
        model.addAttribute("departments", directory.departments());
        model.addAttribute("grantDays", grants.validFor().toDays());
        return "admin/staff-new";
    }

    @GetMapping("/admin/staff/{username}")
    String edit(@PathVariable String username, Actor actor, Model model) {
        requireAdmin(actor);
        var member = directory
                .details(username)
                .orElseThrow(() -> new ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND));
        return editForm(model, member, Map.of(), actor, false);
    }

    /** The edit page; {@code asTyped}: the roles ticked are those sent (a form with errors), not those held or asked for. */
    private String editForm(
            Model model, StaffDirectory.StaffDetails member, Map<String, String> errors, Actor actor, boolean asTyped) {
        model.addAttribute("nav", "admin");
        model.addAttribute("member", member);
        model.addAttribute("self", member.username().equals(actor.username()));
        model.addAttribute("errors", errors);
        List<RoleGrants.Grant> waiting = grants.pendingFor(member.username());
        model.addAttribute(
                "waiting", waiting.stream().map(g -> grantRow(g, actor)).toList());
        model.addAttribute(
                "roleChoices",
                java.util.Arrays.stream(Role.values())
                        .map(r -> {
                            var asked =
                                    waiting.stream().filter(g -> g.role() == r).findFirst();
                            String note = asked.map(g ->
                                            "waiting for a second administrator (asked by " + g.requestedByName() + ")")
                                    .orElse(
                                            GrantRule.PRIVILEGED.contains(r) && !member.has(r)
                                                    ? "needs a second administrator's approval"
                                                    : null);
                            return new RoleChoice(
                                    r.name(), roleName(r), member.has(r) || (asked.isPresent() && !asTyped), note);
                        })
                        .toList());
        model.addAttribute("departments", directory.departments());
        SecondFactors.Status signIn = secondFactors.status(member.id(), member.roles());
        model.addAttribute("signInStatus", signIn);
        model.addAttribute("signInSince", signIn.since() == null ? null : AccountPages.TIME.format(signIn.since()));
        model.addAttribute("resetHours", passwords.linkValidFor().toHours());
        return "admin/staff-edit";
    }

    /**
     * Saves a member of staff's roles and departments. Nobody changes their own: an administrator who could would need
     * nobody to give themselves the executive role, read confidential cases and take the role away again. Another
     * administrator must do it, and every change is in the security audit log.
     */
    @PostMapping("/admin/staff/{username}")
    String update(
            @PathVariable String username,
            @RequestParam(required = false) List<String> roles,
            @RequestParam(required = false) List<String> departments,
            Actor actor,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        requireAdmin(actor);
        var member = directory
                .details(username)
                .orElseThrow(() -> new ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND));
        Map<String, String> errors = new LinkedHashMap<>();
        Set<Role> newRoles = roles(roles == null ? List.of() : roles, errors);
        Set<String> newDepartments = departments(departments == null ? List.of() : departments, errors);
        needsDepartment(newRoles, newDepartments, errors);
        List<RoleGrants.Grant> asked = List.of();
        if (errors.isEmpty()) {
            try {
                asked = accounts.changeRolesAndDepartments(member.username(), newRoles, newDepartments);
            } catch (StaffAccounts.OwnAccessRefused e) {
                errors.put("roles", e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            if (member.username().equals(actor.username())) {
                return editForm(model, member, errors, actor, false);
            }
            // Show what was asked for, so it can be corrected.
            var typed = new StaffDirectory.StaffDetails(
                    member.id(),
                    member.username(),
                    member.fullName(),
                    member.email(),
                    member.active(),
                    newRoles,
                    directory.departments().stream()
                            .filter(d -> newDepartments.contains(d.code()))
                            .toList());
            return editForm(model, typed, errors, actor, true);
        }
        redirect.addFlashAttribute(
                "flash",
                "Saved the roles and departments of " + member.fullName()
                        + ". They are signed out and sign in again with them." + grantsSaid(asked));
        return "redirect:/admin/staff";
    }

    /** Sets, changes or removes the e-mail address notices are e-mailed to; administrators only, in the audit log. */
    @PostMapping("/admin/staff/{username}/email")
    String email(
            @PathVariable String username,
            @RequestParam(required = false) String email,
            Actor actor,
            RedirectAttributes redirect) {
        requireAdmin(actor);
        var member = directory
                .staffByUsername(username)
                .orElseThrow(() -> new ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND));
        String address = email == null ? "" : email.strip();
        if (!address.isEmpty()
                && (address.length() > 254 || !EMAIL.matcher(address).matches())) {
            redirect.addFlashAttribute(
                    "flashError",
                    "Enter an e-mail address such as name@example.org, or leave it empty. Nothing was changed.");
            return "redirect:/admin/staff/" + member.username();
        }
        boolean changed = accounts.changeEmail(member.username(), address.isEmpty() ? null : address);
        redirect.addFlashAttribute(
                "flash",
                !changed
                        ? "Nothing to change: that is already " + member.fullName() + "'s address."
                        : address.isEmpty()
                                ? "Removed " + member.fullName() + "'s e-mail address: nothing is e-mailed to them."
                                : "Notices " + member.fullName() + " chose are now e-mailed to " + address + ".");
        return "redirect:/admin/staff/" + member.username();
    }

    @PostMapping("/admin/staff/{username}/deactivate")
    String deactivate(@PathVariable String username, Actor actor, RedirectAttributes redirect) {
        requireAdmin(actor);
        var member = directory
                .staffByUsername(username)
                .orElseThrow(() -> new ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND));
        if (member.username().equals(actor.username())) {
            redirect.addFlashAttribute("flashError", "You cannot deactivate yourself. Nothing was changed.");
        } else if (accounts.deactivate(member.username())) {
            redirect.addFlashAttribute(
                    "flash",
                    member.fullName() + " is deactivated and can no longer sign in. Their open cases "
                            + "stay theirs until reassigned; the deadline watch lists them as exceptions.");
        } else {
            redirect.addFlashAttribute("flash", member.fullName() + " was already deactivated.");
        }
        return "redirect:/admin/staff";
    }

    @PostMapping("/admin/staff/{username}/reactivate")
    String reactivate(@PathVariable String username, Actor actor, RedirectAttributes redirect) {
        requireAdmin(actor);
        var member = directory
                .staffByUsername(username)
                .orElseThrow(() -> new ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND));
        var asked = accounts.reactivateAsking(member.username());
        redirect.addFlashAttribute(
                "flash", member.fullName() + " can sign in again." + grantsSaid(asked.orElse(List.of())));
        return "redirect:/admin/staff";
    }

    @GetMapping("/admin/departments")
    String departments(Actor actor, Model model) {
        requireAdmin(actor);
        return departmentsPage(model, "", "", Map.of(), null, null);
    }

    private String departmentsPage(
            Model model, String code, String name, Map<String, String> errors, String renameCode, String renameError) {
        model.addAttribute("nav", "admin");
        model.addAttribute("departments", directory.departmentSummaries());
        model.addAttribute("code", code);
        model.addAttribute("name", name);
        model.addAttribute("errors", errors);
        model.addAttribute("renameCode", renameCode);
        model.addAttribute("renameError", renameError);
        return "admin/departments";
    }

    @PostMapping("/admin/departments")
    String createDepartment(
            @RequestParam(defaultValue = "") String code,
            @RequestParam(defaultValue = "") String name,
            Actor actor,
            Model model,
            RedirectAttributes redirect) {
        requireAdmin(actor);
        String c = code.strip().toUpperCase(Locale.ROOT);
        String n = name.strip();
        Map<String, String> errors = new LinkedHashMap<>();
        if (c.isEmpty()) {
            errors.put("code", "Enter a short code, such as WASTE.");
        } else if (!DEPARTMENT_CODE.matcher(c).matches()) {
            errors.put("code", "Use a letter followed by up to 31 letters, digits, '-' or '_'.");
        } else if (directory.departmentByCode(c).isPresent()) {
            errors.put("code", "There is already a department " + c + ".");
        }
        nameProblem(n).ifPresent(p -> errors.put("name", p));
        if (errors.isEmpty()) {
            try {
                accounts.createDepartment(c, n, false);
            } catch (DuplicateKeyException e) {
                errors.put("code", "There is already a department " + c + ".");
            }
        }
        if (!errors.isEmpty()) {
            return departmentsPage(model, c, n, errors, null, null);
        }
        redirect.addFlashAttribute("flash", "Created the department " + n + " (" + c + ").");
        return "redirect:/admin/departments";
    }

    @PostMapping("/admin/departments/{code}/rename")
    String renameDepartment(
            @PathVariable String code,
            @RequestParam(defaultValue = "") String name,
            Actor actor,
            Model model,
            RedirectAttributes redirect) {
        requireAdmin(actor);
        var department = directory
                .departmentByCode(code)
                .orElseThrow(() -> new ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND));
        String n = name.strip();
        var problem = nameProblem(n);
        if (problem.isPresent()) {
            return departmentsPage(model, "", "", Map.of(), department.code(), problem.get());
        }
        accounts.renameDepartment(department.code(), n);
        redirect.addFlashAttribute("flash", "Renamed " + department.name() + " to " + n + ".");
        return "redirect:/admin/departments";
    }

    private static java.util.Optional<String> nameProblem(String name) {
        if (name.isEmpty()) {
            return java.util.Optional.of("Enter the department's name.");
        }
        if (name.length() > MAX_NAME) {
            return java.util.Optional.of("Use at most " + MAX_NAME + " characters.");
        }
        return java.util.Optional.empty();
    }

    /** What is wrong with the text fields of a new member of staff, by field. */
    Map<String, String> problems(StaffForm form) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (form.username().isEmpty()) {
            errors.put("username", "Enter a username.");
        } else if (!USERNAME.matcher(form.username()).matches()) {
            errors.put("username", "Use 2 to 64 lower-case letters, digits, '.', '_', '-' or '@'.");
        } else if (directory.staffByUsername(form.username()).isPresent()) {
            errors.put("username", "That username is already taken; choose another.");
        }
        if (form.fullName().isEmpty()) {
            errors.put("fullName", "Enter the person's full name.");
        } else if (form.fullName().length() > MAX_NAME) {
            errors.put("fullName", "Use at most " + MAX_NAME + " characters.");
        }
        if (!form.email().isEmpty()
                && (form.email().length() > 254 || !EMAIL.matcher(form.email()).matches())) {
            errors.put("email", "Enter an e-mail address such as name@example.org, or leave it empty.");
        }
        if (form.password().length() < MIN_PASSWORD) {
            errors.put("password", "Use at least " + MIN_PASSWORD + " characters.");
        } else if (form.password().length() > 200) {
            errors.put("password", "Use at most 200 characters.");
        }
        return errors;
    }

    private static Set<Role> roles(List<String> names, Map<String, String> errors) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : names) {
            try {
                roles.add(Role.valueOf(name));
            } catch (IllegalArgumentException e) {
                errors.put("roles", "'" + name + "' is not a role.");
            }
        }
        if (roles.isEmpty() && !errors.containsKey("roles")) {
            errors.put("roles", "Choose at least one role.");
        }
        return roles;
    }

    /** Agents and managers handle their departments' cases, so they need at least one. */
    private static void needsDepartment(Set<Role> roles, Set<String> departments, Map<String, String> errors) {
        if ((roles.contains(Role.AGENT) || roles.contains(Role.MANAGER))
                && departments.isEmpty()
                && !errors.containsKey("departments")) {
            errors.put(
                    "departments",
                    "Agents and managers handle their departments' cases: choose at least one department.");
        }
    }

    private Set<String> departments(List<String> codes, Map<String, String> errors) {
        Set<String> known = new LinkedHashSet<>();
        directory.departments().forEach(d -> known.add(d.code()));
        Set<String> chosen = new LinkedHashSet<>();
        for (String code : codes) {
            if (!known.contains(code)) {
                errors.put("departments", "There is no department " + code + ".");
            } else {
                chosen.add(code);
            }
        }
        return chosen;
    }

    private static void requireAdmin(Actor actor) {
        if (!actor.has(Role.ADMIN)) {
            throw new AccessDeniedException("Only an administrator may manage staff and departments.");
        }
    }
}
