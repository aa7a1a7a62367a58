package org.hearken.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.hearken.platform.InvalidRequestException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the audit log, newest first, in pages by keyset, through the one visibility rule ({@link CaseSight}): entries
 * about a complaint about the reader are withheld, entries about a case the reader may not open do not name it.
 */
@Component
class AuditLog {

    static final int MAX_PAGE = 500;
    /** What the target of an entry about a case the reader may not open reads instead of its reference. */
    static final String NOT_OPEN_TARGET = "(a case you may not open)";

    private static final int EXPORT_BATCH = 1000;

    /** One entry as readers see it. */
    record Entry(
            long id,
            Instant at,
            String actor,
            String clientAddress,
            String action,
            String target,
            String outcome,
            Map<String, Object> details) {}

    /** A page of entries; {@code next} is the cursor ({@code before}) of the following page, absent on the last. */
    record Page(List<Entry> entries, String next) {}

    private record Row(Entry entry, String caseReference) {}

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final ObjectProvider<CaseSight> caseSight;

    AuditLog(JdbcClient jdbc, JsonMapper json, ObjectProvider<CaseSight> caseSight) {
        this.jdbc = jdbc;
        this.json = json;
        this.caseSight = caseSight;
    }

    Page page(AuditFilter filter, String before, int limit, String reader) {
        int size = Math.clamp(limit <= 0 ? 50 : limit, 1, MAX_PAGE);
        Long cursor = cursor(before);
        List<Entry> shown = new ArrayList<>();
        if (namesCaseNotOpen(filter, reader)) {
            return new Page(List.of(), null);
        }
        // Withheld entries leave gaps, so read on until the page is full or the log ends.
        while (shown.size() <= size) {
            List<Row> rows = rows(filter, cursor, size + 1);
            shown.addAll(visible(rows, reader));
            if (rows.size() < size + 1) {
                break;
            }
            cursor = rows.getLast().entry().id();
        }
        if (shown.size() > size) {
            return new Page(
                    List.copyOf(shown.subList(0, size)),
                    String.valueOf(shown.get(size - 1).id()));
        }
        return new Page(List.copyOf(shown), null);
    }

    /**
     * Every matching entry, newest first, a batch at a time, without holding them all in memory. No transaction spans
     * the batches, so a slow download holds no connection: the log only grows, at the top, so walking down by id from
     * where the first batch began sees it as it was then.
     */
    void each(AuditFilter filter, String reader, Consumer<Entry> sink) {
        if (namesCaseNotOpen(filter, reader)) {
            return;
        }
        Long cursor = null;
        while (true) {
            List<Row> rows = rows(filter, cursor, EXPORT_BATCH);
            visible(rows, reader).forEach(sink);
            if (rows.size() < EXPORT_BATCH) {
                return;
            }
            cursor = rows.getLast().entry().id();
        }
    }

    /**
     * Whether the filter asks for a case the reader may not open: then nothing matches, as nothing would in a list of
     * cases. Otherwise the entries found would confirm what the reader may not know (that the case is confidential, who
     * opened it, who it is about), even with its name left out of them.
     */
    private boolean namesCaseNotOpen(AuditFilter filter, String reader) {
        if (filter.target() == null) {
            return false;
        }
        Map<String, CaseSight.Sight> sight = new HashMap<>();
        caseSight.forEach(source ->
                sight.putAll(source.sight(reader, List.of(filter.target().toUpperCase(java.util.Locale.ROOT)))));
        return sight.values().stream().anyMatch(s -> s != CaseSight.Sight.OPEN);
    }

    /**
     * The rows as the reader may see them: an entry about a complaint about the reader is left out; one about a case the
     * reader may not open keeps what happened, who did it and when, but not which case or its details.
     */
    private List<Entry> visible(List<Row> rows, String reader) {
        Set<String> references = new java.util.HashSet<>();
        rows.forEach(r -> {
            if (r.caseReference() != null) {
                references.add(r.caseReference());
            }
        });
        Map<String, CaseSight.Sight> sight = new HashMap<>();
        if (!references.isEmpty()) {
            caseSight.forEach(source -> sight.putAll(source.sight(reader, references)));
        }
        List<Entry> shown = new ArrayList<>();
        for (Row r : rows) {
            if (r.caseReference() == null) {
                shown.add(r.entry());
                continue;
            }
            // A case no module vouches for is treated as one the reader may not open.
            switch (sight.getOrDefault(r.caseReference(), CaseSight.Sight.NOT_OPEN)) {
                case OPEN -> shown.add(r.entry());
                case NOT_OPEN -> {
                    Entry e = r.entry();
                    shown.add(new Entry(
                            e.id(),
                            e.at(),
                            e.actor(),
                            e.clientAddress(),
                            e.action(),
                            NOT_OPEN_TARGET,
                            e.outcome(),
                            Map.of()));
                }
                case ABOUT_READER -> {}
            }
        }
        return shown;
    }

    private List<Row> rows(AuditFilter f, Long before, int limit) {
        StringBuilder where = new StringBuilder("true");
        Map<String, Object> params = new HashMap<>();
        if (f.from() != null) {
            where.append(" and occurred_at >= :from");
            params.put("from", Timestamp.from(f.fromInstant()));
        }
        if (f.to() != null) {
            where.append(" and occurred_at < :to");
            params.put("to", Timestamp.from(f.toExclusive()));
        }
        if (f.actor() != null) {
            where.append(" and lower(actor) = lower(:actor)");
            params.put("actor", f.actor());
        }
        if (f.action() != null) {
            where.append(" and action = :action");
            params.put("action", f.action().name());
        }
        if (f.target() != null) {
            where.append(" and lower(target) = lower(:target)");
            params.put("target", f.target());
        }
        if (f.outcome() != null) {
            where.append(" and outcome = :outcome");
            params.put("outcome", f.outcome().name());
        }
        if (before != null) {
            where.append(" and id < :before");
            params.put("before", before);
        }
        params.put("limit", limit);
        return jdbc.sql("""
                        select id, occurred_at, actor, client_address, action, target, case_reference, outcome, details::text as details
                        from security_audit where %s order by id desc limit :limit""".formatted(where)).params(params).query(this::row).list();
    }

    @SuppressWarnings("unchecked")
    private Row row(ResultSet rs, int n) throws SQLException {
        Map<String, Object> details = json.readValue(rs.getString("details"), LinkedHashMap.class);
        return new Row(
                new Entry(
                        rs.getLong("id"),
                        rs.getTimestamp("occurred_at").toInstant(),
                        rs.getString("actor"),
                        rs.getString("client_address"),
                        rs.getString("action"),
                        rs.getString("target"),
                        rs.getString("outcome"),
                        details),
                rs.getString("case_reference"));
    }

    private static Long cursor(String before) {
        if (before == null || before.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(before.strip());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("before", "is not a cursor of this log (use the 'next' of a page)");
        }
    }
}
