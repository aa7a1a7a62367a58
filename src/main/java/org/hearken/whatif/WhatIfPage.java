package org.hearken.whatif;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hearken.identity.Actor;
import org.hearken.identity.Department;
import org.hearken.identity.Role;
import org.hearken.identity.StaffDirectory;
import org.hearken.platform.InvalidRequestException;
import org.hearken.policy.PolicyValidationException;
import org.hearken.policy.ServicePolicies;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The what-if page for the policy review meeting: a period, an alternative policy, and the replay's table. */
@Controller
class WhatIfPage {

    /** One flipped stage with its dates written for people. */
    record FlipRow(
            String reference,
            String kind,
            String channel,
            String department,
            String stage,
            String received,
            String completed,
            String actualDue,
            String actual,
            String alternativeDue,
            String alternative,
            String explanation,
            String actualStage,
            String alternativeStage) {}

    private static final java.time.format.DateTimeFormatter SHORT =
            java.time.format.DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", java.util.Locale.ENGLISH);

    /** The form as typed, so that a refused form keeps what the person entered. */
    record Form(
            String receivedFrom,
            String receivedTo,
            String department,
            String source,
            String policyVersionId,
            String policyYaml) {}

    private final WhatIf whatIf;
    private final ServicePolicies policies;
    private final StaffDirectory directory;
    private final Clock clock;

    WhatIfPage(WhatIf whatIf, ServicePolicies policies, StaffDirectory directory, Clock clock) {
        this.whatIf = whatIf;
        this.policies = policies;
        this.directory = directory;
        this.clock = clock;
    }

    /** The rows' names for people, by {@link PolicyReplay.StageSummary#stage()}. */
    static final Map<String, String> STAGE_NAMES = Map.of(
            "acknowledge",
            "Acknowledge",
            "firstResponse",
            "First response",
            "quick-resolution",
            "Quick resolution",
            "respond",
            "Respond",
            "stage2-acknowledge",
            "Acknowledge the review request",
            "review",
            "Internal review");

    /** The example policies shipped with Hearken, offered to paste in with one click. */
    static final Map<String, String> EXAMPLES =
            Map.of("metart", "policies/metart.yaml", "safetrac", "policies/safetrac.yaml");

    @GetMapping("/reports/whatif")
    String page(
            @RequestParam(required = false) String example, Actor actor, Model model, HttpServletResponse response) {
        if (!allowed(actor)) {
            return forbidden(model, response);
        }
        ZoneId zone = policies.active().policy().calendar().zone();
        LocalDate today = clock.instant().atZone(zone).toLocalDate();
        String yaml = example == null ? null : example(example);
        Form form = new Form(
                today.minusDays(30).toString(),
                today.toString(),
                "",
                yaml == null ? "version" : "yaml",
                "",
                yaml == null ? "" : yaml);
        return show(model, actor, form, Map.of(), null);
    }

