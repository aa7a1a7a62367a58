package org.hearken.audit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hearken.platform.FieldProblem;
import org.hearken.platform.InvalidRequestException;

/**
 * Which entries to show: days (UTC, both included), who acted, what was done, to what, and how it ended. Every part
 * may be left out.
 */
record AuditFilter(
        LocalDate from,
        LocalDate to,
        String actor,
        SecurityAudit.Action action,
        String target,
        SecurityAudit.Outcome outcome) {

    static final int MAX_TEXT = 200;

    /** The filters as a query string gives them, every one optional and unchecked. */
    record Asked(String from, String to, String actor, String action, String target, String outcome) {

        AuditFilter filter() {
            return parse(from, to, actor, action, target, outcome);
        }
    }

    /** Reads the filters as given in a query string; every problem is reported at once, by field. */
    static AuditFilter parse(String from, String to, String actor, String action, String target, String outcome) {
        List<FieldProblem> problems = new ArrayList<>();
        LocalDate fromDay = day("from", from, problems);
        LocalDate toDay = day("to", to, problems);
        if (fromDay != null && toDay != null && toDay.isBefore(fromDay)) {
            problems.add(new FieldProblem("to", "is before 'from'"));
        }
        SecurityAudit.Action a = choice("action", action, SecurityAudit.Action.class, problems);
        SecurityAudit.Outcome o = choice("outcome", outcome, SecurityAudit.Outcome.class, problems);
        String who = text("actor", actor, problems);
        String what = text("target", target, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return new AuditFilter(fromDay, toDay, who, a, what, o);
    }

    static AuditFilter none() {
        return new AuditFilter(null, null, null, null, null, null);
    }

    Instant fromInstant() {
        return from == null ? null : from.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    Instant toExclusive() {
        return to == null ? null : to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /**
     * The filters that are set, for the record of a download: the target only as "given", since it may name a case that
     * others reading the log may not open.
     */
    String recorded() {
        String query = query();
        return target == null
                ? query
                : query.replace("target=" + URLEncoder.encode(target, StandardCharsets.UTF_8), "target=(given)");
    }

    /** The filters that are set, as a query string for links (next page, download). */
    String query() {
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("from", from);
        set.put("to", to);
        set.put("actor", actor);
        set.put("action", action);
        set.put("target", target);
        set.put("outcome", outcome);
        StringBuilder query = new StringBuilder();
        set.forEach((name, value) -> {
            if (value != null) {
                query.append(query.isEmpty() ? "" : "&")
                        .append(name)
                        .append('=')
                        .append(URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
            }
        });
        return query.toString();
    }

    private static LocalDate day(String field, String value, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            problems.add(new FieldProblem(field, "is not a date such as 2026-03-31"));
            return null;
        }
    }

    private static <E extends Enum<E>> E choice(
            String field, String value, Class<E> type, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem(
                    field, "'" + value.strip() + "' is not one of " + List.of(type.getEnumConstants())));
            return null;
        }
    }

    private static String text(String field, String value, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_TEXT) {
            problems.add(new FieldProblem(field, "is longer than " + MAX_TEXT + " characters"));
            return null;
        }
        if (value.indexOf('\u0000') >= 0) {
            problems.add(new FieldProblem(field, "contains a NUL character"));
            return null;
        }
        return value.strip();
    }
}
