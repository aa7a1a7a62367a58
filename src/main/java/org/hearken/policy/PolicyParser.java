package org.hearken.policy;

import java.io.StringReader;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.hearken.calendar.BusinessCalendar;
import org.hearken.calendar.HolidaySource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a service policy document (YAML, described in docs/policy.md) into a {@link ServicePolicy}, or reports every
 * problem with its line. The document is only composed into YAML nodes, never constructed into objects, and each node
 * is checked against the expected shape, so that every message can say where the problem is, and no tag in the
 * document can make the parser build anything else.
 */
public final class PolicyParser {

    /** Policy documents are a page or two; anything far bigger is a mistake or an attack. */
    public static final int MAX_DOCUMENT_CHARS = 256 * 1024;

    /** More business days than any service standard would promise; larger numbers are typing mistakes. */
    static final int MAX_BUSINESS_DAYS = 1000;

    private static final List<String> TOP_KEYS = List.of(
            "name",
            "description",
            "calendar",
            "pack",
            "packs",
            "products",
            "targets",
            "review",
            "reopen",
            "interimResponse",
            "watch");
    private static final List<String> ROUTE_KEYS = List.of("pack", "departments", "kinds", "products", "overrides");
    private static final List<String> CALENDAR_KEYS =
            List.of("zone", "workdays", "opens", "closes", "holidays", "closures");
    private static final List<String> HOLIDAY_KEYS = List.of("country", "region", "except");
    private static final List<String> CLOSURE_KEYS = List.of("date", "from", "to", "label");
    private static final List<String> RULE_KEYS =
            List.of("kinds", "channels", "acknowledge", "firstResponse", "respond", "review");
    private static final List<String> REVIEW_KEYS = List.of("requestWithin");
    private static final List<String> REOPEN_KEYS = List.of("respond");
    private static final List<String> INTERIM_KEYS = List.of("meetsRespondTarget");
    private static final List<String> WATCH_KEYS = List.of("warnBefore", "escalateAfter");

    private static final Pattern WHOLE_NUMBER = Pattern.compile("\\+?[0-9]{1,9}");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("H:mm[:ss]", Locale.ROOT);
    /** The longest closure run written as from/to; a longer one is almost certainly a wrong year. */
    private static final int MAX_CLOSURE_RUN_DAYS = 366;

    /** SnakeYAML's refusal of a {@code !!java.class} tag, which the safe loader never instantiates. */
    private static final String GLOBAL_TAG = "Global tag is not allowed:";

    private final List<PolicyProblem> problems = new ArrayList<>();

    private PolicyParser() {}

    /**
     * Parses and validates a policy document.
     *
     * @throws PolicyValidationException listing every problem found, each with its line
     */
    public static ServicePolicy parse(String document) {
        return new PolicyParser().run(document);
    }

