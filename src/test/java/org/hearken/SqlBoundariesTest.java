package org.hearken;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each module's SQL reads only its own tables, and of other modules only what they publish: views and functions (the
 * cases module's case_published, case_running_stage and case_visible_to, identity's staff_directory, ...). A table
 * belongs to the module its name says (the prefixes below), and every table the migrations create must have an owner.
 * The SQL is found in the string literals and text blocks of each module's main Java source.
 */
class SqlBoundariesTest {

    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    private static final Path SOURCES = Path.of("src/main/java/org/hearken");

    /** Who owns a table: the first prefix (or whole name) that matches, in this order. */
    private static final Map<String, String> OWNERS = new LinkedHashMap<>();

    static {
        OWNERS.put("category", "categories");
        OWNERS.put("client_", "clients");
        OWNERS.put("status_link", "statuslinks");
        OWNERS.put("cases", "cases");
        OWNERS.put("case_", "cases");
        OWNERS.put("customers", "customers");
        OWNERS.put("correspondence_", "correspondence");
        OWNERS.put("escalation_", "escalation");
        OWNERS.put("identity_", "identity");
        OWNERS.put("login_", "identity");
        OWNERS.put("spring_session", "identity");
        OWNERS.put("intake_", "intake");
        OWNERS.put("import_", "imports");
        OWNERS.put("policy_", "policy");
        OWNERS.put("register_", "register");
        OWNERS.put("report_", "reporting");
        OWNERS.put("security_audit", "audit");
        OWNERS.put("shedlock", "platform");
        OWNERS.put("survey_", "surveys");
        OWNERS.put("training_", "training");
        OWNERS.put("webhook_", "webhooks");
    }

    /**
     * Reads of another module's table that are still to be moved onto a published view, as "module table", each with
     * the reason it is still there. The test fails when one is no longer needed, so that the list shrinks.
     */
    private static final Map<String, String> KNOWN_EXCEPTIONS = Map.of();

