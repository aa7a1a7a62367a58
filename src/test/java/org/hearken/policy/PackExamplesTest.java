package org.hearken.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tables of tested examples in docs/packs/*.md, each row checked against the policy document the page gives: so
 * the docs cannot say a date the engine does not give. Every shipped pack has such a page with enough examples.
 */
class PackExamplesTest {

    static final Path DOCS = Path.of("docs", "packs");
    private static final Pattern POLICY_BLOCK = Pattern.compile("```yaml policy\\n(.*?)```", Pattern.DOTALL);
    private static final String HEADER =
            "| example | kind | channel | department | product | received | events | stage | due | why |";
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    /** One row of a docs table. */
    record Example(
            String page,
            String name,
            FeedbackKind kind,
            Channel channel,
            String department,
            String product,
            Map<Anchor, Instant> moments,
            String stage,
            Instant due,
            ServicePolicy policy) {
        @Override
        public String toString() {
            return page + ": " + name + " (" + stage + ")";
        }
    }

    static Stream<Example> examples() throws IOException {
        List<Example> all = new ArrayList<>();
        try (Stream<Path> pages = Files.list(DOCS)) {
            for (Path page :
                    pages.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                all.addAll(read(page));
            }
        }
        return all.stream();
    }

    static List<Example> read(Path page) throws IOException {
        String text = Files.readString(page);
        Matcher block = POLICY_BLOCK.matcher(text);
        List<Example> result = new ArrayList<>();
        if (!block.find()) {
            return result;
        }
        ServicePolicy policy = PolicyParser.parse(block.group(1));
        boolean inTable = false;
        for (String line : text.lines().toList()) {
            if (line.strip().equals(HEADER)) {
                inTable = true;
                continue;
            }
            if (!inTable || line.startsWith("|---")) {
                continue;
            }
            if (!line.startsWith("|")) {
                inTable = false;
                continue;
            }
            String[] cells = line.substring(1, line.lastIndexOf('|')).split("\\|", -1);
            assertThat(cells).as("cells of %s in %s", line, page).hasSize(10);
            for (int i = 0; i < cells.length; i++) {
                cells[i] = cells[i].strip();
            }
            Map<Anchor, Instant> moments = new EnumMap<>(Anchor.class);
            moments.put(Anchor.RECEIPT, instant(cells[5]));
            if (!cells[6].isEmpty()) {
                for (String event : cells[6].split(";")) {
                    String[] kv = event.strip().split("=", 2);
                    moments.put(anchorOf(kv[0].strip()), instant(kv[1].strip()));
                }
            }
            result.add(new Example(
                    page.getFileName().toString(),
                    cells[0],
                    FeedbackKind.valueOf(cells[1].toUpperCase(Locale.ROOT)),
                    Channel.valueOf(cells[2].toUpperCase(Locale.ROOT)),
                    cells[3].isEmpty() ? null : cells[3],
                    cells[4].isEmpty() ? null : cells[4],
                    moments,
                    cells[7].replace("`", ""),
                    instant(cells[8]),
                    policy));
        }
        return result;
    }

    private static Instant instant(String text) {
        return OffsetDateTime.parse(text.replace("`", "").split(" ")[0], ISO).toInstant();
    }

    private static Anchor anchorOf(String event) {
        for (Anchor a : Anchor.values()) {
            if (a.event().equals(event)) {
                return a;
            }
        }
        throw new IllegalArgumentException("no anchor is called " + event);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void the_engine_gives_the_date_the_docs_say(Example e) {
        Map<String, RulePack.StageDue> due =
                e.policy().stagesDue(e.kind(), e.channel(), e.department(), e.product(), e.moments());
        assertThat(due).as("stages due").containsKey(e.stage());
        assertThat(due.get(e.stage()).due())
                .as(due.get(e.stage()).explanation().summary())
                .isEqualTo(e.due());
    }

    @Test
    void every_shipped_pack_has_a_page_with_its_tested_examples() throws IOException {
        for (String id : RulePacks.SHIPPED) {
            Path page = DOCS.resolve(id + ".md");
            assertThat(page).as("docs page of %s", id).exists();
            List<Example> rows = read(page);
            assertThat(rows).as("tested examples of %s", id).hasSizeGreaterThanOrEqualTo(8);
            RulePack pack = RulePacks.find(id).orElseThrow();
            for (RulePack.PackStage stage : pack.stages()) {
                assertThat(rows)
                        .as("%s: an example of stage %s", id, stage.key())
                        .anyMatch(r -> r.stage().equals(stage.key()));
            }
        }
    }
}