    private ServicePolicy run(String document) {
        if (document == null || document.isBlank()) {
            throw fail(1, "the policy document is empty");
        }
        if (document.length() > MAX_DOCUMENT_CHARS) {
            throw fail(1, "the policy document is larger than " + MAX_DOCUMENT_CHARS / 1024 + " KB");
        }
        Node root = compose(document);
        if (!(root instanceof MappingNode top)) {
            throw fail(line(root), "the policy document must be a mapping with the keys name, calendar and targets");
        }
        Map<String, NodeTuple> keys = keys(top, TOP_KEYS);

        String name = requiredText(keys, "name", top, "the policy");
        if (name != null && name.length() > 200) {
            problem(keys.get("name").getValueNode(), "name must be at most 200 characters");
        }
        String description = keys.containsKey("description")
                ? optionalText(keys.get("description").getValueNode(), "description")
                : null;

        BusinessCalendar calendar = null;
        NodeTuple cal = keys.get("calendar");
        if (cal == null) {
            problem(top, "the policy has no 'calendar' section");
        } else {
            calendar = calendar(cal);
        }

        List<String> products =
                keys.containsKey("products") ? products(keys.get("products").getValueNode()) : List.of();
        List<PackRoute> packs = new ArrayList<>();
        if (keys.containsKey("pack") && keys.containsKey("packs")) {
            problem(
                    keys.get("packs").getKeyNode(),
                    "give either 'pack' (one pack for all) or 'packs' (routes), not both");
        } else if (keys.containsKey("pack")) {
            PackRoute route =
                    route(keys.get("pack").getKeyNode(), keys.get("pack").getValueNode(), true);
            if (route != null) {
                packs.add(route);
            }
        } else if (keys.containsKey("packs")) {
            packs = routes(keys.get("packs").getValueNode());
        }

        List<TargetRule> rules = null;
        NodeTuple targets = keys.get("targets");
        if (targets == null) {
            if (!keys.containsKey("pack") && !keys.containsKey("packs")) {
                problem(top, "the policy has no 'targets' section (nor a 'pack' that sets its targets)");
            }
        } else {
            rules = rules(targets, packs.isEmpty());
        }

        Integer requestWithin = null;
        if (keys.containsKey("review")) {
            Node review = keys.get("review").getValueNode();
            if (review instanceof MappingNode m) {
                Map<String, NodeTuple> rk = keys(m, REVIEW_KEYS);
                if (rk.containsKey("requestWithin")) {
                    requestWithin = businessDays(rk.get("requestWithin").getValueNode(), "requestWithin");
                }
            } else if (!isNull(review)) {
                problem(review, "review must be a mapping, e.g. review: { requestWithin: 20 }");
            }
        }
        Integer reopenRespond = null;
        if (keys.containsKey("reopen")) {
            Node reopen = keys.get("reopen").getValueNode();
            if (reopen instanceof MappingNode m) {
                Map<String, NodeTuple> rk = keys(m, REOPEN_KEYS);
                if (rk.containsKey("respond")) {
                    reopenRespond = businessDays(rk.get("respond").getValueNode(), "reopen.respond");
                }
            } else if (!isNull(reopen)) {
                problem(reopen, "reopen must be a mapping, e.g. reopen: { respond: 7 }");
            }
        }

        boolean interimMeetsRespond = false;
        if (keys.containsKey("interimResponse")) {
            Node interim = keys.get("interimResponse").getValueNode();
            if (interim instanceof MappingNode m) {
                Map<String, NodeTuple> ik = keys(m, INTERIM_KEYS);
                if (ik.containsKey("meetsRespondTarget")) {
                    Node value = ik.get("meetsRespondTarget").getValueNode();
                    if (value instanceof ScalarNode scalar
                            && (scalar.getValue().equals("true")
                                    || scalar.getValue().equals("false"))) {
                        interimMeetsRespond = Boolean.parseBoolean(scalar.getValue());
                    } else {
                        problem(value, "interimResponse.meetsRespondTarget must be true or false");
                    }
                }
            } else if (!isNull(interim)) {
                problem(
                        interim,
                        "interimResponse must be a mapping, e.g. interimResponse: { meetsRespondTarget: true }");
            }
        }

        ServicePolicy.Watch watch = ServicePolicy.Watch.DEFAULT;
        if (keys.containsKey("watch")) {
            Node node = keys.get("watch").getValueNode();
            if (node instanceof MappingNode m) {
                Map<String, NodeTuple> wk = keys(m, WATCH_KEYS);
                Integer warn = wk.containsKey("warnBefore")
                        ? count(wk.get("warnBefore").getValueNode(), "watch.warnBefore", "business hours")
                        : null;
                Integer escalate = wk.containsKey("escalateAfter")
                        ? count(wk.get("escalateAfter").getValueNode(), "watch.escalateAfter", "business hours")
                        : null;
                watch = new ServicePolicy.Watch(
                        warn != null ? warn : watch.warnBeforeHours(),
                        escalate != null ? escalate : watch.escalateAfterHours());
            } else if (!isNull(node)) {
                problem(
                        node,
                        "watch must be a mapping of business hours, e.g. watch: { warnBefore: 4, escalateAfter: 8 }");
            }
        }

        if (!problems.isEmpty()) {
            throw new PolicyValidationException(sorted());
        }
        try {
            return new ServicePolicy(
                    name,
                    description,
                    calendar,
                    rules == null ? List.of() : rules,
                    requestWithin,
                    reopenRespond,
                    interimMeetsRespond,
                    watch,
                    packs,
                    products);
        } catch (IllegalArgumentException e) {
            throw fail(1, e.getMessage());
        }
    }

