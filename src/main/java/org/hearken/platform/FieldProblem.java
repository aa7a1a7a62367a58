package org.hearken.platform;

/** One thing wrong with a request, named by the field it concerns (a JSON path such as {@code customer.email}). */
public record FieldProblem(String field, String message) {}
