package org.hearken.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hearken.support.CaseBuilder.*;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.hearken.identity.Role;
import org.hearken.support.FormSession;
import org.hearken.support.IntegrationTest;
import org.hearken.support.TestMail;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

class CaseImportIT extends IntegrationTest {

    static final String HEADER =
            "Reference,Kind,Channel,Received,Dept,Subject,Description,Customer,Email,Phone,Status,Acknowledged,Responded,Closed,Outcome";

    @Autowired
    ApplicationContext context;

    /** An administrator's import through the pages: upload, the guessed mapping, dry run, start. */
    final class Import {
        final FormSession admin;
        final String username;
        long id;
        Document dryRun;

        Import(String username) {
            this.username = username;
            this.admin = signedIn(username);
        }

        Import upload(String source, String csv, String... settings) {
            admin.get("/admin/import").expect(200);
            FormSession.Page uploaded = admin.postParts(
                    "/admin/import",
                    List.of(
                            FormSession.Part.field(
                                    "_csrf",
                                    FormSession.csrf(admin.get("/admin/import").body())),
                            FormSession.Part.field("source", source),
                            FormSession.Part.field("encoding", "UTF-8"),
                            FormSession.Part.file(
                                    "file", "register.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8))));
            assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(302);
            id = Long.parseLong(uploaded.location().substring("/admin/import/".length()));
            Document mapping = admin.get("/admin/import/" + id).expect(200).html();
            List<String> form = new ArrayList<>();
            Map<String, String> chosen = new LinkedHashMap<>();
            for (Element select : mapping.select("#mapping-form select")) {
                Element selected = select.selectFirst("option[selected]");
                chosen.put(select.attr("name"), selected == null ? "" : selected.attr("value"));
            }
            chosen.put("source", source);
            for (int i = 0; i + 1 < settings.length; i += 2) {
                chosen.put(settings[i], settings[i + 1]);
            }
            chosen.forEach((k, v) -> {
                form.add(k);
                form.add(v);
            });
            dryRun = admin.post("/admin/import/" + id + "/check", form.toArray(String[]::new))
                    .expect(200)
                    .html();
            return this;
        }

        int dry(String stat) {
            return Integer.parseInt(dryRun.selectFirst("#dry-" + stat).text());
        }

        Import start(boolean skipProblems) {
            FormSession.Page started = skipProblems
                    ? admin.post("/admin/import/" + id + "/start", "skipProblems", "true")
                    : admin.post("/admin/import/" + id + "/start");
            assertThat(started.location()).isEqualTo("/admin/import/" + id);
            return this;
        }

        JsonNode progress() {
            return as(username).get("/api/imports/" + id).json();
        }

        JsonNode await() {
            JsonNode p = untilFinished(Duration.ofSeconds(120), Duration.ofMillis(50), now -> {});
            assertThat(p.get("status").asString()).as(p.toString()).isEqualTo("DONE");
            return p;
        }

        /** Reads the progress until the import is done or failed, handing each reading before that to {@code seen}. */
        JsonNode untilFinished(Duration atMost, Duration every, java.util.function.Consumer<JsonNode> seen) {
            AtomicReference<JsonNode> last = new AtomicReference<>();
            Awaitility.await("the import finishes")
                    .atMost(atMost)
                    .pollInterval(every)
                    .until(() -> {
                        JsonNode now = progress();
                        last.set(now);
                        String status = now.get("status").asString();
                        boolean finished = status.equals("DONE") || status.equals("FAILED");
                        if (!finished) {
                            seen.accept(now);
                        }
                        return finished;
                    });
            return last.get();
        }
    }

    private static String row(Object... cells) {
        List<String> out = new ArrayList<>();
        for (Object c : cells) {
            String s = c == null ? "" : c.toString();
            out.add(s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s);
        }
        return String.join(",", out);
    }

    /** The header and {@code n} rows, row {@code i} as {@code row} makes it. */
    private static String file(int n, java.util.function.IntFunction<String> row) {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < n; i++) {
            csv.append("\r\n").append(row.apply(i));
        }
        return csv.toString();
    }

    private JsonNode caseOf(String source, String reference, String reader) {
        String ref = jdbc.sql("select reference from cases where import_source = ? and import_reference = ?")
                .params(source, reference)
                .query(String.class)
                .single();
        return as(reader).get("/api/cases/" + ref).json();
    }

    private int importedAs(String source, String reference) {
        return jdbc.sql("select count(*) from cases where import_source = ? and import_reference = ?")
                .params(source, reference)
                .query(Integer.class)
                .single();
    }

    private int imported(String source) {
        return jdbc.sql("select count(*) from cases where import_source = ?")
                .param(source)
                .query(Integer.class)
                .single();
    }

    @Test
    void tenThousandRowsImportInTheBackgroundWithProgressShownAsTheyGo() {
        var dept = department();
        String admin = staffWithoutDepartment(Role.ADMIN);
        String source = "old-" + unique();
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        Instant base = Instant.parse("2026-09-01T00:00:00Z");
        // Every row closed: the suite shares one database, and two thousand open cases long overdue would crowd the
        // deadline watch's lists of every executive in the other tests. Open imported cases are tested below.
        for (int i = 0; i < 10_000; i++) {
            Instant received = base.plus(Duration.ofMinutes(7L * i));
            csv.append(row(
                            "OLD-" + i,
                            i % 3 == 0 ? "question" : "Complaint",
                            i % 2 == 0 ? "E-mail" : "phone",
                            received,
                            dept.code,
                            "Subject " + i,
                            "What happened, case " + i + ", in some detail",
                            "Customer " + i,
                            "c" + i + "-" + source + "@example.org",
                            "",
                            "closed",
                            received.plus(Duration.ofHours(3)),
                            received.plus(Duration.ofDays(4)),
                            received.plus(Duration.ofDays(5)),
                            i % 4 == 0 ? "not upheld" : "upheld"))
                    .append("\r\n");
        }
        long t0 = System.nanoTime();
        Import run = new Import(admin).upload(source, csv.toString());
        long dryRunMillis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(run.dry("to-import")).isEqualTo(10_000);
        assertThat(run.dry("problem-rows")).isZero();

        long t1 = System.nanoTime();
        run.start(false);
        TreeSet<Integer> seen = new TreeSet<>();
        AtomicBoolean showedProgress = new AtomicBoolean();
        JsonNode p = run.untilFinished(Duration.ofSeconds(180), Duration.ofMillis(20), now -> {
            seen.add(now.get("rowsDone").asInt());
            if (!showedProgress.get()) {
                Document fragment = run.admin
                        .get("/admin/import/" + run.id + "/progress")
                        .expect(200)
                        .html();
                int done = Integer.parseInt(fragment.selectFirst("#rows-done").text());
                showedProgress.set(done > 0
                        && done < 10_000
                        && fragment.selectFirst("#import-progress").hasAttr("hx-trigger"));
            }
        });
        boolean pageShowedProgress = showedProgress.get();
        long importMillis = (System.nanoTime() - t1) / 1_000_000;
        System.out.printf("10,000-row import: dry run %d ms, import %d ms%n", dryRunMillis, importMillis);

        assertThat(p.get("status").asString()).as(p.toString()).isEqualTo("DONE");
        assertThat(p.get("imported").asInt()).isEqualTo(10_000);
        assertThat(seen.stream().filter(n -> n > 0 && n < 10_000))
                .as("progress seen part-way")
                .isNotEmpty();
        assertThat(pageShowedProgress)
                .as("the progress page showed rows done part-way and refreshes itself")
                .isTrue();
        assertThat(imported(source)).isEqualTo(10_000);
        Document finished = run.admin.get("/admin/import/" + run.id).expect(200).html();
        assertThat(finished.selectFirst("#import-status").text()).isEqualTo("Finished");
        assertThat(finished.selectFirst("#import-progress").hasAttr("hx-trigger"))
                .isFalse();
    }

    @Test
    void theDryRunListsEachBadRowWithItsProblemAndWritesNothing() {
        var dept = department();
        String admin = staffWithoutDepartment(Role.ADMIN);
        String source = "old-" + unique();
        String unknown = "W" + unique();
        String csv = String.join(
                "\r\n",
                HEADER,
                row(
                        "A1",
                        "complaint",
                        "phone",
                        "01/10/2026 09:00",
                        dept.code,
                        "Fine",
                        "Fine row",
                        "Ada",
                        "",
                        "0400 000 000",
                        "open",
                        "",
                        "",
                        "",
                        ""),
                row(
                        "A2",
                        "complaint",
                        "phone",
                        "01/10/2026 09:00",
                        unknown,
                        "Bad department",
                        "x",
                        "Ada",
                        "",
                        "0400",
                        "open",
                        "",
                        "",
                        "",
                        ""),
                row(
                        "A3",
                        "complaint",
                        "phone",
                        "31/02/2026",
                        dept.code,
                        "Bad date",
                        "x",
                        "Ada",
                        "",
                        "0400",
                        "open",
                        "",
                        "",
                        "",
                        ""),
                row(
                        "A4",
                        "complaint",
                        "phone",
                        "05/10/2026 09:00",
                        dept.code,
                        "Closed first",
                        "x",
                        "Ada",
                        "",
                        "0400",
                        "closed",
                        "",
                        "02/10/2026 10:00",
                        "03/10/2026 10:00",
                        "upheld"),
                row(
                        "A5",
                        "grumble",
                        "phone",
                        "05/10/2026 09:00",
                        dept.code,
                        "Bad kind",
                        "x",
                        "Ada",
                        "",
                        "0400",
                        "open",
                        "",
                        "",
                        "",
                        ""));
        Import run = new Import(admin).upload(source, csv, "dateFormat", "DAY_MONTH_YEAR");

        assertThat(run.dry("to-import")).isEqualTo(1);
        assertThat(run.dry("problem-rows")).isEqualTo(4);
        List<String> problems = run.dryRun.select("#dry-run-problems tbody tr").stream()
                .map(Element::text)
                .toList();
        assertThat(problems)
                .contains(
                        "3 Dept no department has code '" + unknown + "'",
                        "4 Received \"31/02/2026\" is not a date (read as day/month/year (31/03/2024 14:05))",
                        "5 Responded is before it was received",
                        "5 Closed is before it was received",
                        "6 Kind \"grumble\" is not one of complaint, question, service request, suggestion or compliment");
        assertThat(imported(source)).as("a dry run writes no case").isZero();

        FormSession.Page refused = run.admin.post("/admin/import/" + run.id + "/start");
        assertThat(run.admin.flashError(refused)).contains("found problems in 4 rows");
        assertThat(run.progress().get("status").asString()).isEqualTo("DRAFT");

        run.start(true);
        JsonNode done = run.await();
        assertThat(done.get("imported").asInt()).isEqualTo(1);
        assertThat(done.get("leftOut").asInt()).isEqualTo(4);
        assertThat(imported(source)).isEqualTo(1);
    }

    @Test
    void importingTheSameFileAgainAddsNothing() {
        var dept = department();
        String admin = staffWithoutDepartment(Role.ADMIN);
        String source = "old-" + unique();
        String csv = file(
                5,
                i -> row(
                        "R" + i,
                        "complaint",
                        "post",
                        "2026-10-0" + (i + 1) + " 10:00",
                        dept.code,
                        "S",
                        "D",
                        "Bea",
                        "",
                        "0400",
                        "closed",
                        "",
                        "2026-10-20 10:00",
                        "2026-10-21 10:00",
                        "not upheld"));
        new Import(admin).upload(source, csv).start(false).await();
        assertThat(imported(source)).isEqualTo(5);

        Import again = new Import(admin).upload(source, csv);
        assertThat(again.dry("to-import")).isZero();
        assertThat(again.dry("already")).isEqualTo(5);
        JsonNode done = again.start(false).await();

        assertThat(done.get("imported").asInt()).isZero();
        assertThat(done.get("alreadyImported").asInt()).isEqualTo(5);
        assertThat(done.get("problems").get(0).get("message").asString()).startsWith("already imported as ");
        assertThat(imported(source)).isEqualTo(5);
    }

    @Test
    void importedCustomersAreSentNothingWhileACaseOpenedByEMailIsAcknowledged() throws Exception {
        var dept = department();
        String admin = staffWithoutDepartment(Role.ADMIN);
        String source = "old-" + unique();
        List<String> addresses = new ArrayList<>();
        StringBuilder csv = new StringBuilder(HEADER);
        String[][] histories = {
            {"open", "", "", "", ""},
            {"acknowledged", "2026-11-02 10:00", "", "", ""},
            {"responded", "2026-11-02 10:00", "2026-11-05 10:00", "", "resolved"},
            {"closed", "2026-11-02 10:00", "2026-11-05 10:00", "2026-11-06 10:00", "upheld"}
        };
        for (int i = 0; i < histories.length; i++) {
            String address = "m" + i + "-" + unique().toLowerCase() + "@example.org";
            addresses.add(address);
            String[] h = histories[i];
            csv.append("\r\n")
                    .append(row(
                            "M" + i,
                            "complaint",
                            "email",
                            "2026-11-02 09:00",
                            dept.code,
                            "S",
                            "D",
                            "Cy",
                            address,
                            "",
                            h[0],
                            h[1],
                            h[2],
                            h[3],
                            h[4]));
        }
        new Import(admin).upload(source, csv.toString()).start(false).await();
        String control = "control-" + unique().toLowerCase() + "@example.org";
        aComplaint().by(EMAIL).from("Dee").email(control).inDepartment(dept).open();

        run("org.hearken.correspondence.OutboxSender", "sendDue");
        run("org.hearken.escalation.DeadlineSweep", "sweep");
        run("org.hearken.surveys.SurveySweep", "sweep");
        Awaitility.await("the control case's acknowledgement")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    run("org.hearken.correspondence.OutboxSender", "sendDue");
                    return !TestMail.receivedBy(control).isEmpty();
                });

