package org.hearken.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hearken.calendar.Period;
import org.hearken.calendar.PeriodUnit;
import org.hearken.calendar.ReceiptDayRule;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The rule packs Hearken ships, read once from {@code packs/<id>.yaml} on the class path (the format is in
 * docs/packs.md). A pack that does not pass its checks stops Hearken from starting and fails the build's tests, with
 * every problem named.
 */
public final class RulePacks {

    /** The packs shipped, in the order the docs list them. */
    public static final List<String> SHIPPED = List.of(
            "fca-disp", "fca-disp-psd", "ho-code-2024", "lgsco-code", "spso", "nhs-2009", "asic-rg271", "nz-hdc");

    private static final Pattern PERIOD = Pattern.compile("\\s*([0-9]{1,4})\\s+([a-z-]+)\\s*");
    private static final List<String> TOP_KEYS = List.of(
            "id",
            "version",
            "title",
            "source",
            "receiptDay",
            "clocksFrom",
            "kinds",
            "stages",
            "variants",
            "escalation",
            "letters");
    private static final List<String> STAGE_KEYS =
            List.of("key", "role", "title", "anchor", "target", "clause", "extension", "override");

    private static final Map<String, RulePack> PACKS = loadShipped();

    private RulePacks() {}

    /** The shipped pack {@code id}, if there is one. */
    public static Optional<RulePack> find(String id) {
        return Optional.ofNullable(PACKS.get(id));
    }

    public static Collection<RulePack> all() {
        return PACKS.values();
    }

    private static Map<String, RulePack> loadShipped() {
        Map<String, RulePack> packs = new LinkedHashMap<>();
        for (String id : SHIPPED) {
            String resource = "packs/" + id + ".yaml";
            try (InputStream in = RulePacks.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("the rule pack " + resource + " is missing from the class path");
                }
                RulePack pack = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                if (!pack.id().equals(id)) {
                    throw new IllegalStateException(resource + " says it is the pack '" + pack.id() + "'");
                }
                packs.put(id, pack);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Map.copyOf(packs);
    }

    /**
     * Reads a pack document.
     *
     * @throws IllegalArgumentException naming every problem
     */
    public static RulePack parse(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setNestingDepthLimit(20);
        Object root = new Yaml(new SafeConstructor(options)).load(yaml);
        return new Reader().pack(root);
    }

    /** Parses "10 business-days", "8 weeks", "24 hours". */
    static Period period(String text) {
        Matcher m = PERIOD.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a period such as '10 business-days' (units: " + PeriodUnit.keys() + ")");
        }
        return new Period(Integer.parseInt(m.group(1)), PeriodUnit.ofKey(m.group(2)));
    }

    /** Collects every problem of a pack document, then fails once with all of them. */
    private static final class Reader {
        private final List<String> problems = new ArrayList<>();
        private String where = "the pack";