    private static String example(String name) {
        String resource = EXAMPLES.get(name);
        if (resource == null) {
            return null;
        }
        try (var in = new org.springframework.core.io.ClassPathResource(resource).getInputStream()) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("the example policy " + resource + " is part of Hearken", e);
        }
    }

    @PostMapping("/reports/whatif")
    String run(
            @RequestParam(required = false) String receivedFrom,
            @RequestParam(required = false) String receivedTo,
            @RequestParam(required = false) String department,
            @RequestParam(required = false) String source,
            @RequestParam(required = false) String policyVersionId,
            @RequestParam(required = false) String policyYaml,
            Actor actor,
            Model model,
            HttpServletResponse response) {
        if (!allowed(actor)) {
            return forbidden(model, response);
        }
        boolean yaml = "yaml".equals(source);
        Form form =
                new Form(receivedFrom, receivedTo, department, yaml ? "yaml" : "version", policyVersionId, policyYaml);
        Map<String, String> errors = new LinkedHashMap<>();
        LocalDate from = date(receivedFrom, "receivedFrom", errors);
        LocalDate to = date(receivedTo, "receivedTo", errors);
        Long versionId = null;
        if (!yaml) {
            try {
                versionId = policyVersionId == null || policyVersionId.isBlank()
                        ? null
                        : Long.valueOf(policyVersionId.strip());
            } catch (NumberFormatException e) {
                errors.put("policyVersionId", "Choose a policy version from the list.");
            }
            if (versionId == null && !errors.containsKey("policyVersionId")) {
                errors.put("policyVersionId", "Choose the policy version to compare with.");
            }
        } else if (policyYaml == null || policyYaml.isBlank()) {
            errors.put("policyYaml", "Paste the policy document (YAML) to compare with.");
        }
        if (!errors.isEmpty()) {
            response.setStatus(422);
            return show(model, actor, form, errors, null);
        }
        try {
            WhatIf.Response result =
                    whatIf.run(new WhatIf.Request(from, to, versionId, yaml ? policyYaml : null, department), actor);
            return show(model, actor, form, Map.of(), result);
        } catch (InvalidRequestException e) {
            e.problems().forEach(p -> errors.putIfAbsent(p.field(), sentence(p.field(), p.message())));
        } catch (PolicyValidationException e) {
            model.addAttribute("policyProblems", e.problems());
            errors.put(
                    "policyYaml",
                    "The policy document cannot be used: "
                            + (e.problems().size() == 1
                                    ? "1 problem"
                                    : e.problems().size() + " problems") + ", listed below with their lines.");
        }
        response.setStatus(422);
        return show(model, actor, form, errors, null);
    }

    private String show(Model model, Actor actor, Form form, Map<String, String> errors, WhatIf.Response result) {
        model.addAttribute("nav", "reports");
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("result", result);
        ZoneId zone = policies.active().policy().calendar().zone();
        model.addAttribute(
                "flips",
                result == null
                        ? List.of()
                        : result.flips().stream()
                                .map(f -> new FlipRow(
                                        f.reference(),
                                        f.kind().name(),
                                        f.channel().name(),
                                        f.department(),
                                        f.stage(),
                                        format(f.receivedAt(), zone),
                                        format(f.completedAt(), zone),
                                        format(f.actualDue(), zone),
                                        f.actual().name(),
                                        format(f.alternativeDue(), zone),
                                        f.alternative().name(),
                                        f.explanation(),
                                        f.actualStage(),
                                        f.alternativeStage()))
                                .toList());
        model.addAttribute(
                "leftOut",
                result != null
                        && result.stages().stream().anyMatch(s -> s.actualLeftOut() + s.alternativeLeftOut() > 0));
        model.addAttribute("versions", policies.versions());
        model.addAttribute("zone", zone);
        model.addAttribute("stageNames", STAGE_NAMES);
        List<Department> departments = directory.departments().stream()
                .filter(d -> actor.has(Role.EXECUTIVE) || actor.belongsTo(d.id()))
                .toList();
        model.addAttribute("departments", departments);
        return "whatif/whatif";
    }

    private static String format(java.time.Instant instant, ZoneId zone) {
        return instant == null ? "" : SHORT.format(instant.atZone(zone));
    }

    private static LocalDate date(String value, String field, Map<String, String> errors) {
        if (value == null || value.isBlank()) {
            errors.put(field, "Give a date.");
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            errors.put(field, "Give the date as a calendar date, for example 2026-11-30.");
            return null;
        }
    }

    private static String sentence(String field, String message) {
        String label = switch (field) {
            case "receivedFrom" -> "The first day";
            case "receivedTo" -> "The last day";
            case "department" -> "The department";
            default -> "The policy version";
        };
        String text = message.startsWith("is ")
                ? label + " " + message
                : Character.toUpperCase(message.charAt(0)) + message.substring(1);
        return text.replace("receivedFrom", "the first day")
                        .replace("policyVersionId", "a stored version")
                        .replace("policyYaml", "a policy document")
                + (text.endsWith(".") ? "" : ".");
    }

    private static boolean allowed(Actor actor) {
        return actor.has(Role.MANAGER) || actor.has(Role.EXECUTIVE);
    }

    private static String forbidden(Model model, HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        model.addAttribute("status", 403);
        return "error";
    }
}