    private Node compose(String document) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_DOCUMENT_CHARS);
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(20);
        options.setAllowRecursiveKeys(false);
        options.setAllowDuplicateKeys(false);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        try {
            Node root = yaml.compose(new StringReader(document));
            if (root == null) {
                throw fail(1, "the policy document is empty");
            }
            return root;
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = e.getProblem() != null ? e.getProblem() : e.getContext();
            String context = e.getContext() != null && e.getProblem() != null ? " (" + e.getContext() + ")" : "";
            int line = mark == null ? 1 : mark.getLine() + 1;
            Integer column = mark == null ? null : mark.getColumn() + 1;
            String message = what != null && what.startsWith(GLOBAL_TAG)
                    ? "YAML tags naming Java classes are not allowed ("
                            + what.substring(GLOBAL_TAG.length()).strip() + ")"
                    : "YAML syntax error: " + what + context;
            throw new PolicyValidationException(List.of(new PolicyProblem(line, column, message)));
        } catch (YAMLException e) {
            throw fail(1, "the document is not valid YAML: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- calendar

    private BusinessCalendar calendar(NodeTuple section) {
        Node node = section.getValueNode();
        Node here = section.getKeyNode();
        if (!(node instanceof MappingNode m)) {
            problem(node, "calendar must be a mapping with zone, workdays, opens and closes");
            return null;
        }
        int before = problems.size();
        Map<String, NodeTuple> keys = keys(m, CALENDAR_KEYS);

        ZoneId zone = null;
        String zoneName = requiredText(keys, "zone", here, "calendar");
        if (zoneName != null) {
            try {
                zone = ZoneId.of(zoneName);
            } catch (DateTimeException e) {
                problem(
                        keys.get("zone").getValueNode(),
                        "unknown time zone '" + zoneName + "' (use a name such as Australia/Sydney or Europe/London)");
            }
        }

        Set<DayOfWeek> workdays = EnumSet.noneOf(DayOfWeek.class);
        if (keys.containsKey("workdays")) {
            workdays = enumList(
                    keys.get("workdays").getValueNode(),
                    DayOfWeek.class,
                    "workdays",
                    v -> "'" + v + "' is not a day of the week (use MONDAY … SUNDAY)");
        } else {
            problem(
                    here,
                    "calendar is missing 'workdays', e.g. workdays: [MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY]");
        }

        LocalTime opens = time(keys, "opens", here);
        LocalTime closes = time(keys, "closes", here);
        if (opens != null && closes != null && !opens.isBefore(closes)) {
            problem(keys.get("closes").getValueNode(), "closes (" + closes + ") must be after opens (" + opens + ")");
        }

        HolidaySource holidays = HolidaySource.none();
        if (keys.containsKey("holidays") && !isNull(keys.get("holidays").getValueNode())) {
            holidays = holidays(keys.get("holidays"));
        }

        Map<LocalDate, String> closures = new TreeMap<>();
        if (keys.containsKey("closures")) {
            closures(keys.get("closures").getValueNode(), closures);
        }

        if (problems.size() > before) {
            return null;
        }
        var builder = BusinessCalendar.builder()
                .zone(zone)
                .workingDays(workdays)
                .hours(opens, closes)
                .holidays(holidays);
        closures.forEach(builder::closure);
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            problem(node, e.getMessage());
            return null;
        }
    }

    private LocalTime time(Map<String, NodeTuple> keys, String key, Node section) {
        String text = requiredText(keys, key, section, "calendar");
        if (text == null) {
            return null;
        }
        try {
            return LocalTime.parse(text, TIME);
        } catch (DateTimeParseException e) {
            problem(keys.get(key).getValueNode(), key + " must be a time of day such as \"09:00\", not '" + text + "'");
            return null;
        }
    }

    private HolidaySource holidays(NodeTuple section) {
        Node node = section.getValueNode();
        if (!(node instanceof MappingNode m)) {
            problem(node, "holidays must be a mapping, e.g. holidays: { country: AU, region: nsw }");
            return HolidaySource.none();
        }
        Map<String, NodeTuple> keys = keys(m, HOLIDAY_KEYS);
        String country = requiredText(keys, "country", section.getKeyNode(), "holidays");
        if (country == null) {
            return HolidaySource.none();
        }
        try {
            HolidaySource.jollyday(country, null);
        } catch (IllegalArgumentException e) {
            problem(keys.get("country").getValueNode(), e.getMessage());
            return HolidaySource.none();
        }
        String region =
                keys.containsKey("region") ? optionalText(keys.get("region").getValueNode(), "region") : null;
        if (region != null) {
            try {
                HolidaySource.jollyday(country, region);
            } catch (IllegalArgumentException e) {
                problem(keys.get("region").getValueNode(), e.getMessage());
                return HolidaySource.none();
            }
        }
        List<String> except = new ArrayList<>();
        if (keys.containsKey("except")) {
            for (Node item : items(keys.get("except").getValueNode())) {
                String name = optionalText(item, "each entry of except");
                if (name == null) {
                    continue;
                }
                try {
                    HolidaySource.jollyday(country, region, List.of(name));
                    except.add(name);
                } catch (IllegalArgumentException e) {
                    problem(item, e.getMessage());
                }
            }
        }
        return HolidaySource.jollyday(country, region, except);
    }

    private void closures(Node node, Map<LocalDate, String> into) {
        if (isNull(node)) {
            return;
        }
        for (Node item : items(node)) {
            if (item instanceof MappingNode m) {
                Map<String, NodeTuple> keys = keys(m, CLOSURE_KEYS);
                String label = keys.containsKey("label")
                        ? optionalText(keys.get("label").getValueNode(), "label")
                        : null;
                if (keys.containsKey("date")) {
                    if (keys.containsKey("from") || keys.containsKey("to")) {
                        problem(m, "a closure has either a date or from and to, not both");
                        continue;
                    }
                    LocalDate d = date(keys.get("date").getValueNode());
                    if (d != null) {
                        into.put(d, label);
                    }
                } else if (keys.containsKey("from") && keys.containsKey("to")) {
                    LocalDate from = date(keys.get("from").getValueNode());
                    LocalDate to = date(keys.get("to").getValueNode());
                    if (from != null && to != null) {
                        if (to.isBefore(from)) {
                            problem(
                                    keys.get("to").getValueNode(),
                                    "the closure ends (" + to + ") before it starts (" + from + ")");
                        } else if (from.plusDays(MAX_CLOSURE_RUN_DAYS).isBefore(to)) {
                            problem(
                                    keys.get("to").getValueNode(),
                                    "a closure run may last at most " + MAX_CLOSURE_RUN_DAYS + " days");
                        } else {
                            from.datesUntil(to.plusDays(1)).forEach(d -> into.put(d, label));
                        }
                    }
                } else {
                    problem(
                            m,
                            "a closure needs a date, or from and to, e.g. { date: 2026-12-29, label: Office closed }");
                }
            } else {
                LocalDate d = date(item);
                if (d != null) {
                    into.put(d, null);
                }
            }
        }
    }

    private LocalDate date(Node node) {
        if (!(node instanceof ScalarNode)) {
            problem(node, "a date is expected here (use YYYY-MM-DD, e.g. 2026-12-29)");
            return null;
        }
        String text = optionalText(node, "a date");
        if (text == null) {
            problem(node, "a date is missing here (use YYYY-MM-DD, e.g. 2026-12-29)");
            return null;
        }
        try {
            LocalDate d = LocalDate.parse(text);
            if (d.getYear() < BusinessCalendar.DEFAULT_FIRST_YEAR || d.getYear() > BusinessCalendar.DEFAULT_LAST_YEAR) {
                problem(
                        node,
                        "the date " + d + " is outside the years " + BusinessCalendar.DEFAULT_FIRST_YEAR + "–"
                                + BusinessCalendar.DEFAULT_LAST_YEAR + " that Hearken computes deadlines for");
                return null;
            }
            return d;
        } catch (DateTimeParseException e) {
            problem(node, "'" + text + "' is not a date (use YYYY-MM-DD, e.g. 2026-12-29)");
            return null;
        }
    }

    // ---------------------------------------------------------------- targets

    private List<TargetRule> rules(NodeTuple targets, boolean mustCoverAll) {
        Node node = targets.getValueNode();
        if (!(node instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            problem(node, "targets must be a list of rules, each with kinds and its targets");
            return null;
        }
        int before = problems.size();
        List<TargetRule> rules = new ArrayList<>();
        List<Node> ruleNodes = new ArrayList<>();
        for (Node item : seq.getValue()) {
            TargetRule rule = rule(item);
            if (rule != null) {
                rules.add(rule);
                ruleNodes.add(item);
            }
        }
        if (problems.size() > before) {
            return null;
        }
        for (FeedbackKind kind : mustCoverAll ? FeedbackKind.values() : new FeedbackKind[0]) {
            Set<Channel> uncovered = EnumSet.noneOf(Channel.class);
            for (Channel channel : Channel.values()) {
                if (rules.stream().noneMatch(r -> r.matches(kind, channel))) {
                    uncovered.add(channel);
                }
            }
            if (uncovered.size() == Channel.values().length) {
                problem(targets.getKeyNode(), "no target rule covers " + kind + " (add it to the kinds of a rule)");
            } else if (!uncovered.isEmpty()) {
                problem(
                        targets.getKeyNode(),
                        "no target rule covers " + kind + " received by "
                                + uncovered.stream().map(Enum::name).collect(Collectors.joining(", "))
                                + " (add a rule for it, or one without channels)");
            }
        }
        for (int i = 1; i < rules.size(); i++) {
            TargetRule rule = rules.get(i);
            List<TargetRule> earlier = rules.subList(0, i);
            boolean reachable = rule.kinds().stream()
                    .anyMatch(k -> rule.channels().stream()
                            .anyMatch(c -> earlier.stream().noneMatch(r -> r.matches(k, c))));
            if (!reachable) {
                problem(
                        ruleNodes.get(i),
                        "this rule never applies: earlier rules already cover all its kinds and channels"
                                + " (rules are tried top to bottom and the first match wins, so put specific rules first)");
            }
        }
        return rules;
    }

    // ---------------------------------------------------------------- packs

    private List<String> products(Node node) {
        List<String> result = new ArrayList<>();
        for (Node item : items(node)) {
            String p = optionalText(item, "each product");
            if (p == null) {
                continue;
            }
            if (p.length() > 100) {
                problem(item, "a product name must be at most 100 characters");
            } else if (result.stream().anyMatch(x -> x.equalsIgnoreCase(p))) {
                problem(item, "the product '" + p + "' is listed twice");
            } else {
                result.add(p);
            }
        }
        return result;
    }

    private List<PackRoute> routes(Node node) {
        if (!(node instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            problem(node, "packs must be a list of routes, e.g. - { departments: [Housing], pack: ho-code-2024 }");
            return List.of();
        }
        List<PackRoute> routes = new ArrayList<>();
        for (Node item : seq.getValue()) {
            PackRoute r = route(item, item, false);
            if (r != null) {
                routes.add(r);
            }
        }
        return routes;
    }

    /**
     * A route: {@code pack: <id>} alone (single), or a mapping with pack, departments, kinds, products and overrides.
     */
    private PackRoute route(Node at, Node node, boolean single) {
        String id;
        Map<String, NodeTuple> keys = Map.of();
        if (node instanceof ScalarNode) {
            id = optionalText(node, "pack");
        } else if (node instanceof MappingNode m) {
            keys = keys(m, single ? List.of("id", "overrides") : ROUTE_KEYS);
            NodeTuple idNode = keys.get(single ? "id" : "pack");
            id = idNode == null ? null : optionalText(idNode.getValueNode(), "pack");
        } else {
            problem(node, "a pack is named by its id, e.g. pack: fca-disp");
            return null;
        }
        if (id == null) {
            problem(
                    at,
                    "name the pack, e.g. pack: ho-code-2024 (shipped: " + String.join(", ", RulePacks.SHIPPED) + ")");
            return null;
        }
        RulePack pack = RulePacks.find(id).orElse(null);
        if (pack == null) {
            problem(node, "there is no rule pack '" + id + "' (shipped: " + String.join(", ", RulePacks.SHIPPED) + ")");
            return null;
        }
        Set<String> departments = new java.util.LinkedHashSet<>();
        if (keys.containsKey("departments")) {
            for (Node item : items(keys.get("departments").getValueNode())) {
                String d = optionalText(item, "each department");
                if (d != null) {
                    departments.add(d);
                }
            }
        }
        Set<FeedbackKind> kinds = keys.containsKey("kinds")
                ? enumList(
                        keys.get("kinds").getValueNode(),
                        FeedbackKind.class,
                        "kinds",
                        v -> "'" + v + "' is not a kind of feedback (use " + names(FeedbackKind.class) + ")")
                : pack.kinds();
        Set<String> routeProducts = keys.containsKey("products")
                ? new java.util.LinkedHashSet<>(products(keys.get("products").getValueNode()))
                : Set.of();
        Map<String, org.hearken.calendar.Period> overrides = new LinkedHashMap<>();
        if (keys.containsKey("overrides")) {
            overrides(keys.get("overrides").getValueNode(), pack, overrides);
        }
        if (kinds.isEmpty()) {
            return null;
        }
        return new PackRoute(departments, kinds, routeProducts, pack, overrides, line(node));
    }

    private void overrides(Node node, RulePack pack, Map<String, org.hearken.calendar.Period> into) {
        if (!(node instanceof MappingNode m)) {
            problem(
                    node,
                    "overrides must be a mapping of stage to target, e.g. { stage1-acknowledge: 3 business-days }");
            return;
        }
        for (NodeTuple t : m.getValue()) {
            String key = optionalText(t.getKeyNode(), "a stage");
            String value = optionalText(t.getValueNode(), "a target");
            if (key == null || value == null) {
                problem(
                        t.getKeyNode(),
                        "each override is a stage and a target, e.g. stage1-acknowledge: 3 business-days");
                continue;
            }
            RulePack.PackStage stage = pack.stage(key).orElse(null);
            if (stage == null) {
                problem(
                        t.getKeyNode(),
                        "the pack " + pack.id() + " has no stage '" + key + "' (its stages: "
                                + pack.stages().stream()
                                        .map(RulePack.PackStage::key)
                                        .collect(Collectors.joining(", "))
                                + ")");
                continue;
            }
            org.hearken.calendar.Period period;
            try {
                period = RulePacks.period(value);
            } catch (IllegalArgumentException e) {
                problem(t.getValueNode(), e.getMessage());
                continue;
            }
            String refused = switch (stage.override()) {
                case NONE ->
                    "the pack " + pack.id() + " fixes " + key + " at " + stage.target() + " (" + stage.clause()
                            + "); an organisation may not change it";
                case SHORTER ->
                    period.unit() != stage.target().unit()
                            ? key + " must be given in " + stage.target().unit().key() + ", as the pack counts it"
                            : period.amount() > stage.target().amount()
                                    ? key + " may be at most " + stage.target() + " (" + stage.clause() + "), not "
                                            + period
                                    : null;
                case ANY -> null;
            };
            if (refused != null) {
                problem(t.getValueNode(), refused);
            } else {
                into.put(key, period);
            }
        }
    }

    private TargetRule rule(Node node) {
        if (!(node instanceof MappingNode m)) {
            problem(
                    node,
                    "each target rule must be a mapping with kinds and targets, e.g. { kinds: [COMPLAINT], acknowledge: 1, respond: 7 }");
            return null;
        }
        int before = problems.size();
        Map<String, NodeTuple> keys = keys(m, RULE_KEYS);
        Set<FeedbackKind> kinds = EnumSet.noneOf(FeedbackKind.class);
        if (keys.containsKey("kinds")) {
            kinds = enumList(
                    keys.get("kinds").getValueNode(),
                    FeedbackKind.class,
                    "kinds",
                    v -> "'" + v + "' is not a kind of feedback (use " + names(FeedbackKind.class) + ")");
        } else {
            problem(m, "this target rule has no 'kinds'");
        }
        Set<Channel> channels = EnumSet.allOf(Channel.class);
        if (keys.containsKey("channels")) {
            channels = enumList(
                    keys.get("channels").getValueNode(),
                    Channel.class,
                    "channels",
                    v -> "'" + v + "' is not a channel (use " + names(Channel.class) + ")");
        }
        Integer acknowledge = stage(keys, "acknowledge");
        Integer firstResponse = stage(keys, "firstResponse");
        Integer respond = stage(keys, "respond");
        Integer review = stage(keys, "review");
        if (problems.size() > before) {
            return null;
        }
        return new TargetRule(kinds, channels, new Targets(acknowledge, firstResponse, respond, review), line(m));
    }

    private Integer stage(Map<String, NodeTuple> keys, String key) {
        return keys.containsKey(key) ? businessDays(keys.get(key).getValueNode(), key) : null;
    }

    private Integer businessDays(Node node, String what) {
        return count(node, what, "business days");
    }

    private Integer count(Node node, String what, String unit) {
        if (isNull(node)) {
            return null;
        }
        String text = node instanceof ScalarNode s ? s.getValue().strip() : null;
        if (text == null || !WHOLE_NUMBER.matcher(text).matches()) {
            String shown = text == null ? "" : ", not '" + text + "'";
            problem(node, what + " must be a whole number of " + unit + " ≥ 0 or null" + shown);
            return null;
        }
        int days = Integer.parseInt(text.startsWith("+") ? text.substring(1) : text);
        if (days > MAX_BUSINESS_DAYS) {
            problem(node, what + " must be at most " + MAX_BUSINESS_DAYS + " " + unit + ", not " + days);
            return null;
        }
        return days;
    }

    // ---------------------------------------------------------------- YAML helpers

    /** The mapping's entries by key; reports non-scalar, duplicate and unknown keys. */
    private Map<String, NodeTuple> keys(MappingNode mapping, List<String> allowed) {
        Map<String, NodeTuple> result = new LinkedHashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k) || k.getTag().equals(Tag.MERGE)) {
                problem(t.getKeyNode(), "keys must be plain words such as " + String.join(", ", allowed));
                continue;
            }
            String key = k.getValue();
            if (!allowed.contains(key)) {
                String suggestion = closest(key, allowed);
                problem(
                        k,
                        "unknown key '" + key + "'"
                                + (suggestion != null
                                        ? " — did you mean '" + suggestion + "'?"
                                        : " (expected one of: " + String.join(", ", allowed) + ")"));
                continue;
            }
            NodeTuple first = result.putIfAbsent(key, t);
            if (first != null) {
                problem(k, "'" + key + "' is given twice (first on line " + line(first.getKeyNode()) + ")");
            }
        }
        return result;
    }

    private String requiredText(Map<String, NodeTuple> keys, String key, Node section, String owner) {
        NodeTuple t = keys.get(key);
        if (t == null) {
            problem(section, owner + " is missing '" + key + "'");
            return null;
        }
        Node value = t.getValueNode();
        if (!(value instanceof ScalarNode)) {
            problem(value, key + " must be a single value, not a list or mapping");
            return null;
        }
        String text = optionalText(value, key);
        if (text == null) {
            problem(value, key + " must not be empty");
        }
        return text;
    }

    /** The scalar's text, stripped; null (no problem) when empty or null, null with a problem when not a scalar. */
    private String optionalText(Node node, String what) {
        if (!(node instanceof ScalarNode s)) {
            problem(node, what + " must be a single value, not a list or mapping");
            return null;
        }
        if (isNull(s) || s.getValue().isBlank()) {
            return null;
        }
        return s.getValue().strip();
    }

    /** A sequence's items; a single scalar counts as a list of one. */
    private List<Node> items(Node node) {
        if (node instanceof SequenceNode seq) {
            return seq.getValue();
        }
        if (node instanceof ScalarNode s && !isNull(s)) {
            return List.of(node);
        }
        problem(node, "a list is expected here, e.g. [A, B]");
        return List.of();
    }

    private <E extends Enum<E>> Set<E> enumList(
            Node node, Class<E> type, String what, java.util.function.Function<String, String> unknown) {
        Set<E> result = EnumSet.noneOf(type);
        List<Node> items = items(node);
        if (items.isEmpty() && node instanceof SequenceNode) {
            problem(node, what + " must list at least one value");
        }
        for (Node item : items) {
            String text = optionalText(item, "each entry of " + what);
            if (text == null) {
                continue;
            }
            try {
                E value = Enum.valueOf(
                        type, text.toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_'));
                if (!result.add(value)) {
                    problem(item, value + " is listed twice in " + what);
                }
            } catch (IllegalArgumentException e) {
                problem(item, unknown.apply(text));
            }
        }
        return result;
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    private static <E extends Enum<E>> String names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
    }

    private static String closest(String key, List<String> allowed) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : allowed) {
            int d = distance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return bestDistance <= Math.max(1, Math.min(2, key.length() / 3)) ? best : null;
    }

    /** Optimal string alignment distance: edits, with a swap of neighbours counting as one ("nmae" → "name"). */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    private static int line(Node node) {
        return node == null ? 1 : node.getStartMark().getLine() + 1;
    }

    private void problem(Node node, String message) {
        problems.add(new PolicyProblem(
                line(node), node == null ? null : node.getStartMark().getColumn() + 1, message));
    }

    private List<PolicyProblem> sorted() {
        List<PolicyProblem> list = new ArrayList<>(problems);
        list.sort((x, y) -> x.line() != y.line()
                ? Integer.compare(x.line(), y.line())
                : Integer.compare(x.column() == null ? 0 : x.column(), y.column() == null ? 0 : y.column()));
        return list;
    }

    private static PolicyValidationException fail(int line, String message) {
        return new PolicyValidationException(List.of(new PolicyProblem(line, null, message)));
    }
}