        RulePack pack(Object root) {
            Map<String, Object> top = map(root, "the pack", TOP_KEYS);
            String id = text(top, "id", true);
            where = "pack " + id;
            String version = text(top, "version", true);
            String title = text(top, "title", true);
            String source = text(top, "source", true);
            ReceiptDayRule receiptDay = convert(text(top, "receiptDay", true), ReceiptDayRule::ofKey, "receiptDay");
            RulePack.ClockBasis clocksFrom = convert(
                    Optional.ofNullable(text(top, "clocksFrom", false)).orElse("received"),
                    s -> RulePack.ClockBasis.valueOf(s.toUpperCase(Locale.ROOT)),
                    "clocksFrom (received or sent)");
            Set<FeedbackKind> kinds = EnumSet.noneOf(FeedbackKind.class);
            for (String k : strings(top.getOrDefault("kinds", List.of("COMPLAINT")), "kinds")) {
                FeedbackKind kind = convert(k, FeedbackKind::valueOf, "kinds");
                if (kind != null) {
                    kinds.add(kind);
                }
            }

            Map<String, List<RulePack.LetterBlock>> letters = new TreeMap<>();
            Set<String> blockKeys = new LinkedHashSet<>();
            map(top.getOrDefault("letters", Map.of()), "letters", null).forEach((letter, blocks) -> {
                List<RulePack.LetterBlock> list = new ArrayList<>();
                for (Object b : list(blocks, "letters." + letter)) {
                    Map<String, Object> block = map(
                            b,
                            "a block of letters." + letter,
                            List.of("key", "title", "clause", "mustContain", "text"));
                    String key = text(block, "key", true);
                    String clause = text(block, "clause", true);
                    List<String> phrases = strings(block.get("mustContain"), "mustContain of block " + key);
                    if (phrases.isEmpty()) {
                        problem("block " + key + " of letters." + letter + " says no phrase it must contain");
                    }
                    String wording = text(block, "text", false);
                    if (wording != null
                            && phrases.stream()
                                    .anyMatch(x ->
                                            !wording.toLowerCase(Locale.ROOT).contains(x.toLowerCase(Locale.ROOT)))) {
                        problem("the text of block " + key + " of letters." + letter
                                + " does not contain every phrase the block must contain");
                    }
                    list.add(new RulePack.LetterBlock(key, text(block, "title", true), clause, phrases, wording));
                    blockKeys.add(key);
                }
                letters.put(letter, list);
            });

            List<RulePack.PackStage> stages = new ArrayList<>();
            Set<String> stageKeys = new LinkedHashSet<>();
            for (Object s : list(top.get("stages"), "stages")) {
                Map<String, Object> stage = map(s, "a stage", STAGE_KEYS);
                String key = text(stage, "key", true);
                if (key != null && !stageKeys.add(key)) {
                    problem("two stages are called " + key);
                }
                String at = "stage " + key;
                StageRole role = convert(text(stage, "role", true), StageRole::ofKey, at + " role");
                Anchor anchor = convert(text(stage, "anchor", true), Anchor::ofKey, at + " anchor");
                Period target = convert(text(stage, "target", true), RulePacks::period, at + " target");
                String clause = text(stage, "clause", true);
                RulePack.Extension extension = null;
                if (stage.get("extension") != null) {
                    Map<String, Object> ext =
                            map(stage.get("extension"), at + " extension", List.of("max", "times", "clause", "notice"));
                    Period max = convert(text(ext, "max", true), RulePacks::period, at + " extension max");
                    int times = ext.get("times") instanceof Integer i ? i : 1;
                    List<String> notice = strings(ext.getOrDefault("notice", List.of()), at + " extension notice");
                    String extClause = text(ext, "clause", true);
                    if (max != null && extClause != null) {
                        extension = new RulePack.Extension(max, times, extClause, notice);
                    }
                    for (String n : notice) {
                        if (!blockKeys.contains(n)) {
                            problem(at + " extension notice names the block " + n + ", which no letter defines");
                        }
                    }
                }
                RulePack.Override override = convert(
                        Optional.ofNullable(text(stage, "override", false)).orElse("none"),
                        o -> RulePack.Override.valueOf(o.toUpperCase(Locale.ROOT)),
                        at + " override (none, shorter or any)");
                if (key != null && role != null && anchor != null && target != null && clause != null) {
                    stages.add(new RulePack.PackStage(
                            key, role, text(stage, "title", true), anchor, target, clause, extension, override));
                }
            }
            if (stages.isEmpty()) {
                problem("the pack has no stages");
            }

            List<RulePack.Variant> variants = new ArrayList<>();
            for (Object v : list(top.getOrDefault("variants", List.of()), "variants")) {
                Map<String, Object> variant = map(v, "a variant", List.of("name", "products", "targets", "clause"));
                Map<String, Period> targets = new LinkedHashMap<>();
                map(variant.get("targets"), "targets of a variant", null).forEach((stage, p) -> {
                    if (!stageKeys.contains(stage)) {
                        problem("a variant sets a target for " + stage + ", which is not a stage of the pack");
                    }
                    Period period = convert(String.valueOf(p), RulePacks::period, "variant target of " + stage);
                    if (period != null) {
                        targets.put(stage, period);
                    }
                });
                variants.add(new RulePack.Variant(
                        text(variant, "name", true),
                        Set.copyOf(strings(variant.get("products"), "products of a variant")),
                        targets,
                        text(variant, "clause", true)));
            }

            RulePack.Escalation escalation = null;
            if (top.get("escalation") != null) {
                Map<String, Object> e = map(
                        top.get("escalation"), "escalation", List.of("reasonRequired", "differentHandler", "clause"));
                escalation = new RulePack.Escalation(
                        Boolean.TRUE.equals(e.get("reasonRequired")),
                        Boolean.TRUE.equals(e.get("differentHandler")),
                        text(e, "clause", true));
            }

            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(where + ": " + String.join("; ", problems));
            }
            return new RulePack(
                    id, version, title, source, receiptDay, clocksFrom, kinds, stages, variants, escalation, letters);
        }

        private void problem(String message) {
            problems.add(message);
        }

        private <T> T convert(String value, java.util.function.Function<String, T> how, String what) {
            if (value == null) {
                return null;
            }
            try {
                return how.apply(value);
            } catch (IllegalArgumentException e) {
                problem(what + ": " + e.getMessage());
                return null;
            }
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> map(Object node, String what, List<String> allowed) {
            if (node == null) {
                problem(what + " is missing");
                return Map.of();
            }
            if (!(node instanceof Map<?, ?> m)) {
                problem(what + " must be a mapping");
                return Map.of();
            }
            if (allowed != null) {
                for (Object k : m.keySet()) {
                    if (!allowed.contains(String.valueOf(k))) {
                        problem(what + " has the unknown key '" + k + "' (known: " + String.join(", ", allowed) + ")");
                    }
                }
            }
            return (Map<String, Object>) m;
        }

        private List<?> list(Object node, String what) {
            if (node instanceof List<?> l) {
                return l;
            }
            problem(what + " must be a list");
            return List.of();
        }

        private List<String> strings(Object node, String what) {
            if (node == null) {
                return List.of();
            }
            List<String> result = new ArrayList<>();
            for (Object o : list(node, what)) {
                result.add(String.valueOf(o));
            }
            return result;
        }

        private String text(Map<String, Object> m, String key, boolean required) {
            Object v = m.get(key);
            if (v == null || String.valueOf(v).isBlank()) {
                if (required) {
                    problem("'" + key + "' is missing");
                }
                return null;
            }
            return String.valueOf(v).strip();
        }
    }
}
