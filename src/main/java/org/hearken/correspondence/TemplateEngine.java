package org.hearken.correspondence;

import com.samskivert.mustache.BasicCollector;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.hearken.platform.FieldProblem;

/**
 * Logic-less Mustache over plain strings. The collector reads maps only (never fields or methods of objects, not even
 * of the strings themselves), partials cannot be loaded, and every name a template uses must be a merge field, so a
 * template can insert the merge fields and show or hide text by whether one is empty, and nothing more. Output is
 * plain text: nothing is HTML-escaped, and a field that is missing renders as nothing.
 */
final class TemplateEngine {

    static final int MAX_SUBJECT = 300;
    static final int MAX_BODY = 20_000;

    private static final Mustache.Compiler COMPILER = Mustache.compiler()
            .escapeHTML(false)
            .strictSections(false)
            .defaultValue("")
            .emptyStringIsFalse(true)
            .withCollector(new MapsOnly())
            .withLoader(name -> {
                throw new MustacheException("partials are not supported");
            });

    private TemplateEngine() {}

    /** Reads maps of strings and nothing else. */
    private static final class MapsOnly extends BasicCollector {
        @Override
        public Mustache.VariableFetcher createFetcher(Object ctx, String name) {
            return ctx instanceof Map<?, ?> ? super.createFetcher(ctx, name) : null;
        }

        @Override
        public java.util.Iterator<?> toIterator(Object value) {
            // A string is one value, never a list to repeat a section over.
            return null;
        }

        @Override
        public <K, V> Map<K, V> createFetcherCache() {
            return new ConcurrentHashMap<>();
        }
    }

    static Template compile(String source) {
        return COMPILER.compile(source);
    }

    /** Every merge field is present, empty when not given, so a missing field and an empty one behave alike. */
    static String render(Template template, Map<String, String> fields) {
        Map<String, String> all = new java.util.HashMap<>();
        MergeFields.ALLOWED.keySet().forEach(name -> all.put(name, ""));
        fields.forEach((name, value) -> all.put(name, value == null ? "" : value));
        return template.execute(all);
    }

    /**
     * What is wrong with a draft, each problem against its field ({@code subject} or {@code body}): too long, does not
     * compile, a partial, or a name that is not a merge field (the message then lists the allowed ones).
     */
    static List<FieldProblem> problems(String subject, String body) {
        List<FieldProblem> problems = new ArrayList<>();
        if (subject == null || subject.isBlank()) {
            problems.add(new FieldProblem("subject", "must not be blank"));
        } else if (subject.length() > MAX_SUBJECT) {
            problems.add(new FieldProblem("subject", "must be at most " + MAX_SUBJECT + " characters"));
        } else if (subject.chars().anyMatch(ch -> ch == '\r' || ch == '\n')) {
            problems.add(new FieldProblem("subject", "must be a single line"));
        } else {
            Set<String> links = new TreeSet<>(MergeFields.PRIVATE_LINKS);
            links.retainAll(check("subject", subject, problems));
            if (!links.isEmpty()) {
                problems.add(
                        new FieldProblem(
                                "subject",
                                "uses " + String.join(", ", links) + ": a customer's private link may stand"
                                        + " only in the body (staff see subjects as they are, and a link in one would let them act as the customer)"));
            }
        }
        if (body == null || body.isBlank()) {
            problems.add(new FieldProblem("body", "must not be blank"));
        } else if (body.length() > MAX_BODY) {
            problems.add(new FieldProblem("body", "must be at most " + MAX_BODY + " characters"));
        } else {
            check("body", body, problems);
        }
        return problems;
    }

    /** Adds what is wrong with one part of a draft to {@code problems}; returns the merge fields it uses. */
    private static Set<String> check(String field, String source, List<FieldProblem> problems) {
        Template template;
        try {
            template = compile(source);
        } catch (MustacheException e) {
            problems.add(new FieldProblem(field, "is not a valid template: " + e.getMessage()));
            return Set.of();
        }
        Set<String> used = new TreeSet<>();
        Set<String> unknown = new TreeSet<>();
        Set<String> unsupported = new TreeSet<>();
        template.visit(new Mustache.Visitor() {
            @Override
            public void visitText(String text) {}

            @Override
            public void visitVariable(String name) {
                name(name);
            }

            @Override
            public boolean visitInclude(String name) {
                unsupported.add("{{> " + name + "}}");
                return false;
            }

            @Override
            public boolean visitParent(String name) {
                unsupported.add("{{< " + name + "}}");
                return false;
            }

            @Override
            public boolean visitBlock(String name) {
                unsupported.add("{{$" + name + "}}");
                return false;
            }

            @Override
            public boolean visitSection(String name) {
                name(name);
                return true;
            }

            @Override
            public boolean visitInvertedSection(String name) {
                name(name);
                return true;
            }

            private void name(String name) {
                used.add(name);
                if (!MergeFields.ALLOWED.containsKey(name)) {
                    unknown.add(name);
                }
            }
        });
        if (!unsupported.isEmpty()) {
            problems.add(new FieldProblem(
                    field,
                    "uses " + String.join(", ", unsupported) + ": partials, parents and blocks are not supported"));
        }
        if (!unknown.isEmpty()) {
            problems.add(new FieldProblem(
                    field,
                    (unknown.size() == 1 ? "uses an unknown merge field: " : "uses unknown merge fields: ")
                            + String.join(", ", unknown) + "; the merge fields are "
                            + String.join(", ", MergeFields.ALLOWED.keySet())));
        }
        return used;
    }
}