        assertThat(TestMail.receivedBy(control))
                .as("the case opened by e-mail is acknowledged")
                .isNotEmpty();
        for (String address : addresses) {
            assertThat(TestMail.receivedBy(address)).as(address).isEmpty();
        }
        assertThat(jdbc.sql("""
                        select count(*) from survey_invitation i join cases c on c.id = i.case_id
                        where c.import_source = ?""").param(source).query(Integer.class).single())
                .as("no survey invitation for an imported case")
                .isZero();
    }

    private void run(String bean, String method) throws Exception {
        Object target = context.getBean(Class.forName(bean));
        Method m = target.getClass().getDeclaredMethod(method);
        m.setAccessible(true);
        m.invoke(target);
    }

    @Test
    void anOpenImportedCaseIsDueAsIfOpenedThenAndOverdueWithoutNotices() {
        var dept = department();
        String admin = staffWithoutDepartment(Role.ADMIN);
        String source = "old-" + unique();
        String received = "2026-11-23T09:30:00+11:00";
        String longAgo = "2026-10-05T09:30:00+11:00";
        String csv = String.join(
                "\r\n",
                HEADER,
                row(
                        "O1",
                        "complaint",
                        "phone",
                        received,
                        dept.code,
                        "S",
                        "D",
                        "Di",
                        "",
                        "0400",
                        "open",
                        "",
                        "",
                        "",
                        ""),
                row(
                        "O2",
                        "complaint",
                        "phone",
                        longAgo,
                        dept.code,
                        "S",
                        "D",
                        "Di",
                        "",
                        "0400",
                        "acknowledged",
                        "2026-10-05T10:00:00+11:00",
                        "",
                        "",
                        ""));
        new Import(admin).upload(source, csv).start(false).await();
        JsonNode normal =
                aComplaint().by(PHONE).receivedAt(received).inDepartment(dept).openBy(dept.as(dept.lead));

        JsonNode recent = caseOf(source, "O1", dept.lead);
        assertThat(recent.get("acknowledgeBy").asString())
                .isEqualTo(normal.get("acknowledgeBy").asString());
        assertThat(recent.get("respondBy").asString())
                .isEqualTo(normal.get("respondBy").asString());

        JsonNode old = caseOf(source, "O2", dept.lead);
        assertThat(old.get("status").asString()).isEqualTo("ACKNOWLEDGED");
        Instant respondBy = Instant.parse(old.get("respondBy").asString());
        assertThat(respondBy).isBefore(clock.instant());
        long caseId = jdbc.sql("select id from cases where import_source = ? and import_reference = 'O2'")
                .param(source)
                .query(Long.class)
                .single();
        assertThat(jdbc.sql("select count(*) from case_running_stage where case_id = ? and due < ?")
                        .params(caseId, java.sql.Timestamp.from(clock.instant()))
                        .query(Integer.class)
                        .single())
                .as("the response is overdue")
                .isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from escalation_timer where case_id = ?")
                        .param(caseId)
                        .query(Integer.class)
                        .single())
                .as("no notice is owed for a due date that passed before the import")
                .isZero();
    }

    @Test
    void closedCasesAreClosedWithTheirDatesAndOutcomesAndTheRegisterSaysWhoImportedThem() {
        var dept = department();
        String admin = staffWithoutDepartment(Role.ADMIN);
        String source = "old-" + unique();
        String csv = String.join(
                "\r\n",
                HEADER,
                row(
                        "C1",
                        "complaint",
                        "phone",
                        "2026-10-01T09:00:00+10:00",
                        dept.code,
                        "S",
                        "D",
                        "Ed",
                        "",
                        "0400",
                        "closed",
                        "2026-10-01T11:00:00+10:00",
                        "2026-10-08T15:00:00+11:00",
                        "2026-10-09T09:00:00+11:00",
                        "partly upheld"));
        Instant importedAt = clock.instant();
        new Import(admin).upload(source, csv).start(false).await();

        JsonNode c = caseOf(source, "C1", dept.lead);
        assertThat(c.get("status").asString()).isEqualTo("CLOSED");
        assertThat(c.get("outcome").asString()).isEqualTo("PARTLY_UPHELD");
        assertThat(Instant.parse(c.get("closedAt").asString())).isEqualTo(Instant.parse("2026-10-09T09:00:00+11:00"));
        assertThat(Instant.parse(c.get("receivedAt").asString())).isEqualTo(Instant.parse("2026-10-01T09:00:00+10:00"));

        var entry = jdbc.sql("""
                        select actor, occurred_at, payload->>'closedAt' as closed from register_event
                        where case_reference = ? and type = 'Imported'""")
                .param(c.get("reference").asString())
                .query((rs, n) -> List.of(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3)))
                .single();
        assertThat(entry.get(0)).isEqualTo(admin);
        assertThat((Instant) entry.get(1))
                .as("recorded when imported, not back-dated")
                .isAfterOrEqualTo(importedAt);
        assertThat(Instant.parse((String) entry.get(2))).isEqualTo(Instant.parse("2026-10-09T09:00:00+11:00"));
        assertThat(jdbc.sql("select count(*) from security_audit where actor = ? and action = 'CASES_IMPORTED'")
                        .param(admin)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void aFileThatIsNotUtf8TextIsRefusedWithItsReasonAndNothingKept() {
        String admin = staffWithoutDepartment(Role.ADMIN);
        FormSession session = signedIn(admin);
        int before = as(admin).get("/api/imports").json().size();
        FormSession.Page refused = session.postParts(
                "/admin/import",
                List.of(
                        FormSession.Part.field(
                                "_csrf",
                                FormSession.csrf(session.get("/admin/import").body())),
                        FormSession.Part.field("encoding", "UTF-8"),
                        FormSession.Part.file(
                                "file", "latin.csv", "text/csv", new byte[] {'R', 'e', 'f', '\n', (byte) 0xE9, '\n'})));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.html().selectFirst(".flash.error").text())
                .isEqualTo(
                        "Nothing was imported. The file is not UTF-8 text. Save it from the spreadsheet as \"CSV UTF-8\","
                                + " or choose the encoding it was saved in.");
        assertThat(as(admin).get("/api/imports").json().size()).isEqualTo(before);
    }

    @Test
    void onlyAnAdministratorImports() {
        var dept = department();
        assertThat(signedIn(dept.lead).get("/admin/import").status()).isEqualTo(403);
        assertThat(as(dept.lead).get("/api/imports").status()).isEqualTo(403);
    }

    @Test
    void anImportLeftRunningByAnInstanceThatDiedCarriesOnFromItsLastCommittedBatch() {
        var dept = department();
        String admin = staffWithoutDepartment(Role.ADMIN);
        String source = "old-" + unique();
        String csv = file(
                600,
                i -> row(
                        "K" + i,
                        "complaint",
                        "phone",
                        "2026-10-01 10:00",
                        dept.code,
                        "S",
                        "D",
                        "Flo",
                        "",
                        "0400",
                        "open",
                        "",
                        "",
                        "",
                        ""));
        Import run = new Import(admin).upload(source, csv);
        // As an instance leaves it when it dies after committing the first 250 rows' batch (here without the rows, so
        // that what the next instance imports is what shows where it carried on from).
        jdbc.sql("update import_job set status = 'RUNNING', rows_done = 250, started_at = now() where id = ?")
                .param(run.id)
                .update();

        JsonNode done = run.await();

        assertThat(done.get("rowsDone").asInt()).isEqualTo(600);
        assertThat(imported(source)).isEqualTo(350);
        assertThat(importedAs(source, "K250")).isEqualTo(1);
        assertThat(importedAs(source, "K249")).isZero();
    }
}
