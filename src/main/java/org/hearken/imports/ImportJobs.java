package org.hearken.imports;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The imports and what they found, in {@code import_job} and {@code import_problem}. */
@Repository
class ImportJobs {

    enum Status {
        DRAFT,
        QUEUED,
        RUNNING,
        DONE,
        FAILED
    }

    record Job(
            long id,
            String source,
            String filename,
            ImportSettings settings,
            String createdBy,
            Instant createdAt,
            Status status,
            int rowsTotal,
            int rowsDone,
            int imported,
            int skipped,
            int refused,
            Integer checkedProblems,
            Instant startedAt,
            Instant finishedAt,
            String failure) {

        boolean finished() {
            return status == Status.DONE || status == Status.FAILED;
        }
    }

    private static final String SELECT = """
            select id, source, filename, settings::text as settings, created_by, created_at, status, rows_total,
                   rows_done, imported, skipped, refused, checked_problems, started_at, finished_at, failure
            from import_job""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ImportJobs(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    long create(String filename, byte[] content, ImportSettings settings, String by, Instant at, int rows) {
        return jdbc.sql("""
                        insert into import_job (source, filename, content, settings, created_by, created_at, status,
                            rows_total)
                        values (?, ?, ?, ?::jsonb, ?, ?, 'DRAFT', ?) returning id""")
                .params(settings.source(), filename, content, json.writeValueAsString(settings), by, ts(at), rows)
                .query(Long.class)
                .single();
    }

    Optional<Job> find(long id) {
        return jdbc.sql(SELECT + " where id = ?").param(id).query(this::job).optional();
    }

    List<Job> recent(int limit) {
        return jdbc.sql(SELECT + " order by id desc limit ?")
                .param(limit)
                .query(this::job)
                .list();
    }

    /** The oldest import started and not finished, if any. */
    Optional<Job> nextWaiting() {
        return jdbc.sql(SELECT + " where status in ('QUEUED', 'RUNNING') order by id limit 1")
                .query(this::job)
                .optional();
    }

    byte[] content(long id) {
        return jdbc.sql("select content from import_job where id = ?")
                .param(id)
                .query(byte[].class)
                .single();
    }

    /** The settings of a dry run and how many rows it found problems in; only while the import is a draft. */
    boolean checked(long id, ImportSettings settings, int problemRows) {
        return jdbc.sql("""
                        update import_job set settings = ?::jsonb, source = ?, checked_problems = ?
                        where id = ? and status = 'DRAFT'""")
                        .params(json.writeValueAsString(settings), settings.source(), problemRows, id)
                        .update()
                == 1;
    }

    boolean queue(long id) {
        return jdbc.sql("update import_job set status = 'QUEUED' where id = ? and status = 'DRAFT'")
                        .param(id)
                        .update()
                == 1;
    }

    boolean discard(long id) {
        return jdbc.sql("delete from import_job where id = ? and status = 'DRAFT'")
                        .param(id)
                        .update()
                == 1;
    }

    void started(long id, Instant at) {
        jdbc.sql("""
                        update import_job set status = 'RUNNING', started_at = coalesce(started_at, ?)
                        where id = ? and status in ('QUEUED', 'RUNNING')""").params(ts(at), id).update();
    }

    /**
     * Rows {@code from} to {@code to} done, if nobody did them meanwhile: false (and nothing changed) when the job is
     * no longer at row {@code from}, so that the caller rolls the batch back.
     */
    boolean progress(long id, int from, int to, int imported, int skipped, int refused) {
        return jdbc.sql("""
                        update import_job set rows_done = ?, imported = imported + ?, skipped = skipped + ?,
                            refused = refused + ?
                        where id = ? and rows_done = ? and status = 'RUNNING'""").params(to, imported, skipped, refused, id, from).update() == 1;
    }

    void problems(long id, List<RowProblem> problems, boolean refused) {
        if (problems.isEmpty()) {
            return;
        }
        List<Object> params = new ArrayList<>();
        for (RowProblem p : problems) {
            params.addAll(java.util.Arrays.asList(id, p.row(), p.column(), p.message(), refused));
        }
        jdbc.sql("insert into import_problem (job_id, row_number, column_name, message, refused) values "
                        + String.join(", ", Collections.nCopies(problems.size(), "(?, ?, ?, ?, ?)")))
                .params(params)
                .update();
    }

    void finish(long id, Instant at) {
        jdbc.sql("update import_job set status = 'DONE', finished_at = ?, content = null where id = ?")
                .params(ts(at), id)
                .update();
    }

    void fail(long id, Instant at, String why) {
        jdbc.sql("update import_job set status = 'FAILED', finished_at = ?, failure = ? where id = ?")
                .params(ts(at), why, id)
                .update();
    }

    /** The first {@code limit} problems and notes of the import, in the order of the rows. */
    List<Noted> problemsOf(long id, int limit) {
        return jdbc.sql("""
                        select row_number, column_name, message, refused from import_problem where job_id = ?
                        order by row_number, id limit ?""")
                .params(id, limit)
                .query((rs, n) ->
                        new Noted(new RowProblem(rs.getInt(1), rs.getString(2), rs.getString(3)), rs.getBoolean(4)))
                .list();
    }

    /** A problem (the row was refused) or a note (the row was already imported). */
    record Noted(RowProblem problem, boolean refused) {}

    private Job job(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Job(
                rs.getLong("id"),
                rs.getString("source"),
                rs.getString("filename"),
                json.readValue(rs.getString("settings"), ImportSettings.class),
                rs.getString("created_by"),
                instant(rs.getTimestamp("created_at")),
                Status.valueOf(rs.getString("status")),
                rs.getInt("rows_total"),
                rs.getInt("rows_done"),
                rs.getInt("imported"),
                rs.getInt("skipped"),
                rs.getInt("refused"),
                rs.getObject("checked_problems", Integer.class),
                instant(rs.getTimestamp("started_at")),
                instant(rs.getTimestamp("finished_at")),
                rs.getString("failure"));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}
