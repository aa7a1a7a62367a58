package org.hearken.casework;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hearken.platform.FieldProblem;
import org.springframework.util.MultiValueMap;

/**
 * A submitted form as the page shows it again: the values as typed and a message per field that is wrong, keyed by
 * the field's name (the same dotted names the API uses, such as {@code agreement.agreedBy}). {@code action} names the
 * form on a page with several, so that only that one shows the values and errors.
 */
final class FormState {

    /** Nothing submitted. */
    static final FormState NONE = new FormState("", Map.of());

    private final String action;
    private final Map<String, String> values;
    /** Every value of fields that may have several (a multiple choice). */
    private final Map<String, java.util.List<String>> lists = new LinkedHashMap<>();

    private final Map<String, String> errors = new LinkedHashMap<>();
    private final java.util.List<String> general = new java.util.ArrayList<>();

    FormState(String action, Map<String, String> values) {
        this.action = action;
        this.values = values;
    }

    static FormState of(String action, MultiValueMap<String, String> params) {
        Map<String, String> values = new LinkedHashMap<>();
        params.forEach((name, list) -> {
            if (!name.equals("_csrf") && list != null && !list.isEmpty()) {
                values.put(name, list.getFirst());
            }
        });
        FormState form = new FormState(action, values);
        params.forEach((name, list) -> {
            if (!name.equals("_csrf") && list != null) {
                form.lists.put(name, java.util.List.copyOf(list));
            }
        });
        return form;
    }

    // ---- for templates ----------------------------------------------------------------------------------------

    public String action() {
        return action;
    }

    public boolean is(String action) {
        return this.action.equals(action);
    }

    /** The value typed into {@code field} of form {@code action}, or the default when that form was not submitted. */
    public String value(String action, String field, String otherwise) {
        return is(action) ? values.getOrDefault(field, "") : otherwise;
    }

    public String value(String action, String field) {
        return value(action, field, "");
    }

    public boolean selected(String action, String field, String option, boolean otherwise) {
        return is(action) ? option.equals(values.get(field)) : otherwise;
    }

    /** Whether {@code option} is among the values chosen in a multiple choice. */
    public boolean among(String action, String field, String option) {
        return is(action) && lists.getOrDefault(field, java.util.List.of()).contains(option);
    }

    public boolean checked(String action, String field, boolean otherwise) {
        return is(action) ? values.containsKey(field) && !"false".equals(values.get(field)) : otherwise;
    }

    public String error(String action, String field) {
        return is(action) ? errors.get(field) : null;
    }

    public boolean hasErrors() {
        return !errors.isEmpty() || !general.isEmpty();
    }

    /** Problems that belong to no field of the form. */
    public java.util.List<String> general() {
        return general;
    }

    public Map<String, String> errors() {
        return errors;
    }

    // ---- for controllers --------------------------------------------------------------------------------------

    /** The values as submitted, for a second reading of the same form. */
    Map<String, String> values() {
        return values;
    }

    /** A copy with the same values and no problems, for a second reading of the form. */
    FormState copy() {
        FormState copy = new FormState(action, new LinkedHashMap<>(values));
        copy.lists.putAll(lists);
        return copy;
    }

    String text(String field) {
        String v = values.get(field);
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** The non-blank values of a multiple choice. */
    java.util.List<String> texts(String field) {
        return lists.getOrDefault(field, java.util.List.of()).stream()
                .filter(v -> v != null && !v.isBlank())
                .map(String::strip)
                .toList();
    }

    boolean flag(String field) {
        String v = values.get(field);
        return v != null && !v.equals("false");
    }

    void reject(String field, String message) {
        errors.putIfAbsent(field, message);
    }

    void rejectGeneral(String message) {
        general.add(message);
    }

    /** Files the problems of a refused request under the form's fields; {@code fields} renames API paths to them. */
    void reject(Iterable<FieldProblem> problems, Map<String, String> fields, Set<String> known) {
        for (FieldProblem p : problems) {
            String field = fields.getOrDefault(p.field(), p.field());
            if (known.contains(field)) {
                reject(field, sentence(p.message()));
            } else {
                rejectGeneral(sentence(p.field() + " " + p.message()));
            }
        }
    }

    static String sentence(String message) {
        if (message == null || message.isBlank()) {
            return "Check this value.";
        }
        String s = Character.toUpperCase(message.charAt(0)) + message.substring(1);
        return s.endsWith(".") ? s : s + ".";
    }

    <E extends Enum<E>> E choice(String field, Class<E> type, String missing) {
        return parsed(
                field,
                missing,
                v -> Enum.valueOf(type, v.toUpperCase(Locale.ROOT)),
                "Choose one of "
                        + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "))
                        + ".");
    }

    LocalDate date(String field, String missing) {
        return parsed(field, missing, LocalDate::parse, "Give a date such as 2026-12-24.");
    }

    /** A local date and time ({@code 2026-12-24T16:30}) in the organisation's zone. */
    OffsetDateTime dateTime(String field, ZoneId zone, String missing) {
        return parsed(
                field,
                missing,
                v -> LocalDateTime.parse(v).atZone(zone).toOffsetDateTime(),
                "Give a date and time such as 2026-12-24 16:30.");
    }

    BigDecimal amount(String field) {
        return parsed(
                field, null, v -> new BigDecimal(v.replace(",", "").replace("$", "")), "Give an amount such as 25.00.");
    }

    Long number(String field, String missing) {
        return parsed(field, missing, Long::parseLong, "Give a number.");
    }

    /**
     * The field's value read by the parser; when it is empty, the problem {@code missing} (if any) is noted, and when
     * the parser refuses it (it throws a date, number or enum error), {@code unreadable} is; both give null.
     */
    private <T> T parsed(String field, String missing, Function<String, T> parser, String unreadable) {
        String v = text(field);
        if (v == null) {
            if (missing != null) {
                reject(field, missing);
            }
            return null;
        }
        try {
            return parser.apply(v);
        } catch (DateTimeException | IllegalArgumentException e) {
            reject(field, unreadable);
            return null;
        }
    }
}