    /** A table created (group 1) or renamed (from group 2 to group 3). */
    private static final Pattern TABLE_CHANGE = Pattern.compile(
            "create\\s+(?:unlogged\\s+)?table\\s+(?:if\\s+not\\s+exists\\s+)?([a-z_][a-z0-9_]*)"
                    + "|alter\\s+table\\s+(?:if\\s+exists\\s+)?([a-z_][a-z0-9_]*)\\s+rename\\s+to\\s+([a-z_][a-z0-9_]*)",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern LITERAL =
            Pattern.compile("\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\"", Pattern.DOTALL);
    private static final Pattern SQL_WORD =
            Pattern.compile("\\b(select|insert|update|delete|join|where)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern TABLE_USE = Pattern.compile(
            "\\b(?:from|join|update|into|table)\\s+(?:only\\s+)?([a-z_][a-z0-9_]*)", Pattern.CASE_INSENSITIVE);

    @Test
    void everyTableHasAnOwningModule() {
        Set<String> modules = modules();
        for (String table : tables()) {
            String owner = owner(table);
            assertThat(owner)
                    .as("table %s has no owning module: add its prefix to SqlBoundariesTest.OWNERS", table)
                    .isNotNull();
            assertThat(modules).as("owner of %s", table).contains(owner);
        }
    }

    @Test
    void modulesReadOnlyTheirOwnTablesAndWhatOthersPublish() {
        Set<String> tables = tables();
        List<String> violations = new ArrayList<>();
        Set<String> used = new TreeSet<>();
        for (String module : modules()) {
            for (Path file : javaFiles(SOURCES.resolve(module))) {
                for (String table : tablesUsed(read(file), tables)) {
                    String owner = owner(table);
                    if (owner == null || owner.equals(module)) {
                        continue;
                    }
                    String use = module + " " + table;
                    if (KNOWN_EXCEPTIONS.containsKey(use)) {
                        used.add(use);
                    } else {
                        violations.add(module + "/" + SOURCES.resolve(module).relativize(file) + " reads " + table
                                + " (a table of " + owner + ")");
                    }
                }
            }
        }
        assertThat(violations)
                .as("modules read other modules' tables; read a view or function the owner publishes instead")
                .isEmpty();
        assertThat(used)
                .as("known exceptions that no longer occur: remove them from the list")
                .containsExactlyInAnyOrderElementsOf(KNOWN_EXCEPTIONS.keySet());
    }

    @Test
    void theModulesThatReadCasesAreCleanOfExceptions() {
        assertThat(KNOWN_EXCEPTIONS.keySet())
                .noneMatch(k -> k.startsWith("escalation ") || k.startsWith("surveys ") || k.startsWith("reporting "));
    }

    /**
     * Which stages are running and when each is due is defined once, by the database functions and views of V150
     * (case_acknowledge_due, case_respond_due, case_review_due, case_next_due, case_running_stage); no Java SQL restates
     * "this stage is not done yet" over the stage columns of cases.
     */
    @Test
    void noModuleRestatesWhenAStageIsRunning() {
        Pattern restated = Pattern.compile(
                "\\b(acknowledged_at|respond_completed_at|reviewed_at)\\s+is\\s+null\\b", Pattern.CASE_INSENSITIVE);
        List<String> found = new ArrayList<>();
        for (String module : modules()) {
            for (Path file : javaFiles(SOURCES.resolve(module))) {
                Matcher literal = LITERAL.matcher(read(file));
                while (literal.find()) {
                    String text = literal.group(1) != null ? literal.group(1) : literal.group(2);
                    Matcher m = restated.matcher(text);
                    while (m.find()) {
                        found.add(module + "/" + file.getFileName() + ": " + m.group());
                    }
                }
            }
        }
        assertThat(found)
                .as("read the running stages' due dates from case_published, case_running_stage or report_case")
                .isEmpty();
    }

    @Test
    void theScanFindsTablesInSqlAndIgnoresProse() {
        Set<String> tables = Set.of("cases", "identity_staff", "survey_answer");
        String source = """
                String a = "select c.id from cases c join identity_staff s on s.id = c.owner_id";
                String b = \"""
                        insert into survey_answer (case_id) values (?)\""";
                String c = "a customer is shown only from cases of theirs that the reader may see";
                """;
        assertThat(tablesUsed(source, tables)).containsExactlyInAnyOrder("cases", "identity_staff", "survey_answer");
        assertThat(tablesUsed("String c = \"shown only from cases of theirs\";", tables))
                .isEmpty();
    }

    /** The tables named after from/join/update/into in the string literals and text blocks of the source that look like SQL. */
    static Set<String> tablesUsed(String source, Set<String> tables) {
        Set<String> used = new TreeSet<>();
        Matcher literal = LITERAL.matcher(source);
        while (literal.find()) {
            String text = literal.group(1) != null ? literal.group(1) : literal.group(2);
            if (!SQL_WORD.matcher(text).find()) {
                continue;
            }
            Matcher use = TABLE_USE.matcher(text);
            while (use.find()) {
                String name = use.group(1).toLowerCase(java.util.Locale.ROOT);
                if (tables.contains(name)) {
                    used.add(name);
                }
            }
        }
        return used;
    }

    static String owner(String table) {
        for (Map.Entry<String, String> e : OWNERS.entrySet()) {
            String prefix = e.getKey();
            if (prefix.endsWith("_")
                    ? table.startsWith(prefix)
                    : table.equals(prefix) || table.startsWith(prefix + "_")) {
                return e.getValue();
            }
        }
        return null;
    }

    /**
     * The tables the migrations create, under the names they have after the last migration (views and functions are
     * what a module publishes, so they are not listed).
     */
    static Set<String> tables() {
        Set<String> tables = new TreeSet<>();
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            files.filter(f -> f.toString().endsWith(".sql"))
                    .sorted(Comparator.comparingInt(SqlBoundariesTest::version))
                    .forEach(f -> {
                        Matcher m = TABLE_CHANGE.matcher(read(f));
                        while (m.find()) {
                            if (m.group(1) != null) {
                                tables.add(m.group(1).toLowerCase(Locale.ROOT));
                            } else {
                                tables.remove(m.group(2).toLowerCase(Locale.ROOT));
                                tables.add(m.group(3).toLowerCase(Locale.ROOT));
                            }
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(tables).contains("cases", "identity_staff", "survey_invitation", "category");
        return tables;
    }

    private static int version(Path migration) {
        String name = migration.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }

    private static Set<String> modules() {
        Set<String> modules = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(SOURCES)) {
            dirs.filter(Files::isDirectory)
                    .forEach(d -> modules.add(d.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return modules;
    }

    private static List<Path> javaFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
