package org.hearken.imports;

import java.util.List;
import java.util.Locale;

/**
 * The Hearken fields a column of the file can be mapped to, with the names a column is recognised by when the page
 * guesses the mapping (compared without letter case, spaces, hyphens, underscores and dots).
 */
enum Field {
    SOURCE_REFERENCE(
            "Reference in the old system",
            "sourceReference",
            true,
            "reference",
            "ref",
            "case reference",
            "case number",
            "case no",
            "case id",
            "id",
            "complaint number",
            "complaint id",
            "old reference",
            "number"),
    KIND("Kind", "kind", true, "type", "feedback type", "case type", "category of feedback"),
    CHANNEL("Channel", "channel", true, "received via", "source channel", "how received", "method", "contact method"),
    RECEIVED_AT(
            "Received at",
            "receivedAt",
            true,
            "received",
            "date received",
            "received date",
            "opened",
            "opened at",
            "date opened",
            "logged",
            "created",
            "created at",
            "date"),
    DEPARTMENT("Department code", "department", true, "department", "dept", "dept code", "business unit", "team"),
    CATEGORY("Category", "category", false, "root cause", "cause"),
    SUBJECT("Subject", "subject", true, "title", "summary", "topic"),
    DESCRIPTION("Description", "description", true, "details", "detail", "complaint", "text", "body", "narrative"),
    CUSTOMER_NAME(
            "Customer name",
            "customer.name",
            true,
            "customer",
            "name",
            "complainant",
            "complainant name",
            "full name",
            "customer full name"),
    CUSTOMER_EMAIL("Customer e-mail", "customer.email", false, "email", "e-mail", "email address", "customer email"),
    CUSTOMER_PHONE(
            "Customer phone",
            "customer.phone",
            false,
            "phone",
            "telephone",
            "phone number",
            "mobile",
            "customer phone"),
    CUSTOMER_ADDRESS(
            "Customer address",
            "customer.postalAddress",
            false,
            "address",
            "postal address",
            "customer address",
            "street address"),
    STATUS("Status", "status", true, "state", "case status"),
    ACKNOWLEDGED_AT(
            "Acknowledged at",
            "acknowledgedAt",
            false,
            "acknowledged",
            "date acknowledged",
            "acknowledgement date",
            "acknowledged date"),
    RESPONDED_AT(
            "Responded at",
            "respondedAt",
            false,
            "responded",
            "date responded",
            "response date",
            "responded date",
            "answered",
            "date answered"),
    CLOSED_AT("Closed at", "closedAt", false, "closed", "date closed", "closed date", "closure date", "resolved date"),
    OUTCOME("Outcome", "outcome", false, "result", "finding", "decision", "resolution outcome"),
    OWNER("Owner username", "owner", false, "owner", "assigned to", "handler", "case owner", "officer", "username");

    final String label;
    /** The name the cases module gives the field in its problems. */
    final String problemField;

    final boolean required;
    private final List<String> names;

    Field(String label, String problemField, boolean required, String... names) {
        this.label = label;
        this.problemField = problemField;
        this.required = required;
        this.names = List.of(names);
    }

    /** How sure a header name is this field: 2 for its own label or name, 1 for a listed alias, 0 for none. */
    int match(String header) {
        String h = squash(header);
        if (h.equals(squash(label)) || h.equals(squash(name())) || h.equals(squash(problemField))) {
            return 2;
        }
        return names.stream().anyMatch(n -> squash(n).equals(h)) ? 1 : 0;
    }

    private static final java.util.regex.Pattern SEPARATORS = java.util.regex.Pattern.compile("[\\s_.\\-]+");

    static String squash(String s) {
        return SEPARATORS.matcher(s.toLowerCase(Locale.ROOT)).replaceAll("");
    }

    /** The field the cases module names {@code problemField}, if any. */
    static Field byProblemField(String problemField) {
        for (Field f : values()) {
            if (f.problemField.equals(problemField)) {
                return f;
            }
        }
        return null;
    }
}
