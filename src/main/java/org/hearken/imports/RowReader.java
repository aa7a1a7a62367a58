package org.hearken.imports;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.hearken.cases.CaseStatus;
import org.hearken.cases.CustomerContact;
import org.hearken.cases.ImportedCase;
import org.hearken.cases.Outcome;
import org.hearken.cases.PreferredReply;
import org.hearken.platform.FieldProblem;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;

/**
 * Reads one row of the file as a case, by the mapping and date settings chosen: every cell checked (required, length,
 * a single line where one is expected, a known word for kind, channel, status and outcome, a real date), then the
 * history's own rule ({@link ImportedCase#problems}). Pure: what needs the database (departments, owners, categories,
 * the policy's calendar, earlier imports) is checked by the cases module.
 */
final class RowReader {

    /** A row read: the case, when the row has no problems, and the row's problems. */
    record Read(int row, ImportedCase c, List<RowProblem> problems) {}

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern PHONE = Pattern.compile("[+0-9 ()./-]*");
    private static final String FORMULA_STARTS = "=+-@";

    private static final Map<String, FeedbackKind> KINDS = words(
            FeedbackKind.values(),
            Map.of(
                    "enquiry", FeedbackKind.QUESTION,
                    "inquiry", FeedbackKind.QUESTION,
                    "request", FeedbackKind.SERVICE_REQUEST,
                    "praise", FeedbackKind.COMPLIMENT));
    private static final Map<String, Channel> CHANNELS = words(
            Channel.values(),
            Map.of(
                    "telephone", Channel.PHONE,
                    "call", Channel.PHONE,
                    "walkin", Channel.IN_PERSON,
                    "counter", Channel.IN_PERSON,
                    "visit", Channel.IN_PERSON,
                    "post", Channel.POSTAL,
                    "letter", Channel.POSTAL,
                    "web", Channel.WEB_FORM,
                    "online", Channel.WEB_FORM,
                    "website", Channel.WEB_FORM));
    private static final Map<String, CaseStatus> STATUSES = words(
            ImportedCase.STATUSES.toArray(CaseStatus[]::new),
            Map.of("open", CaseStatus.RECEIVED, "new", CaseStatus.RECEIVED, "answered", CaseStatus.RESPONDED));
    private static final Map<String, Outcome> OUTCOMES = words(
            Outcome.values(),
            Map.of(
                    "partiallyupheld", Outcome.PARTLY_UPHELD,
                    "partupheld", Outcome.PARTLY_UPHELD,
                    "rejected", Outcome.NOT_UPHELD));

    private final List<String> header;
    private final ImportSettings settings;
    private final DateFormat format;
    private final ZoneId zone;

    RowReader(List<String> header, ImportSettings settings) {
        this.header = header;
        this.settings = settings;
        this.format = settings.format();
        this.zone = settings.zoneId();
    }

    /** Problems with the mapping itself: a required field not mapped, a column that is not in the file. */
    List<String> mappingProblems() {
        List<String> problems = new ArrayList<>();
        for (Field f : Field.values()) {
            Integer column = settings.column(f);
            if (column == null && f.required) {
                problems.add(f.label + " is needed: choose the column that holds it");
            } else if (column != null && (column < 0 || column >= header.size())) {
                problems.add(f.label + " is mapped to a column the file does not have");
            }
        }
        return problems;
    }

    Read read(int row, List<String> cells, Instant now) {
        Cells c = new Cells(row, cells);
        String reference = c.text(Field.SOURCE_REFERENCE, 100, true);
        FeedbackKind kind =
                c.choice(Field.KIND, KINDS, "complaint, question, service request, suggestion or compliment");
        Channel channel = c.choice(Field.CHANNEL, CHANNELS, "phone, in person, e-mail, postal, web form or API");
        Instant received = c.date(Field.RECEIVED_AT);
        String department = c.text(Field.DEPARTMENT, 32, true);
        String category = c.text(Field.CATEGORY, 40, true);
        String subject = c.text(Field.SUBJECT, 200, true);
        String description = c.text(Field.DESCRIPTION, 20_000, false);
        String name = c.text(Field.CUSTOMER_NAME, 200, true);
        String email = c.text(Field.CUSTOMER_EMAIL, 320, true);
        if (email != null && !EMAIL.matcher(email).matches()) {
            c.problem(Field.CUSTOMER_EMAIL, "\"" + email + "\" is not an e-mail address");
        }
        String phone = c.text(Field.CUSTOMER_PHONE, 40, true);
        if (phone != null && !PHONE.matcher(phone).matches()) {
            c.problem(Field.CUSTOMER_PHONE, "may contain only digits, spaces and + ( ) . / -");
        }
        String address = c.text(Field.CUSTOMER_ADDRESS, 1000, false);
        CaseStatus status = c.choice(Field.STATUS, STATUSES, "open, acknowledged, responded or closed");
        Instant acknowledged = c.date(Field.ACKNOWLEDGED_AT);
        Instant responded = c.date(Field.RESPONDED_AT);
        Instant closed = c.date(Field.CLOSED_AT);
        Outcome outcome = c.choice(
                Field.OUTCOME,
                OUTCOMES,
                "resolved, upheld, partly upheld, not upheld, cannot accommodate or not accepted");
        String owner = c.text(Field.OWNER, 64, true);
        PreferredReply reply = email != null
                ? PreferredReply.EMAIL
                : phone != null ? PreferredReply.PHONE : address != null ? PreferredReply.POST : null;
        if (reply == null && c.problems.isEmpty()) {
            c.problems.add(new RowProblem(
                    row,
                    null,
                    "has no e-mail address, phone number or postal address for the customer; give at least one"));
        }
        if (!c.problems.isEmpty()) {
            return new Read(row, null, c.problems);
        }
        ImportedCase imported = new ImportedCase(
                settings.source(),
                reference,
                kind,
                channel,
                received,
                department.toUpperCase(Locale.ROOT),
                owner,
                category,
                subject,
                description,
                new CustomerContact(name, email, phone, address, reply),
                status,
                acknowledged,
                responded,
                closed,
                outcome);
        List<RowProblem> problems = problems(
                row,
                imported.problems(now).stream()
                        .map(p -> new FieldProblem(p.field(), p.message()))
                        .toList());
        return new Read(row, problems.isEmpty() ? imported : null, problems);
    }

    /** The cases module's problems with a row, each named by the column of its field. */
    List<RowProblem> problems(int row, List<FieldProblem> problems) {
        return problems.stream()
                .map(p -> new RowProblem(row, columnOf(Field.byProblemField(p.field())), p.message()))
                .toList();
    }

    private String columnOf(Field field) {
        if (field == null) {
            return null;
        }
        Integer column = settings.column(field);
        return column == null ? field.label + " (not in the file)" : header.get(column);
    }

    /** The cells of one row, read field by field, gathering what is wrong. */
    private final class Cells {
        final int row;
        final List<String> cells;
        final List<RowProblem> problems = new ArrayList<>();

        Cells(int row, List<String> cells) {
            this.row = row;
            this.cells = cells;
        }

        void problem(Field field, String message) {
            problems.add(new RowProblem(row, columnOf(field), message));
        }

        /** The stripped cell, null when empty; a leading apostrophe that kept a spreadsheet formula as text goes. */
        String raw(Field field) {
            Integer column = settings.column(field);
            if (column == null || column >= cells.size()) {
                return null;
            }
            String v = cells.get(column).strip();
            if (v.length() > 1 && v.charAt(0) == '\'' && FORMULA_STARTS.indexOf(v.charAt(1)) >= 0) {
                v = v.substring(1);
            }
            return v.isEmpty() ? null : v;
        }

        String text(Field field, int max, boolean singleLine) {
            String v = raw(field);
            if (v == null) {
                if (field.required) {
                    problem(field, "is empty; " + field.label.toLowerCase(Locale.ROOT) + " is needed");
                }
                return null;
            }
            if (v.length() > max) {
                problem(field, "is " + v.length() + " characters long; at most " + max);
                return null;
            }
            boolean control = v.chars()
                    .anyMatch(ch ->
                            Character.isISOControl(ch) && (singleLine || (ch != '\n' && ch != '\r' && ch != '\t')));
            if (control) {
                problem(field, singleLine ? "must be a single line" : "contains control characters");
                return null;
            }
            return v;
        }

        <E> E choice(Field field, Map<String, E> words, String expected) {
            String v = text(field, 100, true);
            if (v == null) {
                return null;
            }
            E e = words.get(Field.squash(v));
            if (e == null) {
                problem(field, "\"" + v + "\" is not one of " + expected);
            }
            return e;
        }

        Instant date(Field field) {
            String v = text(field, 100, true);
            if (v == null) {
                return null;
            }
            DateFormat.Reading reading = format.read(v, zone);
            if (reading.problem() != null) {
                problem(field, reading.problem());
            }
            return reading.at();
        }
    }

    private static <E extends Enum<E>> Map<String, E> words(E[] values, Map<String, E> more) {
        Map<String, E> words = new LinkedHashMap<>();
        for (E e : values) {
            words.put(Field.squash(e.name()), e);
        }
        words.putAll(more);
        return Map.copyOf(words);
    }
}
